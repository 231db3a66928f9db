"""The school holiday data agrees with an independent source: the `holidays` library's school
calendar of France (zones A, B, C), on every weekday of every school year in the data."""

from datetime import date, timedelta

import holidays
import pytest

from ndrc.regulation.training_calendar import ZONES, school_holidays

YEARS = ("2024-2025", "2025-2026", "2026-2027")


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("school_year", YEARS)
def test_our_school_holidays_match_the_library_on_weekdays(zone, school_year):
    first = int(school_year[:4])
    start, end = date(first, 9, 1), date(first + 1, 8, 31)
    ours, missing = school_holidays(zone, start, end)
    assert missing == []
    library = holidays.country_holidays(
        "FR", subdiv=f"Zone {zone}", years=[first, first + 1], categories=("school",)
    )
    day = start
    while day <= end:
        if day.weekday() < 5:
            assert any(h.covers(day) for h in ours) == (day in library), (zone, day)
        day += timedelta(days=1)


def test_a_school_year_missing_from_the_data_is_reported_not_guessed():
    _found, missing = school_holidays("A", date(2030, 9, 1), date(2031, 6, 30))
    assert missing == ["2030-2031"]
