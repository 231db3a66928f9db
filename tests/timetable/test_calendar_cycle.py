"""A cohort's cycle moved past sessions already planned: refused, with the sessions to cancel or
move first, as they would otherwise stay planned outside the cycle and be counted in no one's
hours (the master's dashboard counted them once)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from ndrc.timetable import services
from ndrc.timetable.models import Session, SessionStatus, TrainingCalendar


def _planned(cohort):
    return Session.objects.filter(cohort=cohort, status=SessionStatus.SCHEDULED)


def test_a_start_moved_past_the_first_session_is_refused_and_nothing_changes(timetabled):
    cohort = timetabled.second_year
    calendar = TrainingCalendar.objects.get(cohort=cohort)
    first = _planned(cohort).earliest("date").date
    on_first_day = _planned(cohort).filter(date=first).count()
    with pytest.raises(ValidationError) as refused:
        services.save_calendar(
            cohort=cohort,
            values={"start": first + timedelta(days=1)},
            by=timetabled.users["responsable"],
        )
    message = refused.value.message_dict["start"][0]
    assert f"le {first:%d/%m/%Y}" in message and message.startswith(str(on_first_day))
    assert TrainingCalendar.objects.get(pk=calendar.pk).start == calendar.start


def test_an_end_moved_before_the_last_session_is_refused(timetabled):
    cohort = timetabled.second_year
    last = _planned(cohort).latest("date").date
    with pytest.raises(ValidationError) as refused:
        services.save_calendar(
            cohort=cohort, values={"end": last - timedelta(days=1)}, by=timetabled.users["admin"]
        )
    assert f"le {last:%d/%m/%Y}" in refused.value.message_dict["end"][0]


def test_once_the_sessions_are_cancelled_the_start_moves(timetabled):
    cohort = timetabled.second_year
    first = _planned(cohort).earliest("date").date
    manager = timetabled.users["responsable"]
    for session in _planned(cohort).filter(date=first):
        services.cancel_session(session=session, reason="Cycle décalé", by=manager)
    services.save_calendar(cohort=cohort, values={"start": first + timedelta(days=1)}, by=manager)
    assert TrainingCalendar.objects.get(cohort=cohort).start == first + timedelta(days=1)
