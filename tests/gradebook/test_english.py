"""The teaching year's pages read in English by a user who chose it (the app's own catalogue)."""

from tests.dashboard.test_english import english, leftover_french, visible_text


def test_the_teaching_year_in_english(year, client):
    from ndrc.gradebook.models import Gradebook, Period

    english(client).force_login(year.users["responsable"])
    cohort, bernard = year.second_year, year.learners["bernard"]
    semester = Period.objects.get(name="Semestre 2 2025-2026")
    gradebook = Gradebook.objects.get(cohort=cohort, module="rcnv")
    pages = {
        f"/notes/carnets/{gradebook.pk}/?periode=tout": (
            "New assessment",
            "Class average (out of 20)",
        ),
        f"/notes/promotions/{cohort.pk}/bulletins/{semester.pk}/": (
            "Withdraw the publication",
            "Overall average",
        ),
        f"/notes/apprenants/{bernard.pk}/bulletins/{semester.pk}/": ("General comment",),
        f"/notes/promotions/{cohort.pk}/conseil/{semester.pk}/": ("Council's decision",),
        f"/notes/apprenants/{bernard.pk}/livret/": ("Training record", "Very favourable"),
        f"/notes/apprenants/{bernard.pk}/competences/": ("Progress on the competences",),
        "/notes/periodes/": ("Periods and settings",),
        "/": ("Reports and class councils",),
    }
    for url, texts in pages.items():
        page = visible_text(client.get(url))
        # The establishment's data stays as typed (names, periods, appreciations, module titles
        # from the arrêté); the interface is English.
        for text in texts:
            assert text in page, (url, text)
        page = page.replace(cohort.name, " ").replace(year.first_year.name, " ")
        assert leftover_french(page) == [], url
