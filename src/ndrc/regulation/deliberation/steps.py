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
from ndrc.regulation.explanation import _, comma_list
from ndrc.regulation.framework import CURRENT_FRAMEWORK
from ndrc.regulation.rounding import french_number, truncated_quotient

ARRETE = "Arrêté du 19 février 2018"
CODE = "Code de l'éducation"
_SOURCE_EXEMPTION = f"{ARRETE}, annexe II b"
_SOURCE_OPTIONAL = f"{ARRETE}, annexe II c, note **"
_SOURCE_D643_15 = f"{CODE}, article D643-15"
_SOURCE_D643_22 = f"{CODE}, article D643-22"
_SOURCE_D643_24 = f"{CODE}, article D643-24"

# The texts are `Message`s (explanation.py): French here, the reader's language on a page; the
# numbers of a formula are written in French once, as text.
_STATUS_TEXT = {
    ABSENT: _("absence non justifiée"),
    EXCUSED: _("absence justifiée (force majeure)"),
    INVALID: _("NV (non valide)"),
}
_PART_TEXT = {"written": _("écrit"), "practical": _("pratique")}
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


def _average(points, coefficients):
    """The values of "moyenne = 228,5 / 21 = 10,8809…" in a decision's sentence (one message per
    sentence: a batch writes one for each candidate)."""
    return {
        "points": french_number(points),
        "coefficients": french_number(coefficients),
        "average": _approx_text(points / coefficients),
    }


# Registration (annexe II b; annexe II c, note **)


def _exemption_not_allowed(unit, allowed):
    return (
        "exemption_not_allowed",
        _SOURCE_EXEMPTION,
        _(
            "Inscription refusée : l'unité %(unit)s ne peut pas faire l'objet d'une dispense "
            "(seules %(allowed)s le peuvent).",
            unit=unit,
            allowed=", ".join(allowed),
        ),
        {"unit": unit},
    )


def _exemption_without_title(unit, titles):
    shown = ", ".join(titles) if titles else _("aucun")
    return (
        "exemption_without_title",
        _SOURCE_EXEMPTION,
        _(
            "Inscription refusée : la dispense de %(unit)s demande un titre qui y donne droit ; "
            "titres déclarés : %(titles)s.",
            unit=unit,
            titles=shown,
        ),
        {"unit": unit, "qualifications": list(titles)},
    )


def _same_languages(lv1, lv2):
    return (
        "same_languages",
        _SOURCE_OPTIONAL,
        _(
            "Inscription refusée : la langue de l'épreuve facultative EF1 (%(lv2)s) doit être "
            "différente de celle de l'épreuve obligatoire E2 (%(lv1)s).",
            # As typed, less the spaces around it (compared without them: rules.py).
            lv1=lv1.strip(),
            lv2=lv2.strip(),
        ),
        {"lv1": lv1, "lv2": lv2},
    )


# Exemptions (annexe II b)


def _exemption(unit, titles):
    return (
        "exemption",
        _SOURCE_EXEMPTION,
        _(
            "%(unit)s dispensée (titres : %(titles)s) : retirée des points et des coefficients.",
            unit=unit,
            titles=", ".join(titles),
        ),
        {"unit": unit, "qualifications": list(titles)},
    )


def _exempted_grade(unit, grade):
    if type(grade) is str:
        shown = _("la mention « %(status)s » saisie", status=_STATUS_TEXT[grade])
    elif type(grade) is tuple:  # a unit in parts (none is exemptible in the 2018 data)
        parts = " ; ".join(_STATUS_TEXT[g] if type(g) is str else _n(g) for g in grade)
        shown = _("la note saisie par parties (%(parts)s)", parts=parts)
    else:
        shown = _("la note %(grade)s saisie", grade=_n(grade))
    return _exempted_step(unit, shown, {"unit": unit, "grade": grade})


def _exempted_carried_grade(unit, carried):
    shown = _(
        "la note reportée %(grade)s (%(unit)s du %(framework)s, session %(session)s)",
        grade=_n(carried.grade),
        unit=carried.unit,
        framework=_FRAMEWORK_TEXT[carried.framework],
        session=str(carried.session),
    )
    return _exempted_step(unit, shown, {"unit": unit, "carried_grade": carried.grade})


def _exempted_resit_grade(unit, grade):
    return (
        "exempted_unit_grade",
        _SOURCE_EXEMPTION,
        _(
            "%(unit)s dispensée : la note d'épreuve de contrôle %(grade)s n'est pas prise en "
            "compte et n'entre pas dans le nombre des épreuves de contrôle.",
            unit=unit,
            grade=_n(grade),
        ),
        {"unit": unit, "resit_grade": grade},
    )


def _exempted_step(unit, shown, values):
    return (
        "exempted_unit_grade",
        _SOURCE_EXEMPTION,
        _("%(unit)s dispensée : %(grade)s n'est pas prise en compte.", unit=unit, grade=shown),
        values,
    )


# Carried grades (D643-15; arrêté, article 8 and annexe IV)


def _carried(carried, until):
    return (
        "carried_grade",
        _SOURCE_D643_15,
        _(
            "%(unit)s : note %(grade)s de la session %(session)s (%(framework)s) reportée, "
            "valable jusqu'à la session %(until)s.",
            unit=carried.unit,
            grade=_n(carried.grade),
            session=str(carried.session),
            framework=_FRAMEWORK_TEXT[carried.framework],
            until=str(until),
        ),
        {"unit": carried.unit, "grade": carried.grade, "session": carried.session},
    )


def _carried_former(unit, sources, grades, coefficients, grade, session, until):
    if len(sources) == 1:
        how = f"{sources[0]} = {_n(grades[0])}"
    else:
        terms = " + ".join(f"{_n(c)} × {_n(g)}" for c, g in zip(coefficients, grades, strict=True))
        total = sum(c * g for c, g in zip(coefficients, grades, strict=True))
        weights = sum(coefficients)
        how = _(
            "%(grades)s ; %(unit)s = (%(terms)s) / %(weights)s = %(average)s, retenue %(grade)s",
            grades=", ".join(f"{s} = {_n(g)}" for s, g in zip(sources, grades, strict=True)),
            unit=unit,
            terms=terms,
            weights=_n(weights),
            average=_approx(total / weights),
            grade=_n(grade),
        )
    return (
        "carried_grade_former",
        f"{ARRETE}, article 8 et annexe IV ; {CODE}, article D643-15",
        _(
            "%(unit)s : notes du BTS NRC reportées (%(how)s), session %(session)s, valables "
            "jusqu'à la session %(until)s.",
            unit=unit,
            how=how,
            session=str(session),
            until=str(until),
        ),
        {"unit": unit, "sources": list(sources), "grades": list(grades), "grade": grade},
    )


def _former_incomplete(unit, sources, lacking):
    return (
        "carried_grade_former_incomplete",
        f"{ARRETE}, annexe IV",
        _(
            "%(unit)s ne peut être reportée du BTS NRC : elle correspond à %(sources)s, et il "
            "manque une note reportable de %(lacking)s.",
            unit=unit,
            sources=_and(sources),
            lacking=", ".join(lacking),
        ),
        {"unit": unit, "lacking": list(lacking)},
    )


def _carried_below(carried):
    return (
        "carried_grade_below",
        _SOURCE_D643_15,
        _(
            "%(unit)s : la note %(grade)s de la session %(session)s est inférieure à 10 : elle "
            "ne peut être reportée.",
            unit=carried.unit,
            grade=_n(carried.grade),
            session=str(carried.session),
        ),
        {"unit": carried.unit, "grade": carried.grade},
    )


def _carried_expired(carried, until):
    return (
        "carried_grade_expired",
        _SOURCE_D643_15,
        _(
            "%(unit)s : la note %(grade)s de la session %(session)s n'était valable que "
            "jusqu'à la session %(until)s (cinq ans) : elle ne compte plus.",
            unit=carried.unit,
            grade=_n(carried.grade),
            session=str(carried.session),
            until=str(until),
        ),
        {"unit": carried.unit, "session": carried.session, "valid_until": until},
    )


def _carried_waived(carried, unit):
    return (
        "carried_grade_waived",
        _SOURCE_D643_15,
        _(
            "%(unit)s : le candidat renonce au bénéfice de la note %(grade)s de la session "
            "%(session)s.",
            unit=unit,
            grade=_n(carried.grade),
            session=str(carried.session),
        ),
        {"unit": unit, "grade": carried.grade},
    )


def _carried_superseded(unit, carried_grade, grade):
    values = {"unit": unit, "grade": _n(carried_grade)}
    if type(grade) is str and grade in _STATUS_TEXT:
        text = _(
            "%(unit)s : le candidat a repassé l'épreuve à cette session ; la note de cette "
            "session %(status)s et remplace la note reportée %(grade)s.",
            status=_STATUS_TEXT[grade],
            **values,
        )
    else:
        text = _(
            "%(unit)s : le candidat a repassé l'épreuve à cette session ; la note de cette "
            "session compte et remplace la note reportée %(grade)s.",
            **values,
        )
    return (
        "carried_grade_superseded",
        _SOURCE_D643_15,
        text,
        {"unit": unit, "carried_grade": carried_grade},
    )


# Units made of parts (annexe II d), absences and NV (D643-24)


def _parts(unit, parts, coefficients, total, weights, grade):
    named, terms, values = [], [], {}
    for part, (name, coefficient) in zip(parts, coefficients, strict=True):
        values[name] = part
        name = _PART_TEXT.get(name, name)
        if type(part) is str:
            named.append(_("%(part)s %(status)s = 0", part=name, status=_STATUS_TEXT[part]))
            terms.append(f"{_n(coefficient)} × 0")
        else:
            shown = _n(part)
            named.append(_("%(part)s %(grade)s", part=name, grade=shown))
            terms.append(f"{_n(coefficient)} × {shown}")
    weights = _n(weights)
    return (
        "unit_from_parts",
        f"{ARRETE}, annexes II c et II d ({unit})",
        _(
            "%(unit)s (%(parts)s) = (%(terms)s) / %(weights)s = %(total)s / %(weights)s = "
            "%(grade)s.",
            unit=unit,
            parts=_list(named),
            terms=" + ".join(terms),
            weights=weights,
            total=french_number(total),
            grade=_approx_text(grade),
        ),
        {"unit": unit, "parts": values, "grade": grade},
    )


def _parts_status(unit, parts, coefficients):
    named = [
        _(
            "%(part)s : %(grade)s",
            part=_PART_TEXT.get(name, name),
            grade=_STATUS_TEXT[g] if type(g) is str else _n(g),
        )
        for g, (name, _c) in zip(parts, coefficients, strict=True)
    ]
    return (
        "unit_from_parts_status",
        f"{ARRETE}, annexe II d ; {CODE}, article D643-24",
        _("%(unit)s : %(parts)s ; l'unité prend cette mention.", unit=unit, parts=_list(named)),
        {"unit": unit},
    )


def _excused(unit):
    return (
        "excused_absence",
        _SOURCE_D643_24,
        _("%(unit)s : absence pour cause de force majeure dûment constatée : note 0.", unit=unit),
        {"unit": unit, "grade": _ZERO},
    )


def _absent(unit):
    return (
        "absent",
        _SOURCE_D643_24,
        _(
            "%(unit)s : absence non justifiée à une épreuve obligatoire : le diplôme ne peut "
            "être délivré.",
            unit=unit,
        ),
        {"unit": unit},
    )


def _invalid(unit):
    return (
        "invalid",
        f"{ARRETE}, annexe II d (contrôle de conformité du dossier)",
        _("%(unit)s : mention NV (non valide) : le diplôme ne peut être délivré.", unit=unit),
        {"unit": unit},
    )


# The optional unit and the points (annexe II c)


def _optional_status(unit, status):
    return (
        "optional_unit_status",
        _SOURCE_D643_24,
        _(
            "%(unit)s (facultative) : %(status)s : aucun point ; seule l'absence à une épreuve "
            "obligatoire empêche la délivrance du diplôme.",
            unit=unit,
            status=_STATUS_TEXT[status],
        ),
        {"unit": unit, "status": status},
    )


def _optional(unit, grade, threshold, bonus):
    if bonus:
        text = _(
            "%(unit)s (facultative) : %(grade)s ; seuls les points au-dessus de %(threshold)s "
            "comptent : %(grade)s − %(threshold)s = %(points)s point(s) ajouté(s) au total, "
            "sans coefficient ajouté.",
            unit=unit,
            grade=_n(grade),
            threshold=_n(threshold),
            points=french_number(bonus),
        )
    else:
        text = _(
            "%(unit)s (facultative) : %(grade)s n'est pas au-dessus de %(threshold)s : aucun "
            "point, elle est sans effet sur la moyenne.",
            unit=unit,
            grade=_n(grade),
            threshold=_n(threshold),
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
        _(
            "Points = %(terms)s = %(points)s ; coefficients = %(weights)s = %(coefficients)s.",
            terms=" + ".join(shown),
            points=french_number(points),
            weights=" + ".join(weights),
            coefficients=french_number(coefficients),
        ),
        {"points": points, "coefficients": coefficients},
    )


# The decision (D643-22, D643-15; arrêté, article 7)


def _admitted(points, coefficients, pass_average):
    return (
        "admitted",
        f"{CODE}, article D643-22 ; {ARRETE}, article 7",
        _(
            "Moyenne = %(points)s / %(coefficients)s = %(average)s ≥ %(pass_average)s : admis.",
            **_average(points, coefficients),
            pass_average=_n(pass_average),
        ),
        {"points": points, "coefficients": coefficients},
    )


def _failed(points, coefficients, pass_average, resit):
    average, pass_average = _average(points, coefficients), _n(pass_average)
    if resit is None:
        text = _(
            "Moyenne = %(points)s / %(coefficients)s = %(average)s < %(pass_average)s : "
            "ajourné (pas d'épreuves de contrôle à cette session).",
            **average,
            pass_average=pass_average,
        )
    else:
        minimum, reaches, professional, professional_minimum, professional_ok = resit
        reasons = []
        if not reaches:
            reasons.append(_("moyenne générale inférieure à %(minimum)s", minimum=_n(minimum)))
        if professional is None:
            reasons.append(_("moyenne des unités professionnelles incalculable"))
        elif not professional_ok:
            reasons.append(
                _(
                    "moyenne des unités professionnelles %(average)s inférieure à %(minimum)s",
                    average=_approx_text(professional[0] / professional[1]),
                    minimum=_n(professional_minimum),
                )
            )
        text = _(
            "Moyenne = %(points)s / %(coefficients)s = %(average)s < %(pass_average)s : "
            "ajourné ; pas d'épreuves de contrôle : %(reasons)s.",
            **average,
            pass_average=pass_average,
            reasons=_and(reasons),
        )
    return (
        "failed",
        f"{CODE}, articles D643-22 et D643-15",
        text,
        {"points": points, "coefficients": coefficients},
    )


def _resit_eligible(points, coefficients, pass_average, resit, count, units):
    minimum, _r, professional, professional_minimum, _p = resit
    return (
        "resit_eligible",
        f"{CODE}, articles D643-15 et D643-22",
        _(
            "Moyenne = %(points)s / %(coefficients)s = %(average)s : au moins %(minimum)s et "
            "moins de %(pass_average)s ; moyenne des unités professionnelles %(professional)s ≥ "
            "%(professional_minimum)s : admis à subir %(count)s épreuves de contrôle parmi "
            "%(units)s.",
            **_average(points, coefficients),
            minimum=_n(minimum),
            pass_average=_n(pass_average),
            professional=_approx_text(professional[0] / professional[1]),
            professional_minimum=_n(professional_minimum),
            count=str(count),
            units=", ".join(units),
        ),
        {"points": points, "coefficients": coefficients},
    )


def _resit_grade(unit, before, grade, replaced):
    if replaced:
        text = _(
            "%(unit)s : la note de l'épreuve de contrôle %(grade)s remplace la note %(before)s "
            "(plus haute).",
            unit=unit,
            grade=_n(grade),
            before=_approx(before),
        )
    else:
        text = _(
            "%(unit)s : la note de l'épreuve de contrôle %(grade)s ne remplace pas la note "
            "%(before)s (pas plus haute).",
            unit=unit,
            grade=_n(grade),
            before=_approx(before),
        )
    return (
        "resit_grade",
        _SOURCE_D643_22,
        text,
        {"unit": unit, "before": before, "resit_grade": grade},
    )


def _decision_after_resit(decision, points, coefficients):
    average = _average(points, coefficients)
    if decision == ADMITTED:
        text = _(
            "Après les épreuves de contrôle : moyenne = %(points)s / %(coefficients)s = "
            "%(average)s : admis.",
            **average,
        )
    else:
        text = _(
            "Après les épreuves de contrôle : moyenne = %(points)s / %(coefficients)s = "
            "%(average)s : ajourné.",
            **average,
        )
    return (
        "decision_after_resit",
        _SOURCE_D643_22,
        text,
        {"points": points, "coefficients": coefficients},
    )


def _resit_ignored(decision):
    return (
        "resit_ignored",
        _SOURCE_D643_22,
        _(
            "Notes d'épreuves de contrôle ignorées : le candidat n'était pas admis à les subir "
            "(décision : %(decision)s).",
            decision=decision,
        ),
        {"decision": decision},
    )


def _professional_average(points, coefficients, average):
    return (
        "professional_average",
        f"{CODE}, article D643-22 ; {ARRETE}, annexe II c",
        _(
            "Moyenne des unités professionnelles U4, U5, U6 = %(points)s / %(coefficients)s = "
            "%(average)s, affichée %(shown)s (troncature).",
            points=french_number(points),
            coefficients=_n(coefficients),
            average=_approx_text(points / coefficients),
            shown=french_number(average),
        ),
        {"points": points, "coefficients": coefficients},
    )


def _not_awarded(blocked):
    shown = [
        _("%(unit)s (%(status)s)", unit=unit, status=_STATUS_TEXT[status])
        for unit, status in blocked
    ]
    return (
        "not_awarded",
        f"{CODE}, article D643-24 ; {ARRETE}, annexe II d",
        _(
            "Le diplôme ne peut être délivré : %(units)s ; pas de moyenne, ajourné.",
            units=_list(shown),
        ),
        {"units": [unit for unit, _s in blocked]},
    )


def _missing(form, units):
    if form == PROGRESSIVE:
        text = _(
            "Unités sans note : %(units)s (forme progressive : les unités restantes seront "
            "présentées à une session suivante) ; pas encore de décision.",
            units=", ".join(units),
        )
    else:
        text = _(
            "Unités sans note : %(units)s (forme globale : toutes les unités se présentent à la "
            "même session) ; pas encore de décision.",
            units=", ".join(units),
        )
    return (
        "incomplete",
        f"{CODE}, articles D643-14 et D643-15 ; {ARRETE}, article 7",
        text,
        {"units": list(units), "form": form},
    )


def _units_obtained(units, threshold):
    return (
        "units_obtained",
        _SOURCE_D643_15,
        _(
            "Unités obtenues (note ≥ %(threshold)s), portées sur l'attestation de blocs de "
            "compétences : %(units)s.",
            threshold=_n(threshold),
            units=", ".join(units) if units else _("aucune"),
        ),
        {"units": list(units)},
    )


# The grade still needed (grade_needed.py)


def _grade_needed(
    unit, weight, points, coefficients, needed, reachable, pass_average, threshold, maximum
):
    target = _n(pass_average)
    if weight is None:
        how = _(
            "%(points)s + (%(unit)s − %(threshold)s) ≥ %(target)s × %(coefficients)s, soit "
            "%(unit)s ≥ %(threshold)s + (%(target)s × %(coefficients)s − %(points)s)",
            points=_n(points),
            unit=unit,
            threshold=_n(threshold),
            target=target,
            coefficients=_n(coefficients),
        )
    else:
        how = _(
            "(%(points)s + %(weight)s × %(unit)s) / %(coefficients)s ≥ %(target)s, soit "
            "%(unit)s ≥ (%(target)s × %(coefficients)s − %(points)s) / %(weight)s",
            points=_n(points),
            weight=_n(weight),
            unit=unit,
            coefficients=_n(coefficients),
            target=target,
        )
    if reachable:
        verdict = _("note nécessaire : %(grade)s", grade=_n(needed))
    else:
        verdict = _("même %(maximum)s ne suffit pas", maximum=_n(maximum))
    return (
        "grade_needed",
        f"{ARRETE}, annexe II c ; {CODE}, article D643-22",
        _("%(how)s ; %(verdict)s (arrondie au pas supérieur).", how=how, verdict=verdict),
        {"unit": unit, "grade": needed if reachable else None},
    )


_list = comma_list


def _and(texts):
    """Texts joined by « et » ("U1 et U2 et U3"), each written in the reader's language."""
    joined = texts[0] if texts else ""
    for text in texts[1:]:
        joined = _("%(first)s et %(next)s", first=joined, next=text)
    return joined


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
