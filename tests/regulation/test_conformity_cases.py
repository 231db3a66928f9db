"""E4/E6 dossier conformity: the YAML cases of cases/conformity/, computed by hand (annexe II d).

Each case file has a `base` dossier and `cases`; a case's `input` overrides fields of the base
(`remove` drops some). Expected: the status and the findings in order, or an input error
naming the field.
"""

import pytest

from ndrc.regulation.conformity import check_dossier, dossier_rules, parse_dossier
from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import load_framework
from tests.regulation.cases import load_cases

CASES = load_cases("conformity")


def _record(base, case):
    record = {**base, **case.get("input", {})}
    for field in case.get("remove", ()):
        del record[field]
    return record


@pytest.mark.parametrize(("data", "case"), CASES)
def test_conformity_case(data, case):
    record = _record(data["base"], case)
    expected = case["expected"]
    if "error" in expected:
        with pytest.raises(InputError) as error:
            parse_dossier(record, index=0)
        message = str(error.value)
        assert message.startswith("dossier n° 1, ")
        assert f"champ « {expected['error']['field']} »" in message
        for fragment in expected["error"].get("contains", ()):
            assert fragment in message
        return
    result = check_dossier(parse_dossier(record))
    assert result.status == expected["status"]
    assert [{"code": f.code, "effect": f.effect} for f in result.findings] == expected["findings"]
    for fragment in expected.get("texts", ()):
        assert any(fragment in finding.text for finding in result.findings), fragment
    cited = [f.source for f in result.findings] + [step.source for step in result.explanation]
    for article in case["articles"]:
        assert any(article in source for source in cited), (article, cited)


def test_every_cause_and_penalty_of_the_data_has_a_case():
    rules = dossier_rules()
    wanted = {("E4", code) for code in rules["invalidity_causes"]}
    wanted |= {("E6", code) for code in rules["invalidity_causes"]}
    for exam, data in rules["exams"].items():
        wanted |= {(exam, code) for code in data["penalties"]}
    covered = set()
    for param in CASES:
        case_file, case = param.values
        exam = _record(case_file["base"], case)["exam"]
        covered |= {(exam, f["code"]) for f in case["expected"].get("findings", ())}
    assert sorted(wanted - covered) == []


def test_the_pole_named_in_the_wording_is_the_exams_activity_area():
    areas = load_framework().activity_areas
    for exam, data in dossier_rules()["exams"].items():
        title = areas[data["activity_area"]].title
        wording = data["penalties"]["sheet_outside_activity_area"]["text"]
        assert f"« {title} »" in wording, exam
