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
from ndrc.regulation.errors import InputError


@dataclass(frozen=True)
class Simulation:
    result: dict[str, Any]  # the result of the machine interface (decision, average, explanation)
    needed: tuple[GradeNeeded, ...]  # for each unit left empty, the grade still needed
    not_computable: tuple[tuple[str, str], ...]  # (unit, the engine's reason) when it has none


def simulate(record: dict[str, Any], *, empty_units: list[str]) -> Simulation:
    """Deliberate on a candidate record and, for each empty unit, the grade needed to reach 10.

    Raises `InputError` when the engine refuses the record. The grade needed in a unit is
    computable only when every other unit has a grade; otherwise the engine's reason is kept.
    """
    candidate = parse_candidate(record)
    result = result_as_dict(deliberate(candidate))
    needed, not_computable = [], []
    for unit in empty_units:
        try:
            needed.append(grade_needed(candidate, unit))
        except InputError as error:
            not_computable.append((unit, str(error)))
    return Simulation(result=result, needed=tuple(needed), not_computable=tuple(not_computable))
