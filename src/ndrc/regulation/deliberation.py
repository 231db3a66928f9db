"""Deliberation of the BTS NDRC: from a candidate's grades to the jury's decision, explained.

The algorithm, step by step with its sources and every choice made where the texts are silent,
is in docs/deliberation.md. In short: registration checks (annexe II b, annexe II c note **),
the grade of each unit (current session, carried grade, exemption, absence), U5 from its two
parts, the weighted average over the units taken in exact arithmetic plus the points of UF1 above
10, admission at 10, épreuves de contrôle between 8 and 10, and the units obtained.

Speed matters (`bench/deliberation.py` deliberates a million candidates): everything that depends
only on the framework and the session is computed once (`_rules`, `_Plan`), and the explanation
is kept as a trace of values whose French text is written only when it is read or serialised.
`deliberate_record` validates and deliberates the usual record in one pass, in integers
(hundredths of a point), and falls back to `deliberate(parse_candidate(…))` for anything else;
both give the same result (tests/regulation/test_deliberation_paths.py).
"""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import islice
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from operator import mul
from typing import Any, NamedTuple

from ndrc.regulation.correspondence import Correspondence, load_correspondence
from ndrc.regulation.errors import InputError, shown
from ndrc.regulation.explanation import Step
from ndrc.regulation.framework import CURRENT_FRAMEWORK, FRAMEWORKS_DIR, load_framework, read_yaml
from ndrc.regulation.parameters import parameter
from ndrc.regulation.rounding import (
    ceil_quotient,
    decimal_text,
    french_number,
    round_to,
    shared_decimals,
    truncated_quotient,
)

ABSENT, EXCUSED, INVALID = "absent", "excused", "NV"
STATUSES = frozenset((ABSENT, EXCUSED, INVALID))
WHOLE, PROGRESSIVE = "whole", "progressive"
ADMITTED, FAILED, RESIT_ELIGIBLE = "admitted", "failed", "resit_eligible"
INCOMPLETE, REJECTED = "incomplete", "rejected"
FORMER_FRAMEWORK = "bts_nrc_2003"

RECORD_FIELDS = frozenset(
    (
        "id", "session", "category", "form", "lv1", "lv2", "exemptions", "qualifications",
        "grades", "carried_grades", "waived", "resit_grades",
    )
)  # fmt: skip
CARRIED_FIELDS = frozenset(("unit", "grade", "session", "framework"))

# A unit's grade: a number, a status (absent, excused, NV), or the grades of the parts of a unit
# made of several exams, in the framework's order (U5: (written, practical) = (7, 13)).
Grade = Decimal | str | tuple[Decimal | str, ...]

_n = french_number  # short, in the formulas the explanations write out
ARRETE = "Arrêté du 19 février 2018"
CODE = "Code de l'éducation"


@dataclass(frozen=True, slots=True)
class CarriedGrade:
    """A grade ≥ 10 from an earlier session that the candidate asks to keep (D643-15)."""

    unit: str  # a unit of `framework`: U31 and U32 exist only in bts_nrc_2003
    grade: Decimal
    session: int
    framework: str = CURRENT_FRAMEWORK


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate record of the machine interface (issue 2), validated by `parse_candidate`."""

    id: str
    session: int
    category: str
    grades: dict[str, Grade]
    form: str = WHOLE
    lv1: str | None = None
    lv2: str | None = None
    exemptions: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    carried_grades: tuple[CarriedGrade, ...] = ()
    waived: tuple[str, ...] = ()
    resit_grades: dict[str, Decimal] = field(default_factory=dict)


class Result(NamedTuple):
    """The jury's decision for a candidate.

    `average` and `professional_average` are truncated to two decimals (the decision itself is
    taken on the exact values); `points` and `coefficients` are exact. All four are None when
    there is no average (rejected, incomplete, or an unjustified absence or NV).

    An immutable tuple rather than a frozen dataclass: a batch creates a million of them, and a
    tuple is built several times faster. `trace` holds the values of the explanation, whose
    French text is written only when `explanation` is read or the result is serialised.
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
        trace = self.trace
        if trace and trace[0] is _FAST:
            return tuple(Step(*step) for step in _one_pass_steps(self, True))
        return tuple(_step(entry) for entry in trace)


@dataclass(frozen=True, slots=True)
class GradeNeeded:
    """The smallest grade in `unit` that, other grades unchanged, gives an average ≥ 10."""

    unit: str
    grade: Decimal | None
    reachable: bool
    explanation: tuple[Step, ...]


# --------------------------------------------------------------------------------------------
# Tables computed once per framework and per session
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rules:
    session: int
    compulsory: tuple[tuple[str, Decimal], ...]  # (unit, coefficient) in framework order
    professional: tuple[tuple[str, Decimal], ...]
    general: frozenset[str]
    optional: str | None
    units: frozenset[str]
    parts: dict[str, tuple[tuple[str, Decimal], ...]]  # unit → (part, coefficient)
    part_weights: dict[str, Decimal]  # unit → Σ coefficients of its parts
    professional_weights: Decimal
    categories: frozenset[str]
    exemptions: dict[str, tuple[frozenset[str], frozenset[str]]]  # unit → (any_of, all_of)
    qualifications: frozenset[str]
    correspondence: Correspondence
    first_session: int
    grade_maximum: Decimal  # grades go from 0 to this
    pass_average: Decimal
    obtained: Decimal
    validity_years: int
    optional_threshold: Decimal
    optional_weight: Decimal
    resit_minimum: Decimal | None  # None: no épreuves de contrôle at this session
    resit_professional_minimum: Decimal | None
    resit_count: int
    unit_rounding: str
    former_rounding: str
    decimals: int
    step: Decimal


_RULES: dict[int, _Rules] = {}


def _value(name: str, on: date) -> Any:
    try:
        return parameter(f"deliberation/{name}").at(on).value
    except LookupError:
        return None


def _rules(session: int) -> _Rules:
    rules = _RULES.get(session)
    if rules is None:
        rules = _RULES[session] = _build_rules(session)
        plan = _build_plan(rules)
        if plan is not None:
            _PLANS[session] = plan
    return rules


def _build_rules(session: int) -> _Rules:
    framework = load_framework(CURRENT_FRAMEWORK)
    folder = FRAMEWORKS_DIR / CURRENT_FRAMEWORK
    head = read_yaml(folder / "framework.yaml")
    exemption_data = read_yaml(folder / "exemptions.yaml")
    units = framework.units.values()
    on = date(session, 1, 1)  # a session uses the values in force on 1 January of its year
    parts = {
        unit.code: tuple((p.code, p.coefficient) for p in framework.exam_of_unit(unit.code).parts)
        for unit in units
        if framework.exam_of_unit(unit.code).parts
    }
    optional = [u.code for u in units if u.is_optional]
    resit_minimum = _value("resit_average_minimum", on)
    return _Rules(
        session=session,
        compulsory=tuple((u.code, u.coefficient) for u in units if not u.is_optional),
        professional=tuple((u.code, u.coefficient) for u in units if u.kind == "professional"),
        general=frozenset(u.code for u in units if u.kind == "general"),
        optional=optional[0] if optional else None,
        units=frozenset(framework.units),
        parts=parts,
        part_weights={unit: sum(c for _, c in p) for unit, p in parts.items()},
        professional_weights=sum(u.coefficient for u in units if u.kind == "professional"),
        categories=frozenset(framework.candidate_categories),
        exemptions={
            e["unit"]: (frozenset(e.get("any_of", ())), frozenset(e.get("all_of", ())))
            for e in exemption_data["exemptions"]
        },
        qualifications=frozenset(exemption_data["qualifications"]),
        correspondence=load_correspondence(CURRENT_FRAMEWORK),
        first_session=head["first_session"],
        grade_maximum=_value("grade_maximum", on),
        pass_average=_value("pass_average", on),
        obtained=_value("unit_obtained_grade", on),
        validity_years=_value("carried_grade_validity_years", on),
        optional_threshold=_value("optional_unit_threshold", on),
        optional_weight=_value("optional_unit_weight", on),
        resit_minimum=resit_minimum,
        resit_professional_minimum=_value("resit_professional_average_minimum", on),
        resit_count=_value("resit_exam_count", on) or 0,
        unit_rounding=_value("computed_unit_grade_rounding", on),
        former_rounding=_value("former_unit_grade_rounding", on),
        decimals=_value("average_decimals", on),
        step=_value("grade_needed_step", on),
    )


class _Plan:
    """The tables of `_Rules` as the one-pass deliberation uses them: grades, thresholds and
    points in integer hundredths of a point, coefficients as integers (see deliberate_record)."""

    __slots__ = (
        "categories",
        "coefficient_decimal",
        "coefficient_sum",
        "coefficients",
        "compulsory_units",
        "detailed",
        "exemptions",
        "first_session",
        "general",
        "grade_maximum",
        "obtained",
        "obtained_units",
        "optional",
        "optional_threshold",
        "optional_weight",
        "part_grades",
        "part_names",
        "part_position",
        "part_total",
        "part_unit",
        "part_weights",
        "parts_steps",
        "pass_average",
        "position",
        "professional_coefficients",
        "professional_slice",
        "professional_weights",
        "qualifications",
        "resit_count",
        "resit_minimum",
        "resit_professional_minimum",
        "resit_units",
        "rules",
        "session",
        "source",
        "unit_count",
        "units",
        "usual",
        "validity_years",
    )  # fmt: skip

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            setattr(self, name, value)


_PLANS: dict[int, _Plan] = {}


def _whole(value: Decimal | None, scale: int = 1) -> int | None:
    """`value × scale` as an int, or None when it is not a whole number."""
    if value is None:
        return None
    scaled = value * scale
    return int(scaled) if scaled == scaled.to_integral_value() else None


def _build_plan(rules: _Rules) -> "_Plan | None":
    """The plan of a session, or None when its data falls outside what the integer arithmetic
    represents exactly (then every record of the session takes the general path)."""
    coefficients = tuple(_whole(c) for _, c in rules.compulsory)
    parts = []
    for position, (unit, _) in enumerate(rules.compulsory):
        if unit in rules.parts:
            names = tuple(name for name, _ in rules.parts[unit])
            weights = tuple(_whole(c) for _, c in rules.parts[unit])
            parts.append((position, unit, names, weights, _whole(rules.part_weights[unit])))
    thresholds = [
        _whole(value, 100)
        for value in (rules.pass_average, rules.obtained, rules.optional_threshold)
    ]
    resit = (rules.resit_minimum, rules.resit_professional_minimum)
    resit_hundredths = [_whole(value, 100) for value in resit]
    integral = (
        None not in coefficients
        and all(None not in weights and total for *_, weights, total in parts)
        and None not in thresholds
        and _whole(rules.optional_weight) is not None
        and all(h is not None or v is None for h, v in zip(resit_hundredths, resit, strict=True))
    )
    if not integral or rules.unit_rounding != "none" or rules.decimals != 2 or not rules.optional:
        return None
    units = tuple(unit for unit, _ in rules.compulsory)
    position = {unit: i for i, unit in enumerate(units)}
    professional = tuple(position[unit] for unit, _ in rules.professional)
    # The one-pass writer puts unit, part and title codes in JSON text as they are.
    codes = [*rules.units, *rules.qualifications, *(n for _, _, names, *_ in parts for n in names)]
    if any(json.dumps(code, ensure_ascii=False) != f'"{code}"' for code in codes):
        return None
    maximum = _whole(rules.grade_maximum, 100)
    if maximum is None or max(_HUNDREDTHS.values()) > maximum:
        return None  # the shared table `_HUNDREDTHS` would accept a grade above the maximum
    if len(parts) != 1 or professional != tuple(range(professional[0], professional[-1] + 1)):
        return None  # the one pass is written for one unit in parts (U5), U4–U6 in a row
    ((part_position, part_unit, part_names, part_weights, part_total),) = parts
    if {part_unit, *(units[i] for i in professional)} & rules.exemptions.keys():
        return None  # and for a professional average and a U5 always graded
    coefficient_sum = sum(coefficients)
    optional_weight = _whole(rules.optional_weight)
    largest = maximum * (coefficient_sum + optional_weight)  # the maximum everywhere
    _fill_decimals(largest // min(coefficients) + 1, largest + 1)
    # Units obtained by bit mask: bit i for the i-th compulsory unit, the last bit for UF1.
    order = (*units, rules.optional)
    obtained_units = [
        tuple(unit for bit, unit in enumerate(order) if mask >> bit & 1)
        for mask in range(1 << len(order))
    ]
    plan = _Plan(
        session=rules.session,
        rules=rules,
        categories=rules.categories,
        units=rules.units,
        qualifications=rules.qualifications,
        exemptions=rules.exemptions,
        general=rules.general,
        validity_years=rules.validity_years,
        first_session=rules.first_session,
        grade_maximum=rules.grade_maximum,
        compulsory_units=units,
        unit_count=len(units),
        position=position,
        coefficients=coefficients,
        coefficient_sum=coefficient_sum,
        coefficient_decimal=Decimal(coefficient_sum),
        part_unit=part_unit,
        part_position=part_position,
        part_names=part_names,
        part_weights=part_weights,
        part_total=part_total,
        part_grades=tuple(
            total // part_total if total % part_total == 0 else None
            for total in range(maximum * part_total + 1)
        ),
        parts_steps=((_PARTS, part_unit),),
        professional_slice=slice(professional[0], professional[-1] + 1),
        professional_coefficients=tuple(coefficients[i] for i in professional),
        professional_weights=sum(coefficients[i] for i in professional),
        optional=rules.optional,
        optional_threshold=thresholds[2],
        optional_weight=optional_weight,
        obtained=thresholds[1],
        obtained_units=obtained_units,
        pass_average=thresholds[0],
        resit_minimum=resit_hundredths[0],
        resit_professional_minimum=resit_hundredths[1],
        resit_count=rules.resit_count,
        resit_units=tuple(sorted(rules.general)),
    )
    _compile(plan)
    return plan


# --------------------------------------------------------------------------------------------
# Parsing: a JSON record into a Candidate, or an InputError naming the record and the field
# --------------------------------------------------------------------------------------------

_INTEGER_GRADES = {i: Decimal(i) for i in range(21)}  # shared instances; the range is checked apart
_ZERO = Decimal(0)
_NO_RESIT: dict[str, Decimal] = {}


class _Where:
    """Names the record in error messages: its id when known, and its position in the file."""

    __slots__ = ("id", "index")

    def __init__(self, index: int | None) -> None:
        self.id: Any = None
        self.index = index

    def error(self, path: str, message: str) -> InputError:
        who = []
        if isinstance(self.id, str):
            who.append(f"candidat « {self.id} »")
        if self.index is not None:
            who.append(f"enregistrement n° {self.index + 1}")
        if len(who) == 2:
            prefix = f"{who[0]} ({who[1]})"
        else:
            prefix = who[0] if who else "candidat"
        return InputError(f"{prefix}, champ « {path} » : {message}")


def _number(value: Any, maximum: Decimal, where: _Where, path: str) -> Decimal:
    """A grade from 0 to `maximum` (parameter `deliberation/grade_maximum`) as a Decimal."""
    kind = type(value)
    if kind is int:
        if 0 <= value <= maximum:
            grade = _INTEGER_GRADES.get(value)
            return Decimal(value) if grade is None else grade
    elif kind is Decimal:
        if value.is_finite() and _ZERO <= value <= maximum:
            return value
    elif kind is float:
        # A float from a non-JSON client: read it back from its shortest decimal writing.
        if math.isfinite(value):
            grade = Decimal(repr(value))
            if _ZERO <= grade <= maximum:
                return grade
    else:
        raise where.error(path, f"nombre attendu, reçu {shown(value)}")
    raise where.error(path, f"note {shown(value)} hors de l'intervalle 0 à {decimal_text(maximum)}")


def _grade(unit: str, value: Any, rules: _Rules, where: _Where) -> Grade:
    path = f"grades.{unit}"
    if type(value) is str:
        if value in STATUSES:
            return value
        raise where.error(
            path, f"note ou « absent », « excused », « NV » attendu, reçu « {value} »"
        )
    if type(value) is dict:
        parts = rules.parts.get(unit)
        if parts is None:
            raise where.error(path, f"{unit} n'a pas de parties : une note attendue")
        names = [name for name, _ in parts]
        if value.keys() != set(names):
            raise where.error(path, f"{unit} attend exactement les parties {', '.join(names)}")
        return tuple(
            value[name]
            if type(value[name]) is str and value[name] in STATUSES
            else _number(value[name], rules.grade_maximum, where, f"{path}.{name}")
            for name in names
        )
    return _number(value, rules.grade_maximum, where, path)


def _text(value: Any, where: _Where, path: str) -> str:
    raise where.error(path, f"texte non vide attendu, reçu {shown(value)}")


def _codes(value: Any, allowed: frozenset[str], where: _Where, path: str, what: str):
    if type(value) is not list:
        raise where.error(path, f"liste {what} attendue")
    for position, code in enumerate(value):
        if type(code) is not str or code not in allowed:
            raise where.error(f"{path}[{position}]", f"code inconnu : {shown(code)}")
    return tuple(dict.fromkeys(value))


def parse_candidate(record: Mapping[str, Any], *, index: int | None = None) -> Candidate:
    """Validate a candidate record of the machine interface and return it as a Candidate.

    Raises InputError, in French, naming the record's id (or its index) and the field: unknown
    field or unit, grade outside 0–20 (`deliberation/grade_maximum`) or not a number, unknown
    category… A grade given for an exempted unit is accepted (it is not used).
    """
    where = _Where(index)
    if not isinstance(record, Mapping):
        raise where.error("(enregistrement)", f"objet JSON attendu, reçu {shown(record)}")
    get = record.get
    where.id = candidate_id = get("id")
    if not record.keys() <= RECORD_FIELDS:
        raise where.error(sorted(record.keys() - RECORD_FIELDS)[0], "champ inconnu")
    session, category, raw_grades = get("session"), get("category"), get("grades")
    if candidate_id is None or session is None or category is None or raw_grades is None:
        missing = [n for n in ("id", "session", "category", "grades") if get(n) is None]
        raise where.error(missing[0], "champ obligatoire manquant")
    if type(candidate_id) is not str or not candidate_id:
        raise where.error("id", f"identifiant texte attendu, reçu {shown(candidate_id)}")
    rules = _RULES.get(session) if type(session) is int else None
    if rules is None:
        rules = _session_rules(session, where)
    if type(category) is not str or category not in rules.categories:
        raise where.error("category", f"catégorie de candidat inconnue : {shown(category)}")
    form = get("form", WHOLE)
    if form != WHOLE and form != PROGRESSIVE:
        raise where.error("form", f"« whole » ou « progressive » attendu, reçu {shown(form)}")
    if type(raw_grades) is not dict:
        raise where.error("grades", "objet attendu (unité → note)")
    grades = {}
    units = rules.units
    integers = _INTEGER_GRADES
    maximum = rules.grade_maximum
    for unit, value in raw_grades.items():
        if unit not in units:
            raise where.error(f"grades.{unit}", "unité inconnue")
        kind = type(value)
        # Fast paths for the usual grades; anything else (parts, statuses, errors) in _grade.
        if kind is int and value in integers and value <= maximum:
            grades[unit] = integers[value]
        elif kind is Decimal and value.is_finite() and 0 <= value <= maximum:
            grades[unit] = value
        else:
            grades[unit] = _grade(unit, value, rules, where)
    exemptions = get("exemptions")
    if exemptions is not None:
        # A grade given for an exempted unit is not an error: it is not used (see _unit_grades).
        exemptions = _codes(exemptions, units, where, "exemptions", "d'unités")
    qualifications = get("qualifications")
    if qualifications is not None:
        qualifications = _codes(
            qualifications, rules.qualifications, where, "qualifications", "de titres"
        )
    carried = get("carried_grades")
    if carried is not None:
        carried = _carried(carried, session, rules, where)
    waived = get("waived")
    if waived is not None:
        waived = _waived(waived, carried or (), rules, where)
    resit = get("resit_grades")
    if resit is not None:
        resit = _resit(resit, exemptions or (), rules, where)
    lv1, lv2 = get("lv1"), get("lv2")
    return Candidate(
        candidate_id,
        session,
        category,
        grades,
        form,
        lv1 if lv1 is None or (type(lv1) is str and lv1.strip()) else _text(lv1, where, "lv1"),
        lv2 if lv2 is None or (type(lv2) is str and lv2.strip()) else _text(lv2, where, "lv2"),
        exemptions or (),
        qualifications or (),
        carried or (),
        waived or (),
        resit or _NO_RESIT,
    )


def _session_rules(session: Any, where: _Where) -> _Rules:
    if type(session) is not int or not 1900 < session < 10000:
        raise where.error("session", f"année de session attendue, reçu {shown(session)}")
    first = read_yaml(FRAMEWORKS_DIR / CURRENT_FRAMEWORK / "framework.yaml")["first_session"]
    if session < first:
        raise where.error(
            "session", f"le BTS NDRC n'a pas de session avant {first} (arrêté, article 9)"
        )
    return _rules(session)


def _waived(value: Any, carried, rules: _Rules, where: _Where) -> tuple[str, ...]:
    waived = _codes(value, rules.units, where, "waived", "d'unités")
    carried_units = {_carried_unit(c, rules) for c in carried}
    for position, unit in enumerate(waived):
        if unit not in carried_units:
            raise where.error(
                f"waived[{position}]", f"aucune note reportée de {unit} à laquelle renoncer"
            )
    return waived


def _carried_unit(carried: CarriedGrade, rules: _Rules) -> str:
    if carried.framework == CURRENT_FRAMEWORK:
        return carried.unit
    return rules.correspondence.row_of(carried.unit).unit


def _carried(value: Any, session: int, rules: _Rules, where: _Where) -> tuple[CarriedGrade, ...]:
    if type(value) is not list:
        raise where.error("carried_grades", "liste attendue")
    former = rules.correspondence
    carried = []
    for position, item in enumerate(value):
        path = f"carried_grades[{position}]"
        if type(item) is not dict:
            raise where.error(path, "objet attendu (unit, grade, session, framework)")
        unknown = item.keys() - CARRIED_FIELDS
        if unknown:
            raise where.error(f"{path}.{sorted(unknown)[0]}", "champ inconnu")
        for name in ("unit", "grade", "session"):
            if name not in item:
                raise where.error(f"{path}.{name}", "champ obligatoire manquant")
        framework = item.get("framework", CURRENT_FRAMEWORK)
        if framework == CURRENT_FRAMEWORK:
            units, first, last = rules.units, rules.first_session, session - 1
        elif framework == former.from_framework:
            units, first, last = former.former_units, 1900, min(former.last_session, session - 1)
        else:
            raise where.error(
                f"{path}.framework",
                f"« {CURRENT_FRAMEWORK} » ou « {former.from_framework} » attendu, "
                f"reçu {shown(framework)}",
            )
        unit = item["unit"]
        if type(unit) is not str or unit not in units:
            raise where.error(f"{path}.unit", f"unité inconnue du {framework} : {shown(unit)}")
        grade = _number(item["grade"], rules.grade_maximum, where, f"{path}.grade")
        obtained = item["session"]
        if type(obtained) is not int or not first <= obtained <= last:
            raise where.error(
                f"{path}.session",
                f"session entre {first} et {last} attendue, reçu {shown(obtained)}",
            )
        carried.append(CarriedGrade(unit, grade, obtained, framework))
    return tuple(carried)


def _resit(value: Any, exemptions, rules: _Rules, where: _Where) -> dict[str, Decimal]:
    if type(value) is not dict:
        raise where.error("resit_grades", "objet attendu (unité → note)")
    if value and rules.resit_minimum is None:
        raise where.error(
            "resit_grades", f"pas d'épreuves de contrôle à la session {rules.session}"
        )
    # A resit grade for an exempted unit is kept, to be explained as not used, but not counted.
    if len([unit for unit in value if unit not in exemptions]) > rules.resit_count:
        raise where.error(
            "resit_grades", f"au plus {rules.resit_count} épreuves de contrôle (D643-15)"
        )
    resit = {}
    for unit, grade in value.items():
        path = f"resit_grades.{unit}"
        if unit not in rules.general:
            raise where.error(
                path,
                f"les épreuves de contrôle portent sur {', '.join(sorted(rules.general))}",
            )
        resit[unit] = _number(grade, rules.grade_maximum, where, path)
    return resit


# --------------------------------------------------------------------------------------------
# Deliberation
# --------------------------------------------------------------------------------------------


def deliberate(candidate: Candidate) -> Result:
    """Decide on a candidate: admitted, failed, resit_eligible, incomplete or rejected.

    Every step is kept in the result's explanation with its source and values; see
    docs/deliberation.md for the algorithm and the choices made where the texts are silent.
    """
    rules = _RULES.get(candidate.session) or _rules(candidate.session)
    trace: list[tuple[Any, ...]] = []
    if (candidate.exemptions or candidate.lv2) and _rejected(candidate, rules, trace):
        return Result(candidate.id, REJECTED, None, None, None, None, (), tuple(trace))
    unit_grades, blocked, missing = _unit_grades(candidate, rules, trace)
    obtained = rules.obtained
    units_obtained = tuple([u for u, g in unit_grades.items() if g >= obtained])
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
        trace.append(("units_obtained", units_obtained, obtained))
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
            decision = ADMITTED if points >= rules.pass_average * coefficients else FAILED
            trace.append(("decision_after_resit", decision, points, coefficients))
            units_obtained = tuple([u for u, g in unit_grades.items() if g >= obtained])
        else:
            trace.append(("resit_ignored", decision))
    trace.append(("units_obtained", units_obtained, obtained))
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


def _rejected(candidate: Candidate, rules: _Rules, trace: list) -> bool:
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


def _unit_grades(candidate: Candidate, rules: _Rules, trace: list):
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


def _exempted_grades(candidate: Candidate, unit: str, rules: _Rules, trace: list) -> None:
    """The steps of the grades given for an exempted unit, none of them used (annexe II b): of
    this session, carried, of a resit exam (which does not count among the resit exams)."""
    grade = candidate.grades.get(unit)
    if grade is not None:
        trace.append(("exempted_grade", unit, grade))
    for carried in candidate.carried_grades:
        if _carried_unit(carried, rules) == unit:
            trace.append(("exempted_carried_grade", unit, carried))
    grade = candidate.resit_grades.get(unit)
    if grade is not None:
        trace.append(("exempted_resit_grade", unit, grade))


def _from_parts(unit: str, parts, rules: _Rules, trace: list) -> Decimal | str:
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


def _usable_carried(candidate: Candidate, rules: _Rules, trace: list) -> dict[str, Decimal]:
    """Carried grades that count at this session: ≥ 10, valid five years, not waived (D643-15)."""
    session = candidate.session
    limit = session - rules.validity_years
    waived = candidate.waived
    exempted = candidate.exemptions
    usable: dict[str, Decimal] = {}
    former: dict[str, list[CarriedGrade]] = {}
    for carried in candidate.carried_grades:
        unit = _carried_unit(carried, rules)
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


def _professional_points(unit_grades: dict[str, Decimal], rules: _Rules):
    points = _ZERO
    for unit, coefficient in rules.professional:
        grade = unit_grades.get(unit)
        if grade is None:
            return None
        points += coefficient * grade
    return points, rules.professional_weights


def _points(unit_grades: dict[str, Decimal], rules: _Rules, trace: list):
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


def _decide(points, coefficients, professional, rules: _Rules, trace: list) -> str:
    if points >= rules.pass_average * coefficients:
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
             rules.resit_count, tuple(sorted(rules.general)))
        )  # fmt: skip
        return RESIT_ELIGIBLE
    trace.append(("failed", points, coefficients, rules.pass_average, resit))
    return FAILED


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


# --------------------------------------------------------------------------------------------
# One pass: validate and deliberate a record in integers (hundredths of a point)
# --------------------------------------------------------------------------------------------
#
# `deliberate_record` is an optimisation of `deliberate(parse_candidate(record))`, checked
# against it (tests/regulation/test_deliberation_paths.py): the same figures, explanation and
# errors. It reads the record once and computes in integers (grades in hundredths of a point,
# coefficients as integers), in three layers, the most frequent record first:
# 1. `deliberate_record` finds the session's plan and calls (`deliberate_batch` calls it
#    directly), in one call for the whole record,
# 2. the session's `usual` function (`_compile`): it checks the fields (id, session, category,
#    languages, form, resit grades) and reads every compulsory unit with a grade of the
#    table, U5 by its parts, UF1, resit grades, written out unit by unit with the plan's
#    figures as constants;
# 3. `_detailed`, which checks the registration (exemptions, titles, carried grades), and the
#    session's `detailed` function, written out like `usual`, for the rest it computes
#    exactly: exemptions, carried grades of the BTS NDRC, excused and unjustified absences, NV,
#    a grade of 0 or 1, a grade that is not a shared Decimal.
# Anything else takes the general path, which decides or names the error:
# every error, a rejected registration, a missing unit, a BTS NRC grade, a waiver, a status in
# U5's parts or in UF1, a U5 that is not a whole hundredth, a float grade, a grade (of this
# session, carried or of a resit exam) given for an exempted unit.

# Grade → hundredths of a point, for the ints and the shared Decimals of `shared_decimal`. 0 and
# 1 are left out: True and False are equal to them, and a boolean is not a grade (`_detailed`
# reads them). Equal values share one entry: its key is the int, or the shortest writing ("12.5"
# rather than "12.50"), the usual ones, found by identity rather than by a slower comparison.
_HUNDREDTHS: dict[Any, int] = {value: value * 100 for value in range(2, 21)}
for _value_ in sorted(shared_decimals(), key=lambda value: len(str(value))):
    if _value_ != 0 and _value_ != 1:
        _HUNDREDTHS.setdefault(_value_, int(_value_ * 100))
del _value_

# The trace of a one-pass result is one flat tuple (a million results: every object counts),
# all grades in hundredths:
#   (_FAST, plan, steps, UF1 grade, resit grades, titles, first decision,
#    *grades of the compulsory units, *grades of the parts of the unit in parts)
# `steps`: the steps recorded before the figures, in the order the general path writes them;
# a unit's grade is None when exempted, absent or NV; the first decision is the one before the
# resit grades, None when the diploma cannot be awarded (absent or NV). A general trace is a
# tuple of entries, one per step.
_FAST = "one_pass"
_BLOCKED = object()  # `_other_grade`: an unjustified absence or NV
_NO_CARRIED: dict[str, int] = {}  # never written to

# Kinds of the steps recorded before the figures (ABSENT and INVALID are kinds too).
_CARRIED, _CARRIED_BELOW, _CARRIED_EXPIRED = "carried", "carried_below", "carried_expired"
_SUPERSEDED, _EXEMPTION, _PARTS, _EXCUSED = "carried_superseded", "exemption", "parts", "excused"


def _hundredths(value: Any, maximum: Decimal) -> int | None:
    """A grade of 0 to `maximum` (the plan's `grade_maximum`) in hundredths of a point; None for
    anything else (not a number, out of range, more than two decimals, a float): the general
    path then decides or names the error. Raises TypeError for an unhashable value."""
    hundredths = _HUNDREDTHS.get(value)
    if hundredths is not None or value is None:
        return hundredths
    kind = type(value)
    if kind is int:
        return value * 100 if 0 <= value <= maximum else None
    if kind is Decimal and value.is_finite() and _ZERO <= value <= maximum:
        return _whole(value, 100)
    return None


class _LanguageKeys(dict):
    """A language as LV1 and LV2 are compared (annexe II c, note **): without case nor
    surrounding spaces; "" when blank. One entry per writing seen (a batch holds a few)."""

    __slots__ = ()

    def __missing__(self, text: str) -> str:
        key = text.strip().casefold()
        if len(self) < 10_000:
            self[text] = key
        return key


_LANGUAGE_KEYS = _LanguageKeys()


def deliberate_record(record: Any, index: int | None = None) -> Result:
    """Validate a candidate record of the machine interface and deliberate on it.

    The same result, and the same InputError, as `deliberate(parse_candidate(record,
    index=index))`: the usual records (plain grades, exemptions, BTS NDRC carried grades, resit
    grades, absences) are validated and deliberated in one pass, in integers; anything else (an
    error, a rejected registration, a missing unit, a BTS NRC grade, a waiver…) takes the
    general path.
    """
    plan = _plan_of(record)
    if plan is None:
        return _general_path(record, index)
    return plan.usual(record, index)


def deliberate_batch(records: list[Any]) -> list[Result]:
    """`deliberate_record` on each record of a list, in order: the results, or the InputError of
    the first malformed record.

    Written for speed (a million records): one call per record, of the one-pass function of the
    first record's session, which the sessions deliberated alike share (see `_compile`).
    """
    if not records:
        return []
    first = deliberate_record(records[0], 0)  # builds the session's plan the first time
    plan = _plan_of(records[0])
    one_pass = deliberate_record if plan is None else plan.usual
    return [first, *map(one_pass, islice(records, 1, None), range(1, len(records)))]


def _plan_of(record: Any) -> "_Plan | None":
    """The one-pass plan of the record's session, if it has one (built by the general path)."""
    try:
        return _PLANS.get(record.get("session")) if type(record) is dict else None
    except TypeError:  # an unhashable session: the general path names the error
        return None


def _general_path(record: Any, index: int | None) -> Result:
    return deliberate(parse_candidate(record, index=index))


def _compile(plan: _Plan) -> None:
    """Write out the plan's two one-pass functions unit by unit, the plan's units, coefficients
    and thresholds as constants (all from the framework data and the dated parameters), and
    compile them once; their source is kept in `plan.source` for whoever reads it.

    `usual(record, index)`: the whole record in one call. It finds the plan of the record's
    session (another session: `deliberate_record`), checks the fields (id, session, category,
    languages, form, resit grades; every field present must be one it reads) and decides the
    usual record, every compulsory unit with a grade of the table `_HUNDREDTHS` (the general
    path's steps 3 and 5 to 9). A record with registration fields (exemptions, titles, carried
    grades) or a grade out of the table (a status, a missing unit…) is handed to `_detailed`;
    whatever neither decides goes to the general path (`general`), which decides or names the
    error with the record's index.

    `detailed(plan, candidate_id, grades, resit, steps, exempted, usable, titles)`: the same for a
    record whose registration `_detailed` has read: the exempted units, the usable carried
    grades (unit → hundredths), the steps so far, validated resit grades. Besides the usual
    grades: exemptions, carried grades, excused and unjustified absences, NV, grades out of the
    table (`_other_grade`).
    """
    units = plan.compulsory_units
    every = range(len(units))
    grades = ", ".join(f"g{i}" for i in every)
    parts = ", ".join(f"p{j}" for j in range(len(plan.part_names)))
    at = plan.part_position
    professional = range(plan.professional_slice.start, plan.professional_slice.stop)
    others = [i for i in every if i not in professional]
    exemptible = {i for i in others if units[i] in plan.exemptions}
    obtained, threshold = plan.obtained, plan.optional_threshold
    weights = plan.professional_weights
    weighted_parts = " + ".join(f"{w} * p{j}" for j, w in enumerate(plan.part_weights))

    def weighted(positions) -> str:
        # Σ coefficient × grade, grouped by coefficient: 3 * (g0 + g1 + g2) + …
        groups: dict[int, list[str]] = {}
        for i in positions:
            groups.setdefault(plan.coefficients[i], []).append(f"g{i}")
        return " + ".join(
            f"{c} * ({' + '.join(terms)})" if len(terms) > 1 else f"{c} * {terms[0]}"
            for c, terms in groups.items()
        )

    def plus(positions) -> str:
        terms = weighted(positions)
        return f"{terms} + " if terms else ""

    # The pieces both functions share are written unindented; `indent` puts them in place.
    def indent(lines, prefix: str = "    ") -> list[str]:
        return [f"{prefix}{line}" for line in lines]

    def kept(i: int) -> list[str]:
        return [f"if g{i} >= {obtained}:", f"    kept += {1 << i}"]

    def decision(coefficients: str) -> list[str]:
        lines = [
            f"if points >= {plan.pass_average}{coefficients}:",
            "    decision = ADMITTED",
        ]
        if plan.resit_minimum is not None:
            lines += [
                f"elif points >= {plan.resit_minimum}{coefficients} and professional >= "
                f"{plan.resit_professional_minimum * weights}:",
                "    decision = RESIT_ELIGIBLE",
            ]
        return [*lines, "else:", "    decision = FAILED"]

    optional = [
        "if optional is not None:",
        f"    if optional > {threshold}:",
        f"        points += (optional - {threshold}) * {plan.optional_weight}",
        f"    if optional >= {obtained}:",
        f"        kept += {1 << len(units)}",
    ]
    body = [
        "candidate_id = record['id']",
        "grades = record['grades']",
        "if (",
        "    type(session) is not int",
        "    or type(candidate_id) is not str",
        "    or not candidate_id",
        "    or type(grades) is not dict",
        "    or record['category'] not in CATEGORIES",
        "):",
        "    return general(record, index)",
        "# Every field present must be one this pass reads: count those left to read.",
        "unread = len(record) - 4",
        "resit = None",
        "if unread:",
        "    lv1 = record.get('lv1')",
        "    if lv1 is not None:",
        "        if type(lv1) is not str or not LANGUAGES[lv1]:",
        "            return general(record, index)  # a blank language",
        "        unread -= 1",
        "    if unread:",
        "        lv2 = record.get('lv2')",
        "        if lv2 is not None:",
        "            if type(lv2) is not str:",
        "                return general(record, index)",
        "            key = LANGUAGES[lv2]",
        "            if not key or (lv1 is not None and key == LANGUAGES[lv1]):",
        "                return general(record, index)  # blank, or LV2 = LV1 (rejected)",
        "            unread -= 1",
        "        if unread:",
        "            form = record.get('form')",
        "            if form is not None:",
        "                if form != WHOLE and form != PROGRESSIVE:",
        "                    return general(record, index)",
        "                unread -= 1",
        "            resit = record.get('resit_grades')",
        "            if resit is not None:",
        "                unread -= 1",
        "            if unread:  # exemptions, titles, carried grades, or an unknown field",
        "                return _detailed(plan, candidate_id, grades, resit, record.get, "
        "unread) or general(record, index)",
        "try:",
        *(f"    g{i} = HUNDREDTHS[grades[{units[i]!r}]]" for i in every if i != at),
        f"    parts = grades[{plan.part_unit!r}]",
        "    if type(parts) is dict:",
        *(f"        p{j} = HUNDREDTHS[parts[{n!r}]]" for j, n in enumerate(plan.part_names)),
        f"        g{at} = PART_GRADES[{weighted_parts}]",
        "        steps = PARTS_STEPS",
        "    else:",
        f"        g{at} = HUNDREDTHS[parts]",
        f"        {parts} = {', '.join('None' for _ in plan.part_names)}",
        "        steps = ()",
        f"    if len(grades) == {len(units)}:",
        "        optional = None",
        "    else:",
        f"        optional = HUNDREDTHS[grades[{plan.optional!r}]]",
        f"        if len(grades) != {len(units) + 1}:",
        "            return general(record, index)  # an unknown unit",
        "except KeyError:  # a status, a missing unit, a grade that is not a shared value",
        "    return _detailed(plan, candidate_id, grades, resit, record.get, 0) or general("
        "record, index)",
        f"if p0 is not None and (len(parts) != {len(plan.part_names)} or g{at} is None):",
        "    return general(record, index)  # an unknown part, or not a whole hundredth",
        "if resit is not None:",
        "    resit = _resit_grades(plan, resit, ())",
        "    if resit is None:",
        "        return general(record, index)",
        f"professional = {weighted(professional)}",
        f"points = {plus(others)}professional",
        "kept = 0",
        *(line for i in every for line in kept(i)),
        *optional,
        *decision(f" * {plan.coefficient_sum}"),
        f"trace = (_FAST, plan, steps, optional, resit, (), decision, {grades}, {parts})",
        "if resit and decision is RESIT_ELIGIBLE:",
        f"    return _after_resit(plan, candidate_id, [{grades}], optional, resit, trace)",
        "return _new_result(Result, (",
        f"    candidate_id, decision, AVERAGES[points // {plan.coefficient_sum}],",
        "    DECIMALS[points], COEFFICIENTS,",
        f"    AVERAGES[professional // {weights}], OBTAINED[kept], trace,",
        "))",
    ]
    usual = [
        "def usual(record, index=None):",
        "    try:",
        "        session = record['session']",
        "        plan = PLANS[session]",
        "    except (KeyError, TypeError):  # not a session of this function, or not a record",
        "        return deliberate_record(record, index)",
        "    try:",
        *indent(body, "        "),
        "    except (KeyError, TypeError, ArithmeticError):",
        "        return general(record, index)  # a field missing, a value of the wrong type",
    ]

    def read(i: int) -> list[str]:
        # A unit's grade in g{i}: exempted (None), carried, of this session (a table look-up,
        # else `_other_grade`: a status, 0, 1, a fresh Decimal). The usual grade, in the table
        # and without a carried grade, is read in the first three lines.
        unit = units[i]
        carried = [
            f"g{i} = usable.get({unit!r})",
            f"if g{i} is None:",
            "    return None  # no grade: incomplete, in the general path",
        ]
        if i in exemptible:
            missing = [
                f"if {unit!r} in exempted:",
                f"    steps.append((_EXEMPTION, {unit!r}))",
                f"    g{i} = None",
                "else:",
                *indent(carried, "    "),
            ]
        else:
            missing = carried
        other = [
            f"g{i} = _other_grade({unit!r}, value, steps, MAXIMUM)",
            f"if g{i} is None:",
            "    return None  # an error: the general path names it",
            f"if g{i} is BLOCKED:",
            "    blocked = True",
            f"    g{i} = None",
        ]
        superseded = [
            f"if {unit!r} in usable:",
            f"    steps.append(_superseded({unit!r}, usable, value))",
        ]
        if i != at:
            return [
                "",
                f"    value = grade_of({unit!r})",
                f"    g{i} = HUNDREDTHS.get(value)",
                f"    if g{i} is None or {unit!r} in usable:",
                "        if value is None:",
                "            absent += 1",
                *indent(missing, "            "),
                "        else:",
                *indent(superseded, "            "),
                f"            if g{i} is None:",
                *indent(other, "                "),
            ]
        names = plan.part_names
        return [
            "",
            f"    value = grade_of({unit!r})",
            "    if value is None:",
            "        absent += 1",
            *indent(missing, "        "),
            "    else:",
            *indent(superseded, "        "),
            "        if type(value) is dict:",
            f"            if len(value) != {len(names)}:",
            "                return None",
            *(
                line
                for j, n in enumerate(names)
                for line in (
                    f"            p{j} = value.get({n!r})",
                    f"            p{j} = HUNDREDTHS.get(p{j}) or _hundredths(p{j}, MAXIMUM)",
                )
            ),
            f"            if {' or '.join(f'p{j} is None' for j in range(len(names)))}:",
            "                return None  # a status in a part, or an error: the general path",
            f"            g{i} = PART_GRADES[{weighted_parts}]",
            f"            if g{i} is None:",
            "                return None  # not a whole hundredth: the general path",
            f"            steps.append((_PARTS, {unit!r}))",
            "        else:",
            f"            g{i} = HUNDREDTHS.get(value)",
            f"            if g{i} is None:",
            *indent(other, "                "),
        ]

    detailed = [
        "def detailed(plan, candidate_id, grades, resit, steps, exempted, usable, titles):",
        "    grade_of = grades.get",
        "    absent = 0  # the units without a grade: any other key of `grades` is unknown",
        "    blocked = False",
        f"    {parts} = {', '.join('None' for _ in plan.part_names)}",
        *(line for i in every for line in read(i)),
        "",
        f"    optional = grade_of({plan.optional!r})",
        "    if optional is None:",
        "        absent += 1",
        f"        optional = usable.get({plan.optional!r})",
        "    else:",
        "        optional = HUNDREDTHS.get(optional) or _hundredths(optional, MAXIMUM)",
        "        if optional is None:",
        "            return None  # a status of UF1, or an error: the general path",
        f"    if len(grades) != {len(units) + 1} - absent:",
        "        return None  # an unknown unit, or a grade given as null",
        "    if blocked:",
        f"        return _not_awarded(plan, candidate_id, [{grades}], ({parts},), optional, "
        "tuple(steps), resit, titles)",
        f"    professional = {weighted(professional)}",
        f"    points = {plus(i for i in others if i not in exemptible)}professional",
        "    coefficients = "
        f"{sum(c for i, c in enumerate(plan.coefficients) if i not in exemptible)}",
        "    kept = 0",
    ]
    for i in every:
        if i in exemptible:
            detailed += [
                f"    if g{i} is not None:  # else exempted",
                f"        points += {plan.coefficients[i]} * g{i}",
                f"        coefficients += {plan.coefficients[i]}",
                *indent(kept(i), "        "),
            ]
        else:
            detailed += indent(kept(i))
    detailed += [
        *indent(optional),
        *indent(decision(" * coefficients")),
        "    trace = (",
        f"        _FAST, plan, tuple(steps), optional, resit, titles, decision, {grades}, {parts},",
        "    )",
        "    if resit and decision is RESIT_ELIGIBLE:",
        f"        return _after_resit(plan, candidate_id, [{grades}], optional, resit, trace)",
        "    return _new_result(Result, (",
        "        candidate_id, decision, AVERAGES[points // coefficients],",
        "        DECIMALS[points], DECIMALS[100 * coefficients],",
        f"        AVERAGES[professional // {weights}], OBTAINED[kept], trace,",
        "    ))",
    ]
    plan.source = "\n".join([*usual, "", "", *detailed]) + "\n"
    # The plan's own objects the functions read; the sessions deliberated alike (the same source
    # and objects: usually every session of a framework) share the functions, which find the
    # plan by the record's session: a batch of several sessions runs one function.
    constants = {
        "PARTS_STEPS": plan.parts_steps, "CATEGORIES": plan.categories,
        "OBTAINED": tuple(plan.obtained_units), "COEFFICIENTS": plan.coefficient_decimal,
        "MAXIMUM": plan.grade_maximum, "PART_GRADES": plan.part_grades,
    }  # fmt: skip
    key = (plan.source, *constants.values())
    shared = _ONE_PASS.get(key)
    if shared is None:
        namespace = {
            "HUNDREDTHS": _HUNDREDTHS, "_FAST": _FAST, "PLANS": {},
            "general": _general_path, "deliberate_record": deliberate_record,
            "_resit_grades": _resit_grades,
            "_detailed": _detailed, "_after_resit": _after_resit, "_not_awarded": _not_awarded,
            "_other_grade": _other_grade, "_hundredths": _hundredths, "_superseded": _superseded,
            "_EXEMPTION": _EXEMPTION, "_PARTS": _PARTS, "BLOCKED": _BLOCKED,
            "_new_result": _new_result, "Result": Result, "ADMITTED": ADMITTED,
            "RESIT_ELIGIBLE": RESIT_ELIGIBLE, "FAILED": FAILED, "AVERAGES": _AVERAGE_LIST,
            "LANGUAGES": _LANGUAGE_KEYS, "WHOLE": WHOLE, "PROGRESSIVE": PROGRESSIVE,
            "DECIMALS": _DECIMAL_LIST, **constants,
        }  # fmt: skip
        # The source is built above from the plan only (data validated on load), never from
        # input.
        exec(compile(plan.source, f"<one pass from session {plan.session}>", "exec"), namespace)  # noqa: S102
        shared = _ONE_PASS[key] = (namespace["PLANS"], namespace["usual"], namespace["detailed"])
    plans, plan.usual, plan.detailed = shared
    plans[plan.session] = plan


# The one-pass functions by source and objects read (see the end of `_compile`).
_ONE_PASS: dict[tuple[Any, ...], tuple[dict[int, _Plan], Any, Any]] = {}


def _detailed(plan: _Plan, candidate_id: str, grades: dict, resit, get, unread: int):
    """The one pass for the records the usual path leaves (see above): checks the registration
    (exemptions and titles, BTS NDRC carried grades) and the resit grades, then hands over to
    the plan's `detailed` function. `unread`: how many of the record's fields are still to be
    read. None sends the record to the general path."""
    exempted: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    steps: list[tuple[Any, ...]] = []
    usable: dict[str, int] = _NO_CARRIED
    if unread:
        exemptions, qualifications = get("exemptions"), get("qualifications")
        carried = get("carried_grades")
        if unread != (exemptions is not None) + (qualifications is not None) + (
            carried is not None
        ):
            return None  # a waiver, an unknown field, or a field given as null
        if qualifications is not None:
            titles = _known_codes(qualifications, plan.qualifications)
            if titles is None:
                return None
        if exemptions is not None:
            exempted = _known_codes(exemptions, plan.units)
            if exempted is None:
                return None
            for unit in exempted:
                condition = plan.exemptions.get(unit)
                if condition is None or unit in grades:
                    return None  # not exemptible (rejected), or graded all the same (not used)
                any_of, all_of = condition
                if any_of.isdisjoint(titles) or not all_of.issubset(titles):
                    return None  # without the title that opens it: rejected
        if carried is not None:
            usable = {}
            if not _carried_grades(plan, carried, steps, usable, exempted):
                return None
    if resit is not None:
        resit = _resit_grades(plan, resit, exempted)
        if resit is None:
            return None
    return plan.detailed(plan, candidate_id, grades, resit, steps, exempted, usable, titles)


def _other_grade(unit: str, value: Any, steps: list, maximum: Decimal) -> int | object | None:
    """A grade out of the table `_HUNDREDTHS`: 0 for an excused absence, _BLOCKED for an
    unjustified absence or NV (D643-24), each with its step; else the grade in hundredths (0, 1,
    a fresh Decimal), or None for the general path."""
    if value == EXCUSED:
        steps.append((_EXCUSED, unit))
        return 0
    if value == ABSENT or value == INVALID:
        steps.append((ABSENT if value == ABSENT else INVALID, unit))
        return _BLOCKED
    return _hundredths(value, maximum)


def _superseded(unit: str, usable: dict[str, int], value: Any) -> tuple[Any, ...]:
    """The step of a carried grade that a grade of this session replaces (decision 9)."""
    return (_SUPERSEDED, unit, usable[unit], value if type(value) is str else None)


def _known_codes(value: Any, allowed: frozenset[str]) -> tuple[str, ...] | None:
    """A list of known codes without repeats, or None. Raises TypeError for an unhashable code."""
    if type(value) is not list or not allowed.issuperset(value):
        return None  # the codes are strings: anything else is unknown
    return tuple(value) if len(value) < 2 else tuple(dict.fromkeys(value))


def _carried_grades(plan: _Plan, value: Any, steps: list, usable: dict[str, int],
                    exempted: tuple[str, ...]) -> bool:  # fmt: skip
    """Read the BTS NDRC carried grades into `usable` (unit → the highest usable grade) and their
    steps; False when the general path must decide (an error, a BTS NRC grade, a grade of an
    exempted unit)."""
    if type(value) is not list:
        return False
    limit = plan.session - plan.validity_years
    first, last = plan.first_session, plan.session - 1
    units = plan.units
    for item in value:
        if type(item) is not dict or not CARRIED_FIELDS.issuperset(item):
            return False
        if item.get("framework", CURRENT_FRAMEWORK) != CURRENT_FRAMEWORK:
            return False  # a BTS NRC grade: annexe IV, in the general path
        unit, obtained, grade = item.get("unit"), item.get("session"), item.get("grade")
        grade = _HUNDREDTHS.get(grade) or _hundredths(grade, plan.grade_maximum)
        if unit not in units or grade is None or type(obtained) is not int or unit in exempted:
            return False
        if not first <= obtained <= last:
            return False
        if grade < plan.obtained:
            steps.append((_CARRIED_BELOW, unit, grade, obtained))
        elif obtained < limit:
            steps.append((_CARRIED_EXPIRED, unit, grade, obtained))
        elif grade > usable.get(unit, -1):
            steps.append((_CARRIED, unit, grade, obtained))
            usable[unit] = grade
    return True


def _resit_grades(plan: _Plan, value: Any, exempted) -> tuple[tuple[str, int], ...] | None:
    if type(value) is not dict or len(value) > plan.resit_count:
        return None
    if value and plan.resit_minimum is None:
        return None
    resit = []
    hundredths = _HUNDREDTHS.get
    for unit, grade in value.items():
        grade = hundredths(grade) or _hundredths(grade, plan.grade_maximum)  # the table has no 0
        if grade is None or unit not in plan.general or unit in exempted:
            return None  # an error, or a grade of an exempted unit (not used): the general path
        resit.append((unit, grade))
    return tuple(resit)


def _figures(plan: _Plan, unit_grades, optional: int | None) -> tuple[int, int, int | None]:
    """(points, coefficients, UF1 points) in hundredths, over the units taken (annexe II c)."""
    if None in unit_grades:
        points = coefficients = 0
        for grade, coefficient in zip(unit_grades, plan.coefficients, strict=True):
            if grade is not None:
                points += coefficient * grade
                coefficients += coefficient
    else:
        points = sum(map(mul, plan.coefficients, unit_grades))
        coefficients = plan.coefficient_sum
    bonus = None
    if optional is not None:
        bonus = optional - plan.optional_threshold
        bonus = bonus * plan.optional_weight if bonus > 0 else 0
        points += bonus
    return points, coefficients, bonus


def _professional(plan: _Plan, unit_grades) -> int | None:
    """Σ coefficient × grade over U4–U6 in hundredths; None when one has no grade."""
    grades = unit_grades[plan.professional_slice]
    if None in grades:
        return None
    return sum(map(mul, plan.professional_coefficients, grades))


def _obtained(plan: _Plan, unit_grades, optional: int | None) -> tuple[str, ...]:
    """The units whose grade is ≥ 10, UF1 included (D643-15)."""
    threshold = plan.obtained
    kept = 0
    bit = 1
    for grade in unit_grades:
        if grade is not None and grade >= threshold:
            kept += bit
        bit += bit
    if optional is not None and optional >= threshold:
        kept += bit
    return plan.obtained_units[kept]


def _after_resit(plan: _Plan, candidate_id: str, unit_grades: list, optional: int | None,
                 resit, trace) -> Result:  # fmt: skip
    """The decision after the épreuves de contrôle: a higher resit grade replaces (D643-22)."""
    final_grades = list(unit_grades)
    for unit, grade in resit:
        position = plan.position[unit]
        if grade > final_grades[position]:
            final_grades[position] = grade
    points, coefficients, _ = _figures(plan, final_grades, optional)
    decision = ADMITTED if points >= plan.pass_average * coefficients else FAILED
    return _new_result(
        Result,
        (
            candidate_id,
            decision,
            _average(points // coefficients),
            _decimal(points),
            _decimal(coefficients * 100),
            _average(_professional(plan, unit_grades) // plan.professional_weights),
            _obtained(plan, final_grades, optional),
            trace,
        ),
    )


def _not_awarded(plan: _Plan, candidate_id: str, unit_grades: list, parts, optional: int | None,
                 steps, resit, titles) -> Result:  # fmt: skip
    """An absence or NV at a compulsory unit: no average, failed (D643-24)."""
    professional = _professional(plan, unit_grades)
    if professional is not None:
        professional = _average(professional // plan.professional_weights)
    trace = (_FAST, plan, tuple(steps), optional, resit, titles, None, *unit_grades, *parts)
    return _new_result(
        Result,
        (
            candidate_id,
            FAILED,
            None,
            None,
            None,
            professional,
            _obtained(plan, unit_grades, optional),
            trace,
        ),
    )


_AVERAGES: dict[int, Decimal] = {}
_DECIMALS: dict[int, Decimal] = {}
_new_result = tuple.__new__  # Result's own __new__ is a Python function, three times slower
# The averages (two decimals) and the exact values from 0 to the largest number of points, in
# hundredths, filled when a plan is built: an index is the cheapest look-up there is.
_AVERAGE_LIST: list[Decimal] = []
_DECIMAL_LIST: list[Decimal] = []


_FRENCH_LIST: list[str] = []  # the same values as French text (`_fr`), for the explanations


def _fill_decimals(averages: int, values: int) -> None:
    _AVERAGE_LIST.extend(map(_average, range(len(_AVERAGE_LIST), averages)))
    _DECIMAL_LIST.extend(map(_decimal, range(len(_DECIMAL_LIST), values)))
    _FRENCH_LIST.extend(map(_fr, range(len(_FRENCH_LIST), values)))


def _average(hundredths: int) -> Decimal:
    """An average truncated to two decimals, as the general path writes it (10.00, 9.99)."""
    value = _AVERAGES.get(hundredths)
    if value is None:
        value = Decimal(hundredths).scaleb(-2)
        if len(_AVERAGES) < 100_000:
            _AVERAGES[hundredths] = value
    return value


def _decimal(hundredths: int) -> Decimal:
    """An exact value given in hundredths, without trailing zeros (216, 12.5, 9.75)."""
    value = _DECIMALS.get(hundredths)
    if value is None:
        units, cents = divmod(hundredths, 100)
        if not cents:
            value = Decimal(units)
        elif cents % 10:
            value = Decimal(hundredths).scaleb(-2)
        else:
            value = Decimal(hundredths // 10).scaleb(-1)
        if len(_DECIMALS) < 100_000:
            _DECIMALS[hundredths] = value
    return value


def grade_needed(candidate: Candidate, unit: str) -> GradeNeeded:
    """The smallest grade in `unit` (a multiple of the `grade_needed_step` parameter) that, the
    candidate's other grades unchanged and épreuves de contrôle aside, gives an average ≥ 10.

    `reachable` is False when even the maximum grade (parameter `deliberation/grade_maximum`:
    20) is not enough, or when the diploma cannot be awarded anyway (registration rejected, an
    unjustified absence or an NV in another unit). Raises InputError when the unit is unknown
    or exempted, or when another unit has no grade yet.
    """
    rules = _rules(candidate.session)
    if unit not in rules.units:
        raise InputError(f"candidat « {candidate.id} », unité « {unit} » : unité inconnue")
    if unit in candidate.exemptions:
        raise InputError(f"candidat « {candidate.id} », unité « {unit} » : unité dispensée")
    trace: list[tuple[Any, ...]] = []
    if _rejected(candidate, rules, trace):
        return _needed(unit, None, False, trace)
    others = {u: g for u, g in candidate.grades.items() if u != unit}
    carried = tuple(c for c in candidate.carried_grades if _carried_unit(c, rules) != unit)
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
        weight = dict(rules.compulsory)[unit]
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
    return GradeNeeded(unit, grade, reachable, tuple(_step(entry) for entry in trace))


# --------------------------------------------------------------------------------------------
# Output: the machine-interface result object, and the explanation's French text
# --------------------------------------------------------------------------------------------


def result_as_dict(result: Result) -> dict[str, Any]:
    """The result object of the machine interface (issue 2), JSON-ready."""
    return {
        "id": result.id,
        "decision": result.decision,
        "average": None if result.average is None else format(result.average, "f"),
        "points": None if result.points is None else decimal_text(result.points),
        "coefficients": None if result.coefficients is None else decimal_text(result.coefficients),
        "professional_average": None
        if result.professional_average is None
        else format(result.professional_average, "f"),
        "units_obtained": list(result.units_obtained),
        "explanation": [step.as_dict() for step in result.explanation],
    }


def result_as_json(result: Result) -> str:
    """`json.dumps(result_as_dict(result), ensure_ascii=False)`, the same text, written
    directly from the trace of a one-pass result (several times faster)."""
    trace = result.trace
    if not trace or trace[0] is not _FAST:
        return json.dumps(result_as_dict(result), ensure_ascii=False)
    steps = []
    for rule, source, text, _ in _one_pass_steps(result, False):
        prefix = _STEP_PREFIXES.get((rule, source))
        if prefix is None:
            prefix = _STEP_PREFIXES[rule, source] = (
                f'{{"rule": {_json_text(rule)}, "source": {_json_text(source)}, "text": '
            )
        steps.append(f'{prefix}"{text}"}}')  # only numbers and data checked by _build_plan
    units = result.units_obtained
    units_json = _UNITS_JSON.get(units)
    if units_json is None:
        units_json = _UNITS_JSON[units] = json.dumps(list(units), ensure_ascii=False)
    return (
        f'{{"id": {_json_text(result.id)}, "decision": "{result.decision}", '
        f'"average": {_json_figure(result.average, _AVERAGE_JSON)}, '
        f'"points": {_json_figure(result.points, _EXACT_JSON)}, '
        f'"coefficients": {_json_figure(result.coefficients, _EXACT_JSON)}, '
        f'"professional_average": {_json_figure(result.professional_average, _AVERAGE_JSON)}, '
        f'"units_obtained": {units_json}, "explanation": [{", ".join(steps)}]}}'
    )


_STEP_PREFIXES: dict[tuple[str, str], str] = {}
_UNITS_JSON: dict[tuple[str, ...], str] = {}
# A figure's JSON text by value: averages keep their two decimals (`_average` always gives
# them), points and coefficients are written without trailing zeros, as result_as_dict does.
_AVERAGE_JSON: dict[Decimal, str] = {}
_EXACT_JSON: dict[Decimal, str] = {}


def _json_text(text: str) -> str:
    if '"' in text or "\\" in text or not text.isprintable():
        return encode_basestring(text)
    return f'"{text}"'


def _json_figure(value: Decimal | None, cache: dict[Decimal, str]) -> str:
    if value is None:
        return "null"
    text = cache.get(value)
    if text is None:
        text = f'"{format(value, "f") if cache is _AVERAGE_JSON else decimal_text(value)}"'
        if len(cache) < 100_000:
            cache[value] = text
    return text


_FRENCH: dict[int, str] = {}


def _fr(hundredths: int) -> str:
    """A value given in hundredths as French text, as `_n` writes it: 1250 → "12,5"."""
    text = _FRENCH.get(hundredths)
    if text is None:
        units, cents = divmod(hundredths, 100)
        text = f"{units},{cents:02d}".rstrip("0") if cents else str(units)
        if len(_FRENCH) < 100_000:
            _FRENCH[hundredths] = text
    return text


def _fr_quotient(hundredths: int, divisor: int) -> str:
    """`_approx(value / divisor)` for a value given in hundredths: four decimals at most,
    truncated, and "…" when the quotient goes on."""
    scaled, rest = divmod(hundredths * 100, divisor)
    units, fraction = divmod(scaled, 10_000)
    text = f"{units},{fraction:04d}".rstrip("0") if fraction else str(units)
    return text + "…" if rest else text


def _one_pass_steps(result: Result, with_values: bool) -> list[tuple[str, str, str, Any]]:
    """The steps (rule, source, text, values) of a one-pass result, as the general path's
    writers give them; `values` is False when not asked for (serialisation)."""
    _, plan, before, optional, resit, titles, decision, *grades = result.trace
    unit_grades, part_grades = grades[: plan.unit_count], grades[plan.unit_count :]
    steps: list[tuple[str, str, str, Any]] = []
    add = steps.append
    fr = _FRENCH_LIST
    for item in before:
        kind, unit = item[0], item[1]
        if kind is _PARTS:
            names, weights, total_weight = plan.part_names, plan.part_weights, plan.part_total
            total = sum(map(mul, weights, part_grades))
            grade = total // total_weight
            terms = " + ".join(
                [f"{w} × {fr[g]}" for w, g in zip(weights, part_grades, strict=True)]
            )
            named = ", ".join(
                [f"{_PART_TEXT.get(n, n)} {fr[g]}" for n, g in zip(names, part_grades, strict=True)]
            )
            add((
                "unit_from_parts", _source_parts(unit),
                _t_parts(unit, named, terms, total_weight, fr[total], fr[grade]),
                with_values and {"unit": unit, "grade": _decimal(grade),
                                 "parts": dict(zip(names, map(_decimal, part_grades),
                                                   strict=True))},
            ))  # fmt: skip
        elif kind is _EXEMPTION:
            add(_w_exemption(unit, titles))
        elif kind is _EXCUSED:
            add(_w_excused(unit))
        elif kind is ABSENT:
            add(_w_absent(unit))
        elif kind is INVALID:
            add(_w_invalid(unit))
        elif kind is _SUPERSEDED:
            carried, status = item[2], item[3]
            add((
                "carried_grade_superseded", _SOURCE_D643_15,
                _t_carried_superseded(unit, _STATUS_TEXT.get(status, ""), fr[carried]),
                with_values and {"unit": unit, "carried_grade": _decimal(carried)},
            ))  # fmt: skip
        else:
            grade, session = item[2], item[3]
            until = session + plan.validity_years
            if kind is _CARRIED:
                framework = _FRAMEWORK_TEXT[CURRENT_FRAMEWORK]
                add((
                    "carried_grade", _SOURCE_D643_15,
                    _t_carried(unit, fr[grade], session, framework, until),
                    with_values and {"unit": unit, "grade": _decimal(grade), "session": session},
                ))  # fmt: skip
            elif kind is _CARRIED_BELOW:
                add((
                    "carried_grade_below", _SOURCE_D643_15,
                    _t_carried_below(unit, fr[grade], session),
                    with_values and {"unit": unit, "grade": _decimal(grade)},
                ))  # fmt: skip
            else:
                add((
                    "carried_grade_expired", _SOURCE_D643_15,
                    _t_carried_expired(unit, fr[grade], session, until),
                    with_values and {"unit": unit, "session": session, "valid_until": until},
                ))  # fmt: skip
    units = result.units_obtained
    units_step = (
        "units_obtained", _SOURCE_D643_15,
        _t_units_obtained(fr[plan.obtained], ", ".join(units) if units else "aucune"),
        with_values and {"units": list(units)},
    )  # fmt: skip
    if decision is None:  # an absence or NV: no average (D643-24)
        professional = _professional(plan, unit_grades)
        if professional is not None:
            add(_one_pass_professional(plan, professional, with_values))
        add(_w_not_awarded([(item[1], item[0]) for item in before if item[0] in _BLOCKING]))
        add(units_step)
        return steps
    points, coefficients = _one_pass_points(plan, unit_grades, optional, with_values, add)
    weights = plan.professional_weights
    professional = _professional(plan, unit_grades)
    add(_one_pass_professional(plan, professional, with_values))
    professional_exact = _fr_quotient(professional, weights)
    average = _t_average(fr[points], coefficients, _fr_quotient(points, coefficients))
    pass_average = fr[plan.pass_average]
    figures = with_values and {
        "points": _decimal(points),
        "coefficients": _decimal(coefficients * 100),
    }
    if decision == ADMITTED:
        add(("admitted", _SOURCE_ADMITTED, _t_admitted(average, pass_average), figures))
    elif decision == RESIT_ELIGIBLE:
        text = _t_resit_eligible(
            average, fr[plan.resit_minimum], pass_average, professional_exact,
            fr[plan.resit_professional_minimum], plan.resit_count, ", ".join(plan.resit_units),
        )  # fmt: skip
        add(("resit_eligible", _SOURCE_RESIT_ELIGIBLE, text, figures))
    else:
        reasons = None
        if plan.resit_minimum is not None:
            reasons = _t_resit_reasons(
                points >= plan.resit_minimum * coefficients,
                fr[plan.resit_minimum],
                professional_exact,
                professional >= plan.resit_professional_minimum * weights,
                fr[plan.resit_professional_minimum],
            )
        add(("failed", _SOURCE_FAILED, _t_failed(average, pass_average, reasons), figures))
    if resit:
        if decision == RESIT_ELIGIBLE:
            final_grades = list(unit_grades)
            for unit, grade in resit:
                position = plan.position[unit]
                grade_before = unit_grades[position]
                replaced = grade > grade_before
                add((
                    "resit_grade", _SOURCE_D643_22,
                    _t_resit_grade(unit, fr[grade], fr[grade_before], replaced),
                    with_values and {"unit": unit, "before": _decimal(grade_before),
                                     "resit_grade": _decimal(grade)},
                ))  # fmt: skip
                if replaced:
                    final_grades[position] = grade
            points, coefficients = _one_pass_points(plan, final_grades, optional, with_values, add)
            average = _t_average(fr[points], coefficients, _fr_quotient(points, coefficients))
            add((
                "decision_after_resit", _SOURCE_D643_22,
                _t_decision_after_resit(average, result.decision),
                with_values and {"points": _decimal(points),
                                 "coefficients": _decimal(coefficients * 100)},
            ))  # fmt: skip
        else:
            add((
                "resit_ignored", _SOURCE_D643_22, _t_resit_ignored(decision),
                with_values and {"decision": decision},
            ))  # fmt: skip
    add(units_step)
    return steps


_BLOCKING = (ABSENT, INVALID)


def _one_pass_professional(plan: _Plan, professional: int, with_values: bool):
    """The step `professional_average`, from the points of U4–U6 in hundredths."""
    fr = _FRENCH_LIST
    weights = plan.professional_weights
    return (
        "professional_average", _SOURCE_PROFESSIONAL,
        _t_professional_average(
            fr[professional], weights, _fr_quotient(professional, weights),
            fr[professional // weights],
        ),
        with_values and {"points": _decimal(professional), "coefficients": _decimal(weights * 100)},
    )  # fmt: skip


def _one_pass_points(plan: _Plan, unit_grades, optional, with_values: bool, add) -> tuple[int, int]:
    """The steps `optional_unit` (when UF1 has a grade) and `points`; (points, coefficients)."""
    points, coefficients, bonus = _figures(plan, unit_grades, optional)
    fr = _FRENCH_LIST
    terms = []
    coefficient_terms = []
    for unit, coefficient, grade in zip(
        plan.compulsory_units, plan.coefficients, unit_grades, strict=True
    ):
        if grade is not None:
            terms.append(f"{coefficient} × {fr[grade]} ({unit})")
            coefficient_terms.append(str(coefficient))
    if optional is not None:
        text = _t_optional(
            plan.optional, fr[optional], fr[plan.optional_threshold], bonus and fr[bonus]
        )
        add((
            "optional_unit", _SOURCE_OPTIONAL, text,
            with_values and {"unit": plan.optional, "grade": _decimal(optional),
                             "points": _decimal(bonus)},
        ))  # fmt: skip
        terms.append(f"{fr[bonus]} (UF1)")
    add((
        "points", _SOURCE_POINTS,
        _t_points(" + ".join(terms), fr[points], " + ".join(coefficient_terms), coefficients),
        with_values and {"points": _decimal(points), "coefficients": _decimal(coefficients * 100)},
    ))  # fmt: skip
    return points, coefficients


def _approx(value: Decimal) -> str:
    """An exact quotient shown with at most four decimals, "…" when it is longer."""
    shown = truncated_quotient(value, Decimal(1), 4)
    return _n(shown) + ("…" if shown != value else "")


_STATUS_TEXT = {
    ABSENT: "absence non justifiée",
    EXCUSED: "absence justifiée (force majeure)",
    INVALID: "NV (non valide)",
}
_PART_TEXT = {"written": "écrit", "practical": "pratique"}
_FRAMEWORK_TEXT = {CURRENT_FRAMEWORK: "BTS NDRC", FORMER_FRAMEWORK: "BTS NRC"}


# The sources and the wording of the steps, shared by the writers below (values as Decimal) and
# by the one-pass writer (values as integers): the values come in already written in French.
_SOURCE_EXEMPTION = f"{ARRETE}, annexe II b"
_SOURCE_D643_15 = f"{CODE}, article D643-15"
_SOURCE_D643_22 = f"{CODE}, article D643-22"
_SOURCE_ABSENCE = f"{CODE}, article D643-24"
_SOURCE_OPTIONAL = f"{ARRETE}, annexe II c, note **"
_SOURCE_POINTS = f"{ARRETE}, annexe II c (coefficients)"
_SOURCE_ADMITTED = f"{CODE}, article D643-22 ; {ARRETE}, article 7"
_SOURCE_FAILED = f"{CODE}, articles D643-22 et D643-15"
_SOURCE_RESIT_ELIGIBLE = f"{CODE}, articles D643-15 et D643-22"
_SOURCE_PROFESSIONAL = f"{CODE}, article D643-22 ; {ARRETE}, annexe II c"


def _source_parts(unit: str) -> str:
    return f"{ARRETE}, annexes II c et II d ({unit})"


def _t_exemption(unit, titles):
    return f"{unit} dispensée (titres : {titles}) : retirée des points et des coefficients."


def _t_carried(unit, grade, session, framework, until):
    return (
        f"{unit} : note {grade} de la session {session} ({framework}) reportée, valable "
        f"jusqu'à la session {until}."
    )


def _t_carried_below(unit, grade, session):
    return (
        f"{unit} : la note {grade} de la session {session} est inférieure à 10 : elle ne peut "
        "être reportée."
    )


def _t_carried_expired(unit, grade, session, until):
    return (
        f"{unit} : la note {grade} de la session {session} n'était valable que jusqu'à la "
        f"session {until} (cinq ans) : elle ne compte plus."
    )


def _t_carried_superseded(unit, shown, carried_grade):
    return (
        f"{unit} : le candidat a repassé l'épreuve à cette session ; la note de cette session "
        f"{shown or 'compte'} et remplace la note reportée {carried_grade}."
    )


def _t_parts(unit, named, terms, weights, total, grade):
    return f"{unit} ({named}) = ({terms}) / {weights} = {total} / {weights} = {grade}."


def _t_excused(unit):
    return f"{unit} : absence pour cause de force majeure dûment constatée : note 0."


def _t_optional(unit, grade, threshold, bonus):
    if bonus:
        return (
            f"{unit} (facultative) : {grade} ; seuls les points au-dessus de {threshold} "
            f"comptent : {grade} − {threshold} = {bonus} point(s) ajouté(s) au total, sans "
            "coefficient ajouté."
        )
    return (
        f"{unit} (facultative) : {grade} n'est pas au-dessus de {threshold} : aucun point, elle "
        "est sans effet sur la moyenne."
    )


def _t_points(terms, points, coefficient_terms, coefficients):
    return f"Points = {terms} = {points} ; coefficients = {coefficient_terms} = {coefficients}."


def _t_average(points, coefficients, exact):
    return f"moyenne = {points} / {coefficients} = {exact}"


def _t_admitted(average, pass_average):
    return f"{average.capitalize()} ≥ {pass_average} : admis."


def _t_resit_reasons(reaches, minimum, professional, professional_ok, professional_minimum):
    """Why the épreuves de contrôle are closed; `professional` None: no professional average."""
    reasons = []
    if not reaches:
        reasons.append(f"moyenne générale inférieure à {minimum}")
    if professional is None:
        reasons.append("moyenne des unités professionnelles incalculable")
    elif not professional_ok:
        reasons.append(
            f"moyenne des unités professionnelles {professional} inférieure à "
            f"{professional_minimum}"
        )
    return reasons


def _t_failed(average, pass_average, reasons):
    text = f"{average.capitalize()} < {pass_average} : ajourné"
    if reasons is None:
        return text + " (pas d'épreuves de contrôle à cette session)."
    return text + f" ; pas d'épreuves de contrôle : {' et '.join(reasons)}."


def _t_resit_eligible(average, minimum, pass_average, professional, professional_minimum, count,
                      units):  # fmt: skip
    return (
        f"{average.capitalize()} : au moins {minimum} et moins de {pass_average} ; moyenne des "
        f"unités professionnelles {professional} ≥ {professional_minimum} : admis à subir "
        f"{count} épreuves de contrôle parmi {units}."
    )


def _t_resit_grade(unit, grade, before, replaced):
    verb = "remplace" if replaced else "ne remplace pas"
    return (
        f"{unit} : la note de l'épreuve de contrôle {grade} {verb} la note {before} "
        f"({'plus haute' if replaced else 'pas plus haute'})."
    )


def _t_decision_after_resit(average, decision):
    verdict = "admis" if decision == ADMITTED else "ajourné"
    return f"Après les épreuves de contrôle : {average} : {verdict}."


def _t_resit_ignored(decision):
    return (
        "Notes d'épreuves de contrôle ignorées : le candidat n'était pas admis à les subir "
        f"(décision : {decision})."
    )


def _t_professional_average(points, coefficients, exact, average):
    return (
        f"Moyenne des unités professionnelles U4, U5, U6 = {points} / {coefficients} = {exact}, "
        f"affichée {average} (troncature)."
    )


def _t_units_obtained(threshold, units):
    return (
        f"Unités obtenues (note ≥ {threshold}), portées sur l'attestation de blocs de "
        f"compétences : {units}."
    )


def _step(entry: tuple[Any, ...]) -> Step:
    kind, *args = entry
    rule, source, text, values = _WRITERS[kind](*args)
    return Step(rule, source, text, values)


def _w_exemption_not_allowed(unit, allowed):
    return (
        "exemption_not_allowed",
        f"{ARRETE}, annexe II b",
        f"Inscription refusée : l'unité {unit} ne peut pas faire l'objet d'une dispense "
        f"(seules {', '.join(allowed)} le peuvent).",
        {"unit": unit},
    )


def _w_exemption_without_title(unit, titles):
    shown = ", ".join(titles) if titles else "aucun"
    return (
        "exemption_without_title",
        f"{ARRETE}, annexe II b",
        f"Inscription refusée : la dispense de {unit} demande un titre qui y donne droit ; "
        f"titres déclarés : {shown}.",
        {"unit": unit, "qualifications": list(titles)},
    )


def _w_same_languages(lv1, lv2):
    return (
        "same_languages",
        f"{ARRETE}, annexe II c, note **",
        f"Inscription refusée : la langue de l'épreuve facultative EF1 ({lv2}) doit être "
        f"différente de celle de l'épreuve obligatoire E2 ({lv1}).",
        {"lv1": lv1, "lv2": lv2},
    )


def _w_exemption(unit, titles):
    return (
        "exemption",
        _SOURCE_EXEMPTION,
        _t_exemption(unit, ", ".join(titles)),
        {"unit": unit, "qualifications": list(titles)},
    )


def _w_exempted_grade(unit, grade):
    if type(grade) is str:
        shown = f"la mention « {_STATUS_TEXT[grade]} » saisie"
    elif type(grade) is tuple:  # a unit in parts (none is exemptible in the 2018 data)
        parts = " ; ".join(_STATUS_TEXT[g] if type(g) is str else _n(g) for g in grade)
        shown = f"la note saisie par parties ({parts})"
    else:
        shown = f"la note {_n(grade)} saisie"
    return _exempted_step(unit, shown, {"unit": unit, "grade": grade})


def _w_exempted_carried_grade(unit, carried):
    shown = (
        f"la note reportée {_n(carried.grade)} ({carried.unit} du "
        f"{_FRAMEWORK_TEXT[carried.framework]}, session {carried.session})"
    )
    return _exempted_step(unit, shown, {"unit": unit, "carried_grade": carried.grade})


def _w_exempted_resit_grade(unit, grade):
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


def _w_carried(carried, until):
    return (
        "carried_grade",
        _SOURCE_D643_15,
        _t_carried(
            carried.unit, _n(carried.grade), carried.session,
            _FRAMEWORK_TEXT[carried.framework], until,
        ),
        {"unit": carried.unit, "grade": carried.grade, "session": carried.session},
    )  # fmt: skip


def _w_carried_former(unit, sources, grades, coefficients, grade, session, until):
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


def _w_former_incomplete(unit, sources, lacking):
    return (
        "carried_grade_former_incomplete",
        f"{ARRETE}, annexe IV",
        f"{unit} ne peut être reportée du BTS NRC : elle correspond à {' et '.join(sources)}, "
        f"et il manque une note reportable de {', '.join(lacking)}.",
        {"unit": unit, "lacking": list(lacking)},
    )


def _w_carried_below(carried):
    return (
        "carried_grade_below",
        _SOURCE_D643_15,
        _t_carried_below(carried.unit, _n(carried.grade), carried.session),
        {"unit": carried.unit, "grade": carried.grade},
    )


def _w_carried_expired(carried, until):
    return (
        "carried_grade_expired",
        _SOURCE_D643_15,
        _t_carried_expired(carried.unit, _n(carried.grade), carried.session, until),
        {"unit": carried.unit, "session": carried.session, "valid_until": until},
    )


def _w_carried_waived(carried, unit):
    return (
        "carried_grade_waived",
        f"{CODE}, article D643-15",
        f"{unit} : le candidat renonce au bénéfice de la note {_n(carried.grade)} de la session "
        f"{carried.session}.",
        {"unit": unit, "grade": carried.grade},
    )


def _w_carried_superseded(unit, carried_grade, grade):
    shown = _STATUS_TEXT.get(grade, "") if type(grade) is str else ""
    return (
        "carried_grade_superseded",
        _SOURCE_D643_15,
        _t_carried_superseded(unit, shown, _n(carried_grade)),
        {"unit": unit, "carried_grade": carried_grade},
    )


def _part_text(name: str, grade) -> str:
    shown = f"{_STATUS_TEXT[grade]} = 0" if type(grade) is str else _n(grade)
    return f"{_PART_TEXT.get(name, name)} {shown}"


def _w_parts(unit, parts, coefficients, total, weights, grade):
    terms = " + ".join(
        f"{_n(c)} × {_n(_ZERO if type(g) is str else g)}"
        for g, (_, c) in zip(parts, coefficients, strict=True)
    )
    named = ", ".join(_part_text(name, g) for g, (name, _) in zip(parts, coefficients, strict=True))
    return (
        "unit_from_parts",
        _source_parts(unit),
        _t_parts(unit, named, terms, _n(weights), _n(total), _approx(grade)),
        {"unit": unit, "parts": dict(zip((n for n, _ in coefficients), parts, strict=True)),
         "grade": grade},
    )  # fmt: skip


def _w_parts_status(unit, parts, coefficients):
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


def _w_excused(unit):
    return ("excused_absence", _SOURCE_ABSENCE, _t_excused(unit), {"unit": unit, "grade": _ZERO})


def _w_absent(unit):
    return (
        "absent",
        f"{CODE}, article D643-24",
        f"{unit} : absence non justifiée à une épreuve obligatoire : le diplôme ne peut être "
        "délivré.",
        {"unit": unit},
    )


def _w_invalid(unit):
    return (
        "invalid",
        f"{ARRETE}, annexe II d (contrôle de conformité du dossier)",
        f"{unit} : mention NV (non valide) : le diplôme ne peut être délivré.",
        {"unit": unit},
    )


def _w_optional_status(unit, status):
    return (
        "optional_unit_status",
        f"{CODE}, article D643-24",
        f"{unit} (facultative) : {_STATUS_TEXT[status]} : aucun point ; seule l'absence à une "
        "épreuve obligatoire empêche la délivrance du diplôme.",
        {"unit": unit, "status": status},
    )


def _w_optional(unit, grade, threshold, bonus):
    return (
        "optional_unit",
        _SOURCE_OPTIONAL,
        _t_optional(
            unit,
            _n(grade),
            _n(threshold),
            _n(bonus) if bonus else None,
        ),
        {"unit": unit, "grade": grade, "points": bonus},
    )


def _w_points(compulsory, unit_grades, bonus, points, coefficients):
    terms = [(u, c, unit_grades[u]) for u, c in compulsory if u in unit_grades]
    shown = [f"{_n(c)} × {_approx(g)} ({u})" for u, c, g in terms]
    if bonus is not None:
        shown.append(f"{_n(bonus)} (UF1)")
    return (
        "points",
        _SOURCE_POINTS,
        _t_points(
            " + ".join(shown), _n(points), " + ".join(_n(c) for _, c, _ in terms),
            _n(coefficients),
        ),
        {"points": points, "coefficients": coefficients},
    )  # fmt: skip


def _average_text(points, coefficients):
    return _t_average(_n(points), _n(coefficients), _approx(points / coefficients))


def _w_admitted(points, coefficients, pass_average):
    return (
        "admitted",
        _SOURCE_ADMITTED,
        _t_admitted(_average_text(points, coefficients), _n(pass_average)),
        {"points": points, "coefficients": coefficients},
    )


def _w_failed(points, coefficients, pass_average, resit):
    reasons = None
    if resit is not None:
        minimum, reaches, professional, professional_minimum, professional_ok = resit
        reasons = _t_resit_reasons(
            reaches,
            _n(minimum),
            None if professional is None else _approx(professional[0] / professional[1]),
            professional_ok,
            _n(professional_minimum),
        )
    return (
        "failed",
        _SOURCE_FAILED,
        _t_failed(_average_text(points, coefficients), _n(pass_average), reasons),
        {"points": points, "coefficients": coefficients},
    )


def _w_resit_eligible(points, coefficients, pass_average, resit, count, units):
    minimum, _, professional, professional_minimum, _ = resit
    return (
        "resit_eligible",
        _SOURCE_RESIT_ELIGIBLE,
        _t_resit_eligible(
            _average_text(points, coefficients), _n(minimum), _n(pass_average),
            _approx(professional[0] / professional[1]), _n(professional_minimum), count,
            ", ".join(units),
        ),
        {"points": points, "coefficients": coefficients},
    )  # fmt: skip


def _w_resit_grade(unit, before, grade, replaced):
    return (
        "resit_grade",
        _SOURCE_D643_22,
        _t_resit_grade(unit, _n(grade), _approx(before), replaced),
        {"unit": unit, "before": before, "resit_grade": grade},
    )


def _w_decision_after_resit(decision, points, coefficients):
    return (
        "decision_after_resit",
        _SOURCE_D643_22,
        _t_decision_after_resit(_average_text(points, coefficients), decision),
        {"points": points, "coefficients": coefficients},
    )


def _w_resit_ignored(decision):
    return ("resit_ignored", _SOURCE_D643_22, _t_resit_ignored(decision), {"decision": decision})


def _w_professional_average(points, coefficients, average):
    return (
        "professional_average",
        _SOURCE_PROFESSIONAL,
        _t_professional_average(
            _n(points),
            _n(coefficients),
            _approx(points / coefficients),
            _n(average),
        ),
        {"points": points, "coefficients": coefficients},
    )


def _w_not_awarded(blocked):
    shown = ", ".join(f"{unit} ({_STATUS_TEXT[status]})" for unit, status in blocked)
    return (
        "not_awarded",
        f"{CODE}, article D643-24 ; {ARRETE}, annexe II d",
        f"Le diplôme ne peut être délivré : {shown} ; pas de moyenne, ajourné.",
        {"units": [unit for unit, _ in blocked]},
    )


def _w_missing(form, units):
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


def _w_units_obtained(units, threshold):
    return (
        "units_obtained",
        _SOURCE_D643_15,
        _t_units_obtained(_n(threshold), ", ".join(units) if units else "aucune"),
        {"units": list(units)},
    )


def _w_grade_needed(unit, weight, points, coefficients, needed, reachable, pass_average,
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
    "exemption_not_allowed": _w_exemption_not_allowed,
    "exemption_without_title": _w_exemption_without_title,
    "same_languages": _w_same_languages,
    "exemption": _w_exemption,
    "exempted_grade": _w_exempted_grade,
    "exempted_carried_grade": _w_exempted_carried_grade,
    "exempted_resit_grade": _w_exempted_resit_grade,
    "carried": _w_carried,
    "carried_former": _w_carried_former,
    "former_incomplete": _w_former_incomplete,
    "carried_below": _w_carried_below,
    "carried_expired": _w_carried_expired,
    "carried_waived": _w_carried_waived,
    "carried_superseded": _w_carried_superseded,
    "parts": _w_parts,
    "parts_status": _w_parts_status,
    "excused": _w_excused,
    ABSENT: _w_absent,
    INVALID: _w_invalid,
    "optional_status": _w_optional_status,
    "optional": _w_optional,
    "points": _w_points,
    "admitted": _w_admitted,
    "failed": _w_failed,
    "resit_eligible": _w_resit_eligible,
    "resit_grade": _w_resit_grade,
    "decision_after_resit": _w_decision_after_resit,
    "resit_ignored": _w_resit_ignored,
    "professional_average": _w_professional_average,
    "not_awarded": _w_not_awarded,
    "missing": _w_missing,
    "units_obtained": _w_units_obtained,
    "grade_needed": _w_grade_needed,
}
