"""Whatever a client sends, `ndrc deliberate` answers with a result or a French input error
naming the field — never a crash that would stop a batch without saying which record is wrong."""

import copy

import pytest

from ndrc.regulation.deliberation import deliberate_record
from ndrc.regulation.errors import InputError

BASE = {
    "id": "2026-0001",
    "session": 2026,
    "category": "scolaire",
    "form": "whole",
    "lv1": "anglais",
    "lv2": "espagnol",
    "exemptions": ["U1"],
    "qualifications": ["bts"],
    "grades": {"U2": 12, "U3": 11, "U4": 13, "U5": {"written": 9, "practical": 12}, "U6": 10},
    "carried_grades": [{"unit": "U4", "grade": 13, "session": 2024, "framework": "bts_ndrc_2018"}],
    "waived": ["U4"],
    "resit_grades": {"U3": 12},
}
ODD_VALUES = [[], {}, None, True, "", "x", -1, 25, [1], {"a": 1}]
# Every place of the record a client fills, as a path of keys and indexes.
PLACES = [
    ("id",), ("session",), ("category",), ("form",), ("lv1",), ("lv2",),
    ("exemptions",), ("exemptions", 0), ("qualifications",), ("qualifications", 0),
    ("grades",), ("grades", "U2"), ("grades", "U5"), ("grades", "U5", "written"),
    ("carried_grades",), ("carried_grades", 0), ("carried_grades", 0, "unit"),
    ("carried_grades", 0, "grade"), ("carried_grades", 0, "session"),
    ("carried_grades", 0, "framework"), ("waived",), ("waived", 0),
    ("resit_grades",), ("resit_grades", "U3"),
]  # fmt: skip


def _with(path: tuple, value: object) -> dict:
    record = copy.deepcopy(BASE)
    holder = record
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    return record


@pytest.mark.parametrize("path", PLACES, ids=lambda p: ".".join(map(str, p)))
def test_an_odd_value_anywhere_gives_a_result_or_an_input_error(path):
    for value in ODD_VALUES:
        try:
            deliberate_record(_with(path, value), 0)
        except InputError as error:
            assert "enregistrement n° 1" in str(error)
