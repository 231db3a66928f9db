"""The steps of a deliberation's explanation: for each kind of entry `rules.py` records, the rule
it applies, its source (article, annex) and its French text, with the values it used.

`explain(trace)` writes them all, in order, as (rule, source, text, values).
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from ndrc.regulation.deliberation.session import FORMER_FRAMEWORK
from ndrc.regulation.deliberation.terms import (
    ABSENT,
    ADMITTED,
    EXCUSED,
    INVALID,
    PROGRESSIVE,
)
from ndrc.regulation.framework import CURRENT_FRAMEWORK
from ndrc.regulation.rounding import french_number, truncated_quotient

ARRETE = "Arrêté du 19 février 2018"
CODE = "Code de l'éducation"
_SOURCE_EXEMPTION = f"{ARRETE}, annexe II b"
_SOURCE_OPTIONAL = f"{ARRETE}, annexe II c, note **"
_SOURCE_D643_15 = f"{CODE}, article D643-15"
_SOURCE_D643_22 = f"{CODE}, article D643-22"
_SOURCE_D643_24 = f"{CODE}, article D643-24"

_STATUS_TEXT = {
    ABSENT: "absence non justifiée",
    EXCUSED: "absence justifiée (force majeure)",
    INVALID: "NV (non valide)",
}
_PART_TEXT = {"written": "écrit", "practical": "pratique"}
_FRAMEWORK_TEXT = {CURRENT_FRAMEWORK: "BTS NDRC", FORMER_FRAMEWORK: "BTS NRC"}
_ZERO = Decimal(0)
T = TypeVar("T")


def explain(trace: tuple[tuple[Any, ...], ...]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The steps (rule, source, text, values) of a deliberation's trace, in order."""
    writers = _WRITERS
    return [writers[entry[0]](*entry[1:]) for entry in trace]


def written_steps(
    trace: tuple[tuple[Any, ...], ...], form: Callable[[str, str, str], T], kept: dict[Any, T]
) -> list[T]:
    """Each step of a trace as `form(rule, source, text)`, without the values (the result object
    has none). A batch repeats most entries (the same U5 parts, the same averages): each distinct
    entry is written once and kept in `kept`. Equal entries have equal texts: numbers are written
    by value, and a grade of -0 is read as 0 (candidate.py)."""
    steps = []
    for entry in trace:
        kind = entry[0]
        if kind == "points":  # holds the unit grades as a dict: not a key, and rarely repeated
            steps.append(form(*_WRITERS[kind](*entry[1:])[:3]))
            continue
        step = kept.get(entry)
        if step is None:
            step = form(*_WRITERS[kind](*entry[1:])[:3])
            if len(kept) < 50_000:  # about 30 MB at most, in a server that runs for months
                kept[entry] = step
        steps.append(step)
    return steps


# Numbers in the texts. A grade, a coefficient or a threshold is one of a few shared instances
# (the parser's, the session's): its text is kept, by value (`_n`, `_approx`). A sum or a
# quotient is a new number each time: written directly (`french_number`, `_approx_text`), which
# costs what hashing it to look it up would.


class _Texts(dict):
    """The text of each number, by value, written once. Zero is never kept: -0 equals 0 but is
    written "-0"."""

    __slots__ = ("write",)

    def __init__(self, write) -> None:
        super().__init__()
        self.write = write

    def __missing__(self, value: Decimal) -> str:
        text = self.write(value)
        if value and len(self) < 10_000:
            self[value] = text
        return text


def _approx_text(value: Decimal) -> str:
    """An exact quotient shown with at most four decimals, "…" when it is longer."""
    shown = truncated_quotient(value, _ONE, 4)
    return french_number(shown) + ("…" if shown != value else "")


_ONE = Decimal(1)
_n = _Texts(french_number).__getitem__  # _n(Decimal("12.50")) = "12,5"
_approx = _Texts(_approx_text).__getitem__


def _term_text(term: tuple[str, Decimal, Decimal]) -> str:
    unit, coefficient, grade = term
    return f"{_n(coefficient)} × {_approx(grade)} ({unit})"


_term = _Texts(_term_text).__getitem__  # a term of the points: "3 × 12,5 (U2)"


def _average_text(points, coefficients):
    return (
        f"moyenne = {french_number(points)} / {french_number(coefficients)} = "
        f"{_approx_text(points / coefficients)}"
    )


# Registration (annexe II b; annexe II c, note **)


def _exemption_not_allowed(unit, allowed):
    return (
        "exemption_not_allowed",
        _SOURCE_EXEMPTION,
        f"Inscription refusée : l'unité {unit} ne peut pas faire l'objet d'une dispense "
        f"(seules {', '.join(allowed)} le peuvent).",
        {"unit": unit},
    )


def _exemption_without_title(unit, titles):
    shown = ", ".join(titles) if titles else "aucun"
    return (
        "exemption_without_title",
        _SOURCE_EXEMPTION,
        f"Inscription refusée : la dispense de {unit} demande un titre qui y donne droit ; "
        f"titres déclarés : {shown}.",
        {"unit": unit, "qualifications": list(titles)},
    )


def _same_languages(lv1, lv2):
    return (
        "same_languages",
        _SOURCE_OPTIONAL,
        f"Inscription refusée : la langue de l'épreuve facultative EF1 ({lv2}) doit être "
        f"différente de celle de l'épreuve obligatoire E2 ({lv1}).",
        {"lv1": lv1, "lv2": lv2},
    )


# Exemptions (annexe II b)


def _exemption(unit, titles):
    return (
        "exemption",
        _SOURCE_EXEMPTION,
        f"{unit} dispensée (titres : {', '.join(titles)}) : retirée des points et des "
        "coefficients.",
        {"unit": unit, "qualifications": list(titles)},
    )


def _exempted_grade(unit, grade):
    if type(grade) is str:
        shown = f"la mention « {_STATUS_TEXT[grade]} » saisie"
    elif type(grade) is tuple:  # a unit in parts (none is exemptible in the 2018 data)
        parts = " ; ".join(_STATUS_TEXT[g] if type(g) is str else _n(g) for g in grade)
        shown = f"la note saisie par parties ({parts})"
    else:
        shown = f"la note {_n(grade)} saisie"
    return _exempted_step(unit, shown, {"unit": unit, "grade": grade})


def _exempted_carried_grade(unit, carried):
    shown = (
        f"la note reportée {_n(carried.grade)} ({carried.unit} du "
        f"{_FRAMEWORK_TEXT[carried.framework]}, session {carried.session})"
    )
    return _exempted_step(unit, shown, {"unit": unit, "carried_grade": carried.grade})


def _exempted_resit_grade(unit, grade):
    shown = f"la note d'épreuve de contrôle {_n(grade)}"
    return _exempted_step(
        unit, shown, {"unit": unit, "resit_grade": grade},
        " et n'entre pas dans le nombre des épreuves de contrôle",
    )  # fmt: skip


def _exempted_step(unit, shown, values, more=""):
    return (
        "exempted_unit_grade",
        _SOURCE_EXEMPTION,
        f"{unit} dispensée : {shown} n'est pas prise en compte{more}.",
        values,
    )


# Carried grades (D643-15; arrêté, article 8 and annexe IV)


def _carried(carried, until):
    return (
        "carried_grade",
        _SOURCE_D643_15,
        f"{carried.unit} : note {_n(carried.grade)} de la session {carried.session} "
        f"({_FRAMEWORK_TEXT[carried.framework]}) reportée, valable jusqu'à la session {until}.",
        {"unit": carried.unit, "grade": carried.grade, "session": carried.session},
    )


def _carried_former(unit, sources, grades, coefficients, grade, session, until):
    if len(sources) == 1:
        how = f"{sources[0]} = {_n(grades[0])}"
    else:
        terms = " + ".join(f"{_n(c)} × {_n(g)}" for c, g in zip(coefficients, grades, strict=True))
        total = sum(c * g for c, g in zip(coefficients, grades, strict=True))
        weights = sum(coefficients)
        how = (
            ", ".join(f"{s} = {_n(g)}" for s, g in zip(sources, grades, strict=True))
            + f" ; {unit} = ({terms}) / {_n(weights)} = {_approx(total / weights)}, "
            f"retenue {_n(grade)}"
        )
    return (
        "carried_grade_former",
        f"{ARRETE}, article 8 et annexe IV ; {CODE}, article D643-15",
        f"{unit} : notes du BTS NRC reportées ({how}), session {session}, valables jusqu'à "
        f"la session {until}.",
        {"unit": unit, "sources": list(sources), "grades": list(grades), "grade": grade},
    )


def _former_incomplete(unit, sources, lacking):
    return (
        "carried_grade_former_incomplete",
        f"{ARRETE}, annexe IV",
        f"{unit} ne peut être reportée du BTS NRC : elle correspond à {' et '.join(sources)}, "
        f"et il manque une note reportable de {', '.join(lacking)}.",
        {"unit": unit, "lacking": list(lacking)},
    )


def _carried_below(carried):
    return (
        "carried_grade_below",
        _SOURCE_D643_15,
        f"{carried.unit} : la note {_n(carried.grade)} de la session {carried.session} est "
        "inférieure à 10 : elle ne peut être reportée.",
        {"unit": carried.unit, "grade": carried.grade},
    )


def _carried_expired(carried, until):
    return (
        "carried_grade_expired",
        _SOURCE_D643_15,
        f"{carried.unit} : la note {_n(carried.grade)} de la session {carried.session} "
        f"n'était valable que jusqu'à la session {until} (cinq ans) : elle ne compte plus.",
        {"unit": carried.unit, "session": carried.session, "valid_until": until},
    )


def _carried_waived(carried, unit):
    return (
        "carried_grade_waived",
        _SOURCE_D643_15,
        f"{unit} : le candidat renonce au bénéfice de la note {_n(carried.grade)} de la session "
        f"{carried.session}.",
        {"unit": unit, "grade": carried.grade},
    )


def _carried_superseded(unit, carried_grade, grade):
    shown = _STATUS_TEXT.get(grade, "") if type(grade) is str else ""
    return (
        "carried_grade_superseded",
        _SOURCE_D643_15,
        f"{unit} : le candidat a repassé l'épreuve à cette session ; la note de cette session "
        f"{shown or 'compte'} et remplace la note reportée {_n(carried_grade)}.",
        {"unit": unit, "carried_grade": carried_grade},
    )


# Units made of parts (annexe II d), absences and NV (D643-24)


def _parts(unit, parts, coefficients, total, weights, grade):
    named, terms, values = [], [], {}
    for part, (name, coefficient) in zip(parts, coefficients, strict=True):
        values[name] = part
        name = _PART_TEXT.get(name, name)
        if type(part) is str:
            named.append(f"{name} {_STATUS_TEXT[part]} = 0")
            terms.append(f"{_n(coefficient)} × 0")
        else:
            shown = _n(part)
            named.append(f"{name} {shown}")
            terms.append(f"{_n(coefficient)} × {shown}")
    weights = _n(weights)
    return (
        "unit_from_parts",
        f"{ARRETE}, annexes II c et II d ({unit})",
        f"{unit} ({', '.join(named)}) = ({' + '.join(terms)}) / {weights} = "
        f"{french_number(total)} / {weights} = {_approx_text(grade)}.",
        {"unit": unit, "parts": values, "grade": grade},
    )


def _parts_status(unit, parts, coefficients):
    named = ", ".join(
        f"{_PART_TEXT.get(name, name)} : {_STATUS_TEXT[g] if type(g) is str else _n(g)}"
        for g, (name, _) in zip(parts, coefficients, strict=True)
    )
    return (
        "unit_from_parts_status",
        f"{ARRETE}, annexe II d ; {CODE}, article D643-24",
        f"{unit} : {named} ; l'unité prend cette mention.",
        {"unit": unit},
    )


def _excused(unit):
    return (
        "excused_absence",
        _SOURCE_D643_24,
        f"{unit} : absence pour cause de force majeure dûment constatée : note 0.",
        {"unit": unit, "grade": _ZERO},
    )


def _absent(unit):
    return (
        "absent",
        _SOURCE_D643_24,
        f"{unit} : absence non justifiée à une épreuve obligatoire : le diplôme ne peut être "
        "délivré.",
        {"unit": unit},
    )


def _invalid(unit):
    return (
        "invalid",
        f"{ARRETE}, annexe II d (contrôle de conformité du dossier)",
        f"{unit} : mention NV (non valide) : le diplôme ne peut être délivré.",
        {"unit": unit},
    )


# The optional unit and the points (annexe II c)


def _optional_status(unit, status):
    return (
        "optional_unit_status",
        _SOURCE_D643_24,
        f"{unit} (facultative) : {_STATUS_TEXT[status]} : aucun point ; seule l'absence à une "
        "épreuve obligatoire empêche la délivrance du diplôme.",
        {"unit": unit, "status": status},
    )


def _optional(unit, grade, threshold, bonus):
    if bonus:
        text = (
            f"{unit} (facultative) : {_n(grade)} ; seuls les points au-dessus de "
            f"{_n(threshold)} comptent : {_n(grade)} − {_n(threshold)} = "
            f"{french_number(bonus)} point(s) ajouté(s) au total, sans coefficient ajouté."
        )
    else:
        text = (
            f"{unit} (facultative) : {_n(grade)} n'est pas au-dessus de {_n(threshold)} : aucun "
            "point, elle est sans effet sur la moyenne."
        )
    values = {"unit": unit, "grade": grade, "points": bonus}
    return ("optional_unit", _SOURCE_OPTIONAL, text, values)


def _points(compulsory, unit_grades, bonus, points, coefficients):
    shown, weights = [], []
    for unit, coefficient in compulsory:
        grade = unit_grades.get(unit)
        if grade is not None:
            shown.append(_term((unit, coefficient, grade)))
            weights.append(_n(coefficient))
    if bonus is not None:
        shown.append(f"{french_number(bonus)} (UF1)")
    return (
        "points",
        f"{ARRETE}, annexe II c (coefficients)",
        f"Points = {' + '.join(shown)} = {french_number(points)} ; coefficients = "
        f"{' + '.join(weights)} = {french_number(coefficients)}.",
        {"points": points, "coefficients": coefficients},
    )


# The decision (D643-22, D643-15; arrêté, article 7)


def _admitted(points, coefficients, pass_average):
    return (
        "admitted",
        f"{CODE}, article D643-22 ; {ARRETE}, article 7",
        f"{_average_text(points, coefficients).capitalize()} ≥ {_n(pass_average)} : admis.",
        {"points": points, "coefficients": coefficients},
    )


def _failed(points, coefficients, pass_average, resit):
    text = f"{_average_text(points, coefficients).capitalize()} < {_n(pass_average)} : ajourné"
    if resit is None:
        text += " (pas d'épreuves de contrôle à cette session)."
    else:
        minimum, reaches, professional, professional_minimum, professional_ok = resit
        reasons = []
        if not reaches:
            reasons.append(f"moyenne générale inférieure à {_n(minimum)}")
        if professional is None:
            reasons.append("moyenne des unités professionnelles incalculable")
        elif not professional_ok:
            reasons.append(
                "moyenne des unités professionnelles "
                f"{_approx_text(professional[0] / professional[1])} inférieure à "
                f"{_n(professional_minimum)}"
            )
        text += f" ; pas d'épreuves de contrôle : {' et '.join(reasons)}."
    return (
        "failed",
        f"{CODE}, articles D643-22 et D643-15",
        text,
        {"points": points, "coefficients": coefficients},
    )


def _resit_eligible(points, coefficients, pass_average, resit, count, units):
    minimum, _, professional, professional_minimum, _ = resit
    return (
        "resit_eligible",
        f"{CODE}, articles D643-15 et D643-22",
        f"{_average_text(points, coefficients).capitalize()} : au moins {_n(minimum)} et moins "
        f"de {_n(pass_average)} ; moyenne des unités professionnelles "
        f"{_approx_text(professional[0] / professional[1])} ≥ {_n(professional_minimum)} : admis à "
        f"subir {count} épreuves de contrôle parmi {', '.join(units)}.",
        {"points": points, "coefficients": coefficients},
    )


def _resit_grade(unit, before, grade, replaced):
    verb = "remplace" if replaced else "ne remplace pas"
    return (
        "resit_grade",
        _SOURCE_D643_22,
        f"{unit} : la note de l'épreuve de contrôle {_n(grade)} {verb} la note "
        f"{_approx(before)} ({'plus haute' if replaced else 'pas plus haute'}).",
        {"unit": unit, "before": before, "resit_grade": grade},
    )


def _decision_after_resit(decision, points, coefficients):
    verdict = "admis" if decision == ADMITTED else "ajourné"
    return (
        "decision_after_resit",
        _SOURCE_D643_22,
        f"Après les épreuves de contrôle : {_average_text(points, coefficients)} : {verdict}.",
        {"points": points, "coefficients": coefficients},
    )


def _resit_ignored(decision):
    return (
        "resit_ignored",
        _SOURCE_D643_22,
        "Notes d'épreuves de contrôle ignorées : le candidat n'était pas admis à les subir "
        f"(décision : {decision}).",
        {"decision": decision},
    )


def _professional_average(points, coefficients, average):
    return (
        "professional_average",
        f"{CODE}, article D643-22 ; {ARRETE}, annexe II c",
        f"Moyenne des unités professionnelles U4, U5, U6 = {french_number(points)} / "
        f"{_n(coefficients)} = {_approx_text(points / coefficients)}, affichée "
        f"{french_number(average)} (troncature).",
        {"points": points, "coefficients": coefficients},
    )


def _not_awarded(blocked):
    shown = ", ".join(f"{unit} ({_STATUS_TEXT[status]})" for unit, status in blocked)
    return (
        "not_awarded",
        f"{CODE}, article D643-24 ; {ARRETE}, annexe II d",
        f"Le diplôme ne peut être délivré : {shown} ; pas de moyenne, ajourné.",
        {"units": [unit for unit, _ in blocked]},
    )


def _missing(form, units):
    how = (
        "forme progressive : les unités restantes seront présentées à une session suivante"
        if form == PROGRESSIVE
        else "forme globale : toutes les unités se présentent à la même session"
    )
    return (
        "incomplete",
        f"{CODE}, articles D643-14 et D643-15 ; {ARRETE}, article 7",
        f"Unités sans note : {', '.join(units)} ({how}) ; pas encore de décision.",
        {"units": list(units), "form": form},
    )


def _units_obtained(units, threshold):
    return (
        "units_obtained",
        _SOURCE_D643_15,
        f"Unités obtenues (note ≥ {_n(threshold)}), portées sur l'attestation de blocs de "
        f"compétences : {', '.join(units) if units else 'aucune'}.",
        {"units": list(units)},
    )


# The grade still needed (grade_needed.py)


def _grade_needed(unit, weight, points, coefficients, needed, reachable, pass_average,
                  threshold, maximum):  # fmt: skip
    target = _n(pass_average)
    if weight is None:
        how = (
            f"{_n(points)} + ({unit} − {_n(threshold)}) ≥ {target} × {_n(coefficients)}, "
            f"soit {unit} ≥ {_n(threshold)} + ({target} × {_n(coefficients)} − {_n(points)})"
        )
    else:
        how = (
            f"({_n(points)} + {_n(weight)} × {unit}) / {_n(coefficients)} ≥ {target}, soit "
            f"{unit} ≥ ({target} × {_n(coefficients)} − {_n(points)}) / {_n(weight)}"
        )
    verdict = (
        f"note nécessaire : {_n(needed)}" if reachable else f"même {_n(maximum)} ne suffit pas"
    )
    return (
        "grade_needed",
        f"{ARRETE}, annexe II c ; {CODE}, article D643-22",
        f"{how} ; {verdict} (arrondie au pas supérieur).",
        {"unit": unit, "grade": needed if reachable else None},
    )


_WRITERS = {
    "exemption_not_allowed": _exemption_not_allowed,
    "exemption_without_title": _exemption_without_title,
    "same_languages": _same_languages,
    "exemption": _exemption,
    "exempted_grade": _exempted_grade,
    "exempted_carried_grade": _exempted_carried_grade,
    "exempted_resit_grade": _exempted_resit_grade,
    "carried": _carried,
    "carried_former": _carried_former,
    "former_incomplete": _former_incomplete,
    "carried_below": _carried_below,
    "carried_expired": _carried_expired,
    "carried_waived": _carried_waived,
    "carried_superseded": _carried_superseded,
    "parts": _parts,
    "parts_status": _parts_status,
    "excused": _excused,
    ABSENT: _absent,
    INVALID: _invalid,
    "optional_status": _optional_status,
    "optional": _optional,
    "points": _points,
    "admitted": _admitted,
    "failed": _failed,
    "resit_eligible": _resit_eligible,
    "resit_grade": _resit_grade,
    "decision_after_resit": _decision_after_resit,
    "resit_ignored": _resit_ignored,
    "professional_average": _professional_average,
    "not_awarded": _not_awarded,
    "missing": _missing,
    "units_obtained": _units_obtained,
    "grade_needed": _grade_needed,
}
