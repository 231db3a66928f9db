"""The demo population with its training calendars and three weeks of timetable (7 to 25
September 2026): the demo of `ndrc demo`, shortened so each test stays quick."""

from datetime import date

import pytest

SHORT_TIMETABLE_LAST_WEEK = date(2026, 9, 21)


@pytest.fixture
def timetabled(demo):
    from ndrc.timetable.demo import create_timetable_demo

    create_timetable_demo(demo, last_week=SHORT_TIMETABLE_LAST_WEEK)
    return demo


@pytest.fixture
def attended(demo):
    """The demo's four weeks of signed attendance (7 September to 2 October 2026)."""
    from ndrc.attendance.demo import create_attendance_demo

    create_attendance_demo(demo, last_week=date(2026, 9, 28))
    return demo
