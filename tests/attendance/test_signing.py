"""The half-day sheet: the teacher opens it, learners sign with the code shown, the teacher marks
and signs, the sheet locks; after that only the training manager corrects, with a reason."""

import datetime
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.attendance import codes, services
from ndrc.attendance.models import AttendanceRecord, Correction, Status
from ndrc.attendance.selectors import learner_totals
from ndrc.core.models import AuditEntry
from ndrc.timetable.models import Session

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 9, 14)
AT = datetime.datetime(2026, 9, 14, 8, 20, tzinfo=PARIS)


@pytest.fixture
def sheet(timetabled):
    session = Session.objects.get(cohort=timetabled.second_year, date=MONDAY, half_day="am")
    return services.open_sheet(session=session, by=session.teacher, at=AT)


def _sign(user, sheet, at=AT, **extra):
    return services.sign_in(
        user=user,
        code=codes.code_at(sheet.secret, at),
        at=at,
        address="203.0.113.5",
        agent="Firefox mobile",
        **extra,
    )


def test_the_sheet_lists_the_learners_expected_that_half_day(timetabled, sheet):
    learners = {r.learner_id for r in sheet.records.all()}
    cohort = {p.pk for p in timetabled.second_year.learners.all()}
    assert learners == cohort  # Monday morning: the whole cohort is in the centre


def test_a_learner_signs_with_the_code_shown_and_it_is_audited(timetabled, sheet):
    bernard = timetabled.learners["bernard"]
    record = _sign(bernard.user, sheet)
    assert record.status == Status.PRESENT
    assert record.learner_signed_at == AT and record.signed_from == "203.0.113.5"
    entry = AuditEntry.objects.filter(object_id=str(record.pk)).last()
    assert entry.actor == bernard.user and "learner_signed_at" in entry.after


def test_a_code_from_a_minute_ago_is_refused(timetabled, sheet):
    bernard = timetabled.learners["bernard"].user
    old = codes.code_at(sheet.secret, AT - timedelta(seconds=60))
    with pytest.raises(ValidationError, match="Code expiré ou erroné"):
        services.sign_in(user=bernard, code=old, at=AT)
    # The code of the step before still works (at most 30 seconds): the learner typing slowly.
    previous = codes.code_at(sheet.secret, AT - timedelta(seconds=codes.STEP_SECONDS))
    assert services.sign_in(user=bernard, code=previous, at=AT).learner_signed_at == AT


def test_signing_for_someone_else_is_refused(timetabled, sheet):
    with pytest.raises(PermissionDenied, match="Chacun signe pour soi-même"):
        _sign(
            timetabled.learners["bernard"].user,
            sheet,
            for_learner_id=timetabled.learners["petit"].pk,
        )


def test_a_learner_of_another_cohort_is_not_on_the_sheet(timetabled, sheet, django_user_model):
    from ndrc.attendance.demo import _learner_logins

    _learner_logins(timetabled)
    morel = timetabled.learners["morel"]
    morel.refresh_from_db()
    with pytest.raises(ValidationError, match="Vous n'êtes pas inscrit sur cette feuille"):
        _sign(morel.user, sheet, sheet_id=sheet.pk)


def test_the_teacher_signs_and_the_sheet_locks_with_the_missing_absent(
    timetabled, sheet, mailoutbox
):
    teacher = sheet.session.teacher
    bernard = timetabled.learners["bernard"]
    _sign(bernard.user, sheet)
    durand = sheet.records.get(learner=timetabled.learners["durand"])
    services.mark(record=durand, status=Status.PRESENT, reason="Sans téléphone", by=teacher, at=AT)
    with pytest.raises(ValidationError):
        services.mark(
            record=sheet.records.get(learner=timetabled.learners["leroy"]),
            status=Status.PRESENT,
            reason="",
            by=teacher,
            at=AT,
        )
    services.sign_sheet(sheet=sheet, by=teacher, at=AT + timedelta(hours=3))
    statuses = dict(sheet.records.values_list("learner__last_name", "status"))
    assert statuses["Bernard"] == statuses["Durand"] == Status.PRESENT
    assert statuses["Petit"] == Status.ABSENT_UNJUSTIFIED  # neither signed nor marked
    # Emma Petit's master (Sophie Laurent) is told of the absence.
    assert any(
        "Emma Petit" in m.subject and m.to == ["laurent@rhone.example.fr"] for m in mailoutbox
    )
    with pytest.raises(ValidationError, match="verrouillée"):
        services.mark(record=durand, status=Status.LATE, by=teacher, at=AT)
    with pytest.raises(ValidationError, match="Aucune feuille"):  # a locked sheet takes no more
        _sign(bernard.user, sheet, at=AT + timedelta(hours=3, seconds=5))
    hours = learner_totals(bernard, start=MONDAY, end=MONDAY)
    assert hours.attended == Decimal("3.75")


def test_after_locking_only_the_manager_corrects_with_a_reason_and_nothing_is_lost(
    timetabled, sheet
):
    teacher = sheet.session.teacher
    services.sign_sheet(sheet=sheet, by=teacher, at=AT + timedelta(hours=3))
    record = sheet.records.get(learner=timetabled.learners["petit"])
    with pytest.raises(PermissionDenied):
        services.correct(record=record, status=Status.LATE, reason="Bus", by=teacher, at=AT)
    manager = timetabled.users["responsable"]
    with pytest.raises(ValidationError):
        services.correct(record=record, status=Status.LATE, reason="  ", by=manager, at=AT)
    services.correct(
        record=record,
        status=Status.LATE,
        reason="Retard du bus, mot des TCL",
        by=manager,
        at=AT + timedelta(days=1),
    )
    record.refresh_from_db()
    assert record.status == Status.LATE
    correction = Correction.objects.get(record=record)
    assert (correction.status_before, correction.status_after) == (
        Status.ABSENT_UNJUSTIFIED,
        Status.LATE,
    )
    assert AttendanceRecord.objects.filter(sheet=sheet).count() == sheet.records.count()


def test_a_justification_turns_the_absences_of_its_period_justified(timetabled, sheet):
    teacher = sheet.session.teacher
    services.sign_sheet(sheet=sheet, by=teacher, at=AT + timedelta(hours=3))
    petit = timetabled.learners["petit"]
    services.justify_absence(
        learner=petit,
        start=MONDAY,
        end=MONDAY,
        reason="Certificat médical",
        by=timetabled.users["responsable"],
        at=AT + timedelta(days=2),
    )
    record = sheet.records.get(learner=petit)
    assert record.status == Status.ABSENT_JUSTIFIED
    assert record.justification.reason == "Certificat médical"
    hours = learner_totals(petit, start=MONDAY, end=MONDAY)
    assert hours.absent_justified == Decimal("3.75") and hours.absent_unjustified == 0


def test_a_sheet_does_not_open_before_its_day_nor_for_another_teacher(timetabled):
    session = Session.objects.get(cohort=timetabled.second_year, date=MONDAY, half_day="pm")
    with pytest.raises(ValidationError, match="pas avant"):
        services.open_sheet(session=session, by=session.teacher, at=AT - timedelta(days=3))
    with pytest.raises(PermissionDenied):
        services.open_sheet(
            session=session,
            by=timetabled.users["enseignante"].__class__.objects.get(username="examens"),
            at=AT,
        )
