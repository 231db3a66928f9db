"""CCF assessments of E4/E6: the YAML cases of cases/assessments/, computed by hand (annexe II d).

Each file names the rule it checks (`check:`): commission, grid, grade, retention or
situation_date. A case gives its input, the articles it rests on, the hand computation and the
expected outcome, or an input error (the field it names and fragments of the message).
"""

from datetime import date
from decimal import Decimal

import pytest

from ndrc.regulation.assessments import (
    ProposedMember,
    ccf_rules,
    check_commission,
    check_grid,
    check_situation_date,
    evaluation_file_retention,
    grid_criteria,
    parse_grade,
)
from ndrc.regulation.errors import InputError
from tests.regulation.cases import load_cases


def _day(text):
    return None if text is None else date.fromisoformat(text)


def _ratings(case):
    rules = ccf_rules(case["exam"])
    wanted = set(case["rate"])
    ratings = {
        code: "satisfactory"
        for competence, _title, rows in grid_criteria(rules)
        if competence in wanted
        for code, _text in rows
    }
    for code in case.get("unrate", ()):
        del ratings[code]
    ratings.update(case.get("extra", {}))
    return ratings


def _run(check, data, case):
    if check == "commission":
        members = [ProposedMember(**m) for m in case["members"]]
        teachers = [(key, key) for key in case["block_teachers"]]
        return check_commission(ccf_rules(case["exam"]), members, block_teachers=teachers)
    if check == "grid":
        return check_grid(ccf_rules(case["exam"]), case["situation"], _ratings(case))
    if check == "grade":
        return parse_grade(case["grade"], on=_day(data["graded_on"]))
    if check == "retention":
        return evaluation_file_retention(
            exam_session=case["exam_session"],
            last_situation=_day(case["last_situation"]),
            on=_day(case["purge_on"]),
        )
    if check == "situation_date":
        return check_situation_date(ccf_rules(case["exam"]), training_year=case["training_year"])
    raise AssertionError(f"unknown check {check}")


@pytest.mark.parametrize(("data", "case"), load_cases("assessments"))
def test_assessment_case(data, case):
    check, expected = data["check"], case["expected"]
    if "error" in expected:
        with pytest.raises(InputError) as error:
            _run(check, data, case)
        message = str(error.value)
        if "field" in expected["error"]:
            assert f"champ « {expected['error']['field']} »" in message
        for fragment in expected["error"].get("contains", ()):
            assert fragment in message
        return
    result = _run(check, data, case)
    steps = result if check == "situation_date" else result.explanation
    if check == "commission":
        assert result.accepted is expected["accepted"]
        assert {m.key: m.standing for m in result.members} == expected["standings"]
        assert [f.code for f in result.findings] == expected["findings"]
        for fragment in expected.get("texts", ()):
            assert any(fragment in f.text for f in result.findings), fragment
    elif check == "grid":
        assert result.complete is expected["complete"]
        assert len(result.missing) == expected["missing"]
        if "group" in expected:
            assert list(result.assessed_group) == expected["group"]
        if "first_missing" in expected:
            assert result.missing[0] == expected["first_missing"]
    elif check == "grade":
        assert result.value == Decimal(expected["grade"])
    elif check == "retention":
        assert result.kept_until == _day(expected["kept_until"])
        assert result.purge is expected["purge"]
    else:
        assert expected["accepted"] is True
    cited = [step.source for step in steps]
    for article in case["articles"]:
        assert any(article in source for source in cited), (article, cited)


def test_a_professional_is_never_responsible_whatever_the_exam():
    for exam in ("E4", "E6"):
        member = ProposedMember(
            key="tutor",
            name="Tuteur",
            kind="professional",
            teaches_candidate=True,
            in_charge_of_block=True,
            involved_in_training=True,
        )
        decision = check_commission(ccf_rules(exam), [member]).members[0]
        assert decision.standing != "responsible", exam
