"""A training manager plans the timetable: conflicts are refused with their reason, a week is
copied, changes are announced to those concerned, nothing is deleted."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ndrc.timetable import services
from ndrc.timetable.models import Notice, Room, Session, SessionStatus
from ndrc.timetable.selectors import (
    CalendarContext,
    cohort_week,
    expected_learners,
    learner_calendar,
    sessions_for_learner,
)

MONDAY = date(2026, 9, 14)


def _plan(demo, **overrides):
    values = {
        "cohort": demo.second_year,
        "date": MONDAY + timedelta(days=2),  # Wednesday: the students' day
        "half_day": "pm",
        "module": "rcnv",
        "teacher": demo.users["enseignante"],
        "rhythm": demo.second_year.training_calendar.rhythms.get(name="Étudiants"),
        "by": demo.users["responsable"],
    }
    return services.plan_session(**(values | overrides))


def _reasons(demo, **overrides):
    with pytest.raises(ValidationError) as error:
        _plan(demo, **overrides)
    return " ".join(error.value.messages)


def test_a_free_half_day_is_planned_with_the_centre_hours(timetabled):
    session = _plan(timetabled)
    assert session.hours == session.cohort.training_calendar.hours("pm") == 3.75


def test_a_teacher_booked_twice_is_refused_naming_the_other_session(timetabled):
    # Monday morning: Paul Girard teaches RCNV to the second year.
    reasons = _reasons(
        timetabled,
        cohort=timetabled.first_year,
        date=MONDAY,
        half_day="am",
        teacher=timetabled.users["enseignant"],
        rhythm=None,
    )
    assert "Paul Girard a déjà une séance le 14/09/2026 (matin)" in reasons
    assert "BTS NDRC 2e année" in reasons


def test_a_room_booked_twice_is_refused(timetabled):
    room = Room.objects.get(name="Salle 101")
    reasons = _reasons(timetabled, date=MONDAY, half_day="am", room=room, rhythm=None,
                       cohort=timetabled.first_year)  # fmt: skip
    assert "La salle Salle 101 est déjà occupée le 14/09/2026 (matin)" in reasons


def test_a_session_for_everyone_on_a_company_day_is_refused(timetabled):
    reasons = _reasons(timetabled, rhythm=None)  # Wednesday: apprentices are in their company
    assert "Pas en centre pour le groupe « Apprentis et formation continue »" in reasons
    assert "jour en entreprise" in reasons


def test_a_public_holiday_and_the_school_holidays_are_refused(timetabled):
    assert "Jour férié le 11/11/2026 (matin) : Armistice 1918" in _reasons(
        timetabled, date=date(2026, 11, 11), half_day="am"
    )
    # The lycée closes in the school holidays: Toussaint 2026, zone A.
    assert "Vacances de la Toussaint (zone A) : centre fermé" in _reasons(
        timetabled, date=date(2026, 10, 21)
    )


def test_outside_the_cycle_is_refused(timetabled):
    assert "En dehors du cycle de formation (du 01/09/2025 au 30/06/2027)" in _reasons(
        timetabled, date=date(2027, 7, 7)
    )


def test_the_reasons_read_in_english_for_an_english_reader(timetabled):
    with translation.override("en"):
        reasons = _reasons(timetabled, rhythm=None)  # Wednesday: apprentices in their company
        holiday = _reasons(timetabled, date=date(2026, 11, 11), half_day="am")
    assert "Not at the centre for the group “Apprentis et formation continue” on " in reasons
    assert "Pas en centre" not in reasons and "jour en entreprise" not in reasons
    assert "Public holiday on 11/11/2026 (morning): Armistice Day 1918." in holiday


def test_copying_a_week_leaves_out_the_half_days_that_conflict(timetabled):
    manager = timetabled.users["responsable"]
    # Week of 9 November 2026: Wednesday 11 is Armistice day.
    report = services.copy_week(
        cohort=timetabled.second_year, source=MONDAY, target=date(2026, 11, 9), by=manager
    )
    assert len(report.created) == 7
    [(refused, reasons)] = report.refused
    assert refused.date == MONDAY + timedelta(days=2)
    assert "Armistice 1918" in reasons[0]
    week = cohort_week(timetabled.second_year, date(2026, 11, 9))
    assert week.days[2].note == "Armistice 1918"


def test_a_change_is_announced_to_the_teacher_and_the_learners(timetabled, mailoutbox):
    session = Session.objects.get(cohort=timetabled.second_year, date=MONDAY, half_day="am")
    bernard = timetabled.learners["bernard"]
    services.change_session(
        session=session,
        changes={"room": Room.objects.get(name="Salle informatique")},
        by=timetabled.users["responsable"],
    )  # fmt: skip
    notice = Notice.objects.get(user=bernard.user)
    assert "Séance modifiée : RCNV du 14/09/2026 matin" in notice.text
    assert "salle Salle informatique" in notice.text
    assert Notice.objects.filter(user=timetabled.users["enseignant"]).exists()
    assert any(bernard.user.email in m.to for m in mailoutbox)


def test_a_cancelled_session_stays_and_leaves_the_learners_plan(timetabled):
    session = Session.objects.get(cohort=timetabled.second_year, date=MONDAY, half_day="am")
    bernard = timetabled.learners["bernard"]
    services.cancel_session(
        session=session, reason="Formateur en jury", by=timetabled.users["responsable"]
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session not in sessions_for_learner(bernard, start=MONDAY, end=MONDAY)
    assert "Formateur en jury" in Notice.objects.get(user=bernard.user).text


def test_a_teacher_cannot_plan(timetabled):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _plan(timetabled, by=timetabled.users["enseignant"])


def test_the_students_wednesday_is_not_the_apprentices(timetabled):
    wednesday = Session.objects.get(
        cohort=timetabled.second_year, date=MONDAY + timedelta(days=2), half_day="am"
    )
    expected = {learner.pk for learner in expected_learners(wednesday)}
    assert timetabled.learners["durand"].pk in expected  # a student
    assert timetabled.learners["bernard"].pk not in expected  # an apprentice, in his company


def test_a_learner_sees_each_day_s_place_and_the_volume_warning(timetabled):
    plan = learner_calendar(timetabled.learners["bernard"], on=MONDAY)
    places = {day.date: day.place for day in plan.days}
    assert places[MONDAY] == "centre"
    assert places[MONDAY + timedelta(days=2)] == "company"
    assert places[date(2026, 11, 11)] == "holiday"
    assert places[date(2026, 12, 28)] == "holiday"  # Christmas holidays: the lycée is closed
    # Three weeks planned cannot make the 1,350 hours promised: the warning says how many lack.
    assert plan.group.volume.short
    assert "h promises : il manque" in plan.group.volume.warnings[0]
    context = CalendarContext.of(timetabled.second_year)
    assert len(context.rhythms) == 2


def test_a_learner_s_sessions_are_their_group_s_and_cost_the_same_queries_for_a_day_or_a_term(
    timetabled,
):
    """The cross-app selector the logbook and the master's page read (FEATURES.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bernard = timetabled.learners["bernard"]  # an apprentice: Monday and Tuesday in the centre
    week = sessions_for_learner(bernard, start=MONDAY, end=MONDAY + timedelta(days=6))
    assert [(s.date.weekday(), s.half_day) for s in week] == [
        (0, "am"), (0, "pm"), (1, "am"), (1, "pm"),
    ]  # fmt: skip
    assert all(s.teacher and s.room and s.module for s in week)  # what the pages show
    with CaptureQueriesContext(connection) as one_day:
        sessions_for_learner(bernard, start=MONDAY, end=MONDAY)
    with CaptureQueriesContext(connection) as whole_term:
        term = sessions_for_learner(bernard, start=date(2026, 9, 1), end=date(2026, 12, 31))
        [(s.teacher.last_name, s.room.name) for s in term]
    assert len(term) > len(week) and len(whole_term) == len(one_day)


def _copied_into_a_busy_week(demo):
    """The second year's week of 14 September copied into the week of 5 October, where the
    teacher of its Monday morning, the room of its Tuesday morning and its own students'
    Thursday morning are already taken."""
    manager, target = demo.users["responsable"], date(2026, 10, 5)
    paul, claire = demo.users["enseignant"], demo.users["enseignante"]
    students = demo.second_year.training_calendar.rhythms.get(name="Étudiants")
    taken = [
        (demo.first_year, 0, "am", "cge", paul, "Salle 102", None),  # Paul Girard
        (demo.first_year, 1, "am", "rcar", paul, "Salle 101", None),  # Salle 101
        (demo.second_year, 3, "am", "rcnv", paul, "Salle 102", students),  # the students
    ]
    for cohort, weekday, half, module, teacher, room, rhythm in taken:
        services.plan_session(
            cohort=cohort, date=target + timedelta(days=weekday), half_day=half, module=module,
            teacher=teacher, room=Room.objects.get(name=room), rhythm=rhythm, by=manager,
        )  # fmt: skip
    assert claire.get_full_name() != paul.get_full_name()
    return services.copy_week(cohort=demo.second_year, source=MONDAY, target=target, by=manager)


def test_a_week_copied_leaves_out_each_session_whose_teacher_room_or_group_is_taken(timetabled):
    report = _copied_into_a_busy_week(timetabled)
    first_year = timetabled.first_year.name
    assert [(s.date, s.half_day, reasons) for s, reasons in report.refused] == [
        (MONDAY, "am", [
            f"Paul Girard a déjà une séance le 05/10/2026 (matin) ({first_year}, cge)."
        ]),
        (MONDAY + timedelta(days=1), "am", [
            f"La salle Salle 101 est déjà occupée le 06/10/2026 (matin) ({first_year})."
        ]),
        (MONDAY + timedelta(days=3), "am", [
            "La promotion a déjà une séance le 08/10/2026 (matin) (rcnv)."
        ]),
    ]  # fmt: skip
    assert len(report.created) == 5
    week = cohort_week(timetabled.second_year, date(2026, 10, 5))
    assert sorted((s.date.weekday(), s.half_day, s.module) for s in report.created) == sorted(
        (day.date.weekday(), half, s.module)
        for day in week.days
        for half, sessions in (("am", day.am), ("pm", day.pm))
        for s in sessions
        if s.module != "rcnv" and s.cohort_id == timetabled.second_year.pk
    )


def test_copying_a_week_reads_the_sessions_twice_whatever_its_number_of_sessions(timetabled):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = timetabled.users["responsable"]

    def reads_of_sessions(source, target):
        with CaptureQueriesContext(connection) as queries:
            report = services.copy_week(
                cohort=timetabled.second_year, source=source, target=target, by=manager
            )
        reads = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith("SELECT") and 'FROM "timetable_session"' in q["sql"]
        ]
        return len(report.created), len(reads)

    assert reads_of_sessions(MONDAY, date(2026, 9, 28)) == (8, 2)  # the source, the target
    _copied_into_a_busy_week(timetabled)  # the week of 5/10: 5 of those 8 sessions, and 1 more
    assert reads_of_sessions(date(2026, 10, 5), date(2026, 10, 12)) == (6, 2)
