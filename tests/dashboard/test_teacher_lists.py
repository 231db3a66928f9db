"""A teacher's long lists: the dashboard counts them and shows their first lines, and links to
each whole list, a page at a time (the sheets to review, the situations to grade).

The demo seen on Monday 4 January 2027 (as tests/dashboard/test_dashboard.py): the teacher
« enseignant » reviews the E4 and E6 sheets of the 2nd-year cohort (Lucas Bernard's E4 sheet,
submitted on 1 June 2026, waits for him) and grades Nathan Durand's E4 situation A, held on
17 November 2026; « enseignante » teaches U3 and reviews none.
"""

import re
from datetime import date, timedelta

import pytest

from ndrc.assessments.demo import create_demo_assessments
from ndrc.contracts.demo import create_demo_alternance
from ndrc.portfolio.demo import create_portfolio_demo
from ndrc.portfolio.services import create_sheet, validate_sheet
from tests.dashboard.test_dashboard import e4_event_sheet, items, section
from tests.dashboard.test_extension_points import menu_of

ON = date(2027, 1, 4)


@pytest.fixture(autouse=True)
def on_the_day(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)


@pytest.fixture
def centre(demo, built_once):
    def build():
        create_demo_assessments(demo)
        create_portfolio_demo(demo)
        create_demo_alternance(demo)

    built_once(build)
    return demo


def _submitted_days(html: str) -> list[str]:
    """The day each sheet of the list page was submitted, in the page's order."""
    rows = re.findall(r"<tr data-sheet=.*?</tr>", html, flags=re.S)
    return [re.findall(r"\d\d/\d\d/\d{4}", row)[-1] for row in rows]


def _list_link(html: str, path: str) -> str:
    """The address of the link to the whole list at `path` the HTML shows."""
    return re.search(rf'<a href="({re.escape(path)})" data-list>', html).group(1)


def test_a_teacher_reaches_the_sheets_to_review_from_the_dashboard_a_page_at_a_time(centre, client):
    second_year = [lr for lr in centre.learners.values() if lr.cohort_id == centre.second_year.pk]
    # 54 more E4 sheets submitted, one a day from 9 October to 1 December 2026: 55 with Bernard's.
    for day in range(54):
        learner = second_year[day % len(second_year)]
        e4_event_sheet(learner, population=centre, submitted_on=date(2026, 12, 1) - timedelta(day))
    # Neither a draft nor a validated sheet is his to review.
    create_sheet(
        learner=second_year[0], by=centre.users["admin"], exam="E4", title="Brouillon", start=ON
    )
    validated = e4_event_sheet(second_year[1], population=centre, submitted_on=date(2026, 9, 1))
    validate_sheet(sheet=validated, on=ON, by=centre.users["enseignant"])

    client.force_login(centre.users["enseignant"])
    dashboard = section(client.get("/").text, 'data-role="teacher"')
    # Counts first, then the five sheets waiting the longest, then the link to all of them.
    assert "<strong>55</strong>fiches d'activité à relire" in dashboard
    assert "Fiches d'activité à relire (55)" in dashboard
    lines = items(dashboard, "data-sheet=")
    assert [line.split("soumise le ")[1][:10] for line in lines] == [
        "01/06/2026", "09/10/2026", "10/10/2026", "11/10/2026", "12/10/2026",
    ]  # fmt: skip
    assert lines[0].startswith("Lucas Bernard (E4) : « Dégustation des nouveautés")

    first = client.get(_list_link(dashboard, "/portfolio/fiches-a-relire/"))
    assert first.status_code == 200
    assert "<h1>Fiches d'activité à relire</h1>" in first.text
    assert "Fiches 1 à 50 sur 55" in first.text
    days = _submitted_days(first.text)
    assert len(days) == 50
    assert days[:2] == ["01/06/2026", "09/10/2026"]
    assert days[-1] == "26/11/2026"  # the 50th: 1 December less 5 days
    assert "Page 1 sur 2" in first.text

    next_page = re.search(r'<a href="(\?page=2)" rel="next">', first.text).group(1)
    second = client.get(f"/portfolio/fiches-a-relire/{next_page}")
    assert "Fiches 51 à 55 sur 55" in second.text
    assert _submitted_days(second.text) == [
        "27/11/2026", "28/11/2026", "29/11/2026", "30/11/2026", "01/12/2026",
    ]  # fmt: skip
    assert "Brouillon" not in first.text + second.text
    assert f'data-sheet="{validated.pk}"' not in first.text + second.text

    # The U3 teacher reviews none of them.
    client.force_login(centre.users["enseignante"])
    page = client.get("/portfolio/fiches-a-relire/").text
    assert "data-sheet=" not in page
    assert "Aucune fiche à relire." in page


def test_the_sheets_to_review_are_in_the_teachers_menu_only(centre, client):
    assert "Fiches à relire" in menu_of(client, centre.users["enseignant"])
    for other in ("responsable", "apprenant", "maitre"):
        assert "Fiches à relire" not in menu_of(client, centre.users[other])


def test_the_portfolio_shows_the_first_sheets_to_review_and_links_to_all(centre, client):
    second_year = [lr for lr in centre.learners.values() if lr.cohort_id == centre.second_year.pk]
    for day in range(6):
        e4_event_sheet(second_year[day], population=centre, submitted_on=date(2026, 12, 1 + day))
    client.force_login(centre.users["enseignant"])
    page = client.get("/portfolio/").text
    to_review = page[page.index("Fiches soumises à relire") : page.index("</section>")]
    assert to_review.count("<li>") == 5
    assert "Lucas Bernard — Dégustation des nouveautés de printemps en magasin" in to_review
    link = _list_link(to_review, "/portfolio/fiches-a-relire/")
    assert "Voir les 7 fiches à relire" in to_review
    assert len(_submitted_days(client.get(link).text)) == 7


def test_a_teacher_reaches_the_situations_to_grade_from_the_dashboard(centre, client):
    client.force_login(centre.users["enseignant"])
    dashboard = section(client.get("/").text, 'data-role="teacher"')
    page = client.get(_list_link(dashboard, "/evaluations/a-noter/"))
    assert page.status_code == 200
    rows = re.findall(r"<tr data-situation=.*?</tr>", page.text, flags=re.S)
    assert [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows] == [
        "E4 — Situation A Nathan Durand BTS NDRC 2e année 17/11/2026 Réalisée",
    ]
    client.force_login(centre.users["enseignante"])
    assert "Aucune situation à noter." in client.get("/evaluations/a-noter/").text
