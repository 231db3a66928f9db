"""The demo population with its training calendars and three weeks of timetable (7 to 25
September 2026): the demo of `ndrc demo`, shortened so each test stays quick."""

from datetime import date

import pytest

SHORT_TIMETABLE_LAST_WEEK = date(2026, 9, 21)


@pytest.fixture
def timetabled(demo, built_once):
    from ndrc.timetable.demo import create_timetable_demo

    built_once(lambda: create_timetable_demo(demo, last_week=SHORT_TIMETABLE_LAST_WEEK))
    return demo
