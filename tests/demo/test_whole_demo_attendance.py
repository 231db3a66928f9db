"""The whole demo of `ndrc demo` (every app's records, in RECORDS' order): every learner of a
cohort with a timetable has signed sheets for the demo's past sessions, the apprentice enrolled
by the admissions' demo (Yanis Morin) too."""

from datetime import date
from decimal import Decimal

from ndrc.attendance.demo import SIGNED_UNTIL
from ndrc.attendance.models import AttendanceRecord, AttendanceSheet
from ndrc.attendance.selectors import learner_totals
from ndrc.learners.models import Cohort, Learner
from ndrc.timetable.models import Session, SessionStatus
from ndrc.timetable.selectors import CalendarContext, expected_learners


def test_each_past_session_has_a_signed_sheet_with_a_line_for_each_expected_learner(whole_demo):
    cohorts = Cohort.objects.filter(training_calendar__isnull=False)
    assert cohorts.count() == 2
    for cohort in cohorts:
        context = CalendarContext.of(cohort)
        sessions = Session.objects.filter(
            cohort=cohort, status=SessionStatus.SCHEDULED, date__lte=SIGNED_UNTIL
        )
        assert sessions.count() > 20
        for session in sessions:
            sheet = AttendanceSheet.objects.get(session=session, teacher_signed_at__isnull=False)
            lines = set(sheet.records.values_list("learner_id", flat=True))
            assert lines == {learner.pk for learner in expected_learners(session, context)}
        for learner in cohort.learners.filter(erased_on__isnull=True):
            assert AttendanceRecord.objects.filter(learner=learner).exists(), learner


def test_yanis_morin_enrolled_by_the_admissions_signed_septembers_sheets(whole_demo):
    morin = Learner.objects.get(last_name="Morin", first_name="Yanis")
    assert morin.cohort == whole_demo.first_year
    records = AttendanceRecord.objects.filter(learner=morin)
    assert records.count() == 16  # Monday and Tuesday, 4 half-days a week, 4 weeks
    assert not records.filter(learner_signed_at__isnull=True).exists()  # on his own phone
    totals = learner_totals(morin, start=date(2026, 9, 1), end=SIGNED_UNTIL)
    assert totals.planned == totals.attended == Decimal("60")
