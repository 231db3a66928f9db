"""Registration for an exam session: which units a candidate sits, and what is wrong with it.

A registration record has the fields and codes of a candidate record of `ndrc deliberate`
without grades (`units` instead: the units the candidate sits at this session). It is checked
by the deliberation itself, so that a registration `ndrc deliberate` would reject is never
valid: the record is read by `parse_candidate` (the same input errors, word for word), then
`deliberation_record` turns it into the record the jury will deliberate (a placeholder grade for
each unit sat) and `deliberate` says whether it is rejected (exemption without its title, LV2 =
LV1…), which units nothing covers (the whole form needs every unit), which carried grades
count, have expired or are renounced, and which grade the candidate would supersede by sitting
again. The rules of its own are about `units` alone, which the deliberation does not read:
a unit listed twice, a unit both exempted and sat, a carried grade sat again without being
renounced, languages to choose for E2 and EF1, nothing to sit. See docs/registration.md.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ndrc.regulation.deliberation import REJECTED, WHOLE, Candidate, deliberate, parse_candidate
from ndrc.regulation.deliberation.candidate import RECORD_FIELDS
from ndrc.regulation.errors import InputError, shown
from ndrc.regulation.exams import MODE_LABELS, PlannedExam, exam_as_dict, exams_for
from ndrc.regulation.explanation import Message, Step, _, comma_list
from ndrc.regulation.framework import CURRENT_FRAMEWORK, load_framework

# A registration has no grade; `units` says what is sat at this session.
REGISTRATION_FIELDS = (RECORD_FIELDS - {"grades", "resit_grades"}) | {"units"}
# The grade given to each unit sat in the record deliberated to check a registration: any
# valid grade would do, the registration rules never read it (docs/registration.md).
PLACEHOLDER_GRADE = Decimal(10)

ARRETE = "Arrêté du 19 février 2018"
CODE = "Code de l'éducation"
_SOURCE_FORM = f"{CODE}, article D643-14 ; {ARRETE}, article 7"
_SOURCE_CARRIED = f"{CODE}, article D643-15"
_SOURCE_EXEMPTION = f"{ARRETE}, annexe II b"
_SOURCE_LANGUAGES = f"{ARRETE}, annexe II c (E2 et EF1, note **)"
# Steps of the deliberation that speak of the registration itself (not of grades).
_REGISTRATION_STEPS = frozenset(
    (
        "exemption_not_allowed", "exemption_without_title", "same_languages", "exemption",
        "exempted_unit_grade", "carried_grade", "carried_grade_former",
        "carried_grade_former_incomplete", "carried_grade_below", "carried_grade_expired",
        "carried_grade_waived", "carried_grade_superseded",
    )
)  # fmt: skip
_REJECTIONS = {"exemption_not_allowed", "exemption_without_title", "same_languages"}


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a registration: the field at fault, why, and the article."""

    field: str
    message: str  # a `Message`: French, shown in the reader's language on a page
    article: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "article": self.article}


@dataclass(frozen=True, slots=True)
class RegistrationCheck:
    """The check of a registration: valid when no problem was found."""

    id: str
    candidate: Candidate  # the record as `parse_candidate` read it (without grades)
    units: tuple[str, ...]  # the units sat, as listed (duplicates removed)
    units_to_sit: tuple[PlannedExam, ...]  # their exams, in the form of the candidate's category
    problems: tuple[Problem, ...]
    explanation: tuple[Step, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def _prefix(record: Mapping[str, Any], index: int | None) -> str:
    # Names the record as the deliberation's input errors do.
    who = []
    if isinstance(record.get("id"), str):
        who.append(f"candidat « {record['id']} »")
    if index is not None:
        who.append(f"enregistrement n° {index + 1}")
    if len(who) == 2:
        return f"{who[0]} ({who[1]})"
    return who[0] if who else "candidat"


def _error(record: Any, index: int | None, path: str, message: str) -> InputError:
    named = record if isinstance(record, Mapping) else {}
    return InputError(f"{_prefix(named, index)}, champ « {path} » : {message}")


def _units(record: Mapping[str, Any], index: int | None, known: frozenset[str]) -> list[str]:
    value = record.get("units")
    if value is None:
        raise _error(record, index, "units", "champ obligatoire manquant")
    if type(value) is not list:
        raise _error(record, index, "units", "liste d'unités attendue")
    for position, code in enumerate(value):
        if type(code) is not str or code not in known:
            raise _error(record, index, f"units[{position}]", f"code inconnu : {shown(code)}")
    return list(value)


def _read(record: Any, index: int | None) -> tuple[Candidate, list[str]]:
    """The registration's fields, validated: InputError (French, naming the field) otherwise."""
    if not isinstance(record, Mapping):
        raise _error(record, index, "(enregistrement)", f"objet JSON attendu, reçu {shown(record)}")
    unknown = sorted(record.keys() - REGISTRATION_FIELDS)
    if unknown:
        raise _error(record, index, unknown[0], "champ inconnu")
    # Every field but `units` is read as `ndrc deliberate` reads it.
    fields = {name: value for name, value in record.items() if name != "units"}
    candidate = parse_candidate({**fields, "grades": {}}, index=index)
    units = _units(record, index, frozenset(load_framework(CURRENT_FRAMEWORK).units))
    return candidate, units


def deliberation_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record `ndrc deliberate` reads for a registration: its fields without `units`, and a
    placeholder grade for each unit sat that is not exempted. The registration is valid only if
    this record is deliberated without rejection (and, in the whole form, with every unit
    covered); `units` must be a list of unit codes."""
    exempted = record.get("exemptions") or ()
    fields = {name: value for name, value in record.items() if name != "units"}
    grades = {unit: PLACEHOLDER_GRADE for unit in record["units"] if unit not in exempted}
    return {**fields, "grades": grades}


def check_registration(record: Mapping[str, Any], *, index: int | None = None) -> RegistrationCheck:
    """Check a registration record (see the module): its problems, each with the field and the
    article, the exams of the units sat in the form of the candidate's category, and the
    explanation. Raises InputError, in French naming the field, on malformed input."""
    candidate, listed = _read(record, index)
    framework = load_framework(CURRENT_FRAMEWORK)
    plan = exams_for(candidate.category, session=candidate.session, framework=framework)
    problems: list[Problem] = []
    steps: list[Step] = [plan.explanation[0]]  # the category and its column of annexe II c
    steps.append(_form_step(candidate.form))

    units = _own_unit_rules(candidate, listed, problems)
    first = deliberate(_with_grades(candidate, units))
    kept = candidate.exemptions
    if first.decision == REJECTED:
        refused = set()
        for step in first.explanation:
            if step.rule in _REJECTIONS:
                problems.append(_rejection_problem(step, candidate))
                refused.add(step.values.get("unit"))
                steps.append(step)
        # What the registration would be without what the deliberation refuses, to say what
        # else is wrong: the units then left uncovered, the carried grades.
        kept = tuple(unit for unit in candidate.exemptions if unit not in refused)
        units = [u for u in dict.fromkeys(listed) if u not in kept]
        first = deliberate(
            _with_grades(candidate._replace(exemptions=kept, lv2=None), units),
        )
    steps += [s for s in first.explanation if s.rule in _REGISTRATION_STEPS - _REJECTIONS]
    _coverage(candidate, first.explanation, listed, problems)
    _languages(candidate, units, framework.units, problems, steps)

    sat = [exam for exam in plan.exams if exam.unit in units]
    for exam in sat:
        steps.append(_sat_step(exam, plan.column, candidate.session))
    if not sat:
        problems.append(
            Problem("units", _("Aucune unité à présenter à cette session."), _SOURCE_FORM)
        )
    return RegistrationCheck(
        id=candidate.id,
        candidate=candidate,
        units=tuple(dict.fromkeys(listed)),
        units_to_sit=tuple(sat),
        problems=tuple(problems),
        explanation=tuple(steps),
    )


def _with_grades(candidate: Candidate, units: list[str]) -> Candidate:
    return candidate._replace(grades=dict.fromkeys(units, PLACEHOLDER_GRADE))


def _form_step(form: str) -> Step:
    if form == WHOLE:
        text = _(
            "Forme globale : le candidat présente à cette session toutes les unités qui ne "
            "sont ni dispensées ni couvertes par une note conservée."
        )
    else:
        text = _(
            "Forme progressive : le candidat présente à cette session les unités qu'il "
            "choisit ; les autres restent à présenter à une session suivante."
        )
    return Step("form", _SOURCE_FORM, text, {"form": form})


def _own_unit_rules(candidate: Candidate, listed: list[str], problems: list[Problem]) -> list[str]:
    """The rules on `units` that the deliberation does not read; returns the units sat (listed
    once, exempted ones left out)."""
    seen: set[str] = set()
    units = []
    for position, unit in enumerate(listed):
        field = f"units[{position}]"
        if unit in seen:
            problems.append(
                Problem(
                    field,
                    _(
                        "%(unit)s est inscrite deux fois : une unité se présente une seule fois "
                        "à une session.",
                        unit=unit,
                    ),
                    _SOURCE_FORM,
                )
            )
            continue
        seen.add(unit)
        if unit in candidate.exemptions:
            problems.append(
                Problem(
                    field,
                    _(
                        "%(unit)s est à la fois dispensée et présentée : pour la présenter, le "
                        "candidat renonce à la dispense (retirer l'unité des dispenses).",
                        unit=unit,
                    ),
                    _SOURCE_EXEMPTION,
                )
            )
            continue
        units.append(unit)
    return units


def _rejection_problem(step: Step, candidate: Candidate) -> Problem:
    unit = step.values.get("unit")
    if step.rule == "same_languages":
        field = "lv2"
    else:
        field = f"exemptions[{candidate.exemptions.index(unit)}]"
    return Problem(field, step.text, step.source)


def _coverage(
    candidate: Candidate, steps: tuple[Step, ...], listed: list[str], problems: list[Problem]
) -> None:
    """From the deliberation's own steps: a unit nothing covers in the whole form, a carried
    grade the candidate would sit again without renouncing it."""
    for step in steps:
        if step.rule == "carried_grade_superseded":
            unit = step.values["unit"]
            problems.append(
                Problem(
                    f"units[{listed.index(unit)}]",
                    _(
                        "%(unit)s : une note conservée est encore valable ; pour présenter "
                        "%(unit)s à nouveau, le candidat renonce à son bénéfice (champ "
                        "« waived »), et cette renonciation est définitive.",
                        unit=unit,
                    ),
                    _SOURCE_CARRIED,
                )
            )
        elif step.rule == "incomplete" and candidate.form == WHOLE:
            why = _uncovered_reasons(steps)
            for unit in step.values["units"]:
                text = _(
                    "Forme globale : %(unit)s n'est ni présentée, ni dispensée, ni couverte par "
                    "une note conservée valable.",
                    unit=unit,
                )
                if unit in why:
                    text = _(
                        "Forme globale : %(unit)s n'est ni présentée, ni dispensée, ni couverte "
                        "par une note conservée valable (%(reason)s).",
                        unit=unit,
                        reason=why[unit],
                    )
                problems.append(Problem("units", text, _SOURCE_FORM))


def _uncovered_reasons(steps: tuple[Step, ...]) -> dict[str, Message]:
    """Why a carried grade does not cover its unit, by unit, from the deliberation's steps."""
    reasons = {}
    for step in steps:
        unit = step.values.get("unit")
        if step.rule == "carried_grade_expired":
            reasons[unit] = _(
                "la note de la session %(session)s n'était valable que jusqu'à la session "
                "%(valid_until)s",
                session=str(step.values["session"]),
                valid_until=str(step.values["valid_until"]),
            )
        elif step.rule == "carried_grade_below":
            reasons[unit] = _("une note inférieure à 10 ne se conserve pas")
        elif step.rule == "carried_grade_waived":
            reasons[unit] = _("le candidat a renoncé à la note conservée")
        elif step.rule == "carried_grade_former_incomplete":
            reasons[unit] = _(
                "il manque %(units)s du BTS NRC", units=comma_list(list(step.values["lacking"]))
            )
    return reasons


def _languages(candidate, units, framework_units, problems: list[Problem], steps) -> None:
    """E2 and EF1 are sat in a language the candidate chooses at registration."""
    for unit in units:
        definition = framework_units[unit]
        if unit == "U2" and not candidate.lv1:
            problems.append(
                Problem(
                    "lv1",
                    _("U2 présentée : la langue vivante 1 est à choisir."),
                    _SOURCE_LANGUAGES,
                )
            )
        elif definition.is_optional and not candidate.lv2:
            problems.append(
                Problem(
                    "lv2",
                    _(
                        "%(unit)s (facultative) choisie : la langue vivante 2 est à choisir.",
                        unit=unit,
                    ),
                    _SOURCE_LANGUAGES,
                )
            )
    optional = [u.code for u in framework_units.values() if u.is_optional]
    if candidate.lv2 and not set(optional) & set(units):
        steps.append(
            Step(
                "optional_unit_not_chosen",
                _SOURCE_LANGUAGES,
                _(
                    "Langue vivante 2 indiquée (%(lv2)s) sans l'unité facultative %(units)s : "
                    "elle ne sera pas présentée.",
                    lv2=candidate.lv2.strip(),
                    units=comma_list(optional),
                ),
                {"lv2": candidate.lv2},
            )
        )


def _sat_step(exam: PlannedExam, column: str, session: int) -> Step:
    if exam.form == "ccf":
        how = _(
            "contrôle en cours de formation, %(situations)s situation(s) d'évaluation",
            situations=exam.situations,
        )
    else:
        how = _(
            "épreuve ponctuelle %(mode)s, %(minutes)s min",
            mode=MODE_LABELS[exam.mode],
            minutes=exam.duration_minutes,
        )
    return Step(
        "unit_to_sit",
        f"{ARRETE}, annexe II c, colonne {column}",
        _(
            "%(unit)s présentée à la session %(session)s : %(exam)s, %(how)s.",
            unit=exam.unit,
            session=str(session),
            exam=exam.exam,
            how=how,
        ),
        {"unit": exam.unit, "exam": exam.exam, "form": exam.form},
    )


def registration_as_dict(check: RegistrationCheck) -> dict[str, Any]:
    """The result object of `ndrc check-registration` (machine interface of issue 15)."""
    return {
        "id": check.id,
        "valid": check.valid,
        "units_to_sit": [
            {"unit": exam.unit, **{k: v for k, v in exam_as_dict(exam).items() if k != "unit"}}
            for exam in check.units_to_sit
        ],
        "problems": [problem.as_dict() for problem in check.problems],
        "explanation": [step.as_dict() for step in check.explanation],
    }
