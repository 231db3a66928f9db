"""Reads of the exams app: the deliberation simulator asks the engine, and stores nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from ndrc.learners.models import Learner
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


def starting_point(user: Any, *, on: date) -> dict[str, Any]:
    """Where the simulator starts: a learner's own category on `on` and their cohort's session;
    for anyone else, a student of the session of `on`'s year."""
    if user.is_authenticated:
        learner = (
            Learner.objects.filter(user=user, erased_on__isnull=True)
            .select_related("cohort")
            .prefetch_related("category_periods")
            .first()
        )
        if learner is not None:
            category = learner.category_on(on) or learner.current_category or "scolaire"
            return {"category": category, "session": learner.cohort.exam_session}
    return {"category": "scolaire", "session": on.year}
