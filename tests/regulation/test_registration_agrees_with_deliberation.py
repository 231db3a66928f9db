"""A registration `ndrc deliberate` would reject is never valid, and the reverse.

Over many drawn registration records (valid, rejected, malformed), the check agrees with the
deliberation of `deliberation_record(record)` — the record the jury will deliberate — read by
`deliberate_record`, the path of `ndrc deliberate`:
- an input error of one is the same input error of the other, word for word;
- a rejected deliberation is an invalid registration; a valid registration is deliberated without
  rejection and, in the whole form, with every unit covered;
- an invalid registration is a rejected deliberation, an uncovered unit of the whole form, or a
  rule on `units` (the field the deliberation does not read) and the languages the units need.
"""

import random
from decimal import Decimal

import pytest

from ndrc.regulation.deliberation import INCOMPLETE, REJECTED, WHOLE, deliberate_record
from ndrc.regulation.errors import InputError
from ndrc.regulation.registration import check_registration, deliberation_record

UNITS = ["U1", "U2", "U3", "U4", "U5", "U6", "UF1"]
CATEGORIES = ["scolaire", "apprenti_habilite", "fpc_public_ccf", "distance", "inconnue"]
TITLES = ["bts", "dut", "licence", "diplome_niveau_5", "ue_eco_droit_management"]
LANGUAGES = ["anglais", "Anglais ", "espagnol", "allemand", "", None]
OWN_FIELDS = ("units", "lv1", "lv2")  # the fields of the registration's own rules


def _carried(draw: random.Random) -> dict:
    if draw.random() < 0.25:
        unit = draw.choice(["U31", "U32", "U1", "U4"])
        return {
            "unit": unit,
            "grade": Decimal(draw.randint(6, 16)),
            "session": draw.choice([2016, 2018, 2019]),
            "framework": "bts_nrc_2003",
        }
    return {
        "unit": draw.choice(UNITS),
        "grade": Decimal(draw.randint(60, 170)) / 10,
        "session": draw.choice([2019, 2020, 2021, 2023, 2025, 2026]),
    }


def _record(draw: random.Random, number: int) -> dict:
    record = {
        "id": f"r{number}",
        "session": draw.choice([2022, 2026, 2026, 2026, 2019]),
        "category": draw.choice(CATEGORIES),
        "units": draw.sample(UNITS, draw.randint(0, 7)) + draw.choice([[], [], ["U4"]]),
    }
    if draw.random() < 0.8:
        record["form"] = draw.choice([WHOLE, "progressive", "globale"])
    if draw.random() < 0.4:
        record["exemptions"] = draw.sample(["U1", "U2", "U3", "U4"], draw.randint(1, 2))
    if draw.random() < 0.5:
        record["qualifications"] = draw.sample(TITLES, draw.randint(0, 3))
    if draw.random() < 0.4:
        record["carried_grades"] = [_carried(draw) for _ in range(draw.randint(1, 3))]
    if draw.random() < 0.15 and "carried_grades" in record:
        record["waived"] = [draw.choice(UNITS)]
    for name in ("lv1", "lv2"):
        language = draw.choice(LANGUAGES)
        if language is not None:
            record[name] = language
    if draw.random() < 0.03:
        record["note"] = "champ inconnu"
    return record


def _outcome(function, *args):
    try:
        return function(*args), None
    except InputError as error:
        return None, str(error)


@pytest.mark.parametrize("seed", range(4))
def test_the_registration_check_agrees_with_the_deliberation(seed):
    draw = random.Random(seed)  # noqa: S311 (reproducible draws, no secret)
    seen = {"valid": 0, "rejected": 0, "error": 0, "own": 0}
    for number in range(500):
        record = _record(draw, number)
        check, check_error = _outcome(check_registration, record)
        if "note" in record:  # unknown to both: refused by both, naming it
            assert check_error and "champ « note » : champ inconnu" in check_error
            continue
        result, error = _outcome(deliberate_record, deliberation_record(record))
        assert check_error == error, record
        if error:
            seen["error"] += 1
            continue
        uncovered = record.get("form", WHOLE) == WHOLE and result.decision == INCOMPLETE
        if result.decision == REJECTED:
            seen["rejected"] += 1
            assert not check.valid, record
        if check.valid:
            seen["valid"] += 1
            assert result.decision != REJECTED and not uncovered, record
        elif result.decision != REJECTED and not uncovered:
            seen["own"] += 1
            assert all(p.field.startswith(OWN_FIELDS) for p in check.problems), record
    # The draw reaches every branch.
    assert all(count > 10 for count in seen.values()), seen
