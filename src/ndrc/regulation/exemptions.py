"""Annexe II b: the titles and diplomas that exempt a candidate from a unit.

`load_exemptions()` reads `exemptions.yaml` of a framework once; the result is cached and
immutable.
"""

from dataclasses import dataclass
from functools import cache

from ndrc.regulation.errors import FrameworkDataError
from ndrc.regulation.framework import CURRENT_FRAMEWORK, FRAMEWORKS_DIR, read_yaml


@dataclass(frozen=True, slots=True)
class UnitExemption:
    """A unit a candidate is exempted from when holding one title of `any_of` and, as well,
    every title of `all_of`."""

    unit: str
    any_of: frozenset[str]
    all_of: frozenset[str]


@dataclass(frozen=True, slots=True)
class Exemptions:
    source: str
    qualifications: dict[str, str]  # code → the title, as the arrêté names it
    units: dict[str, UnitExemption]  # the units that may be exempted, in the annexe's order


@cache
def load_exemptions(framework: str = CURRENT_FRAMEWORK) -> Exemptions:
    """Annexe II b of a framework: the qualifications it names and the units they exempt from."""
    data = read_yaml(FRAMEWORKS_DIR / framework / "exemptions.yaml")
    try:
        qualifications = {str(code): str(title) for code, title in data["qualifications"].items()}
        units = {
            row["unit"]: UnitExemption(
                row["unit"], frozenset(row.get("any_of", ())), frozenset(row.get("all_of", ()))
            )
            for row in data["exemptions"]
        }
        source = data["source"]
    except (KeyError, TypeError, AttributeError) as error:
        raise FrameworkDataError(
            f"exemptions.yaml : donnée manquante ou mal formée : {error}"
        ) from error
    unknown = sorted(
        code
        for exemption in units.values()
        for code in exemption.any_of | exemption.all_of
        if code not in qualifications
    )
    if unknown:
        raise FrameworkDataError(f"exemptions.yaml : titres inconnus : {', '.join(unknown)}")
    return Exemptions(source=source, qualifications=qualifications, units=units)
