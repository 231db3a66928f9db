"""The jury's decision (Code de l'éducation D643-13 to D643-26; arrêté du 19 février 2018,
article 7 and annexes II b to II d, IV), from a validated candidate to an explained result.

Each rule is stated here once, in the order of docs/deliberation.md: registration (`_rejected`),
the grade of each unit (`_unit_grades`: exemption, this session's grade, carried grade, parts of
U5, absence, NV), the points and coefficients (`_points`, UF1 above 10), the decision at 10
(`_decide`), the épreuves de contrôle (`_decide`, `_apply_resit`) and the units obtained. The
values come from the session's rules (`session.py`: framework data and dated parameters).

The explanation is kept as a trace of values, one entry per step; `steps.py` writes each entry's
source and French text when the explanation is read or the result serialised.
"""

from decimal import Decimal
from typing import Any, NamedTuple

from ndrc.regulation.deliberation.candidate import Candidate, CarriedGrade
from ndrc.regulation.deliberation.session import SessionRules, session_rules
from ndrc.regulation.deliberation.steps import explain
from ndrc.regulation.deliberation.terms import (
    ABSENT,
    ADMITTED,
    EXCUSED,
    FAILED,
    INCOMPLETE,
    INVALID,
    REJECTED,
    RESIT_ELIGIBLE,
)
from ndrc.regulation.explanation import Step
from ndrc.regulation.framework import CURRENT_FRAMEWORK
from ndrc.regulation.rounding import round_to, truncated_quotient

_ZERO = Decimal(0)


class Result(NamedTuple):
    """The jury's decision for a candidate.

    `average` and `professional_average` are truncated to two decimals (the decision itself is
    taken on the exact values); `points` and `coefficients` are exact. All four are None when
    there is no average (rejected, incomplete, or an unjustified absence or NV).

    `trace` holds the values of the explanation, one entry per step, whose French text is
    written only when `explanation` is read or the result is serialised.
    """

    id: str
    decision: str
    average: Decimal | None
    points: Decimal | None
    coefficients: Decimal | None
    professional_average: Decimal | None
    units_obtained: tuple[str, ...]
    trace: tuple[tuple[Any, ...], ...]

    @property
    def explanation(self) -> tuple[Step, ...]:
        """The steps of the decision, each citing its source and showing the values used."""
        return tuple(Step(*step) for step in explain(self.trace))


def deliberate(candidate: Candidate) -> Result:
    """Decide on a candidate: admitted, failed, resit_eligible, incomplete or rejected.

    Every step is kept in the result's explanation with its source and values; see
    docs/deliberation.md for the algorithm and the choices made where the texts are silent.
    """
    rules = session_rules(candidate.session)
    trace: list[tuple[Any, ...]] = []
    if (candidate.exemptions or candidate.lv2) and _rejected(candidate, rules, trace):
        return Result(candidate.id, REJECTED, None, None, None, None, (), tuple(trace))
    unit_grades, blocked, missing = _unit_grades(candidate, rules, trace)
    units_obtained = _units_obtained(unit_grades, rules)
    professional = _professional_points(unit_grades, rules)
    professional_average = None
    if professional is not None:
        professional_average = truncated_quotient(*professional, rules.decimals)
        professional_step = ("professional_average", *professional, professional_average)
    if blocked or missing:
        if professional is not None:
            trace.append(professional_step)
        if blocked:
            trace.append(("not_awarded", tuple(blocked)))
            decision = FAILED
        else:
            trace.append(("missing", candidate.form, tuple(missing)))
            decision = INCOMPLETE
        trace.append(("units_obtained", units_obtained, rules.obtained))
        return Result(
            candidate.id, decision, None, None, None, professional_average, units_obtained,
            tuple(trace),
        )  # fmt: skip
    points, coefficients = _points(unit_grades, rules, trace)
    if professional is not None:
        trace.append(professional_step)
    decision = _decide(points, coefficients, professional, rules, trace)
    resit = candidate.resit_grades
    if resit and candidate.exemptions:
        # Those of exempted units are not used (their step is written with the exemption).
        resit = {u: g for u, g in resit.items() if u not in candidate.exemptions}
    if resit:
        if decision == RESIT_ELIGIBLE:
            unit_grades = _apply_resit(resit, unit_grades, trace)
            points, coefficients = _points(unit_grades, rules, trace)
            decision = ADMITTED if _admitted(points, coefficients, rules) else FAILED
            trace.append(("decision_after_resit", decision, points, coefficients))
            units_obtained = _units_obtained(unit_grades, rules)
        else:
            trace.append(("resit_ignored", decision))
    trace.append(("units_obtained", units_obtained, rules.obtained))
    return Result(
        candidate.id,
        decision,
        truncated_quotient(points, coefficients, rules.decimals),
        points,
        coefficients,
        professional_average,
        units_obtained,
        tuple(trace),
    )


def _rejected(candidate: Candidate, rules: SessionRules, trace: list) -> bool:
    """Registration rules: exemptions (annexe II b) and LV2 ≠ LV1 (annexe II c, note **)."""
    rejected = False
    titles = candidate.qualifications
    for unit in candidate.exemptions:
        condition = rules.exemptions.get(unit)
        if condition is None:
            trace.append(("exemption_not_allowed", unit, tuple(rules.exemptions)))
            rejected = True
            continue
        any_of, all_of = condition
        if not any_of.intersection(titles) or not all_of.issubset(titles):
            trace.append(("exemption_without_title", unit, titles))
            rejected = True
    lv1, lv2 = candidate.lv1, candidate.lv2
    if lv1 and lv2 and lv1.strip().casefold() == lv2.strip().casefold():
        trace.append(("same_languages", lv1, lv2))
        rejected = True
    return rejected


def _unit_grades(candidate: Candidate, rules: SessionRules, trace: list):
    """The grade of each unit taken: {unit: Decimal}, the units absent or NV, the units missing."""
    carried = _usable_carried(candidate, rules, trace) if candidate.carried_grades else None
    grades = candidate.grades
    exempted = candidate.exemptions
    unit_grades: dict[str, Decimal] = {}
    blocked: list[tuple[str, str]] = []
    missing: list[str] = []
    for unit, _coefficient in rules.compulsory:
        if exempted and unit in exempted:
            trace.append(("exemption", unit, candidate.qualifications))
            _exempted_grades(candidate, unit, rules, trace)
            continue
        grade = grades.get(unit)
        if carried is not None:
            if grade is None:
                grade = carried.get(unit)
            elif unit in carried:
                trace.append(("carried_superseded", unit, carried[unit], grade))
        kind = type(grade)
        if kind is Decimal:
            unit_grades[unit] = grade
            continue
        if grade is None:
            missing.append(unit)
            continue
        if kind is tuple:
            grade = _from_parts(unit, grade, rules, trace)
            if type(grade) is Decimal:
                unit_grades[unit] = grade
                continue
        if grade == EXCUSED:
            trace.append(("excused", unit))
            unit_grades[unit] = _ZERO
        else:
            trace.append((grade, unit))
            blocked.append((unit, grade))
    optional = rules.optional
    grade = grades.get(optional)
    if grade is None and carried is not None:
        grade = carried.get(optional)
    if type(grade) is str:
        trace.append(("optional_status", optional, grade))
    elif grade is not None:
        unit_grades[optional] = grade
    return unit_grades, blocked, missing


def _exempted_grades(candidate: Candidate, unit: str, rules: SessionRules, trace: list) -> None:
    """The steps of the grades given for an exempted unit, none of them used (annexe II b): of
    this session, carried, of a resit exam (which does not count among the resit exams)."""
    grade = candidate.grades.get(unit)
    if grade is not None:
        trace.append(("exempted_grade", unit, grade))
    for carried in candidate.carried_grades:
        if rules.unit_of(carried) == unit:
            trace.append(("exempted_carried_grade", unit, carried))
    grade = candidate.resit_grades.get(unit)
    if grade is not None:
        trace.append(("exempted_resit_grade", unit, grade))


def _from_parts(unit: str, parts, rules: SessionRules, trace: list) -> Decimal | str:
    """A unit made of parts (U5): (Σ coefficient × part grade) / Σ coefficients (annexe II d)."""
    coefficients = rules.parts[unit]
    total = _ZERO
    for grade, (_, coefficient) in zip(parts, coefficients, strict=True):
        if type(grade) is str:
            if grade != EXCUSED:
                trace.append(("parts_status", unit, parts, coefficients))
                return INVALID if INVALID in parts else ABSENT
        else:
            total += coefficient * grade
    weights = rules.part_weights[unit]
    grade = total / weights
    if rules.unit_rounding != "none":
        grade = round_to(grade, rules.unit_rounding)
    trace.append(("parts", unit, parts, coefficients, total, weights, grade))
    return grade


def _usable_carried(candidate: Candidate, rules: SessionRules, trace: list) -> dict[str, Decimal]:
    """Carried grades that count at this session: ≥ 10, valid five years, not waived (D643-15)."""
    session = candidate.session
    limit = session - rules.validity_years
    waived = candidate.waived
    exempted = candidate.exemptions
    usable: dict[str, Decimal] = {}
    former: dict[str, list[CarriedGrade]] = {}
    for carried in candidate.carried_grades:
        unit = rules.unit_of(carried)
        if unit in exempted:
            continue  # not used, explained with the exemption (_exempted_grades)
        if carried.grade < rules.obtained:
            trace.append(("carried_below", carried))
        elif carried.session < limit:
            trace.append(("carried_expired", carried, carried.session + rules.validity_years))
        elif unit in waived:
            trace.append(("carried_waived", carried, unit))
        elif carried.framework != CURRENT_FRAMEWORK:
            former.setdefault(unit, []).append(carried)
        elif carried.grade > usable.get(unit, -1):
            trace.append(("carried", carried, carried.session + rules.validity_years))
            usable[unit] = carried.grade
    for unit, grades in former.items():
        row = rules.correspondence.row_of(grades[0].unit)
        best = {}
        for carried in grades:
            if carried.grade > best.get(carried.unit, (-1,))[0]:
                best[carried.unit] = (carried.grade, carried.session)
        if len(best) < len(row.sources):
            lacking = [code for code in row.sources if code not in best]
            trace.append(("former_incomplete", unit, row.sources, tuple(lacking)))
            continue
        values = tuple(best[code][0] for code in row.sources)
        total = sum(c * g for c, g in zip(row.coefficients, values, strict=True))
        grade = values[0]
        if len(values) > 1:
            grade = round_to(total / sum(row.coefficients), rules.former_rounding)
        oldest = min(best[code][1] for code in row.sources)
        trace.append(
            ("carried_former", unit, row.sources, values, row.coefficients, grade, oldest,
             oldest + rules.validity_years)
        )  # fmt: skip
        if grade > usable.get(unit, -1):
            usable[unit] = grade
    return usable


def _professional_points(unit_grades: dict[str, Decimal], rules: SessionRules):
    """(Σ coefficient × grade, Σ coefficients) over the professional units, None when one has no
    grade: the professional average of the épreuves de contrôle (D643-22)."""
    points = _ZERO
    for unit, coefficient in rules.professional:
        grade = unit_grades.get(unit)
        if grade is None:
            return None
        points += coefficient * grade
    return points, rules.professional_weights


def _points(unit_grades: dict[str, Decimal], rules: SessionRules, trace: list):
    """Σ coefficient × grade over the units taken, plus UF1's points above 10 (annexe II c)."""
    points = _ZERO
    coefficients = _ZERO
    for unit, coefficient in rules.compulsory:
        grade = unit_grades.get(unit)
        if grade is not None:
            points += coefficient * grade
            coefficients += coefficient
    bonus = None
    optional = rules.optional
    grade = unit_grades.get(optional)
    if grade is not None:
        bonus = grade - rules.optional_threshold
        bonus = bonus * rules.optional_weight if bonus > 0 else _ZERO
        trace.append(("optional", optional, grade, rules.optional_threshold, bonus))
        points += bonus
    # The terms of the sum are written from unit_grades, which is never changed afterwards.
    trace.append(("points", rules.compulsory, unit_grades, bonus, points, coefficients))
    return points, coefficients


def _admitted(points: Decimal, coefficients: Decimal, rules: SessionRules) -> bool:
    """An average of at least 10 (D643-22; arrêté, article 7), compared exactly: points ≥ 10 ×
    coefficients, never a rounded average."""
    return points >= rules.pass_average * coefficients


def _decide(points, coefficients, professional, rules: SessionRules, trace: list) -> str:
    """Admitted at an average of 10; between 8 and 10 with a professional average of 10, the
    épreuves de contrôle (D643-22, from the 2022 session); failed otherwise."""
    if _admitted(points, coefficients, rules):
        trace.append(("admitted", points, coefficients, rules.pass_average))
        return ADMITTED
    minimum = rules.resit_minimum
    if minimum is None:
        trace.append(("failed", points, coefficients, rules.pass_average, None))
        return FAILED
    professional_minimum = rules.resit_professional_minimum
    reaches = points >= minimum * coefficients
    professional_ok = professional is not None and (
        professional[0] >= professional_minimum * professional[1]
    )
    resit = (minimum, reaches, professional, professional_minimum, professional_ok)
    if reaches and professional_ok:
        trace.append(
            ("resit_eligible", points, coefficients, rules.pass_average, resit,
             rules.resit_count, rules.resit_units)
        )  # fmt: skip
        return RESIT_ELIGIBLE
    trace.append(("failed", points, coefficients, rules.pass_average, resit))
    return FAILED


def _units_obtained(unit_grades: dict[str, Decimal], rules: SessionRules) -> tuple[str, ...]:
    """The units graded at least 10, UF1 included, for the skill block certificate (D643-15)."""
    obtained = rules.obtained
    return tuple([unit for unit, grade in unit_grades.items() if grade >= obtained])


def _apply_resit(resit: dict[str, Decimal], unit_grades: dict[str, Decimal], trace: list):
    """The unit grades after the épreuves de contrôle: a higher resit grade replaces (D643-22).
    `resit`: the resit grades of units taken (not exempted), all of them graded."""
    after = dict(unit_grades)
    for unit, grade in resit.items():
        before = unit_grades[unit]
        replaced = grade > before
        trace.append(("resit_grade", unit, before, grade, replaced))
        if replaced:
            after[unit] = grade
    return after
