"""Annexe IV: which units of the former BTS NRC (2003) give which unit of the BTS NDRC (2018).

`load_correspondence()` reads `bts_ndrc_2018/correspondence.yaml` and the units of
`bts_nrc_2003/units.yaml` once; the result is cached and immutable.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from ndrc.regulation.errors import FrameworkDataError
from ndrc.regulation.framework import CURRENT_FRAMEWORK, FRAMEWORKS_DIR, read_yaml


@dataclass(frozen=True, slots=True)
class CorrespondenceRow:
    """Former units (`sources`, with their former coefficients) that together give `unit`."""

    unit: str
    sources: tuple[str, ...]
    coefficients: tuple[Decimal, ...]  # of the sources; used when there are several


@dataclass(frozen=True, slots=True)
class Correspondence:
    source: str
    from_framework: str
    from_title: str  # the former diploma's name
    last_session: int  # last session of the former diploma
    rows: tuple[CorrespondenceRow, ...]
    former_units: frozenset[str]

    def row_of(self, former_unit: str) -> CorrespondenceRow:
        for row in self.rows:
            if former_unit in row.sources:
                return row
        raise KeyError(former_unit)


@cache
def load_correspondence(framework: str = CURRENT_FRAMEWORK) -> Correspondence:
    """Annexe IV of a framework, with the coefficients of the former units it combines."""
    data = read_yaml(FRAMEWORKS_DIR / framework / "correspondence.yaml")
    try:
        former = data["from_framework"]
        head = read_yaml(FRAMEWORKS_DIR / former / "framework.yaml")
        units = {u["code"]: u for u in read_yaml(FRAMEWORKS_DIR / former / "units.yaml")["units"]}
        rows = []
        for row in data["rows"]:
            sources = tuple(row["from"])
            unknown = [code for code in sources if code not in units]
            if unknown:
                raise FrameworkDataError(
                    f"correspondence.yaml : unité inconnue du {former} : {', '.join(unknown)}"
                )
            coefficients = tuple(
                Decimal(str(units[code].get("coefficient") or 1)) for code in sources
            )
            if len(sources) > 1 and any("coefficient" not in units[c] for c in sources):
                raise FrameworkDataError(
                    f"correspondence.yaml : {row['to']} combine {', '.join(sources)} "
                    "sans leurs coefficients"
                )
            rows.append(CorrespondenceRow(row["to"], sources, coefficients))
        return Correspondence(
            source=data["source"],
            from_framework=former,
            from_title=head["title"],
            last_session=head["last_session"],
            rows=tuple(rows),
            former_units=frozenset(units),
        )
    except (KeyError, TypeError) as error:
        raise FrameworkDataError(f"correspondence.yaml mal formé : {error}") from error
