"""Exams by candidate category: the YAML cases of cases/exams/, computed by hand (annexe II)."""

import pytest

from ndrc.regulation.errors import InputError
from ndrc.regulation.exams import exams_for, plan_as_list
from tests.regulation.cases import load_cases


@pytest.mark.parametrize("case", load_cases("exams"))
def test_exam_case(case):
    arguments = case["input"]
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(InputError) as error:
            exams_for(**arguments)
        for fragment in expected["error"]:
            assert fragment in str(error.value)
        return
    plan = exams_for(**arguments)
    assert plan.column == expected["column"]
    actual = {exam["exam"]: exam for exam in plan_as_list(plan)}
    for wanted in expected["exams"]:
        got = actual[wanted["exam"]]
        assert {key: got.get(key) for key in wanted} == wanted
    sources = [step.source for step in plan.explanation]
    for source in expected.get("sources", ()):
        assert any(source in cited for cited in sources), (source, sources)


def test_every_exam_of_the_framework_is_planned_in_order():
    plan = exams_for("scolaire")
    assert [exam["exam"] for exam in plan_as_list(plan)] == [
        "E1", "E2", "E3", "E4", "E5", "E6", "EF1",
    ]  # fmt: skip
