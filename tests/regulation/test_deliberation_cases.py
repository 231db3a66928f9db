"""Deliberation: the YAML cases of cases/deliberation/, computed by hand from the texts.

Each case gives a candidate record as `ndrc deliberate` reads it, and either the expected result
(decision, figures, units obtained, rules the explanation must show) or the fragments of the
expected input error; `grade_needed` cases ask for the grade still needed in one unit.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ndrc.regulation.deliberation import deliberate, grade_needed, parse_candidate, result_as_dict
from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import load_yaml
from ndrc.regulation.parameters import parameter

CASES_DIR = Path(__file__).parent / "cases" / "deliberation"
RESULT_FIELDS = ("decision", "average", "points", "coefficients", "professional_average")


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in load_yaml(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


def _record(case):
    # Through JSON, as the command reads it: decimals become Decimal, never float.
    return json.loads(json.dumps(case["input"]), parse_float=Decimal)


@pytest.mark.parametrize("case", list(_cases()))
def test_deliberation_case(case):
    assert case["articles"] and case["computation"].strip()
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(InputError) as error:
            deliberate(parse_candidate(_record(case), index=0))
        for fragment in expected["error"]:
            assert fragment in str(error.value)
        return
    candidate = parse_candidate(_record(case), index=0)
    if "grade_needed" in case:
        needed = grade_needed(candidate, case["grade_needed"])
        assert needed.reachable is expected["reachable"]
        assert needed.grade == (None if expected["grade"] is None else Decimal(expected["grade"]))
        _assert_explains(needed.explanation, expected)
        return
    result = deliberate(candidate)
    output = result_as_dict(result)
    assert output["id"] == case["input"]["id"]
    for name in RESULT_FIELDS:
        if name in expected:
            assert output[name] == expected[name], name
    assert output["units_obtained"] == expected["units_obtained"]
    _assert_explains(result.explanation, expected)


def _assert_explains(steps, expected):
    rules = [step.rule for step in steps]
    for rule in expected.get("rules", ()):
        assert rule in rules, (rule, rules)
    texts = " | ".join(step.text for step in steps)
    for fragment in expected.get("texts", ()):
        assert fragment in texts, (fragment, texts)
    for source in expected.get("sources", ()):
        assert any(source in step.source for step in steps), (source, [s.source for s in steps])
    assert all(step.source and step.text for step in steps)


@pytest.mark.parametrize("session", [2020, 2022, 2026])
def test_the_deliberation_grades_on_the_scale_of_the_assessments(session):
    # `deliberation/grade_maximum` is read once per session with the deliberation's parameters;
    # it must stay the grading scale of the épreuves (`assessments/grade_maximum`).
    on = date(session, 1, 1)
    maximum = parameter("deliberation/grade_maximum").at(on).value
    assert maximum == parameter("assessments/grade_maximum").at(on).value == Decimal(20)
    record = {"id": "m", "session": session, "category": "scolaire", "grades": {"U1": 21}}
    with pytest.raises(InputError, match="hors de l'intervalle 0 à 20"):
        parse_candidate(record)
