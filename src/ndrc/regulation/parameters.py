"""Dated legal parameters: amounts and rates fixed by a text, each with its source and start date.

A parameter file `data/parameters/<group>/<name>.yaml` holds:

    description: …
    unit: euro | rate | hours | …
    values:
      - {from: 2024-01-01, value: "11.65", source: "Décret n° 2023-1216 du 20 décembre 2023"}

A value applies from its date until the next entry's date. A value that stops applying is
closed by a later entry (with `value: null` when nothing replaces it), never deleted.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ndrc.regulation.errors import FrameworkDataError
from ndrc.regulation.framework import load_yaml

PARAMETERS_DIR = Path(__file__).parent / "data" / "parameters"


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: date
    value: Any
    source: str


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]  # sorted by start date

    def at(self, on: date) -> DatedValue:
        """The value in force on a date; an error when none is."""
        current = None
        for entry in self.values:
            if entry.start <= on:
                current = entry
        if current is None or current.value is None:
            raise LookupError(f"le paramètre « {self.name} » n'a pas de valeur au {on:%d/%m/%Y}")
        return current


def _value(raw: Any) -> Any:
    # Amounts and rates are written as strings in YAML and read as Decimal: never a float.
    if isinstance(raw, str):
        try:
            return Decimal(raw)
        except ArithmeticError:
            return raw
    if isinstance(raw, float):
        raise FrameworkDataError(f'valeur décimale non citée : {raw!r} (écrire "{raw}")')
    # A table (rates by bracket…) is read the same way, entry by entry.
    if isinstance(raw, dict):
        return {key: _value(item) for key, item in raw.items()}
    if isinstance(raw, list):
        return [_value(item) for item in raw]
    return raw


@cache
def parameter(name: str) -> Parameter:
    """Load a parameter by its path below data/parameters, e.g. `wages/minimum_wage_hourly`."""
    path = PARAMETERS_DIR / f"{name}.yaml"
    if not path.is_file():
        raise FrameworkDataError(f"paramètre inconnu : « {name} »")
    with path.open(encoding="utf-8") as handle:
        data = load_yaml(handle)
    try:
        values = tuple(
            sorted(
                (
                    DatedValue(start=v["from"], value=_value(v["value"]), source=v["source"])
                    for v in data["values"]
                ),
                key=lambda v: v.start,
            )
        )
        return Parameter(
            name=name, description=data["description"], unit=data["unit"], values=values
        )
    except (KeyError, TypeError) as error:
        raise FrameworkDataError(f"paramètre « {name} » mal formé : {error}") from error
