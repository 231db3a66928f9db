"""Legal minimum pay: the YAML cases of cases/pay/, computed by hand (Code du travail)."""

from datetime import date
from decimal import Decimal

import pytest

from ndrc.regulation.pay import (
    PreviousContract,
    apprentice_minimum_pay,
    minimum_wage_monthly,
    professionalisation_minimum_pay,
)
from tests.regulation.cases import compute, load_cases


def _month(text: str) -> date:
    return date.fromisoformat(f"{text}-01")


def _minimum_wage(data, explained=True):
    return minimum_wage_monthly(_month(data["month"]), explained=explained)


def _apprentice(data, explained=True):
    previous = data.get("previous_contract")
    return apprentice_minimum_pay(
        birth_date=date.fromisoformat(data["birth_date"]),
        contract_start=date.fromisoformat(data["contract_start"]),
        month=_month(data["month"]),
        credited_years=data.get("credited_years", 0),
        plus_15_points=data.get("plus_15_points", False),
        previous_contract=None
        if previous is None
        else PreviousContract(
            diploma_obtained=previous["diploma_obtained"],
            same_employer=previous["same_employer"],
            last_year_rate=Decimal(previous["last_year_rate"]),
        ),
        explained=explained,
    )


def _professionalisation(data):
    branch = data.get("branch_minimum")
    return professionalisation_minimum_pay(
        birth_date=date.fromisoformat(data["birth_date"]),
        month=_month(data["month"]),
        qualification=data["qualification"],
        branch_minimum=None if branch is None else Decimal(branch),
    )


FUNCTIONS = {
    "minimum_wage_monthly": _minimum_wage,
    "apprentice": _apprentice,
    "professionalisation": _professionalisation,
}


@pytest.mark.parametrize("case", load_cases("pay"))
def test_pay_case(case):
    result = compute(case, FUNCTIONS)
    if result is None:
        return
    for field, wanted in case["expected"].items():
        got = getattr(result, field)
        assert (str(got) if isinstance(got, Decimal) else got) == wanted, field
    assert result.explanation and all(step.source for step in result.explanation)


UNEXPLAINED = {
    "minimum_wage_monthly": lambda data: _minimum_wage(data, explained=False),
    "apprentice": lambda data: _apprentice(data, explained=False),
}


@pytest.mark.parametrize(
    "case", [case for case in load_cases("pay") if case.values[0]["function"] in UNEXPLAINED]
)
def test_pay_case_without_its_steps(case):
    """`explained=False` (a schedule's months after the first): the same figures, the same
    errors, no step written."""
    result = compute(case, UNEXPLAINED)
    if result is None:
        return
    for field, wanted in case["expected"].items():
        got = getattr(result, field)
        assert (str(got) if isinstance(got, Decimal) else got) == wanted, field
    assert result.explanation == ()
