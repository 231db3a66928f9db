"""The one-pass deliberation (`deliberate_record`, used by `ndrc deliberate`) gives exactly what
the general path (`deliberate(parse_candidate(…))`) gives: same figures, same explanation, same
error, and `result_as_json` writes the same text as `json.dumps(result_as_dict(…))`.

Run on every hand-computed case of cases/deliberation/, and on records drawn at random around
them (usual grades, exemptions — with grades, carried grades and resit grades of the exempted
units —, carried grades, resit grades, absences, malformed values).
"""

import copy
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ndrc.regulation import deliberation
from ndrc.regulation.deliberation import (
    deliberate,
    deliberate_batch,
    deliberate_record,
    parse_candidate,
    result_as_dict,
    result_as_json,
)
from ndrc.regulation.errors import InputError
from ndrc.regulation.rounding import shared_decimal

CASES_DIR = Path(__file__).parent / "cases" / "deliberation"
UNITS = ("U1", "U2", "U3", "U4", "U6")


def _read(record):
    # Through JSON, as the command reads it.
    return json.loads(json.dumps(record, default=str), parse_float=shared_decimal)


def _outcome(path, record):
    try:
        result = path(record)
    except InputError as error:
        return "error", str(error), None
    steps = [(s.rule, s.source, s.text, s.values) for s in result.explanation]
    return result_as_dict(result), steps, result


def _assert_same(record):
    general = _outcome(lambda r: deliberate(parse_candidate(r, index=3)), record)
    one_pass = _outcome(lambda r: deliberate_record(r, index=3), record)
    assert one_pass[:2] == general[:2], record
    if general[0] != "error":
        assert tuple(one_pass[2])[:7] == tuple(general[2])[:7]
        expected = json.dumps(general[0], ensure_ascii=False)
        assert result_as_json(one_pass[2]) == expected
        assert result_as_json(general[2]) == expected


def _case_records():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(_read(case["input"]), id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("record", list(_case_records()))
def test_both_paths_agree_on_every_hand_computed_case(record):
    _assert_same(record)


def _grade(rng):
    value = min(20.0, max(0.0, round(rng.gauss(10.5, 3.5) * 2) / 2))
    return int(value) if value.is_integer() else value


def _random_record(rng, number):
    session = rng.choice((2021, 2024, 2026))
    grades = {unit: _grade(rng) for unit in UNITS}
    grades["U5"] = {"written": _grade(rng), "practical": _grade(rng)}
    record = {"id": f"r-{number}", "session": session, "category": "scolaire", "lv1": "anglais"}
    if rng.random() < 0.4:
        record["lv2"] = rng.choice(("espagnol", "allemand", " Anglais "))
        grades["UF1"] = _grade(rng)
    draw = rng.random()
    if draw < 0.15:
        grades[rng.choice((*UNITS, "U5", "UF1"))] = rng.choice(
            [0, 1, True, None, "excused", "absent", "NV", "x", 20.5, -1, 9.979, 12.5,
             7.25, 12, {"written": "excused", "practical": 12}, {"written": 3}]
        )  # fmt: skip
    elif draw < 0.3:
        record["exemptions"] = rng.choice((["U1", "U2"], ["U3"], ["U4"], ["U1", "U1"]))
        record["qualifications"] = rng.choice((["bts"], ["dut", "ue_eco_droit_management"], []))
        exempted = record["exemptions"][0]
        for unit in record["exemptions"]:
            if rng.random() < 0.7:
                grades.pop(unit, None)
        # A grade (kept above), a carried grade or a resit grade of an exempted unit: not used.
        extra = rng.random()
        if extra < 0.2:
            others = rng.choice(({}, {"U2": 12}, {"U2": 9, "U3": 15}))
            record["resit_grades"] = {exempted: _grade(rng), **others}
        elif extra < 0.35:
            record["carried_grades"] = [
                {"unit": exempted, "grade": rng.choice((8, 14)),
                 "session": session - rng.choice((1, 6))}
            ]  # fmt: skip
    elif draw < 0.5:
        unit = rng.choice((*UNITS, "UF1"))
        record["carried_grades"] = [
            {"unit": unit, "grade": rng.choice((8, 10, 14.5, 20)),
             "session": session - rng.choice((1, 2, 5, 6))},
            *([{"unit": "U31", "grade": 12, "session": 2018, "framework": "bts_nrc_2003"}]
              if rng.random() < 0.1 else []),
        ]  # fmt: skip
        if rng.random() < 0.7:
            grades.pop(unit, None)
        if rng.random() < 0.1:
            record["waived"] = [unit]
        record["form"] = rng.choice(("whole", "progressive"))
    elif draw < 0.7:
        record["resit_grades"] = rng.choice(({"U1": 12}, {"U2": 9, "U3": 15}, {}, {"U4": 12}))
    elif draw < 0.75:
        record[rng.choice(("note", "category", "form"))] = rng.choice(("x", None, 3))
    if rng.random() < 0.25:
        # Along with the above: an absence, an NV, a grade the shared table leaves out (0, 1, three
        # decimals), in a unit that may also be exempted, carried or resat.
        grades[rng.choice((*UNITS, "U5", "UF1"))] = rng.choice(
            ["absent", "excused", "NV", 0, 1, 0.5, 12.25, 7.125, 20]
        )
    record["grades"] = grades
    return record


def test_both_paths_agree_on_records_drawn_around_the_cases():
    rng = random.Random(20260042)  # noqa: S311 (reproducible draws, no secret)
    for number in range(1500):
        record = _read(_random_record(rng, number))
        _assert_same(record)
        _assert_same(copy.deepcopy(record))


def test_the_usual_records_are_deliberated_in_one_pass():
    # Else the comparisons above would only compare the general path with itself.
    rng = random.Random(7)  # noqa: S311 (reproducible draws, no secret)
    records = [_read(_random_record(rng, number)) for number in range(300)]
    one_pass = [
        record
        for record in records
        if (result := _outcome(deliberate_record, record)[2]) is not None
        and result.trace[0] is deliberation._FAST
    ]
    assert len(one_pass) > len(records) / 3  # the draws favour the unusual records
    kinds = {tuple(sorted(record.keys() - {"id", "session", "category", "lv1", "lv2"}))
             for record in one_pass}  # fmt: skip
    assert ("exemptions", "grades", "qualifications") in kinds
    assert ("carried_grades", "form", "grades") in kinds
    assert ("grades", "resit_grades") in kinds
    statuses = {
        grade
        for record in one_pass
        for unit, grade in record["grades"].items()
        if unit != "UF1" and type(grade) is str
    }
    assert statuses == {"absent", "excused", "NV"}


def test_a_float_or_a_fresh_decimal_grade_is_read_as_its_decimal_writing():
    record = {"id": "f", "session": 2026, "category": "scolaire",
              "grades": {"U1": 12.5, "U2": Decimal("9.75"), "U3": Decimal("1.0"), "U4": 11,
                         "U5": {"written": 7, "practical": 13}, "U6": 10}}  # fmt: skip
    _assert_same(record)
    # 3 × 12.5 + 3 × 9.75 + 3 × 1 + 5 × 11 + 4 × (2 × 7 + 2 × 13) / 4 + 3 × 10 = 194.75
    assert result_as_dict(deliberate_record(record))["points"] == "194.75"


@pytest.mark.parametrize(
    "extra",
    [{"exemptions": ["U1"], "qualifications": ["bts"]}, {"grades": {"U3": 1}}, {}],
    ids=["with an exemption", "with a grade of 1", "alone"],
)
def test_a_null_optional_grade_is_refused_by_both_paths(extra):
    grades = {"U1": 12, "U2": 12, "U3": 12, "U4": 12, "U5": 12, "U6": 12, "UF1": None}
    grades.update(extra.pop("grades", {}))
    for unit in extra.get("exemptions", ()):
        del grades[unit]
    record = {"id": "n", "session": 2026, "category": "scolaire", "grades": grades, **extra}
    _assert_same(record)
    with pytest.raises(InputError, match=r"grades\.UF1"):
        deliberate_record(record)


def _batch_outcome(records):
    try:
        return [result_as_json(result) for result in deliberate_batch(records)]
    except InputError as error:
        return str(error)


def _one_by_one(records):
    try:
        return [result_as_json(deliberate_record(r, i)) for i, r in enumerate(records)]
    except InputError as error:
        return str(error)


def test_a_batch_gives_what_each_record_gives_alone_in_the_same_order():
    # `ndrc deliberate` runs one function of the first record's session over the whole batch:
    # every session (2020 and 2021, without épreuves de contrôle, have functions of their own)
    # must still be decided alike.
    rng = random.Random(11)  # noqa: S311 (reproducible draws, no secret)
    records = [_read(_random_record(rng, number)) for number in range(400)]
    valid = [r for r in records if _outcome(deliberate_record, r)[0] != "error"]
    for first_session in (2026, 2020, 2021):
        batch = [{**valid[0], "session": first_session}, *valid[1:]]
        expected = _one_by_one(batch)
        assert isinstance(expected, list) and len(expected) == len(valid)
        assert _batch_outcome(batch) == expected


@pytest.mark.parametrize(
    "odd",
    [{"grades": {"U1": 21}}, {"session": [2026]}, {"session": None}, ["not", "a", "record"]],
    ids=["a grade of 21", "an unhashable session", "no session", "not a record"],
)
def test_a_batch_stops_at_its_first_malformed_record_naming_it(odd):
    rng = random.Random(3)  # noqa: S311 (reproducible draws, no secret)
    records = [_read(_random_record(rng, number)) for number in range(60)]
    valid = [r for r in records if _outcome(deliberate_record, r)[0] != "error"][:20]
    bad = odd if isinstance(odd, list) else {**valid[5], **odd}
    if isinstance(odd, dict) and "grades" in odd:
        bad["grades"] = {**valid[5]["grades"], **odd["grades"]}
    batch = [*valid[:7], bad, *valid[7:]]
    message = _batch_outcome(batch)
    assert isinstance(message, str)  # an error, not results
    assert message == _one_by_one(batch)
    assert "enregistrement n° 8" in message, message
