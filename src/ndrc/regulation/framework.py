"""The framework (référentiel) of a diploma, loaded from its YAML files into frozen dataclasses.

`load_framework("bts_ndrc_2018")` reads `data/frameworks/bts_ndrc_2018/*.yaml` once and
validates it; the result is cached, immutable and shared. Files this module does not know (data
of other engine parts, such as exemptions or internship rules) are left to their own readers.

Codes (see docs/framework.md): activity areas `P1`, activities `P1-A2`; skill blocks `BC01`,
competences `BC01-C2`, sub-competences `BC01-C2-S1`, performance criteria `BC01-C2-S1-PC3`,
associated knowledge `BC01-K2-4` (domain 2, item 4).
"""

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ndrc.regulation.errors import FrameworkDataError

FRAMEWORKS_DIR = Path(__file__).parent / "data" / "frameworks"
CURRENT_FRAMEWORK = "bts_ndrc_2018"


# --- Annexes II a and II c: units, exams, forms by candidate category --------------------------


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


# --- Annexe I a: activity areas (pôles d'activités) --------------------------------------------


@dataclass(frozen=True, slots=True)
class Activity:
    code: str  # P1-A1
    title: str
    tasks: tuple[str, ...]
    expected_results: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActivityArea:
    code: str  # P1
    title: str
    activities: tuple[Activity, ...]
    skill_block: str  # the bloc of the same line of the synthesis table
    description: tuple[str, ...] = ()  # "Description générale", paragraph by paragraph
    functional_links: tuple[str, ...] = ()  # "Liaisons fonctionnelles"


@dataclass(frozen=True, slots=True)
class ContextSection:
    """A titled part of the professional context of Annexe I a (e.g. "Autonomie")."""

    title: str
    paragraphs: tuple[str, ...]


# --- Annexe I b: skill blocks (blocs de compétences) -------------------------------------------


@dataclass(frozen=True, slots=True)
class PerformanceCriterion:
    code: str  # BC01-C1-S1-PC1
    text: str


@dataclass(frozen=True, slots=True)
class SubCompetence:
    code: str  # BC01-C1-S1
    title: str
    performance_criteria: tuple[PerformanceCriterion, ...]


@dataclass(frozen=True, slots=True)
class Competence:
    code: str  # BC01-C1
    title: str
    sub_competences: tuple[SubCompetence, ...]
    # How the text ties critères to sub-competences: "table" (one row per sub-competence),
    # "spacing" (one cell, groups separated by spacing), "order" (one cell, split by us).
    criteria_grouping: str = "table"

    @property
    def performance_criteria(self) -> tuple[PerformanceCriterion, ...]:
        """All critères de performance of the competence, in the order of the text."""
        return tuple(c for s in self.sub_competences for c in s.performance_criteria)


@dataclass(frozen=True, slots=True)
class KnowledgeItem:
    code: str  # BC01-K2-4: skill block, domain 2, item 4
    domain: str  # e.g. "Marketing"
    text: str


@dataclass(frozen=True, slots=True)
class SkillBlock:
    code: str  # BC01
    title: str
    unit: str
    competences: tuple[Competence, ...]
    associated_knowledge: tuple[KnowledgeItem, ...]
    conditions_of_exercise: tuple[str, ...]

    @property
    def performance_criteria(self) -> tuple[PerformanceCriterion, ...]:
        return tuple(c for competence in self.competences for c in competence.performance_criteria)


@dataclass(frozen=True, slots=True)
class GeneralSkill:
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeneralUnitSkills:
    """The skills of a general or optional unit as the synthesis table states them."""

    unit: str  # U1, U2, U3, UF1
    title: str
    skills: tuple[GeneralSkill, ...]


# --- Annexe II d: definition of the exams ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phase:
    code: str
    title: str
    maximum_minutes: int | None
    steps: tuple["Phase", ...] = ()


@dataclass(frozen=True, slots=True)
class AssessmentSituation:
    code: str  # "A", "B"; "1", "2" where the text does not name them
    title: str | None
    maximum_minutes: int | None
    preparation_minutes: int | None = None
    steps: tuple[Phase, ...] = ()


@dataclass(frozen=True, slots=True)
class CommissionMember:
    role: str  # teacher | professional | examiner | trainer
    text: str  # the wording of the arrêté
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Commission:
    kind: str  # interrogation | evaluation | correction
    form: str  # final | ccf
    part: str | None  # E5: written | practical
    members: tuple[CommissionMember, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RecalledCriterion:
    """An evaluation criterion as Annexe II d recalls it, with the critère it stands for."""

    criterion: str  # critère code
    wording: str


@dataclass(frozen=True, slots=True)
class ExamPartDefinition:
    code: str  # written | practical, as in exams.yaml
    title: str
    competences: tuple[str, ...]  # competence or sub-competence codes the part assesses


@dataclass(frozen=True, slots=True)
class ExamDefinition:
    exam: str  # E4
    objectives: tuple[str, ...]
    activities: tuple[str, ...] = ()  # activity codes (P1-A1…)
    competences: tuple[str, ...] = ()  # competence codes (BC01-C1…)
    evaluation_criteria: tuple[str, ...] = ()  # critère codes
    recalled_criteria: tuple[RecalledCriterion, ...] = ()
    phases: tuple[Phase, ...] = ()  # of the final form (ponctuelle)
    situations: tuple[AssessmentSituation, ...] = ()  # of the CCF
    commissions: tuple[Commission, ...] = ()
    parts: tuple[ExamPartDefinition, ...] = ()
    reference: str | None = None  # the text that defines the unit when Annexe II d defers to it


# --- Annexe III a: hours grid ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    lecture: int  # cours
    tutorial: int  # TD
    teacher: int  # professeur


@dataclass(frozen=True, slots=True)
class HoursRow:
    code: str
    title: str
    first_year: WeeklyHours
    second_year: WeeklyHours
    annual_hours: tuple[int, int]  # per year and per student, "à titre indicatif"
    optional: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class HoursGrid:
    source: str
    rows: tuple[HoursRow, ...]
    total_first_year: WeeklyHours
    total_second_year: WeeklyHours
    total_annual_hours: tuple[int, int]

    @property
    def compulsory_rows(self) -> tuple[HoursRow, ...]:
        return tuple(r for r in self.rows if not r.optional)


# --- Inconsistencies of the text ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Wording:
    text: str
    occurrences: tuple[str, ...]  # where the text uses it


@dataclass(frozen=True, slots=True)
class Alias:
    code: str
    subject: str | None  # the code of what the wordings name, when the framework has one
    canonical: str
    wordings: tuple[Wording, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Framework:
    code: str
    title: str
    text: str
    units: dict[str, Unit]
    exams: dict[str, Exam]
    candidate_categories: dict[str, CandidateCategory]
    columns: dict[str, str]
    activity_areas: dict[str, ActivityArea] = field(default_factory=dict)
    professional_context: tuple[ContextSection, ...] = ()
    skill_blocks: dict[str, SkillBlock] = field(default_factory=dict)
    general_units: dict[str, GeneralUnitSkills] = field(default_factory=dict)
    exam_definitions: dict[str, ExamDefinition] = field(default_factory=dict)
    hours: HoursGrid | None = None
    aliases: tuple[Alias, ...] = ()
    rncp: str | None = None
    text_date: str | None = None  # ISO date of the text

    def exam_of_unit(self, unit_code: str) -> Exam:
        return self.exams[self.units[unit_code].exam]

    @property
    def compulsory_units(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units.values() if not u.is_optional)

    @property
    def resit_units(self) -> tuple[str, ...]:
        """The units the épreuves de contrôle may bear on: the general units (Code de
        l'éducation, D643-15: « connaissances et compétences générales »)."""
        return tuple(sorted(u.code for u in self.units.values() if u.kind == "general"))

    def competences(self) -> Iterator[Competence]:
        for block in self.skill_blocks.values():
            yield from block.competences

    def competence(self, code: str) -> Competence:
        """The competence of that code (e.g. `BC01-C2`); KeyError naming the code otherwise."""
        for competence in self.competences():
            if competence.code == code:
                return competence
        raise KeyError(f"compétence inconnue dans le référentiel {self.code} : « {code} »")

    def performance_criterion(self, code: str) -> PerformanceCriterion:
        """The critère de performance of that code (e.g. `BC01-C2-S1-PC3`)."""
        for competence in self.competences():
            for criterion in competence.performance_criteria:
                if criterion.code == code:
                    return criterion
        raise KeyError(
            f"critère de performance inconnu dans le référentiel {self.code} : « {code} »"
        )

    def activity(self, code: str) -> Activity:
        """The activity of that code (e.g. `P2-A1`); KeyError naming the code otherwise."""
        for area in self.activity_areas.values():
            for activity in area.activities:
                if activity.code == code:
                    return activity
        raise KeyError(f"activité inconnue dans le référentiel {self.code} : « {code} »")


def framework_as_dict(framework: Framework) -> dict[str, Any]:
    """The whole framework as JSON-able data, with the exam forms spelt out for each category."""
    data = asdict(framework)
    data["forms_by_category"] = {
        category.code: {
            exam.code: {**asdict(exam.forms[category.column]), "column": category.column}
            for exam in framework.exams.values()
        }
        for category in framework.candidate_categories.values()
    }
    return data


# libyaml's parser, which PyPI's and Debian's PyYAML carry: the same safe reading as
# `yaml.safe_load`, several times faster (every `ndrc` process reads the framework at start).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text_or_stream) -> Any:
    """A YAML document read as `yaml.safe_load` reads it."""
    return yaml.load(text_or_stream, Loader=YAML_LOADER)  # noqa: S506 (a safe loader)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            return load_yaml(handle) or {}
    except yaml.YAMLError as error:
        raise FrameworkDataError(f"{path.name} : YAML invalide : {error}") from error


# --- Reading the YAML: every fault names the file and the entry --------------------------------

# Files this module reads; "framework", "units" and "exams" came first and stay required.
REQUIRED_FILES = (
    "framework",
    "units",
    "exams",
    "activity_areas",
    "skill_blocks",
    "exam_definitions",
    "hours",
    "aliases",
)


def _get(data: Any, key: str, where: str) -> Any:
    if not isinstance(data, dict):
        raise FrameworkDataError(f"{where} : une table (clé: valeur) est attendue")
    if key not in data:
        raise FrameworkDataError(f"{where} : champ « {key} » manquant")
    return data[key]


def _text(data: Any, key: str, where: str) -> str:
    value = _get(data, key, where)
    if not isinstance(value, str) or not value.strip():
        raise FrameworkDataError(f"{where} : le champ « {key} » doit être un texte non vide")
    return value


def _optional_text(data: dict[str, Any], key: str, where: str) -> str | None:
    return None if data.get(key) is None else _text(data, key, where)


def _list(data: Any, key: str, where: str, default: list[Any] | None = None) -> list[Any]:
    if default is not None and isinstance(data, dict) and data.get(key) is None:
        return default
    value = _get(data, key, where)
    if not isinstance(value, list):
        raise FrameworkDataError(f"{where} : le champ « {key} » doit être une liste")
    return value


def _texts(data: Any, key: str, where: str) -> tuple[str, ...]:
    values = _list(data, key, where, default=[])
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise FrameworkDataError(f"{where} : « {key} » ne doit contenir que des textes")
    return tuple(values)


def _minutes(data: dict[str, Any], key: str, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise FrameworkDataError(f"{where} : « {key} » doit être un nombre entier de minutes")
    return value


def _integer(data: Any, key: str, where: str) -> int:
    value = _get(data, key, where)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FrameworkDataError(f"{where} : « {key} » doit être un entier positif ou nul")
    return value


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _build_units_and_exams(files: dict[str, Any], place: str) -> dict[str, Any]:
    where_units = f"{place}/units.yaml"
    units = {}
    for u in _list(files["units"], "units", where_units):
        where = f"{where_units}, {u.get('code', '?') if isinstance(u, dict) else '?'}"
        units[_text(u, "code", where)] = Unit(
            code=u["code"],
            title=_text(u, "title", where),
            exam=_text(u, "exam", where),
            coefficient=_decimal(u.get("coefficient")),
            kind=_text(u, "kind", where),
            skill_block=u.get("skill_block"),
        )
    where_exams = f"{place}/exams.yaml"
    exams_data = files["exams"]
    exams = {}
    for e in _list(exams_data, "exams", where_exams):
        where = f"{where_exams}, {e.get('code', '?') if isinstance(e, dict) else '?'}"
        forms = _get(e, "forms", where)
        if not isinstance(forms, dict):
            raise FrameworkDataError(f"{where} : « forms » doit être une table par colonne")
        try:
            exam_forms = {column: ExamForm(**form) for column, form in forms.items()}
        except TypeError as error:
            raise FrameworkDataError(f"{where} : forme mal décrite : {error}") from error
        exams[_text(e, "code", where)] = Exam(
            code=e["code"],
            unit=_text(e, "unit", where),
            title=_text(e, "title", where),
            forms=exam_forms,
            parts=tuple(
                ExamPart(
                    code=_text(p, "code", where),
                    coefficient=Decimal(str(_get(p, "coefficient", where))),
                    mode=_text(p, "mode", where),
                    duration_minutes=_integer(p, "duration_minutes", where),
                )
                for p in _list(e, "parts", where, default=[])
            ),
        )
    categories = {
        name: CandidateCategory(
            code=name,
            column=_text(c, "column", f"{where_exams}, catégorie {name}"),
            label=_text(c, "label", f"{where_exams}, catégorie {name}"),
        )
        for name, c in _get(exams_data, "candidate_categories", where_exams).items()
    }
    return {
        "units": units,
        "exams": exams,
        "candidate_categories": categories,
        "columns": dict(_get(exams_data, "columns", where_exams)),
    }


def _build_activity_areas(data: dict[str, Any], place: str) -> dict[str, Any]:
    file = f"{place}/activity_areas.yaml"
    areas = {}
    for a in _list(data, "activity_areas", file):
        where = f"{file}, {_text(a, 'code', file)}"
        activities = []
        for act in _list(a, "activities", where):
            where_act = f"{file}, {_text(act, 'code', where)}"
            activities.append(
                Activity(
                    code=act["code"],
                    title=_text(act, "title", where_act),
                    tasks=_texts(act, "tasks", where_act),
                    expected_results=_texts(act, "expected_results", where_act),
                )
            )
        areas[a["code"]] = ActivityArea(
            code=a["code"],
            title=_text(a, "title", where),
            activities=tuple(activities),
            skill_block=_text(a, "skill_block", where),
            description=_texts(a, "description", where),
            functional_links=_texts(a, "functional_links", where),
        )
    context = tuple(
        ContextSection(
            title=_text(s, "title", f"{file}, professional_context"),
            paragraphs=_texts(s, "paragraphs", f"{file}, professional_context"),
        )
        for s in _list(data, "professional_context", file, default=[])
    )
    return {"activity_areas": areas, "professional_context": context}


def _build_skill_blocks(data: dict[str, Any], place: str) -> dict[str, Any]:
    file = f"{place}/skill_blocks.yaml"
    blocks = {}
    for b in _list(data, "skill_blocks", file):
        where = f"{file}, {_text(b, 'code', file)}"
        competences = []
        for c in _list(b, "competences", where):
            where_c = f"{file}, {_text(c, 'code', where)}"
            subs = []
            for s in _list(c, "sub_competences", where_c):
                where_s = f"{file}, {_text(s, 'code', where_c)}"
                criteria = tuple(
                    PerformanceCriterion(
                        code=_text(pc, "code", where_s),
                        text=_text(pc, "text", f"{file}, {pc['code']}"),
                    )
                    for pc in _list(s, "performance_criteria", where_s)
                )
                subs.append(SubCompetence(s["code"], _text(s, "title", where_s), criteria))
            competences.append(
                Competence(
                    code=c["code"],
                    title=_text(c, "title", where_c),
                    sub_competences=tuple(subs),
                    criteria_grouping=_text(c, "criteria_grouping", where_c),
                )
            )
        knowledge = []
        for d_index, domain in enumerate(_list(b, "associated_knowledge", where), start=1):
            name = _text(domain, "domain", where)
            for i_index, text in enumerate(_texts(domain, "items", f"{where}, {name}"), start=1):
                knowledge.append(KnowledgeItem(f"{b['code']}-K{d_index}-{i_index}", name, text))
        blocks[b["code"]] = SkillBlock(
            code=b["code"],
            title=_text(b, "title", where),
            unit=_text(b, "unit", where),
            competences=tuple(competences),
            associated_knowledge=tuple(knowledge),
            conditions_of_exercise=_texts(b, "conditions_of_exercise", where),
        )
    general = {}
    for g in _list(data, "general_units", file, default=[]):
        where = f"{file}, {_text(g, 'unit', file)}"
        general[g["unit"]] = GeneralUnitSkills(
            unit=g["unit"],
            title=_text(g, "title", where),
            skills=tuple(
                GeneralSkill(_text(s, "title", where), _texts(s, "items", where))
                for s in _list(g, "skills", where)
            ),
        )
    return {"skill_blocks": blocks, "general_units": general}


def _phases(items: list[Any], where: str) -> tuple[Phase, ...]:
    return tuple(
        Phase(
            code=str(_get(p, "code", where)),
            title=_text(p, "title", where),
            maximum_minutes=_minutes(p, "maximum_minutes", where),
            steps=_phases(_list(p, "steps", where, default=[]), where),
        )
        for p in items
    )


def _build_exam_definitions(data: dict[str, Any], place: str) -> dict[str, Any]:
    file = f"{place}/exam_definitions.yaml"
    definitions = {}
    for d in _list(data, "exam_definitions", file):
        where = f"{file}, {_text(d, 'exam', file)}"
        recalled = tuple(
            RecalledCriterion(_text(r, "criterion", where), _text(r, "wording", where))
            for r in _list(d, "evaluation_criteria", where, default=[])
        )
        definitions[d["exam"]] = ExamDefinition(
            exam=d["exam"],
            objectives=_texts(d, "objectives", where),
            activities=_texts(d, "activities", where),
            competences=_texts(d, "competences", where),
            evaluation_criteria=tuple(r.criterion for r in recalled),
            recalled_criteria=recalled,
            phases=_phases(_list(d, "phases", where, default=[]), f"{where}, phases"),
            situations=tuple(
                AssessmentSituation(
                    code=str(_get(s, "code", where)),
                    title=_optional_text(s, "title", where),
                    maximum_minutes=_minutes(s, "maximum_minutes", where),
                    preparation_minutes=_minutes(s, "preparation_minutes", where),
                    steps=_phases(_list(s, "steps", where, default=[]), where),
                )
                for s in _list(d, "situations", where, default=[])
            ),
            commissions=tuple(
                Commission(
                    kind=_text(c, "kind", where),
                    form=_text(c, "form", where),
                    part=_optional_text(c, "part", where),
                    members=tuple(
                        CommissionMember(
                            role=_text(m, "role", where),
                            text=_text(m, "text", where),
                            optional=bool(m.get("optional", False)),
                        )
                        for m in _list(c, "members", where)
                    ),
                    note=_optional_text(c, "note", where),
                )
                for c in _list(d, "commissions", where, default=[])
            ),
            parts=tuple(
                ExamPartDefinition(
                    code=_text(p, "code", where),
                    title=_text(p, "title", where),
                    competences=_texts(p, "competences", where),
                )
                for p in _list(d, "parts", where, default=[])
            ),
            reference=_optional_text(d, "reference", where),
        )
    return {"exam_definitions": definitions}


def _weekly(data: Any, where: str) -> WeeklyHours:
    return WeeklyHours(
        lecture=_integer(data, "lecture", where),
        tutorial=_integer(data, "tutorial", where),
        teacher=_integer(data, "teacher", where),
    )


def _annual(data: Any, key: str, where: str) -> tuple[int, int]:
    value = _list(data, key, where)
    if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise FrameworkDataError(f"{where} : « {key} » doit donner deux entiers (1re, 2e année)")
    return (value[0], value[1])


def _build_hours(data: dict[str, Any], place: str) -> dict[str, Any]:
    file = f"{place}/hours.yaml"
    rows = []
    for r in _list(data, "rows", file):
        where = f"{file}, {_text(r, 'code', file)}"
        rows.append(
            HoursRow(
                code=r["code"],
                title=_text(r, "title", where),
                first_year=_weekly(_get(r, "first_year", where), where),
                second_year=_weekly(_get(r, "second_year", where), where),
                annual_hours=_annual(r, "annual_hours", where),
                optional=bool(r.get("optional", False)),
                note=_optional_text(r, "note", where),
            )
        )
    total = _get(data, "total", file)
    where = f"{file}, total"
    return {
        "hours": HoursGrid(
            source=_text(data, "source", file),
            rows=tuple(rows),
            total_first_year=_weekly(_get(total, "first_year", where), where),
            total_second_year=_weekly(_get(total, "second_year", where), where),
            total_annual_hours=_annual(total, "annual_hours", where),
        )
    }


def _build_aliases(data: dict[str, Any], place: str) -> dict[str, Any]:
    file = f"{place}/aliases.yaml"
    aliases = []
    for a in _list(data, "aliases", file):
        where = f"{file}, {_text(a, 'code', file)}"
        aliases.append(
            Alias(
                code=a["code"],
                subject=_optional_text(a, "subject", where),
                canonical=_text(a, "canonical", where),
                wordings=tuple(
                    Wording(_text(w, "text", where), _texts(w, "occurrences", where))
                    for w in _list(a, "wordings", where)
                ),
                note=_text(a, "note", where),
            )
        )
    return {"aliases": tuple(aliases)}


_BUILDERS = {
    "activity_areas": _build_activity_areas,
    "skill_blocks": _build_skill_blocks,
    "exam_definitions": _build_exam_definitions,
    "hours": _build_hours,
    "aliases": _build_aliases,
}


def _build(code: str, files: dict[str, dict[str, Any]]) -> Framework:
    for name in REQUIRED_FILES:
        if name not in files:
            raise FrameworkDataError(f"{code} : fichier manquant : {name}.yaml")
    head = files["framework"]
    parts = _build_units_and_exams(files, code)
    for name, builder in _BUILDERS.items():
        parts.update(builder(files[name], code))
    return Framework(
        code=code,
        title=_text(head, "title", f"{code}/framework.yaml"),
        text=_text(head, "text", f"{code}/framework.yaml"),
        rncp=head.get("rncp"),
        text_date=None if head.get("text_date") is None else str(head["text_date"]),
        **parts,
    )


@cache
def installed_frameworks() -> tuple[str, ...]:
    """The codes of the installed framework versions (the folders under data/frameworks)."""
    return tuple(sorted(path.name for path in FRAMEWORKS_DIR.iterdir() if path.is_dir()))


@cache
def load_framework(code: str = CURRENT_FRAMEWORK) -> Framework:
    """Load and validate a framework version by its code (e.g. `bts_ndrc_2018`), one of
    `installed_frameworks()`: any other text (a path, `..`) is refused before touching a file."""
    if code not in installed_frameworks():
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise FrameworkDataError(
            f"référentiel inconnu : « {shown} » ; référentiels installés : "
            + ", ".join(installed_frameworks())
        )
    return load_framework_from(FRAMEWORKS_DIR / code)


def load_framework_from(folder: Path) -> Framework:
    """Load and validate the framework held in a folder (uncached: for tests and tools)."""
    if not folder.is_dir():
        raise FrameworkDataError(f"référentiel inconnu : « {folder.name} »")
    files = {
        path.stem: read_yaml(path)
        for path in sorted(folder.glob("*.yaml"))
        if path.stem in REQUIRED_FILES  # other engine parts read their own files
    }
    try:
        framework = _build(folder.name, files)
        total = _integer(files["framework"], "total_coefficient", f"{folder.name}/framework.yaml")
    except (KeyError, TypeError, AttributeError) as error:
        raise FrameworkDataError(
            f"{folder.name} : donnée manquante ou mal formée : {error}"
        ) from error
    validate(framework, total_coefficient=total)
    return framework


# --- Validation --------------------------------------------------------------------------------

CODE_PATTERNS = {
    "activity_area": re.compile(r"P\d"),
    "activity": re.compile(r"P\d-A\d"),
    "skill_block": re.compile(r"BC0\d"),
    "competence": re.compile(r"BC0\d-C\d"),
    "sub_competence": re.compile(r"BC0\d-C\d-S\d"),
    "performance_criterion": re.compile(r"BC0\d-C\d-S\d-PC\d"),
}
CRITERIA_GROUPINGS = ("table", "spacing", "order")
# Annexe II d recalls each critère with its definite articles ("La pertinence de…" for
# "Pertinence de…"); only those articles may differ without an alias (docs/framework.md).
_ARTICLES = re.compile(r"\b(?:les|le|la)\s+|\bl['’]", re.IGNORECASE)


def _without_articles(text: str) -> str:
    return " ".join(_ARTICLES.sub("", text).lower().split())


def _fault(place: str, file: str, entry: str, message: str) -> FrameworkDataError:
    return FrameworkDataError(f"{place}/{file}, {entry} : {message}")


def titled_codes(framework: Framework) -> dict[str, str]:
    """Every code of the framework that names something with a wording, with that wording."""
    titles: dict[str, str] = {}
    titles.update({code: unit.title for code, unit in framework.units.items()})
    titles.update({code: exam.title for code, exam in framework.exams.items()})
    for area in framework.activity_areas.values():
        titles[area.code] = area.title
        titles.update({a.code: a.title for a in area.activities})
    for block in framework.skill_blocks.values():
        titles[block.code] = block.title
        for competence in block.competences:
            titles[competence.code] = competence.title
            for sub in competence.sub_competences:
                titles[sub.code] = sub.title
                titles.update({c.code: c.text for c in sub.performance_criteria})
    return titles


def validate(framework: Framework, *, total_coefficient: int) -> None:
    """Check the framework's internal consistency; raise FrameworkDataError on the first fault.

    `total_coefficient` is the sum the compulsory units' coefficients must reach
    (`framework.yaml`). The message is French and names the file and the entry at fault.
    """
    _validate_units_and_exams(framework, total_coefficient)
    _validate_activity_areas(framework)
    _validate_skill_blocks(framework)
    _validate_exam_definitions(framework)
    _validate_hours(framework)
    _validate_aliases(framework)


def _validate_units_and_exams(framework: Framework, expected: int) -> None:
    place = framework.code
    total = sum(u.coefficient for u in framework.compulsory_units)
    if total != expected:
        raise FrameworkDataError(
            f"{place}/units.yaml : la somme des coefficients des unités obligatoires est {total}, "
            f"attendu {expected} (annexe II c)"
        )
    for unit in framework.units.values():
        if unit.exam not in framework.exams:
            raise _fault(place, "units.yaml", unit.code, f"épreuve inconnue « {unit.exam} »")
        if unit.skill_block is not None and unit.skill_block not in framework.skill_blocks:
            raise _fault(
                place,
                "units.yaml",
                unit.code,
                f"bloc de compétences inconnu « {unit.skill_block} »",
            )
    for exam in framework.exams.values():
        if exam.unit not in framework.units:
            raise _fault(place, "exams.yaml", exam.code, f"unité inconnue « {exam.unit} »")
        if framework.units[exam.unit].exam != exam.code:
            raise _fault(
                place, "exams.yaml", exam.code, f"l'unité {exam.unit} renvoie à une autre épreuve"
            )
        for category in framework.candidate_categories.values():
            if category.column not in exam.forms:
                raise _fault(
                    place,
                    "exams.yaml",
                    exam.code,
                    f"pas de forme pour la colonne {category.column} "
                    f"(catégorie « {category.code} »)",
                )
    for category in framework.candidate_categories.values():
        if category.column not in framework.columns:
            raise _fault(
                place,
                "exams.yaml",
                f"catégorie {category.code}",
                f"colonne inconnue {category.column}",
            )


def _check_code(place: str, file: str, kind: str, code: str, parent: str | None) -> None:
    if not CODE_PATTERNS[kind].fullmatch(code):
        raise _fault(place, file, code, f"code mal formé (modèle : {CODE_PATTERNS[kind].pattern})")
    if parent is not None and not code.startswith(f"{parent}-"):
        raise _fault(place, file, code, f"le code doit commencer par celui de son parent {parent}")


def _validate_activity_areas(framework: Framework) -> None:
    place, file = framework.code, "activity_areas.yaml"
    seen: set[str] = set()
    for key, area in framework.activity_areas.items():
        _check_code(place, file, "activity_area", area.code, None)
        if area.skill_block not in framework.skill_blocks:
            raise _fault(place, file, key, f"bloc de compétences inconnu « {area.skill_block} »")
        if not area.activities:
            raise _fault(place, file, key, "aucune activité")
        for activity in area.activities:
            _check_code(place, file, "activity", activity.code, area.code)
            if activity.code in seen:
                raise _fault(place, file, activity.code, "code en double")
            seen.add(activity.code)
            if not activity.tasks or not activity.expected_results:
                raise _fault(place, file, activity.code, "tâches ou résultats attendus manquants")


def _validate_skill_blocks(framework: Framework) -> None:
    place, file = framework.code, "skill_blocks.yaml"
    codes: set[str] = set()
    criterion_texts: dict[str, str] = {}

    def unique(code: str) -> None:
        if code in codes:
            raise _fault(place, file, code, "code en double")
        codes.add(code)

    for key, block in framework.skill_blocks.items():
        _check_code(place, file, "skill_block", block.code, None)
        unique(block.code)
        unit = framework.units.get(block.unit)
        if unit is None or unit.skill_block != block.code:
            raise _fault(
                place, file, key, f"l'unité {block.unit} n'existe pas ou ne renvoie pas à ce bloc"
            )
        if not block.competences:
            raise _fault(place, file, key, "aucune compétence")
        for competence in block.competences:
            _check_code(place, file, "competence", competence.code, block.code)
            unique(competence.code)
            if competence.criteria_grouping not in CRITERIA_GROUPINGS:
                raise _fault(
                    place,
                    file,
                    competence.code,
                    f"criteria_grouping doit valoir {', '.join(CRITERIA_GROUPINGS)}",
                )
            if not competence.sub_competences:
                raise _fault(place, file, competence.code, "aucune sous-compétence")
            for sub in competence.sub_competences:
                _check_code(place, file, "sub_competence", sub.code, competence.code)
                unique(sub.code)
                if not sub.performance_criteria:
                    raise _fault(place, file, sub.code, "aucun critère de performance")
                for criterion in sub.performance_criteria:
                    _check_code(place, file, "performance_criterion", criterion.code, sub.code)
                    unique(criterion.code)
                    other = criterion_texts.get(criterion.text)
                    if other is not None:
                        raise _fault(
                            place,
                            file,
                            criterion.code,
                            f"critère déjà rattaché à {other} : un critère appartient à une "
                            "seule sous-compétence",
                        )
                    criterion_texts[criterion.text] = criterion.code
    for unit in framework.units.values():
        if unit.kind == "professional" and unit.skill_block not in framework.skill_blocks:
            raise _fault(place, "units.yaml", unit.code, "unité professionnelle sans bloc")
    for code in framework.general_units:
        if code not in framework.units:
            raise _fault(place, file, code, "unité inconnue")


def _check_phases(place: str, entry: str, phases: tuple[Phase, ...], limit: int | None) -> None:
    """The maximum durations of the phases (or steps) fit in the time they divide."""
    durations = [p.maximum_minutes for p in phases if p.maximum_minutes is not None]
    if limit is not None and sum(durations) > limit:
        raise _fault(
            place,
            "exam_definitions.yaml",
            entry,
            f"les durées maximales des phases ({' + '.join(map(str, durations))} min) "
            f"dépassent la durée de {limit} min",
        )
    for phase in phases:
        _check_phases(place, f"{entry}, phase {phase.code}", phase.steps, phase.maximum_minutes)


def _validate_exam_definitions(framework: Framework) -> None:
    place, file = framework.code, "exam_definitions.yaml"
    competence_codes = {c.code for c in framework.competences()}
    sub_codes = {s.code for c in framework.competences() for s in c.sub_competences}
    for key, definition in framework.exam_definitions.items():
        exam = framework.exams.get(key)
        if exam is None:
            raise _fault(place, file, key, "épreuve inconnue")
        for code in definition.activities:
            try:
                framework.activity(code)
            except KeyError:
                raise _fault(place, file, key, f"activité inconnue « {code} »") from None
        for code in definition.competences:
            if code not in competence_codes:
                raise _fault(place, file, key, f"compétence inconnue « {code} »")
        for part in definition.parts:
            if part.code not in {p.code for p in exam.parts}:
                raise _fault(place, file, key, f"partie inconnue « {part.code} » (exams.yaml)")
            for code in part.competences:
                if code not in competence_codes | sub_codes:
                    raise _fault(place, file, f"{key}, {part.code}", f"compétence inconnue {code}")
        block_code = framework.units[exam.unit].skill_block
        if block_code is not None:
            _check_evaluation_criteria(framework, definition, framework.skill_blocks[block_code])
        elif definition.evaluation_criteria:
            raise _fault(place, file, key, "critères d'évaluation pour une unité sans bloc")
        finals = [f for f in exam.forms.values() if f.form == "final"]
        longest = max((f.duration_minutes or 0 for f in finals), default=0)
        _check_phases(place, key, definition.phases, longest or None)
        ccf_counts = {f.situations for f in exam.forms.values() if f.form == "ccf"}
        if definition.situations:
            if ccf_counts != {len(definition.situations)}:
                raise _fault(
                    place,
                    file,
                    key,
                    f"{len(definition.situations)} situations décrites, "
                    f"{sorted(ccf_counts)} annoncées par exams.yaml (annexe II c)",
                )
            for situation in definition.situations:
                _check_phases(
                    place,
                    f"{key}, situation {situation.code}",
                    situation.steps,
                    situation.maximum_minutes,
                )
        for commission in definition.commissions:
            forms = {f.form for f in exam.forms.values()}
            if commission.form not in forms:
                raise _fault(
                    place, file, key, f"commission pour une forme absente : {commission.form}"
                )


def _check_evaluation_criteria(
    framework: Framework, definition: ExamDefinition, block: SkillBlock
) -> None:
    place, file, key = framework.code, "exam_definitions.yaml", definition.exam
    expected = [c.code for c in block.performance_criteria]
    given = list(definition.evaluation_criteria)
    if sorted(given) != sorted(expected) or len(set(given)) != len(given):
        missing = sorted(set(expected) - set(given))
        extra = sorted(set(given) - set(expected))
        raise _fault(
            place,
            file,
            key,
            f"les critères d'évaluation doivent être exactement ceux du bloc {block.code} "
            f"(manquants : {', '.join(missing) or 'aucun'} ; en trop ou en double : "
            f"{', '.join(extra) or 'doublon'})",
        )
    if given != expected:
        raise _fault(
            place, file, key, f"critères d'évaluation dans un autre ordre que le bloc {block.code}"
        )
    aliased = {
        (alias.subject, wording.text) for alias in framework.aliases for wording in alias.wordings
    }
    for recalled in definition.recalled_criteria:
        text = framework.performance_criterion(recalled.criterion).text
        if _without_articles(recalled.wording) == _without_articles(text):
            continue
        if (recalled.criterion, recalled.wording) not in aliased:
            raise _fault(
                place,
                file,
                f"{key}, {recalled.criterion}",
                f"« {recalled.wording} » diffère du critère « {text} » : à corriger ou à "
                "déclarer dans aliases.yaml",
            )


def _validate_hours(framework: Framework) -> None:
    grid = framework.hours
    if grid is None:
        return
    place, file = framework.code, "hours.yaml"
    rows = grid.compulsory_rows
    for year, total in (
        ("first_year", grid.total_first_year),
        ("second_year", grid.total_second_year),
    ):
        for column in ("lecture", "tutorial", "teacher"):
            computed = sum(getattr(getattr(r, year), column) for r in rows)
            if computed != getattr(total, column):
                raise _fault(
                    place,
                    file,
                    f"total, {year}, {column}",
                    f"la somme des lignes donne {computed}, le total indique "
                    f"{getattr(total, column)}",
                )
    for index in (0, 1):
        computed = sum(r.annual_hours[index] for r in rows)
        if computed != grid.total_annual_hours[index]:
            raise _fault(
                place,
                file,
                "total, annual_hours",
                f"la somme des lignes donne {computed}, le total indique "
                f"{grid.total_annual_hours[index]}",
            )


def _validate_aliases(framework: Framework) -> None:
    place, file = framework.code, "aliases.yaml"
    titles = titled_codes(framework)
    seen: set[str] = set()
    for alias in framework.aliases:
        if alias.code in seen:
            raise _fault(place, file, alias.code, "code en double")
        seen.add(alias.code)
        if len(alias.wordings) < 2:
            raise _fault(place, file, alias.code, "au moins deux formulations sont attendues")
        if not any(w.occurrences for w in alias.wordings):
            raise _fault(place, file, alias.code, "aucune formulation n'est située dans le texte")
        if alias.canonical not in {w.text for w in alias.wordings}:
            raise _fault(
                place, file, alias.code, "la forme retenue n'est pas l'une des formulations"
            )
        if alias.subject is not None:
            if alias.subject not in titles:
                raise _fault(place, file, alias.code, f"sujet inconnu « {alias.subject} »")
            if titles[alias.subject] != alias.canonical:
                raise _fault(
                    place,
                    file,
                    alias.code,
                    f"{alias.subject} est intitulé « {titles[alias.subject]} » et non par la "
                    f"forme retenue « {alias.canonical} »",
                )
