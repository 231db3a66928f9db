"""CCF assessment situations of E4 and E6 (annexe II d, 4.2.2): the rules, pure and explained.

- `check_member` / `check_commission`: who may sit in a CCF commission, and who holds the formal
  responsibility of the certifying evaluation (only the candidate's teachers in charge of the
  bloc; a company tutor may sit in an E4 commission, never as responsible).
- `check_situation_date`: E6 situations take place during the final year.
- `check_grid`: the assessment grid is complete (every critère the situation assesses is rated)
  before a grade is proposed.
- `parse_grade`: a grade out of 20, in steps of the `assessments/grade_step` parameter.
- `evaluation_file_retention`: until when the evaluation file is kept, and whether it is purged.

Data: `data/frameworks/<framework>/ccf_assessments.yaml` (situations, grid, rating scale) and
`exam_definitions.yaml` (commission members). The algorithm is described in docs/assessments.md.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from ndrc.regulation.errors import FrameworkDataError, InputError
from ndrc.regulation.explanation import Explanation, Step, _, comma_list, ordinal
from ndrc.regulation.framework import (
    CURRENT_FRAMEWORK,
    FRAMEWORKS_DIR,
    Framework,
    load_framework,
    read_yaml,
)
from ndrc.regulation.parameters import parameter
from ndrc.regulation.pay import add_months
from ndrc.regulation.rounding import french_number

RESPONSIBLE, ASSOCIATE, REFUSED = "responsible", "associate", "refused"
TEACHER, PROFESSIONAL = "teacher", "professional"


@dataclass(frozen=True, slots=True)
class RatingLevel:
    code: str
    label: str
    short: str


@dataclass(frozen=True, slots=True)
class SituationRules:
    """What a CCF situation assesses and whether the commission completes a grid after it."""

    exam: str
    code: str  # A | B
    title: str | None
    has_grid: bool
    covers: tuple[str, ...]  # the situations the grid (and the grade) of this one covers
    assessed: tuple[tuple[str, ...], ...]  # alternatives: groups of competence codes
    source: str


@dataclass(frozen=True, slots=True)
class CcfRules:
    """The CCF of one exam: its bloc, its situations, its commission and rating scale."""

    framework: str
    exam: str
    skill_block: str
    block_teachers: str  # all | one
    final_year_only: bool
    situations: dict[str, SituationRules]
    levels: tuple[RatingLevel, ...]
    levels_source: str
    commission_text: tuple[str, ...]  # the arrêté's wording of each kind of member
    commission_note: str | None
    allows_professionals: bool
    allows_other_teachers: bool
    source: str

    def situation(self, code: str) -> SituationRules:
        try:
            return self.situations[code]
        except KeyError:
            raise InputError(
                f"situation « {code} » inconnue pour l'épreuve {self.exam} "
                f"(attendu : {', '.join(self.situations)})"
            ) from None


@cache
def ccf_rules(exam: str, framework_code: str = CURRENT_FRAMEWORK) -> CcfRules:
    """The CCF rules of `exam` (E4 or E6) in a framework; InputError for another exam."""
    framework = load_framework(framework_code)
    data = read_yaml(FRAMEWORKS_DIR / framework_code / "ccf_assessments.yaml")
    exams = data.get("exams", {})
    if exam not in exams:
        raise InputError(
            f"épreuve « {exam} » : pas d'évaluation CCF gérée ici (attendu : {', '.join(exams)})"
        )
    entry = exams[exam]
    where = f"{framework_code}/ccf_assessments.yaml, {exam}"
    try:
        definition = framework.exam_definitions[exam]
        commission = next(
            c for c in definition.commissions if c.kind == "evaluation" and c.form == "ccf"
        )
        titles = {s.code: s.title for s in definition.situations}
        situations = {
            code: SituationRules(
                exam=exam,
                code=code,
                title=titles[code],
                has_grid=bool(s["grid"]),
                covers=tuple(s["covers"]),
                assessed=tuple(tuple(group) for group in s["assessed"]),
                source=s["source"],
            )
            for code, s in entry["situations"].items()
        }
        scale = data["rating_scale"]
        rules = CcfRules(
            framework=framework_code,
            exam=exam,
            skill_block=entry["skill_block"],
            block_teachers=entry["block_teachers"],
            final_year_only=bool(entry["final_year_only"]),
            situations=situations,
            levels=tuple(RatingLevel(**level) for level in scale["levels"]),
            levels_source=scale["source"],
            commission_text=tuple(m.text for m in commission.members),
            commission_note=commission.note,
            allows_professionals=any(
                m.role == PROFESSIONAL and m.optional for m in commission.members
            ),
            allows_other_teachers=any(m.role == TEACHER and m.optional for m in commission.members),
            source=entry["source"],
        )
    except (KeyError, TypeError, StopIteration) as error:
        raise FrameworkDataError(f"{where} : donnée manquante ou mal formée ({error})") from error
    _validate(framework, rules, where)
    return rules


def _validate(framework: Framework, rules: CcfRules, where: str) -> None:
    block = framework.skill_blocks.get(rules.skill_block)
    unit = framework.units[framework.exams[rules.exam].unit]
    if block is None or unit.skill_block != rules.skill_block:
        raise FrameworkDataError(
            f"{where} : le bloc {rules.skill_block} n'est pas celui de l'unité"
        )
    competences = {c.code for c in block.competences}
    if set(rules.situations) != {s.code for s in framework.exam_definitions[rules.exam].situations}:
        raise FrameworkDataError(f"{where} : situations différentes de exam_definitions.yaml")
    for situation in rules.situations.values():
        for group in situation.assessed:
            unknown = sorted(set(group) - competences)
            if unknown:
                raise FrameworkDataError(f"{where} : compétences hors du bloc {unknown}")
        if situation.has_grid != bool(situation.assessed):
            raise FrameworkDataError(f"{where}, {situation.code} : grille sans compétence évaluée")
    if rules.block_teachers not in ("all", "one"):
        raise FrameworkDataError(f"{where} : block_teachers doit valoir all ou one")


def grid_criteria(rules: CcfRules) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """The grid's rows: (competence code, title, ((critère code, text), …)) in the text's order."""
    block = load_framework(rules.framework).skill_blocks[rules.skill_block]
    return tuple(
        (c.code, c.title, tuple((p.code, p.text) for p in c.performance_criteria))
        for c in block.competences
    )


# --- The commission ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProposedMember:
    """A person proposed for a CCF commission, described by their ties to the candidate."""

    key: str  # a stable name for the findings (login, id)
    name: str
    kind: str  # teacher | professional
    teaches_candidate: bool = False  # a teacher of the candidate's cohort (any subject)
    in_charge_of_block: bool = False  # a teacher of the candidate in charge of the exam's bloc
    involved_in_training: bool = False  # a professional supervising the candidate


@dataclass(frozen=True, slots=True)
class MemberDecision:
    key: str
    standing: str  # responsible | associate | refused
    text: str
    explanation: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class CommissionFinding:
    code: str  # refused_member | no_responsible_member | block_teacher_missing
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class CommissionDecision:
    accepted: bool
    members: tuple[MemberDecision, ...]
    findings: tuple[CommissionFinding, ...]
    explanation: tuple[Step, ...]


def check_member(rules: CcfRules, member: ProposedMember) -> MemberDecision:
    """May `member` sit in the CCF commission, and as responsible for the certifying grade?"""
    if member.kind not in (TEACHER, PROFESSIONAL):
        raise InputError(
            f"membre « {member.key} », champ « kind » : « {member.kind} » inconnu "
            "(attendu : teacher ou professional)"
        )
    steps = Explanation()
    wording = " ; ".join(rules.commission_text)
    source = f"{rules.source} (composition de la commission d'évaluation)"
    if member.kind == TEACHER and member.in_charge_of_block:
        standing = RESPONSIBLE
        text = _(
            "%(name)s est professeur ou formateur du candidat en charge du bloc %(block)s : "
            "membre de droit, responsable de l'évaluation certificative.",
            name=member.name,
            block=rules.skill_block,
        )
    elif member.kind == TEACHER and member.teaches_candidate and rules.allows_other_teachers:
        standing = ASSOCIATE
        text = _(
            "%(name)s enseigne dans la section sans être en charge du bloc %(block)s : peut "
            "siéger, sans la responsabilité de l'évaluation certificative.",
            name=member.name,
            block=rules.skill_block,
        )
    elif member.kind == PROFESSIONAL and member.involved_in_training and rules.allows_professionals:
        standing = ASSOCIATE
        text = _(
            "%(name)s est un professionnel impliqué dans la formation du candidat : peut "
            "siéger, sans que lui soit déléguée la responsabilité de l'évaluation certificative.",
            name=member.name,
        )
    else:
        standing = REFUSED
        if member.kind == PROFESSIONAL and not rules.allows_professionals:
            reason = _("le texte n'y prévoit pas de professionnel.")
        elif member.kind == PROFESSIONAL:
            reason = _(
                "seuls les professionnels impliqués dans la formation du candidat y siègent."
            )
        elif not member.teaches_candidate:
            reason = _("il n'enseigne pas au candidat.")
        else:
            reason = _("il n'est pas en charge du bloc %(block)s.", block=rules.skill_block)
        text = _(
            "%(name)s ne peut pas siéger dans la commission d'évaluation de %(exam)s : %(reason)s",
            name=member.name,
            exam=rules.exam,
            reason=reason,
        )
    steps.add(
        "commission_member",
        source,
        text,
        member=member.key,
        kind=member.kind,
        standing=standing,
        wording=wording,
    )
    return MemberDecision(member.key, standing, text, steps.freeze())


def check_commission(
    rules: CcfRules,
    members: Sequence[ProposedMember],
    *,
    block_teachers: Iterable[tuple[str, str]] = (),
) -> CommissionDecision:
    """Check a whole commission. `block_teachers`: (key, name) of every teacher of the candidate
    in charge of the exam's bloc; E4 requires all of them, E6 one."""
    decisions = tuple(check_member(rules, m) for m in members)
    steps = [step for d in decisions for step in d.explanation]
    findings: list[CommissionFinding] = []
    source = f"{rules.source} (composition de la commission d'évaluation)"
    for decision in decisions:
        if decision.standing == REFUSED:
            findings.append(CommissionFinding("refused_member", decision.text, source))
    responsible = [d.key for d in decisions if d.standing == RESPONSIBLE]
    explanation = Explanation()
    if not responsible:
        text = _(
            "Aucun membre n'est professeur ou formateur du candidat en charge du bloc %(block)s : "
            "la commission ne peut pas évaluer.",
            block=rules.skill_block,
        )
        findings.append(CommissionFinding("no_responsible_member", text, source))
        explanation.add("responsible_member", source, text, responsible=0)
    if rules.block_teachers == "all":
        present = {m.key for m in members}
        missing = [name for key, name in block_teachers if key not in present]
        if missing:
            text = _(
                "La commission comprend a minima le ou les professeurs ou formateurs du candidat "
                "en charge du bloc %(block)s ; absent(s) : %(missing)s.",
                block=rules.skill_block,
                missing=comma_list(missing),
            )
            findings.append(CommissionFinding("block_teacher_missing", text, source))
            explanation.add("block_teachers", source, text, missing=missing)
    accepted = not findings
    explanation.add(
        "commission",
        source,
        _("Commission conforme.") if accepted else _("Commission non conforme."),
        responsible=len(responsible),
        members=len(members),
    )
    return CommissionDecision(
        accepted, decisions, tuple(findings), tuple(steps) + explanation.freeze()
    )


def check_situation_date(rules: CcfRules, *, training_year: int | None) -> tuple[Step, ...]:
    """The situation's date must fall in the training (and, for E6, in its final year).

    `training_year` is 1 or 2 on the situation's date, None outside the training; InputError
    with a French message when the date is refused.
    """
    source = f"{rules.source} (« durant l'année terminale de la formation »)"
    if training_year is None:
        raise InputError(
            "champ « date » : la situation doit se dérouler pendant la formation de la promotion."
        )
    if rules.final_year_only and training_year != 2:
        raise InputError(
            f"champ « date » : les situations de {rules.exam} se déroulent durant l'année "
            f"terminale de la formation (la date tombe en {training_year}re année)."
        )
    steps = Explanation()
    steps.add(
        "situation_date",
        source if rules.final_year_only else rules.source,
        _("Date en %(year)s année de formation : admise.", year=ordinal(training_year)),
        training_year=training_year,
    )
    return steps.freeze()


# --- The grid --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GridDecision:
    complete: bool
    assessed_group: tuple[str, ...] | None  # the competences fully rated, when complete
    missing: tuple[str, ...]  # critère codes still to rate (of the nearest group)
    rated: int
    explanation: tuple[Step, ...]


def check_grid(rules: CcfRules, situation: str, ratings: Mapping[str, str]) -> GridDecision:
    """Is the grid of `situation` complete? Every critère of one group of the competences the
    situation assesses must be rated; other critères of the bloc may be rated or left blank.

    `ratings`: critère code → level code. InputError naming the critère for an unknown code.
    """
    situation_rules = rules.situation(situation)
    source = situation_rules.source
    if not situation_rules.has_grid:
        raise InputError(
            f"situation {rules.exam} {situation} : pas de grille propre, la commission complète la "
            f"grille à l'issue de la situation {' et '.join(rules.situations)} ({source})."
        )
    criteria = {
        competence: tuple(code for code, _text in rows)
        for competence, _title, rows in grid_criteria(rules)
    }
    known = {code for codes in criteria.values() for code in codes}
    levels = {level.code for level in rules.levels}
    for criterion, level in ratings.items():
        if criterion not in known:
            raise InputError(
                f"critère « {criterion} » : inconnu du bloc {rules.skill_block} de la grille "
                f"{rules.exam}"
            )
        if level not in levels:
            raise InputError(
                f"critère {criterion}, champ « level » : « {level} » inconnu "
                f"(attendu : {', '.join(sorted(levels))})"
            )
    steps = Explanation()
    best: tuple[str, ...] | None = None
    for group in situation_rules.assessed:
        wanted = [code for competence in group for code in criteria[competence]]
        missing = tuple(code for code in wanted if code not in ratings)
        steps.add(
            "grid_group",
            source,
            _(
                "Compétences %(group)s : %(rated)s critère(s) évalué(s) sur %(wanted)s.",
                group=" + ".join(group),
                rated=len(wanted) - len(missing),
                wanted=len(wanted),
            ),
            group=list(group),
            missing=list(missing),
        )
        if not missing:
            steps.add("grid", source, _("Grille complète."), rated=len(ratings))
            return GridDecision(True, group, (), len(ratings), steps.freeze())
        if best is None or len(missing) < len(best):
            best = missing
    steps.add(
        "grid",
        source,
        _(
            "Grille incomplète : %(count)s critère(s) à évaluer avant de proposer une note.",
            count=len(best or ()),
        ),
        rated=len(ratings),
    )
    return GridDecision(False, None, best or (), len(ratings), steps.freeze())


# --- The grade -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grade:
    value: Decimal
    explanation: tuple[Step, ...]


def parse_grade(raw: Any, *, on: date, field: str = "grade") -> Grade:
    """A grade out of 20 from user input (text, int or Decimal; a comma is a decimal point).

    InputError with a French message naming `field` when it is not a number, outside 0–maximum
    or not a multiple of the step (parameters `assessments/grade_maximum`, `grade_step`).
    """
    maximum = parameter("assessments/grade_maximum").at(on)
    step = parameter("assessments/grade_step").at(on)
    if isinstance(raw, bool) or isinstance(raw, float):
        raise InputError(f"champ « {field} » : une note s'écrit en texte ou en entier, pas {raw!r}")
    text = str(raw).strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(f"champ « {field} » : « {raw} » n'est pas une note.") from None
    if not value.is_finite():
        raise InputError(f"champ « {field} » : « {raw} » n'est pas une note.")
    if value < 0 or value > maximum.value:
        raise InputError(
            f"champ « {field} » : la note {text.replace('.', ',')} n'est pas comprise entre 0 et "
            f"{maximum.value} (les notes sont sur {maximum.value})."
        )
    if value % step.value != 0:
        raise InputError(
            f"champ « {field} » : la note {text.replace('.', ',')} n'est pas un multiple de "
            f"{french_number(step.value)} (demi-points admis)."
        )
    steps = Explanation()
    steps.add(
        "grade",
        maximum.source,
        _(
            "Note %(grade)s comprise entre 0 et %(maximum)s, multiple de %(step)s.",
            grade=str(value),  # as typed, with a decimal point (a grade as the grid stores it)
            maximum=str(maximum.value),
            step=str(step.value),
        ),
        grade=value,
        maximum=maximum.value,
        step=step.value,
        step_source=step.source,
    )
    return Grade(value, steps.freeze())


# --- Retention of the evaluation file --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Retention:
    kept_until: date
    purge: bool  # True when the file is due for purge on the date asked
    explanation: tuple[Step, ...]


def evaluation_file_retention(
    *, exam_session: int, last_situation: date | None, on: date
) -> Retention:
    """Until when a candidate's CCF evaluation file is kept, and whether it is purged on `on`.

    The file is kept for `assessments/evaluation_file_retention_years` from the end of the
    session (31 December of the session year, the session's closing date not being recorded) or
    from the last situation if it is later; it is purged from the day after that date.
    """
    session_end = date(exam_session, 12, 31)
    start = max(session_end, last_situation) if last_situation else session_end
    years = parameter("assessments/evaluation_file_retention_years").at(start)
    kept_until = add_months(start, 12 * int(years.value))
    purge = on > kept_until
    steps = Explanation()
    steps.add(
        "retention_start",
        "Choix ndrc (fin de session : 31 décembre de l'année de la session)",
        _(
            "Point de départ : %(start)s (session %(session)s, dernière situation le %(last)s)",
            start=start,
            session=str(exam_session),
            last=last_situation,
        )
        if last_situation
        else _(
            "Point de départ : %(start)s (session %(session)s)",
            start=start,
            session=str(exam_session),
        ),
        start=start,
    )
    steps.add(
        "retention",
        years.source,
        _(
            "Conservé %(years)s an(s) : jusqu'au %(until)s inclus ; au %(on)s : %(verdict)s.",
            years=str(years.value),
            until=kept_until,
            on=on,
            verdict=_("à purger") if purge else _("conservé"),
        ),
        years=years.value,
        kept_until=kept_until,
        on=on,
    )
    return Retention(kept_until, purge, steps.freeze())
