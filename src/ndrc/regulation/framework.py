"""The framework (référentiel) of a diploma, loaded from its YAML files into frozen dataclasses.

`load_framework("bts_ndrc_2018")` reads `data/frameworks/bts_ndrc_2018/*.yaml` once and
validates it; the result is cached, immutable and shared.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ndrc.regulation.errors import FrameworkDataError

FRAMEWORKS_DIR = Path(__file__).parent / "data" / "frameworks"
CURRENT_FRAMEWORK = "bts_ndrc_2018"


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    title: str
    exam: str
    coefficient: Decimal | None  # None for the optional unit
    kind: str  # general | professional | optional
    skill_block: str | None = None

    @property
    def is_optional(self) -> bool:
        return self.kind == "optional"


@dataclass(frozen=True, slots=True)
class ExamPart:
    code: str
    coefficient: Decimal
    mode: str
    duration_minutes: int


@dataclass(frozen=True, slots=True)
class ExamForm:
    form: str  # ccf | final
    mode: str | None = None  # written | oral | practical | written+practical (final form)
    duration_minutes: int | None = None
    preparation_minutes: int | None = None
    situations: int | None = None  # CCF


@dataclass(frozen=True, slots=True)
class Exam:
    code: str
    unit: str
    title: str
    forms: dict[str, ExamForm]  # by column of Annexe II c: A, B, C
    parts: tuple[ExamPart, ...] = ()


@dataclass(frozen=True, slots=True)
class CandidateCategory:
    code: str
    column: str
    label: str


@dataclass(frozen=True, slots=True)
class Framework:
    code: str
    title: str
    text: str
    units: dict[str, Unit]
    exams: dict[str, Exam]
    candidate_categories: dict[str, CandidateCategory]
    columns: dict[str, str]

    def exam_of_unit(self, unit_code: str) -> Exam:
        return self.exams[self.units[unit_code].exam]

    @property
    def compulsory_units(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units.values() if not u.is_optional)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    except yaml.YAMLError as error:
        raise FrameworkDataError(f"{path.name} : YAML invalide : {error}") from error


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _build(code: str, files: dict[str, dict[str, Any]]) -> Framework:
    head = files["framework"]
    units = {
        u["code"]: Unit(
            code=u["code"],
            title=u["title"],
            exam=u["exam"],
            coefficient=_decimal(u.get("coefficient")),
            kind=u["kind"],
            skill_block=u.get("skill_block"),
        )
        for u in files["units"]["units"]
    }
    exams_data = files["exams"]
    exams = {
        e["code"]: Exam(
            code=e["code"],
            unit=e["unit"],
            title=e["title"],
            forms={column: ExamForm(**form) for column, form in e["forms"].items()},
            parts=tuple(
                ExamPart(
                    code=p["code"],
                    coefficient=Decimal(str(p["coefficient"])),
                    mode=p["mode"],
                    duration_minutes=p["duration_minutes"],
                )
                for p in e.get("parts", ())
            ),
        )
        for e in exams_data["exams"]
    }
    categories = {
        name: CandidateCategory(code=name, column=c["column"], label=c["label"])
        for name, c in exams_data["candidate_categories"].items()
    }
    return Framework(
        code=code,
        title=head["title"],
        text=head["text"],
        units=units,
        exams=exams,
        candidate_categories=categories,
        columns=dict(exams_data["columns"]),
    )


@cache
def load_framework(code: str = CURRENT_FRAMEWORK) -> Framework:
    """Load and validate a framework version by its code (e.g. `bts_ndrc_2018`)."""
    folder = FRAMEWORKS_DIR / code
    if not folder.is_dir():
        raise FrameworkDataError(f"référentiel inconnu : « {code} »")
    files = {path.stem: read_yaml(path) for path in sorted(folder.glob("*.yaml"))}
    try:
        framework = _build(code, files)
    except (KeyError, TypeError) as error:
        raise FrameworkDataError(f"{code} : donnée manquante ou mal formée : {error}") from error
    validate(framework)
    return framework


def validate(framework: Framework) -> None:
    """Check the framework's internal consistency; raise FrameworkDataError on the first fault."""
    total = sum(u.coefficient for u in framework.compulsory_units)
    if total != 21:
        raise FrameworkDataError(
            f"{framework.code} : la somme des coefficients des unités obligatoires est {total}, "
            "attendu 21 (annexe II c)"
        )
    for exam in framework.exams.values():
        if exam.unit not in framework.units:
            raise FrameworkDataError(
                f"{framework.code} : l'épreuve {exam.code} vise une unité inconnue"
            )
        for category in framework.candidate_categories.values():
            if category.column not in exam.forms:
                raise FrameworkDataError(
                    f"{framework.code} : l'épreuve {exam.code} n'a pas de forme pour la colonne "
                    f"{category.column}"
                )
