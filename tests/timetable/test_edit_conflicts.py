"""Two people change the same session (issue 10, hole 3): the training manager and an
administrator, each from the page they opened; as for a learner's record
(tests/core/test_edit_conflicts.py). A new room, from an older page, keeps the date as
planned: nobody retypes it."""

from django.urls import reverse

from ndrc.timetable import services
from ndrc.timetable.models import Session, SessionStatus, TrainingCalendar
from tests.core.test_edit_conflicts import (
    conflict_then_knowing_save,
    merged_beside,
    nothing_saved_without_version,
)


def _session_page(timetabled):
    session = Session.objects.filter(
        cohort=timetabled.second_year, status=SessionStatus.SCHEDULED, sheet__isnull=True
    ).earliest("date", "half_day")
    return session, reverse("timetable:session_edit", args=[session.pk])


def test_two_people_change_a_sessions_note(timetabled):
    session, url = _session_page(timetabled)
    read = lambda: Session.objects.get(pk=session.pk).note  # noqa: E731
    conflict_then_knowing_save(url, "note", "Apporter le cas Lenoir", "Salle info", read)(
        timetabled
    )


def test_a_new_room_from_an_older_page_keeps_the_other_persons_note_and_the_date(timetabled):
    session, url = _session_page(timetabled)
    room = services.create_room(
        training_centre=session.cohort.training_centre,
        name="Salle 12",
        by=timetabled.users["responsable"],
    )

    def read():
        fresh = Session.objects.get(pk=session.pk)
        assert fresh.date == session.date
        return fresh.note, str(fresh.room_id)

    merged_beside(url, "note", "Apporter le cas Lenoir", "room", str(room.pk), read)(timetabled)


def test_a_session_form_without_its_version_saves_nothing(timetabled):
    session, url = _session_page(timetabled)
    read = lambda: Session.objects.get(pk=session.pk).note  # noqa: E731
    nothing_saved_without_version(url, "note", "Apporter le cas Lenoir", read)(timetabled)


# A cohort's calendar: the cycle's settings, changed from the calendar page.


def _calendar_page(timetabled):
    calendar = TrainingCalendar.objects.get(cohort=timetabled.second_year)
    return calendar, reverse("timetable:cohort_calendar", args=[timetabled.second_year.pk])


def test_two_people_change_a_calendars_department(timetabled):
    calendar, url = _calendar_page(timetabled)
    read = lambda: TrainingCalendar.objects.get(pk=calendar.pk).department  # noqa: E731
    conflict_then_knowing_save(url, "department", "38", "42", read)(timetabled)


def test_a_calendars_zone_from_an_older_page_keeps_the_other_persons_department(timetabled):
    calendar, url = _calendar_page(timetabled)

    def read():
        fresh = TrainingCalendar.objects.get(pk=calendar.pk)
        return fresh.department, fresh.school_holiday_zone

    merged_beside(url, "department", "38", "school_holiday_zone", "B", read)(timetabled)


def test_a_calendar_form_without_its_version_saves_nothing(timetabled):
    calendar, url = _calendar_page(timetabled)
    read = lambda: TrainingCalendar.objects.get(pk=calendar.pk).department  # noqa: E731
    nothing_saved_without_version(url, "department", "38", read)(timetabled)
