"""iCalendar feeds at private, revocable addresses, parsed back with the icalendar library."""

from datetime import date

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from ndrc.timetable import services
from ndrc.timetable.models import Session


def _events(client, feed):
    response = client.get(reverse("timetable:feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_a_learner_feed_holds_their_sessions_only(timetabled, client):
    bernard = timetabled.learners["bernard"]
    feed = services.create_feed(owner=bernard.user, kind="learner", by=bernard.user)
    events = _events(client, feed)
    starts = {e.decoded("dtstart") for e in events}
    monday = next(e for e in events if e.decoded("dtstart").date() == date(2026, 9, 14)
                  and e.decoded("dtstart").hour == 8)  # fmt: skip
    assert str(monday["summary"]) == "RCNV — BTS NDRC 2e année"
    assert monday.decoded("dtstart").strftime("%H:%M") == "08:15"
    assert monday.decoded("dtend").strftime("%H:%M") == "12:00"
    assert str(monday["location"]) == "Salle 101"
    # Apprentice: Monday and Tuesday only, never the students' Wednesday.
    assert all(start.weekday() in (0, 1) for start in starts)
    assert len(events) == 12  # 3 weeks × 4 half-days


def test_a_cancelled_session_shows_cancelled_and_a_revoked_address_is_gone(timetabled, client):
    teacher = timetabled.users["enseignant"]
    feed = services.create_feed(owner=teacher, kind="teacher", by=teacher)
    session = Session.objects.filter(teacher=teacher).first()
    services.cancel_session(session=session, reason="Grève", by=timetabled.users["responsable"])
    events = {str(e["uid"]): e for e in _events(client, feed)}
    assert str(events[f"seance-{session.pk}@ndrc"]["status"]) == "CANCELLED"
    services.revoke_feed(feed=feed, by=teacher)
    assert client.get(reverse("timetable:feed", args=[feed.token])).status_code == 404


def test_a_cohort_feed_needs_a_cohort_the_owner_may_read(timetabled):
    import pytest
    from django.core.exceptions import ValidationError

    learner_user = timetabled.learners["bernard"].user
    with pytest.raises(ValidationError):
        services.create_feed(owner=learner_user, kind="cohort", cohort=timetabled.first_year,
                             by=learner_user)  # fmt: skip
    manager = timetabled.users["responsable"]
    feed = services.create_feed(
        owner=manager, kind="cohort", cohort=timetabled.first_year, by=manager
    )
    assert len(_events(Client(), feed)) == 3 * 8
