"""The demo population shows a cohort with a semester of marks, appreciations and published
bulletins, and each role finds its part of the teaching year on the dashboard."""

from decimal import Decimal

from ndrc.gradebook.demo import create_gradebook_demo
from ndrc.gradebook.models import Appreciation, Gradebook, Mark, Period, PeriodReport
from ndrc.gradebook.selectors import cohort_reports


def test_the_demo_has_a_semester_of_marks_appreciations_and_published_bulletins(year):
    cohort = year.second_year
    semester = Period.objects.get(name="Semestre 2 2025-2026")
    assert Gradebook.objects.filter(cohort=cohort).count() == 5
    reports = cohort_reports(cohort, semester)
    assert reports.published and reports.council.date is not None
    assert all(len(line.averages) == 15 for line in reports.lines)
    assert Appreciation.objects.filter(period=semester).count() == 5 * 15
    assert (
        PeriodReport.objects.filter(period=semester).exclude(general_appreciation="").count() == 15
    )
    # Camille David is exempt from CGE, Gabriel Garcia absent from one assessment.
    cge = next(line for line in reports.lines if line.gradebook.module == "cge")
    assert cge.averages[year.learners["david"].pk].shown is None
    assert Mark.objects.filter(learner=year.learners["garcia"], status="absent").count() == 1
    # Bernard's general average of the semester, as the demo's marks give it.
    assert reports.general[year.learners["bernard"].pk].shown == Decimal("14.76")


def test_running_the_demo_twice_changes_nothing(year):
    before = Mark.objects.count()
    create_gradebook_demo(year)
    assert Mark.objects.count() == before


def test_each_role_finds_the_teaching_year_on_the_dashboard(year, client):
    expected = {
        "enseignant": ("Mes carnets de notes", "Notes à saisir (1 évaluation)"),
        "apprenant": ("Mes notes et bulletins", "Semestre 2 2025-2026"),
        "responsable": ("Bulletins et conseils de classe", "conseil de classe à préparer"),
        "maitre": ("Bulletins de mes apprenants", "Lucas Bernard"),
    }
    for login, texts in expected.items():
        client.force_login(year.users[login])
        page = client.get("/").content.decode()
        for text in texts:
            assert text in page, (login, text)
