"""Marks and averages of the gradebook: the YAML cases of cases/gradebook/, computed by hand.

Each file names the rule it checks (`check:`): mark, module_average, combined_average,
class_statistics or competence_level. A case gives its input, what it rests on, the hand
computation and the expected outcome, or an input error (a fragment of the message).
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from ndrc.regulation.errors import InputError
from ndrc.regulation.gradebook_averages import (
    GridEvidence,
    MarkEntry,
    MarkEvidence,
    MarkInput,
    Part,
    SheetEvidence,
    block_level,
    class_statistics,
    combined_average,
    competence_level,
    module_average,
    parse_mark,
)
from tests.regulation.cases import load_cases


def _decimal(text):
    return None if text is None else Decimal(text)


def _fraction(text):
    return None if text is None else Fraction(text)


def _entry(mark):
    if mark["status"] is None:
        return None
    return MarkEntry(mark["status"], _decimal(mark.get("value")))


def _evidence(item):
    if item["kind"] == "mark":
        return MarkEvidence(
            item["label"], Decimal(item["value"]), Decimal(item["scale"]), item["level"]
        )
    if item["kind"] == "grid":
        return GridEvidence(item["label"], tuple(item["ratings"]))
    return SheetEvidence(item["label"])


@pytest.mark.parametrize(("data", "case"), load_cases("gradebook"))
def test_gradebook_case(data, case):
    check = data["check"]
    on = date.fromisoformat(data["dated"]) if "dated" in data else None
    expected = case.get("expected")
    if check == "mark":
        if "error" in case:
            with pytest.raises(InputError) as error:
                parse_mark(case["raw"], scale=Decimal(case["scale"]))
            assert case["error"] in str(error.value)
            return
        entry = parse_mark(case["raw"], scale=Decimal(case["scale"]))
        if expected is None:
            assert entry is None
        else:
            assert entry == MarkEntry(expected["status"], _decimal(expected["value"]))
    elif check == "module_average":
        marks = [
            MarkInput(m["label"], Decimal(m["scale"]), Decimal(m["weight"]), _entry(m))
            for m in case["marks"]
        ]
        average = module_average(marks, on=on)
        assert average.shown == _decimal(expected["average"])
        assert (average.counted, average.left_out) == (expected["counted"], expected["left_out"])
        assert average.explanation  # every average says how it was computed
    elif check == "combined_average":
        parts = [
            Part(p["label"], _fraction(p["average"]), Decimal(p["coefficient"]))
            for p in case["parts"]
        ]
        average = combined_average(parts, on=on)
        assert average.shown == _decimal(expected["average"])
        assert (average.counted, average.left_out) == (expected["counted"], expected["left_out"])
    elif check == "class_statistics":
        statistics = class_statistics([_fraction(a) for a in case["averages"]], on=on)
        assert statistics.count == expected["count"]
        assert statistics.minimum == _decimal(expected["minimum"])
        assert statistics.maximum == _decimal(expected["maximum"])
        assert statistics.mean == _decimal(expected["mean"])
    elif check == "competence_level":
        level = competence_level([_evidence(e) for e in case["evidence"]], on=on)
        assert level.rank == _fraction(expected["rank"])
        assert (level.level.code if level.level else None) == expected["level"]
        assert level.evidence == expected["evidence"]
    else:
        raise AssertionError(f"unknown check {check}")


def test_a_blocs_level_is_the_mean_of_its_assessed_competences():
    on = date(2027, 3, 20)
    assessed = competence_level([SheetEvidence("Fiche"), SheetEvidence("Autre fiche")], on=on)
    weak = competence_level([MarkEvidence("QCM", Decimal("4"), Decimal("10"), "discovery")], on=on)
    untouched = competence_level([], on=on)
    # (3 + 2) / 2 = 5/2 = 2.5 -> half up -> 3, satisfaisant; the untouched one is not counted.
    level = block_level([assessed, weak, untouched], on=on)
    assert level.rank == Fraction(5, 2)
    assert level.level.code == "satisfactory"
