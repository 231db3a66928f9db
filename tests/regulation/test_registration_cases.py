"""Registration: the YAML cases of cases/registration/, computed by hand from the texts."""

import json
from decimal import Decimal

import pytest

from ndrc.regulation.errors import InputError
from ndrc.regulation.registration import check_registration, registration_as_dict
from tests.regulation.cases import load_cases


def _record(case):
    # Through JSON, as the command reads it: decimals become Decimal, never float.
    return json.loads(json.dumps(case["input"]), parse_float=Decimal)


@pytest.mark.parametrize("case", load_cases("registration"))
def test_registration_case(case):
    if "error" in case:
        with pytest.raises(InputError) as error:
            check_registration(_record(case))
        for fragment in case["error"]:
            assert fragment in str(error.value)
        return
    expected = case["expected"]
    output = registration_as_dict(check_registration(_record(case)))
    assert output["id"] == case["input"]["id"]
    assert output["valid"] is expected["valid"]
    assert [p["field"] for p in output["problems"]] == expected["problems"]
    assert all(p["message"] and p["article"] for p in output["problems"])
    assert [u["unit"] for u in output["units_to_sit"]] == expected["units_to_sit"]
    forms = {u["unit"]: u["form"] for u in output["units_to_sit"]}
    for unit, form in expected.get("forms", {}).items():
        assert forms[unit] == form, unit
    rules = [step["rule"] for step in output["explanation"]]
    for rule in expected.get("rules", ()):
        assert rule in rules, (rule, rules)
    texts = " | ".join(
        [s["text"] for s in output["explanation"]] + [p["message"] for p in output["problems"]]
    )
    for fragment in expected.get("texts", ()):
        assert fragment in texts, (fragment, texts)
