"""Training calendar and attendance: the YAML cases of cases/calendar/ and cases/attendance/,
computed by hand (Code du travail L3133-1, L3134-13; the national school calendar; the
attendance rule of docs/attendance.md). Inputs go through the engine commands' readers, as
`ndrc calendar` and `ndrc attendance` read them."""

from datetime import date
from decimal import Decimal

import pytest

from ndrc.cli import attendance as attendance_command
from ndrc.cli import training_calendar as calendar_command
from ndrc.regulation.records import Record
from ndrc.regulation.training_calendar import check_volume, public_holidays
from tests.regulation.cases import compute, load_cases

MOVING = ("Lundi de Pâques", "Ascension", "Lundi de Pentecôte")


def _moving(data):
    found = {
        h.name: h.date.isoformat() for h in public_holidays(data["department"], [data["year"]])
    }
    return {name: found[name] for name in MOVING}


def _count(data):
    found = {
        h.name: h.date.isoformat() for h in public_holidays(data["department"], [data["year"]])
    }
    return {
        "count": len(found),
        "good_friday": found.get("Vendredi saint", False),
        "st_stephen": found.get("Saint-Étienne (26 décembre)", False),
    }


def _calendar(data):
    result = calendar_command.compute(Record(data))
    places = {day["date"]: day["place"] for day in result["days"]}
    return result, places


def _volume(data):
    result = check_volume(
        planned={k: Decimal(v) for k, v in data["planned"].items()},
        promised_total=Decimal(data["promised_total"]),
        promised_by_module={k: Decimal(v) for k, v in data["promised_by_module"].items()},
        source="Arrêté du 19 février 2018, annexe III a",
    )
    return {
        "planned_total": str(result.planned_total),
        "short": result.short,
        "warnings": list(result.warnings),
    }


FUNCTIONS = {
    "moving_holidays": _moving,
    "holiday_count": _count,
    "calendar": _calendar,
    "volume": _volume,
    "attendance": lambda data: attendance_command.compute(Record(data)),
}


@pytest.mark.parametrize("case", load_cases("calendar"))
def test_calendar_case(case):
    result = compute(case, FUNCTIONS)
    if result is None:
        return
    expected = case["expected"]
    if case["function"] != "calendar":
        assert result == expected
        return
    output, places = result
    assert output["centre_half_days"] == expected["centre_half_days"]
    assert Decimal(output["centre_hours"]) == Decimal(expected["centre_hours"])
    for day, place in expected["places"].items():
        assert places[day] == place, day
    assert output["explanation"] and all(step["source"] for step in output["explanation"])
    # Every day of the span is listed, once.
    start, end = (
        date.fromisoformat(case["input"]["start"]),
        date.fromisoformat(case["input"]["end"]),
    )
    assert len(output["days"]) == (end - start).days + 1


@pytest.mark.parametrize("case", load_cases("attendance"))
def test_attendance_case(case):
    result = compute(case, FUNCTIONS)
    if result is None:
        return
    expected = case["expected"]
    for field in ("planned_hours", "attended_hours", "absent_justified_hours"):
        assert Decimal(result[field]) == Decimal(expected[field]), field
    assert Decimal(result["absent_unjustified_hours"]) == Decimal(
        expected["absent_unjustified_hours"]
    )
    assert [[u["date"], u["half_day"], u["missing"]] for u in result["unsigned"]] == expected[
        "unsigned"
    ]
    for module, (planned, attended) in expected["by_module"].items():
        assert Decimal(result["by_module"][module]["planned_hours"]) == Decimal(planned)
        assert Decimal(result["by_module"][module]["attended_hours"]) == Decimal(attended)
    assert result["explanation"] and all(step["source"] for step in result["explanation"])
