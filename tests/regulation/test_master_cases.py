"""Apprenticeship masters and tutors: the YAML cases of cases/masters/, computed by hand (Code du
travail R. 6223-6, R. 6223-22, D. 6325-6, D. 6325-9)."""

from datetime import date
from decimal import Decimal

import pytest

from ndrc.regulation.masters import CurrentLearner, Diploma, Master, check_master
from tests.regulation.cases import compute, load_cases


def _check(data):
    master = data["master"]
    return check_master(
        contract_type=data["contract_type"],
        on=date.fromisoformat(data["on"]),
        master=Master(
            diplomas=tuple(Diploma(d["field_related"], d["level"]) for d in master["diplomas"]),
            years_of_related_experience=Decimal(str(master["years_of_related_experience"])),
            is_employer=master.get("is_employer", False),
        ),
        target_level=data["target_level"],
        current_learners=tuple(
            CurrentLearner(c["kind"], c.get("extended_after_failed_exam", False))
            for c in data["current_learners"]
        ),
    )


@pytest.mark.parametrize("case", load_cases("masters"))
def test_master_case(case):
    result = compute(case, {"check_master": _check})
    if result is None:
        return
    actual = {"eligible": result.eligible, "violations": [v.rule for v in result.violations]}
    assert actual == case["expected"]
    cited = " ".join(step.source for step in result.explanation)
    assert all(article.split(", ")[-1] in cited for article in case["articles"]
               if article.startswith("Code du travail"))  # fmt: skip
    assert all(v.article and v.message for v in result.violations)
