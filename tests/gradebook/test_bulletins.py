"""A bulletin's averages, computed by hand: weights, an absent mark left out, an exempt learner,
a mark on another scale; the class's minimum, maximum and average; the general average weighed
by the gradebooks' coefficients."""

from datetime import date
from decimal import Decimal

from ndrc.gradebook import services
from ndrc.gradebook.selectors import cohort_reports
from tests.gradebook.conftest import assessment, marks


def test_a_bulletin_shows_the_averages_computed_by_hand(klass):
    arnaud, blanc, colin = klass.learners
    test = assessment(klass, "Devoir surveillé", weight="2")
    oral = assessment(klass, "Oral", day=date(2026, 11, 5))
    case = assessment(klass, "Étude de cas sur 40", day=date(2026, 12, 3), scale="40")
    marks(klass, test, "14", "abs", "disp")
    marks(klass, oral, "8", "12", "disp")
    marks(klass, case, "30", "20", "disp")

    reports = cohort_reports(klass.cohort, klass.semester)
    line = reports.lines[0]
    # Arnaud: 2×14 + 1×8 + 1×(30/40×20 = 15) = 51 over 2 + 1 + 1 = 4 → 12.75
    assert line.averages[arnaud.pk].shown == Decimal("12.75")
    # Blanc, absent from the test (neither zero nor weight): 1×12 + 1×(20/40×20 = 10) = 22 / 2 = 11
    assert line.averages[blanc.pk].shown == Decimal("11.00")
    assert line.averages[blanc.pk].left_out == 1
    # Colin, exempt from every assessment: no average (and not counted by the class figures).
    assert line.averages[colin.pk].shown is None
    # Class: min 11, max 12.75, mean (12.75 + 11) / 2 = 11.875 → 11.88 (half up).
    assert (line.statistics.minimum, line.statistics.maximum, line.statistics.mean) == (
        Decimal("11.00"),
        Decimal("12.75"),
        Decimal("11.88"),
    )
    assert line.statistics.count == 2


def test_the_general_average_weighs_each_gradebook_by_its_coefficient(klass):
    arnaud = klass.learners[0]
    cge = services.open_gradebook(
        cohort=klass.cohort, module="cge", teacher=klass.teacher, by=klass.manager
    )
    assert cge.coefficient == 3  # U1's coefficient (annexe II c)
    assert klass.gradebook.coefficient == 5  # U4's
    rcnv = assessment(klass, "Négociation")
    marks(klass, rcnv, "12", "", "")
    writing = services.create_assessment(
        gradebook=cge,
        title="Synthèse",
        date=date(2026, 10, 8),
        kind="written",
        by=klass.manager,
    )
    services.enter_mark(assessment=writing, learner=arnaud, raw="10", by=klass.manager)

    general = cohort_reports(klass.cohort, klass.semester).general[arnaud.pk]
    # (5×12 + 3×10) / (5 + 3) = 90 / 8 = 11.25
    assert general.shown == Decimal("11.25")


def test_marks_outside_the_period_stay_out_of_its_bulletin(klass):
    arnaud = klass.learners[0]
    in_semester = assessment(klass, "Octobre", day=date(2026, 10, 1))
    next_semester = assessment(klass, "Février", day=date(2027, 2, 10))
    services.enter_mark(assessment=in_semester, learner=arnaud, raw="9", by=klass.teacher)
    services.enter_mark(assessment=next_semester, learner=arnaud, raw="19", by=klass.teacher)
    line = cohort_reports(klass.cohort, klass.semester).lines[0]
    assert line.averages[arnaud.pk].shown == Decimal("9.00")


def test_the_bulletin_page_shows_the_teachers_and_the_referents_appreciations(klass, client):
    arnaud = klass.learners[0]
    test = assessment(klass, "Devoir")
    marks(klass, test, "13,5", "11", "9")
    services.write_appreciation(
        gradebook=klass.gradebook,
        learner=arnaud,
        period=klass.semester,
        text="Bonne maîtrise de la découverte des besoins.",
        by=klass.teacher,
    )
    services.set_referent(cohort=klass.cohort, teacher=klass.teacher, by=klass.manager)
    services.write_report(
        learner=arnaud,
        period=klass.semester,
        changes={"general_appreciation": "Semestre sérieux.", "decision": "encouragements"},
        by=klass.teacher,
    )
    client.force_login(klass.manager)
    page = client.get(f"/notes/apprenants/{arnaud.pk}/bulletins/{klass.semester.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "13,50" in text and "Bonne maîtrise de la découverte des besoins." in text
    assert "Semestre sérieux." in text and "Encouragements" in text
    # Class figures: min 9, max 13.5, mean (13.5 + 11 + 9)/3 = 11.1666… → 11.17
    assert "9,00" in text and "11,17" in text
