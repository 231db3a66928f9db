"""Indicators: the YAML cases of cases/indicators/, computed by hand from the brochures' formulas,
Code du travail L. 6111-8 and InserJeunes' definitions (docs/indicators.md).

A fact of a case stands for `count` identical facts (1 when not given)."""

from datetime import date

import pytest

from ndrc.regulation.indicators import (
    STATUSES,
    Answer,
    Candidate,
    ContractFact,
    Enrolment,
    Leaver,
    compute_indicators,
    is_satisfied,
    status_of_category,
)
from tests.regulation.cases import compute, load_cases

ON = date(2026, 9, 1)


def _many(items, build):
    facts = []
    for item in items or ():
        item = dict(item)
        facts.extend(build(item) for _ in range(item.pop("count", 1)))
    return facts


def _day(text):
    return None if text is None else date.fromisoformat(text)


def _indicators(data):
    result = compute_indicators(
        candidates=_many(
            data.get("candidates"), lambda i: Candidate(i["status"], i["present"], i["admitted"])
        ),
        contracts=_many(
            data.get("contracts"),
            lambda i: ContractFact(
                _day(i["start"]),
                _day(i["end"]),
                _day(i.get("terminated_on")),
                i.get("trial_period"),
            ),
        ),
        leavers=_many(data.get("leavers"), lambda i: Leaver(i["situation_6_months"])),
        answers=_many(data.get("answers"), lambda i: Answer(i["survey"], i["satisfied"])),
        enrolments=None
        if "enrolments" not in data
        else _many(data["enrolments"], lambda i: Enrolment(i["status"], i["interrupted"])),
        status=data.get("status"),
        on=ON,
    )
    return {
        item.name: {
            "numerator": item.numerator,
            "denominator": item.denominator,
            "rate": None if item.rate is None else str(item.rate),
            "reason": item.reason,
        }
        for item in result.items
    }


FUNCTIONS = {"indicators": _indicators}


@pytest.mark.parametrize("case", load_cases("indicators"))
def test_indicator_case(case):
    result = compute(case, FUNCTIONS)
    if result is None:
        return
    for name, expected in case["expected"].items():
        got = result[name]
        assert {key: got[key] for key in expected} == expected, name


def test_every_candidate_category_of_the_framework_has_a_status():
    from ndrc.regulation.framework import load_framework

    for code in load_framework().candidate_categories:
        assert status_of_category(code) in STATUSES


def test_the_two_upper_levels_of_four_are_satisfied():
    assert [is_satisfied(level) for level in (1, 2, 3, 4)] == [False, False, True, True]
