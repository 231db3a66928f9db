"""Reads of the exams app: the deliberation simulator asks the engine, and stores nothing."""

from dataclasses import dataclass
from typing import Any

from ndrc.regulation.deliberation import (
    GradeNeeded,
    deliberate,
    grade_needed,
    parse_candidate,
    result_as_dict,
)


@dataclass(frozen=True)
class Simulation:
    result: dict[str, Any]  # the result of the machine interface (decision, average, explanation)
    needed: tuple[GradeNeeded, ...]  # for each unit left empty, the grade still needed


def simulate(record: dict[str, Any], *, empty_units: list[str]) -> Simulation:
    """Deliberate on a candidate record and, for each empty unit, the grade needed to reach 10.

    Raises `InputError` when the engine refuses the record.
    """
    candidate = parse_candidate(record)
    result = result_as_dict(deliberate(candidate))
    needed = tuple(grade_needed(candidate, unit) for unit in empty_units)
    return Simulation(result=result, needed=needed)
