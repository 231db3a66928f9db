"""What `ndrc deliberate` and the API print: `result_as_json` writes exactly the text of
`json.dumps(result_as_dict(…), ensure_ascii=False)`, and a batch gives what each record gives
alone, or the error of its first malformed record.

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

from ndrc.regulation.deliberation import (
    deliberate_record,
    deliberate_records,
    result_as_dict,
    result_as_json,
)
from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import load_yaml
from ndrc.regulation.rounding import shared_decimal

CASES_DIR = Path(__file__).parent / "cases" / "deliberation"
UNITS = ("U1", "U2", "U3", "U4", "U6")


def _read(record):
    # Through JSON, as the command reads it.
    return json.loads(json.dumps(record, default=str), parse_float=shared_decimal)


def _assert_written_as_json_dumps(record):
    try:
        result = deliberate_record(record, index=3)
    except InputError:
        return
    assert result_as_json(result) == json.dumps(result_as_dict(result), ensure_ascii=False)


def _case_records():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in load_yaml(path.read_text(encoding="utf-8")):
            yield pytest.param(_read(case["input"]), id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("record", list(_case_records()))
def test_every_hand_computed_case_is_written_as_json_dumps_writes_it(record):
    _assert_written_as_json_dumps(record)


def test_texts_a_client_typed_are_escaped_as_json_dumps_escapes_them():
    # The id and the languages come back in the output: quotes, backslashes, control
    # characters, accents, and U+2028 (valid in JSON, left as it is by json.dumps).
    record = {
        "id": 'n° "7" \\ tab\t line\n \x01 é 中 \u2028',
        "session": 2026, "category": "scolaire", "lv1": 'an"glais\\', "lv2": ' AN"GLAIS\\ ',
        "grades": {"U1": 12, "U2": 12, "U3": 12, "U4": 12, "U5": 12, "U6": 12},
    }  # fmt: skip
    result = deliberate_record(record)
    assert result.decision == "rejected"  # LV2 = LV1: the languages are quoted in the text
    _assert_written_as_json_dumps(record)
    assert json.loads(result_as_json(result))["id"] == record["id"]


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
        # Along with the above: an absence, an NV, a grade of 0, 1 or with three decimals, in a
        # unit that may also be exempted, carried or resat.
        grades[rng.choice((*UNITS, "U5", "UF1"))] = rng.choice(
            ["absent", "excused", "NV", 0, 1, 0.5, 12.25, 7.125, 20]
        )
    record["grades"] = grades
    return record


def test_records_drawn_around_the_cases_are_written_as_json_dumps_writes_them():
    rng = random.Random(20260042)  # noqa: S311 (reproducible draws, no secret)
    for number in range(1500):
        record = _read(_random_record(rng, number))
        _assert_written_as_json_dumps(record)
        _assert_written_as_json_dumps(copy.deepcopy(record))


def test_a_float_or_a_fresh_decimal_grade_is_read_as_its_decimal_writing():
    record = {"id": "f", "session": 2026, "category": "scolaire",
              "grades": {"U1": 12.5, "U2": Decimal("9.75"), "U3": Decimal("1.0"), "U4": 11,
                         "U5": {"written": 7, "practical": 13}, "U6": 10}}  # fmt: skip
    # 3 × 12.5 + 3 × 9.75 + 3 × 1 + 5 × 11 + 4 × (2 × 7 + 2 × 13) / 4 + 3 × 10 = 194.75
    assert result_as_dict(deliberate_record(record))["points"] == "194.75"


@pytest.mark.parametrize(
    "extra",
    [{"exemptions": ["U1"], "qualifications": ["bts"]}, {"grades": {"U3": 1}}, {}],
    ids=["with an exemption", "with a grade of 1", "alone"],
)
def test_a_null_optional_grade_is_refused(extra):
    grades = {"U1": 12, "U2": 12, "U3": 12, "U4": 12, "U5": 12, "U6": 12, "UF1": None}
    grades.update(extra.pop("grades", {}))
    for unit in extra.get("exemptions", ()):
        del grades[unit]
    record = {"id": "n", "session": 2026, "category": "scolaire", "grades": grades, **extra}
    with pytest.raises(InputError, match=r"grades\.UF1"):
        deliberate_record(record)


def _valid(record):
    try:
        deliberate_record(record)
    except InputError:
        return False
    return True


def _batch_outcome(records):
    try:
        return deliberate_records(records)
    except InputError as error:
        return str(error)


def _one_by_one(records):
    try:
        return [result_as_dict(deliberate_record(r, i)) for i, r in enumerate(records)]
    except InputError as error:
        return str(error)


def test_a_batch_gives_what_each_record_gives_alone_in_the_same_order():
    # Every session (2020 and 2021 have no épreuves de contrôle) is decided by its own rules,
    # whichever comes first in the batch.
    rng = random.Random(11)  # noqa: S311 (reproducible draws, no secret)
    records = [_read(_random_record(rng, number)) for number in range(400)]
    valid = [r for r in records if _valid(r)]
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
    valid = [r for r in records if _valid(r)][:20]
    bad = odd if isinstance(odd, list) else {**valid[5], **odd}
    if isinstance(odd, dict) and "grades" in odd:
        bad["grades"] = {**valid[5]["grades"], **odd["grades"]}
    batch = [*valid[:7], bad, *valid[7:]]
    message = _batch_outcome(batch)
    assert isinstance(message, str)  # an error, not results
    assert message == _one_by_one(batch)
    assert "enregistrement n° 8" in message, message


def test_a_grade_written_minus_zero_is_read_as_zero():
    # Decision 23: -0.0 is the grade 0, and the explanation writes it « 0 ».
    record = _read(
        {"id": "z", "session": 2026, "category": "scolaire",
         "grades": {"U1": 12, "U2": 12, "U3": 12, "U4": 12,
                    "U5": {"written": 12, "practical": 12}, "U6": 12}}
    )  # fmt: skip
    record["grades"]["U1"] = json.loads("-0.0", parse_float=shared_decimal)
    record["grades"]["U5"]["written"] = -0.0
    texts = [step["text"] for step in result_as_dict(deliberate_record(record))["explanation"]]
    assert "U5 (écrit 0, pratique 12) = (2 × 0 + 2 × 12) / 4 = 24 / 4 = 6." in texts
    assert any(text.startswith("Points = 3 × 0 (U1) + 3 × 12 (U2)") for text in texts), texts
    assert not any("-0" in text for text in texts)
