"""What `ndrc demo` shows of attendance: signed weeks with absences, a justification, a
correction; the master is told of an unjustified absence."""

from datetime import date
from decimal import Decimal

from ndrc.attendance.models import AttendanceRecord, AttendanceSheet, Correction, Status
from ndrc.attendance.selectors import learner_totals


def test_the_demo_has_four_weeks_of_signed_sheets_with_absences(attended, mailoutbox):
    sheets = AttendanceSheet.objects.filter(session__cohort=attended.second_year)
    assert sheets.exists()
    assert not sheets.filter(teacher_signed_at__isnull=True).exists()
    assert sheets.filter(session__date__gt=date(2026, 10, 2)).count() == 0
    petit = attended.learners["petit"]
    lines = AttendanceRecord.objects.filter(learner=petit, sheet__session__date=date(2026, 9, 14))
    assert set(lines.values_list("status", flat=True)) == {Status.ABSENT_JUSTIFIED}
    # The absence was unjustified when the sheet was signed: the justification is a correction.
    assert Correction.objects.filter(record__learner=petit).count() == 2
    robert = AttendanceRecord.objects.get(
        learner=attended.learners["robert"], sheet__session__date=date(2026, 9, 22),
        sheet__session__half_day="pm",
    )  # fmt: skip
    assert robert.status == Status.ABSENT_UNJUSTIFIED
    assert any("Hugo Robert" in m.subject and "perrin@" in m.to[0] for m in mailoutbox)


def test_bernard_signed_every_half_day_on_his_phone(attended):
    bernard = attended.learners["bernard"]
    records = AttendanceRecord.objects.filter(learner=bernard)
    assert records.count() == 16  # Monday and Tuesday, 4 half-days a week, 4 weeks
    assert not records.filter(learner_signed_at__isnull=True).exists()
    totals = learner_totals(bernard, start=date(2026, 9, 1), end=date(2026, 10, 2))
    # 16 half-days of 3 h 45 (8:15-12:00, 13:00-16:45), one of them late: all attended.
    assert totals.planned == totals.attended == Decimal("60")
