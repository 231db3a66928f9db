"""Which exams a candidate sits, and in which form, according to their candidate category.

Annexe II c of the arrêté gives, for each column of candidates (A, B, C), the form of each exam
(CCF with its number of assessment situations, or a final exam: written, oral, practical, or
written + practical for E5), its duration and coefficient; Annexe II d adds the preparation
times. A candidate with an accommodation gets the extra time of the Code de l'éducation
(articles D351-27 and D351-28): its rate, rounding and whether it extends the preparation are
dated parameters (`data/parameters/exams/`), see docs/exams.md.
"""

import math
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ndrc.regulation.errors import FrameworkDataError, InputError
from ndrc.regulation.explanation import Explanation, Message, Step, _, joined
from ndrc.regulation.framework import Exam, Framework, load_framework
from ndrc.regulation.parameters import DatedValue, parameter
from ndrc.regulation.rounding import json_number

MODE_LABELS = {
    "written": _("écrite"),
    "oral": _("orale"),
    "practical": _("pratique"),
    "written+practical": _("écrite + pratique"),
}
_ROUNDINGS = {"down": math.floor, "up": math.ceil}


@dataclass(frozen=True, slots=True)
class PlannedPart:
    """One part of an exam taken in two parts (E5: written and practical)."""

    code: str
    coefficient: Decimal
    mode: str
    duration_minutes: int
    preparation_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class PlannedExam:
    """An exam as a given candidate sits it."""

    exam: str
    unit: str
    title: str
    coefficient: Decimal | None  # None for the optional unit (UF1)
    form: str  # ccf | final
    mode: str | None = None
    duration_minutes: int | None = None
    preparation_minutes: int | None = None
    situations: int | None = None
    parts: tuple[PlannedPart, ...] = ()

    @property
    def is_optional(self) -> bool:
        return self.coefficient is None


@dataclass(frozen=True, slots=True)
class ExtraTime:
    """The extra-time rule applied: rate, rounding and whether preparation is extended."""

    rate: Fraction
    rounding: str
    on_preparation: bool


@dataclass(frozen=True, slots=True)
class ExamPlan:
    category: str
    column: str
    extra_time: ExtraTime | None
    exams: tuple[PlannedExam, ...]
    explanation: tuple[Step, ...]


def _citation(framework: Framework) -> str:
    # "Arrêté du 19 février 2018 portant définition …" → "Arrêté du 19 février 2018"
    return framework.text.split(" portant")[0]


def _extra_time_rule(session: int | None) -> tuple[ExtraTime, tuple[DatedValue, ...]]:
    # A session is a year; a rule applies to it when it is in force on 1 January of that year.
    # Without a session, the latest entry of the data applies.
    on = date.max if session is None else date(session, 1, 1)
    try:
        entries = tuple(
            parameter(f"exams/{name}").at(on)
            for name in ("extra_time_rate", "extra_time_rounding", "extra_time_on_preparation")
        )
    except LookupError as error:
        raise InputError(f"session : {error}") from error
    rate, rounding, on_preparation = (entry.value for entry in entries)
    try:
        rule = ExtraTime(Fraction(str(rate)), rounding, bool(on_preparation))
    except (ValueError, ZeroDivisionError) as error:
        raise FrameworkDataError(f"exams/extra_time_rate : taux invalide « {rate} »") from error
    if rounding not in _ROUNDINGS:
        raise FrameworkDataError(
            f"exams/extra_time_rounding : arrondi inconnu « {rounding} » (attendu : down ou up)"
        )
    return rule, entries


def extend(minutes: int, rule: ExtraTime) -> int:
    """A duration in minutes increased by the extra-time rate, rounded to a whole minute."""
    return _ROUNDINGS[rule.rounding](minutes + minutes * rule.rate)


def _describe(planned: PlannedExam) -> Message:
    if planned.form == "ccf":
        return _(
            "contrôle en cours de formation, %(situations)s situation(s) d'évaluation",
            situations=planned.situations,
        )
    mode = MODE_LABELS[planned.mode]
    if planned.parts:
        parts = [
            _(
                "%(mode)s %(minutes)s min (coef. %(coefficient)s)",
                mode=MODE_LABELS[p.mode],
                minutes=p.duration_minutes,
                coefficient=str(p.coefficient),
            )
            for p in planned.parts
        ]
        return _(
            "épreuve ponctuelle %(mode)s : %(parts)s",
            mode=mode,
            parts=joined(parts, _("%(first)s + %(next)s").template),
        )
    if planned.preparation_minutes:
        return _(
            "épreuve ponctuelle %(mode)s, %(minutes)s min, précédée de %(preparation)s min de "
            "préparation",
            mode=mode,
            minutes=planned.duration_minutes,
            preparation=planned.preparation_minutes,
        )
    return _(
        "épreuve ponctuelle %(mode)s, %(minutes)s min", mode=mode, minutes=planned.duration_minutes
    )


def _plan_exam(exam: Exam, column: str, framework: Framework) -> PlannedExam:
    form = exam.forms[column]
    parts = tuple(
        PlannedPart(
            code=p.code, coefficient=p.coefficient, mode=p.mode, duration_minutes=p.duration_minutes
        )
        for p in exam.parts
    )
    duration = form.duration_minutes
    if parts and duration is None:
        # E5: the table of Annexe II c gives "3h + 40 min", the sum of its two parts.
        duration = sum(p.duration_minutes for p in parts)
    return PlannedExam(
        exam=exam.code,
        unit=exam.unit,
        title=exam.title,
        coefficient=framework.units[exam.unit].coefficient,
        form=form.form,
        mode=form.mode,
        duration_minutes=duration,
        preparation_minutes=form.preparation_minutes,
        situations=form.situations,
        parts=parts,
    )


def _with_extra_time(planned: PlannedExam, rule: ExtraTime) -> PlannedExam:
    """A final exam with its durations (and preparation, when the rule says so) extended."""

    def prep(minutes: int | None) -> int | None:
        return extend(minutes, rule) if minutes and rule.on_preparation else minutes

    parts = tuple(
        replace(
            p,
            duration_minutes=extend(p.duration_minutes, rule),
            preparation_minutes=prep(p.preparation_minutes),
        )
        for p in planned.parts
    )
    duration = (
        sum(p.duration_minutes for p in parts) if parts else extend(planned.duration_minutes, rule)
    )
    return replace(
        planned,
        duration_minutes=duration,
        preparation_minutes=prep(planned.preparation_minutes),
        parts=parts,
    )


def _extension_text(before: PlannedExam, after: PlannedExam, rule: ExtraTime) -> Message:
    rate = f"{rule.rate.numerator}/{rule.rate.denominator}"
    items = []
    if before.parts:
        for part, extended in zip(before.parts, after.parts, strict=True):
            items.append(
                _(
                    "partie %(mode)s : %(before)s + %(before)s × %(rate)s → %(after)s min",
                    mode=MODE_LABELS[part.mode],
                    before=part.duration_minutes,
                    rate=rate,
                    after=extended.duration_minutes,
                )
            )
    else:
        items.append(
            _(
                "durée : %(before)s + %(before)s × %(rate)s → %(after)s min",
                before=before.duration_minutes,
                rate=rate,
                after=after.duration_minutes,
            )
        )
    if before.preparation_minutes:
        if rule.on_preparation:
            items.append(
                _(
                    "préparation : %(before)s + %(before)s × %(rate)s → %(after)s min",
                    before=before.preparation_minutes,
                    rate=rate,
                    after=after.preparation_minutes,
                )
            )
        else:
            items.append(
                _("préparation non majorée : %(before)s min", before=before.preparation_minutes)
            )
    return _(
        "%(exam)s avec majoration : %(items)s.",
        exam=before.exam,
        items=joined(items, _("%(first)s ; %(next)s").template),
    )


def exams_for(
    category: str,
    *,
    extra_time: bool = False,
    session: int | None = None,
    framework: Framework | None = None,
) -> ExamPlan:
    """The exams a candidate of a category sits, with their form, durations and coefficients.

    `category` is a candidate category of Annexe II c (`scolaire`, `fpc_public_ccf`, …);
    `extra_time` applies the accommodation extra time of articles D351-27 and D351-28 of the
    Code de l'éducation, with the rule in force for `session` (the latest one when None).
    Raises `InputError` for an unknown category. Each decision is a step of the explanation.
    """
    framework = framework or load_framework()
    if category not in framework.candidate_categories:
        known = ", ".join(framework.candidate_categories)
        raise InputError(
            f"category : catégorie de candidat inconnue « {category} » "
            f"(catégories connues : {known})"
        )
    cited = _citation(framework)
    column = framework.candidate_categories[category].column
    explanation = Explanation()
    explanation.add(
        "candidate_category",
        f"{cited}, annexe II c",
        _(
            "Catégorie « %(label)s » : colonne %(column)s du règlement d'examen — %(columns)s.",
            label=framework.candidate_categories[category].label,
            column=column,
            columns=framework.columns[column],
        ),
        category=category,
        column=column,
    )
    rule = entries = None
    if extra_time:
        rule, entries = _extra_time_rule(session)
        rate = f"{rule.rate.numerator}/{rule.rate.denominator}"
        explanation.add(
            "extra_time",
            entries[0].source,
            _(
                "Aménagement : majoration de %(rate)s du temps des épreuves ponctuelles, arrondie "
                "à la minute %(rounding)s, %(preparation)s temps de préparation (règle en vigueur "
                "depuis le %(start)s). En CCF, la majoration s'applique à chaque situation "
                "d'évaluation, organisée par l'établissement.",
                rate=rate,
                rounding=_("inférieure") if rule.rounding == "down" else _("supérieure"),
                preparation=_("y compris") if rule.on_preparation else _("hors"),
                start=entries[0].start,
            ),
            rate=rule.rate,
            rounding=rule.rounding,
            on_preparation=rule.on_preparation,
        )
    planned_exams = []
    for exam in framework.exams.values():
        planned = _plan_exam(exam, column, framework)
        coefficient = (
            _("sans coefficient")
            if planned.is_optional
            else _("coef. %(coefficient)s", coefficient=str(planned.coefficient))
        )
        source = f"{cited}, annexe II c, colonne {column}"
        if planned.preparation_minutes or planned.parts:
            source += f" ; annexe II d, {exam.code}"
        explanation.add(
            "exam_form",
            source,
            _(
                "%(exam)s %(title)s (%(unit)s, %(coefficient)s) : %(form)s.",
                exam=exam.code,
                title=exam.title,  # the arrêté's title, kept French
                unit=exam.unit,
                coefficient=coefficient,
                form=_describe(planned),
            ),
            exam=exam.code,
            form=planned.form,
            mode=planned.mode,
            duration_minutes=planned.duration_minutes,
            preparation_minutes=planned.preparation_minutes,
            situations=planned.situations,
        )
        if planned.is_optional:
            explanation.add(
                "optional_unit",
                f"{cited}, annexe II c, note **",
                _(
                    "%(exam)s est facultative : sa langue doit différer de celle de l'épreuve "
                    "obligatoire (LV1) et seuls les points au-dessus de 10 comptent.",
                    exam=exam.code,
                ),
                exam=exam.code,
            )
        if rule is not None and planned.form == "final":
            extended = _with_extra_time(planned, rule)
            explanation.add(
                "extra_time",
                entries[0].source,
                _extension_text(planned, extended, rule),
                exam=exam.code,
                duration_minutes=extended.duration_minutes,
                preparation_minutes=extended.preparation_minutes,
            )
            planned = extended
        planned_exams.append(planned)
    return ExamPlan(
        category=category,
        column=column,
        extra_time=rule,
        exams=tuple(planned_exams),
        explanation=explanation.freeze(),
    )


def exam_as_dict(planned: PlannedExam) -> dict[str, Any]:
    """The JSON object of one exam (machine interface of `ndrc exams`)."""
    data: dict[str, Any] = {
        "exam": planned.exam,
        "unit": planned.unit,
        # Coefficients are whole numbers in the arrêté: JSON numbers, as in the contract.
        "coefficient": json_number(planned.coefficient),
        "form": planned.form,
        "mode": planned.mode,
        "duration_minutes": planned.duration_minutes,
        "preparation_minutes": planned.preparation_minutes,
        "situations": planned.situations,
    }
    if planned.parts:
        data["parts"] = [
            {
                "part": p.code,
                "coefficient": json_number(p.coefficient),
                "mode": p.mode,
                "duration_minutes": p.duration_minutes,
                "preparation_minutes": p.preparation_minutes,
            }
            for p in planned.parts
        ]
    return data


def plan_as_list(plan: ExamPlan) -> list[dict[str, Any]]:
    """The JSON array printed by `ndrc exams`: one object per exam."""
    return [exam_as_dict(planned) for planned in plan.exams]
