"""Contracts: the YAML cases of cases/contracts/, computed by hand (Code du travail L. 6222-1 to
L. 6222-37, D. 6222-1, D. 6222-26 to D. 6222-34, D. 6325-18; annexe III b for the summer rest)."""

from datetime import date
from decimal import Decimal

import pytest

from ndrc.regulation import contracts
from ndrc.regulation.internships import InternshipPeriod, check_summer_rest
from tests.regulation.cases import compute, load_cases


def _day(text):
    return None if text is None else date.fromisoformat(text)


def _decimal(text):
    return None if text is None else Decimal(text)


def _text(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _schedule(result):
    return result, {
        "months": {f"{m.month:%Y-%m}": m for m in result.months},
        "total": str(result.total),
    }


FUNCTIONS = {
    "apprentice_age": lambda d: contracts.check_apprentice_age(
        birth_date=_day(d["birth_date"]),
        contract_start=_day(d["contract_start"]),
        exception=d.get("exception"),
        previous_contract_end=_day(d.get("previous_contract_end")),
    ),
    "start_before_cycle": lambda d: contracts.check_start_before_cycle(
        contract_start=_day(d["contract_start"]), cycle_start=_day(d["cycle_start"])
    ),
    "start_after_cycle": lambda d: contracts.check_start_after_cycle(
        contract_start=_day(d["contract_start"]), cycle_start=_day(d["cycle_start"])
    ),
    "duration": lambda d: contracts.check_contract_duration(
        start=_day(d["start"]), end=_day(d["end"]), disability=d.get("disability", False)
    ),
    "prorogation": lambda d: contracts.check_prorogation(
        end=_day(d["end"]), prorogation_end=_day(d["prorogation_end"])
    ),
    "exam_leave": lambda d: contracts.exam_leave(first_exam_day=_day(d["first_exam_day"])),
    "apprentice_schedule": lambda d: _schedule(
        contracts.apprentice_pay_schedule(
            birth_date=_day(d["birth_date"]),
            start=_day(d["start"]),
            end=_day(d["end"]),
            conventional_minimum=_decimal(d.get("conventional_minimum")),
        )
    ),
    "professionalisation_schedule": lambda d: _schedule(
        contracts.professionalisation_pay_schedule(
            birth_date=_day(d["birth_date"]),
            start=_day(d["start"]),
            end=_day(d["end"]),
            qualification=d["qualification"],
        )
    ),
    "summer_rest": lambda d: check_summer_rest(
        summer_start=_day(d["summer_start"]),
        summer_end=_day(d["summer_end"]),
        periods=[InternshipPeriod("", _day(p["start"]), _day(p["end"])) for p in d["periods"]],
    ),
}


@pytest.mark.parametrize("case", load_cases("contracts"))
def test_contract_case(case):
    result = compute(case, FUNCTIONS)
    if result is None:
        return
    if isinstance(result, tuple):
        result, actual = result
        expected = case["expected"]
        for month, fields in expected["months"].items():
            line = actual["months"][month]
            assert {f: _text(getattr(line, f)) for f in fields} == fields, month
        if "total" in expected:
            assert actual["total"] == expected["total"]
    else:
        actual = {field: _text(getattr(result, field)) for field in case["expected"]}
        assert actual == case["expected"]
    assert result.explanation and all(step.source for step in result.explanation)
