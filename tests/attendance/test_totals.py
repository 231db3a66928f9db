"""Running totals and the month grid: decided by the engine, with a number of queries that does
not grow with the number of learners."""

import datetime
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.attendance import services
from ndrc.attendance.models import Status
from ndrc.attendance.selectors import attendance_totals, month_grid
from ndrc.learners import services as learner_services
from ndrc.timetable.models import Session

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 9, 14)


def _take(session, *, absent=(), late=()):
    at = datetime.datetime.combine(session.date, datetime.time(9), tzinfo=PARIS)
    sheet = services.open_sheet(session=session, by=session.teacher, at=at)
    for record in sheet.records.select_related("learner"):
        status = Status.ABSENT_UNJUSTIFIED if record.learner_id in absent else Status.PRESENT
        if record.learner_id in late:
            status = Status.LATE
        if status != Status.ABSENT_UNJUSTIFIED:
            services.mark(record=record, status=status, reason="Feuille papier", by=session.teacher,
                          at=at)  # fmt: skip
    services.sign_sheet(sheet=sheet, by=session.teacher, at=at)
    return sheet


def test_totals_per_module_computed_by_hand(timetabled):
    petit = timetabled.learners["petit"]
    monday = Session.objects.filter(cohort=timetabled.second_year, date=MONDAY).order_by("half_day")
    _take(monday[0], absent={petit.pk})  # RCNV, morning: absent
    _take(monday[1], late={petit.pk})  # RCDD, afternoon: late, counts as attended
    totals = attendance_totals([petit], start=MONDAY, end=MONDAY + datetime.timedelta(days=6))[
        petit.pk
    ]
    # Emma Petit is an apprentice: Monday and Tuesday, 4 half-days of 3.75 h = 15 h planned;
    # attended 3.75 (late Monday pm), absent 3.75 (Monday am), Tuesday not taken yet.
    assert totals.planned == Decimal("15")
    assert totals.attended == Decimal("3.75")
    assert totals.absent_unjustified == Decimal("3.75")
    assert totals.unconfirmed == Decimal("7.5")
    by_module = {line.module: line for line in totals.by_module}
    assert by_module["rcnv"].absent_unjustified == Decimal("3.75")
    assert by_module["rcdd"].attended == Decimal("3.75")
    assert by_module["rcnv"].title == "Relation client et négociation-vente"


def test_a_student_is_planned_on_the_students_days_too(timetabled):
    durand = timetabled.learners["durand"]
    totals = attendance_totals([durand], start=MONDAY, end=MONDAY + datetime.timedelta(days=6))
    # Student: 4 half-days with everyone + 4 of the students (Wed am, Thu am/pm, Fri am) = 8.
    assert totals[durand.pk].planned == Decimal("30")


def test_totals_and_month_grid_queries_do_not_grow_with_learners(timetabled):
    session = Session.objects.filter(cohort=timetabled.second_year, date=MONDAY).first()
    _take(session)
    cohort = timetabled.second_year

    def count(function):
        with CaptureQueriesContext(connection) as queries:
            function()
        return len(queries)

    learners = list(cohort.learners.all())
    start, end = date(2026, 9, 1), date(2026, 9, 30)
    few = count(lambda: attendance_totals(learners[:2], start=start, end=end))
    grid_before = count(lambda: month_grid(cohort, start))
    for index in range(10):
        learner_services.create_learner(
            cohort=cohort, first_name="Nouvel", last_name=f"Apprenant{index}",
            birth_date=date(2006, 1, 1), category="apprenti_habilite", on=date(2026, 9, 1),
            by=timetabled.users["responsable"],
        )  # fmt: skip
    everyone = list(cohort.learners.all())
    assert len(everyone) == len(learners) + 10
    many = count(lambda: attendance_totals(everyone, start=start, end=end))
    assert many == few
    assert count(lambda: month_grid(cohort, start)) == grid_before


def test_the_month_grid_shows_each_learner_s_line(timetabled):
    session = Session.objects.filter(cohort=timetabled.second_year, date=MONDAY).first()
    _take(session, absent={timetabled.learners["robert"].pk})
    grid = month_grid(timetabled.second_year, date(2026, 9, 1))
    column = list(grid.sessions).index(session)
    cells = {row.learner.last_name: row.cells[column] for row in grid.rows}
    assert cells["Robert"] == "ANJ"
    assert cells["Bernard"] == "P *"  # present, marked by the teacher with a reason
