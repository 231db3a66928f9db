"""What the texts fix for a session: the units and coefficients of the framework (annexe II c),
the exemptions (annexe II b), the correspondence with the BTS NRC (annexe IV) and the dated
thresholds of the deliberation (parameters `deliberation/*`).

Read once per session (`session_rules`): every candidate of a session is deliberated with the same
values, and none is read again per candidate.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from ndrc.regulation.correspondence import Correspondence, load_correspondence
from ndrc.regulation.framework import CURRENT_FRAMEWORK, FRAMEWORKS_DIR, load_framework, read_yaml
from ndrc.regulation.parameters import parameter

FORMER_FRAMEWORK = "bts_nrc_2003"


@dataclass(frozen=True, slots=True)
class SessionRules:
    """The framework's units and the deliberation's parameters in force at a session."""

    session: int
    compulsory: tuple[tuple[str, Decimal], ...]  # (unit, coefficient) in framework order
    coefficients: dict[str, Decimal]  # unit → coefficient, UF1 included
    professional: tuple[tuple[str, Decimal], ...]
    professional_weights: Decimal  # Σ coefficients of the professional units
    general: frozenset[str]  # the units the épreuves de contrôle may bear on
    resit_units: tuple[str, ...]  # the same, sorted, as the explanations list them
    optional: str | None
    units: frozenset[str]
    parts: dict[str, tuple[tuple[str, Decimal], ...]]  # unit → (part, coefficient)
    part_names: dict[str, tuple[str, ...]]  # unit → its parts, in order
    part_weights: dict[str, Decimal]  # unit → Σ coefficients of its parts
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

    def unit_of(self, carried: Any) -> str:
        """The unit a carried grade counts for: its own, or through annexe IV for a unit of the
        BTS NRC (U31 and U32 give U3)."""
        if carried.framework == CURRENT_FRAMEWORK:
            return carried.unit
        return self.correspondence.row_of(carried.unit).unit


_SESSIONS: dict[int, SessionRules] = {}


def session_rules(session: int) -> SessionRules:
    """The rules of a session (a year from the framework's first session on), read once."""
    rules = _SESSIONS.get(session)
    if rules is None:
        rules = _SESSIONS[session] = _read_session(session)
    return rules


@cache
def first_session() -> int:
    """The first session of the BTS NDRC (arrêté, article 9)."""
    return read_yaml(FRAMEWORKS_DIR / CURRENT_FRAMEWORK / "framework.yaml")["first_session"]


def _value(name: str, on: date) -> Any:
    try:
        return parameter(f"deliberation/{name}").at(on).value
    except LookupError:
        return None


def _read_session(session: int) -> SessionRules:
    framework = load_framework(CURRENT_FRAMEWORK)
    folder = FRAMEWORKS_DIR / CURRENT_FRAMEWORK
    exemption_data = read_yaml(folder / "exemptions.yaml")
    units = framework.units.values()
    on = date(session, 1, 1)  # a session uses the values in force on 1 January of its year
    parts = {
        unit.code: tuple((p.code, p.coefficient) for p in framework.exam_of_unit(unit.code).parts)
        for unit in units
        if framework.exam_of_unit(unit.code).parts
    }
    optional = [u.code for u in units if u.is_optional]
    general = frozenset(u.code for u in units if u.kind == "general")
    return SessionRules(
        session=session,
        compulsory=tuple((u.code, u.coefficient) for u in units if not u.is_optional),
        coefficients={u.code: u.coefficient for u in units},
        professional=tuple((u.code, u.coefficient) for u in units if u.kind == "professional"),
        professional_weights=sum(u.coefficient for u in units if u.kind == "professional"),
        general=general,
        resit_units=tuple(sorted(general)),
        optional=optional[0] if optional else None,
        units=frozenset(framework.units),
        parts=parts,
        part_names={unit: tuple(name for name, _ in p) for unit, p in parts.items()},
        part_weights={unit: sum(c for _, c in p) for unit, p in parts.items()},
        categories=frozenset(framework.candidate_categories),
        exemptions={
            e["unit"]: (frozenset(e.get("any_of", ())), frozenset(e.get("all_of", ())))
            for e in exemption_data["exemptions"]
        },
        qualifications=frozenset(exemption_data["qualifications"]),
        correspondence=load_correspondence(CURRENT_FRAMEWORK),
        first_session=first_session(),
        grade_maximum=_value("grade_maximum", on),
        pass_average=_value("pass_average", on),
        obtained=_value("unit_obtained_grade", on),
        validity_years=_value("carried_grade_validity_years", on),
        optional_threshold=_value("optional_unit_threshold", on),
        optional_weight=_value("optional_unit_weight", on),
        resit_minimum=_value("resit_average_minimum", on),
        resit_professional_minimum=_value("resit_professional_average_minimum", on),
        resit_count=_value("resit_exam_count", on) or 0,
        unit_rounding=_value("computed_unit_grade_rounding", on),
        former_rounding=_value("former_unit_grade_rounding", on),
        decimals=_value("average_decimals", on),
        step=_value("grade_needed_step", on),
    )
