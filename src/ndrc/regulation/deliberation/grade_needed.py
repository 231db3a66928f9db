"""The grade still needed in a unit for an average of 10, the other grades unchanged (the
deliberation simulator's question), from the same rules as the decision."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ndrc.regulation.deliberation.candidate import Candidate
from ndrc.regulation.deliberation.rules import _points, _rejected, _unit_grades
from ndrc.regulation.deliberation.session import session_rules
from ndrc.regulation.deliberation.steps import explain
from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Step
from ndrc.regulation.rounding import ceil_quotient

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class GradeNeeded:
    """The smallest grade in `unit` that, other grades unchanged, gives an average ≥ 10."""

    unit: str
    grade: Decimal | None
    reachable: bool
    explanation: tuple[Step, ...]


def grade_needed(candidate: Candidate, unit: str) -> GradeNeeded:
    """The smallest grade in `unit` (a multiple of the `grade_needed_step` parameter) that, the
    candidate's other grades unchanged and épreuves de contrôle aside, gives an average ≥ 10.

    `reachable` is False when even the maximum grade (parameter `deliberation/grade_maximum`:
    20) is not enough, or when the diploma cannot be awarded anyway (registration rejected, an
    unjustified absence or an NV in another unit). Raises InputError when the unit is unknown
    or exempted, or when another unit has no grade yet.
    """
    rules = session_rules(candidate.session)
    if unit not in rules.units:
        raise InputError(f"candidat « {candidate.id} », unité « {unit} » : unité inconnue")
    if unit in candidate.exemptions:
        raise InputError(f"candidat « {candidate.id} », unité « {unit} » : unité dispensée")
    trace: list[tuple[Any, ...]] = []
    if _rejected(candidate, rules, trace):
        return _needed(unit, None, False, trace)
    others = {u: g for u, g in candidate.grades.items() if u != unit}
    carried = tuple(c for c in candidate.carried_grades if rules.unit_of(c) != unit)
    rest = Candidate(
        id=candidate.id, session=candidate.session, category=candidate.category,
        grades=others, form=candidate.form, exemptions=candidate.exemptions,
        qualifications=candidate.qualifications, carried_grades=carried,
        waived=candidate.waived,
    )  # fmt: skip
    unit_grades, blocked, missing = _unit_grades(rest, rules, trace)
    missing = [u for u in missing if u != unit]
    if missing:
        raise InputError(
            f"candidat « {candidate.id} » : note nécessaire en {unit} incalculable, "
            f"d'autres unités sont sans note : {', '.join(missing)}"
        )
    if blocked:
        trace.append(("not_awarded", tuple(blocked)))
        return _needed(unit, None, False, trace)
    unit_grades.pop(unit, None)
    points, coefficients = _points(unit_grades, rules, trace)
    deficit = rules.pass_average * coefficients - points
    if unit == rules.optional:
        # Points below the threshold count nothing: with no deficit, any grade will do.
        weight = None
        numerator = rules.optional_threshold * rules.optional_weight + deficit
        denominator = rules.optional_weight
    else:
        weight = rules.coefficients[unit]
        coefficients += weight
        numerator = deficit + rules.pass_average * weight
        denominator = weight
    needed = ceil_quotient(numerator, denominator, rules.step) if deficit > 0 or weight else _ZERO
    needed = max(needed, _ZERO)
    reachable = needed <= rules.grade_maximum
    trace.append(
        ("grade_needed", unit, weight, points, coefficients, needed, reachable,
         rules.pass_average, rules.optional_threshold, rules.grade_maximum)
    )  # fmt: skip
    return _needed(unit, needed if reachable else None, reachable, trace)


def _needed(unit, grade, reachable, trace) -> GradeNeeded:
    return GradeNeeded(unit, grade, reachable, tuple(Step(*step) for step in explain(trace)))
