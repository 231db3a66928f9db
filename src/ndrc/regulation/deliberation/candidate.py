"""The candidate record of the machine interface (issue 2), and its validation.

`parse_candidate` turns a JSON object into a `Candidate`, or raises an InputError in French
naming the record (its id, its position in the file) and the field: unknown field or unit, a
grade that is not a number from 0 to 20 (parameter `deliberation/grade_maximum`) nor a status, an
unknown category, a session before the first, an impossible carried grade, a resit grade outside
the general units… (docs/deliberation.md, step 1).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from ndrc.regulation.deliberation.session import SessionRules, first_session, session_rules
from ndrc.regulation.deliberation.terms import PROGRESSIVE, STATUSES, WHOLE
from ndrc.regulation.errors import InputError, shown
from ndrc.regulation.framework import CURRENT_FRAMEWORK
from ndrc.regulation.rounding import decimal_text

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


@dataclass(frozen=True, slots=True)
class CarriedGrade:
    """A grade ≥ 10 from an earlier session that the candidate asks to keep (D643-15)."""

    unit: str  # a unit of `framework`: U31 and U32 exist only in bts_nrc_2003
    grade: Decimal
    session: int
    framework: str = CURRENT_FRAMEWORK


class Candidate(NamedTuple):
    """A candidate record of the machine interface (issue 2), validated by `parse_candidate`.

    An immutable tuple rather than a frozen dataclass, like `Result`: a batch builds a hundred
    thousand of them, and a tuple is built four times faster.
    """

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
    resit_grades: dict[str, Decimal] = {}  # shared by the records without one: never changed


def parse_candidates(records: Any) -> list[Candidate]:
    """Every record of a JSON array validated, in order; the InputError of the first malformed
    one (so that nothing is deliberated from a file with an error)."""
    if type(records) is not list:
        raise InputError("un tableau JSON d'enregistrements de candidats est attendu")
    return [parse_candidate(record, index=index) for index, record in enumerate(records)]


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
    rules = _session(session, where)
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
        # The usual grades first; anything else (parts, statuses, zero, errors) in _grade.
        if kind is int and value in integers and value <= maximum:
            grades[unit] = integers[value]
        elif kind is Decimal and value.is_finite() and 0 <= value <= maximum and value:
            grades[unit] = value
        else:
            grades[unit] = _grade(unit, value, rules, where)
    exemptions = get("exemptions")
    if exemptions is not None:
        # A grade given for an exempted unit is not an error: it is not used (rules.py).
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


def _session(session: Any, where: _Where) -> SessionRules:
    """The rules of the record's session; an error for a session that is not a year of the
    BTS NDRC."""
    if type(session) is not int or not 1900 < session < 10000:
        raise where.error("session", f"année de session attendue, reçu {shown(session)}")
    first = first_session()
    if session < first:
        raise where.error(
            "session", f"le BTS NDRC n'a pas de session avant {first} (arrêté, article 9)"
        )
    return session_rules(session)


def _number(value: Any, maximum: Decimal, where: _Where, path: str) -> Decimal:
    """A grade from 0 to `maximum` (parameter `deliberation/grade_maximum`) as a Decimal."""
    kind = type(value)
    if kind is int:
        if 0 <= value <= maximum:
            grade = _INTEGER_GRADES.get(value)
            return Decimal(value) if grade is None else grade
    elif kind is Decimal:
        if value.is_finite() and _ZERO <= value <= maximum:
            return value.copy_abs() if value.is_signed() else value  # -0 is 0
    elif kind is float:
        # A float from a non-JSON client: read it back from its shortest decimal writing.
        if math.isfinite(value):
            grade = Decimal(repr(value))
            if _ZERO <= grade <= maximum:
                return grade.copy_abs() if grade.is_signed() else grade  # -0 is 0
    else:
        raise where.error(path, f"nombre attendu, reçu {shown(value)}")
    raise where.error(path, f"note {shown(value)} hors de l'intervalle 0 à {decimal_text(maximum)}")


def _grade(unit: str, value: Any, rules: SessionRules, where: _Where) -> Grade:
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
        names = rules.part_names[unit]
        if value.keys() != set(names):
            raise where.error(path, f"{unit} attend exactement les parties {', '.join(names)}")
        return tuple(
            [
                value[name]
                if type(value[name]) is str and value[name] in STATUSES
                else _number(value[name], rules.grade_maximum, where, f"{path}.{name}")
                for name in names
            ]
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


def _waived(value: Any, carried, rules: SessionRules, where: _Where) -> tuple[str, ...]:
    waived = _codes(value, rules.units, where, "waived", "d'unités")
    carried_units = {rules.unit_of(c) for c in carried}
    for position, unit in enumerate(waived):
        if unit not in carried_units:
            raise where.error(
                f"waived[{position}]", f"aucune note reportée de {unit} à laquelle renoncer"
            )
    return waived


def _carried(
    value: Any, session: int, rules: SessionRules, where: _Where
) -> tuple[CarriedGrade, ...]:
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


def _resit(value: Any, exemptions, rules: SessionRules, where: _Where) -> dict[str, Decimal]:
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
