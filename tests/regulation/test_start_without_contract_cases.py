"""Starting without an employer: the YAML cases of cases/start_without_contract/, computed by hand
(Code du travail L. 6222-12-1; loi n° 2020-935 du 30 juillet 2020, art. 75; L. 6222-2, 4°)."""

from datetime import date

import pytest

from ndrc.regulation.start_without_contract import check_start_without_contract
from tests.regulation.cases import compute, load_cases

FUNCTIONS = {
    "start_without_contract": lambda d: check_start_without_contract(
        birth_date=date.fromisoformat(d["birth_date"]),
        training_start=date.fromisoformat(d["training_start"]),
        on=date.fromisoformat(d["on"]),
        has_recognised_disability=d["has_recognised_disability"],
    )
}


@pytest.mark.parametrize("case", load_cases("start_without_contract"))
def test_start_without_contract_case(case):
    result = compute(case, FUNCTIONS)
    if result is None:
        return
    expected = case["expected"]
    actual = {
        "allowed": result.allowed,
        "deadline": result.deadline.isoformat(),
        "days_left": result.days_left,
        "violations": [v.rule for v in result.violations],
    }
    assert {key: actual[key] for key in expected} == expected
    assert all(v.article and v.message for v in result.violations)
    assert result.explanation and all(step.source for step in result.explanation)
