"""The demo population with its training calendars and three weeks of timetable (`timetabled`,
shared with the timetable's tests), and with four weeks of signed attendance (`attended`)."""

from datetime import date

import pytest

from tests.timetable.conftest import timetabled  # noqa: F401 (a fixture these tests use)


@pytest.fixture
def attended(demo, built_once):
    """The demo's four weeks of signed attendance (7 September to 2 October 2026)."""
    from ndrc.attendance.demo import create_attendance_demo

    built_once(lambda: create_attendance_demo(demo, last_week=date(2026, 9, 28)))
    return demo
