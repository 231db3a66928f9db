"""The timetable as an iCalendar feed (RFC 5545, `icalendar` library): one event per half-day
session, with a stable UID so a calendar app follows moves and cancellations."""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ndrc.timetable.models import CalendarFeed, Session, TrainingCalendar

PARIS = ZoneInfo("Europe/Paris")


def ical(feed: CalendarFeed, sessions: Iterable[Session], *, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//ndrc//emploi du temps//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"ndrc — {feed.get_kind_display()}")
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendars: dict[int, TrainingCalendar | None] = {}
    for session in sessions:
        if session.cohort_id not in calendars:
            calendars[session.cohort_id] = TrainingCalendar.objects.filter(
                cohort_id=session.cohort_id
            ).first()
        times = (calendars[session.cohort_id] or TrainingCalendar()).times(session.half_day)
        event = Event()
        event.add("uid", f"seance-{session.pk}@ndrc")
        event.add("dtstamp", now)
        event.add("dtstart", datetime.combine(session.date, times[0], tzinfo=PARIS))
        event.add("dtend", datetime.combine(session.date, times[1], tzinfo=PARIS))
        summary = f"{session.module.upper()} — {session.cohort.name}"
        event.add("summary", summary)
        if session.room is not None:
            event.add("location", session.room.name)
        details = [f"Enseignant : {session.teacher.get_full_name()}",
                   f"Modalité : {session.get_mode_display()}"]  # fmt: skip
        if session.note:
            details.append(session.note)
        event.add("description", "\n".join(details))
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
