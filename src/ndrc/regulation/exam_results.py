"""What an exam session's results say, unit by unit, from the jury's deliberation.

- `ccf_unit_grade`: the grade of a unit assessed in CCF, from the confirmed grades of its
  situations (annexe II d; the national circular that sets the grid is not among the sources:
  the mean of the situations that carry a grid, see docs/exam-session.md);
- `transcript`: the relevé de notes of a candidate: for each unit the grade the deliberation
  used, where it comes from (this session, a kept grade, an exemption, an épreuve de contrôle),
  its coefficient and points, each with its article; the units kept for later sessions with the
  session until which they count (D643-15). Every figure is read from the deliberation's own
  result and explanation, and the points are checked to add up to the deliberation's;
- `skill_blocks_acquired`: the skill blocks an attestation recognises (D643-15: each unit
  ≥ 10/20 of a candidate who did not obtain the diploma);
- `resit_not_taken`: the decision of a candidate who could sit the épreuves de contrôle and did
  not;
- `pass_rate`: admitted over present, as the session's statistics show it (rounded as the
  indicators' rates, `indicators.rate`);
- `framework_version`: the fingerprint of the framework and parameter data a decision used.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from ndrc.regulation.assessments import ccf_rules
from ndrc.regulation.deliberation import ADMITTED, FAILED, Candidate, Result
from ndrc.regulation.errors import InputError
from ndrc.regulation.exams import MODE_LABELS
from ndrc.regulation.explanation import Message, Step, _, comma_list
from ndrc.regulation.framework import CURRENT_FRAMEWORK, FRAMEWORKS_DIR, load_framework
from ndrc.regulation.indicators import rate
from ndrc.regulation.parameters import PARAMETERS_DIR, parameter
from ndrc.regulation.rounding import french_number

ARRETE = "Arrêté du 19 février 2018"
CODE = "Code de l'éducation"
SOURCE_CCF_GRADE = (
    f"{ARRETE}, annexe II d (E4 et E6, 4.2.2 : deux situations d'évaluation) ; moyenne des "
    "situations notées, choix ndrc"
)
SOURCE_COEFFICIENTS = f"{ARRETE}, annexe II c (coefficients)"
SOURCE_KEPT = f"{CODE}, article D643-15"
SOURCE_EXEMPTION = f"{ARRETE}, annexe II b"
SOURCE_OPTIONAL = f"{ARRETE}, annexe II c, note **"
SOURCE_ABSENCE = f"{CODE}, article D643-24"
SOURCE_RESIT = f"{CODE}, articles D643-15 et D643-22"
SOURCE_ATTESTATION = f"{CODE}, article D643-15"

# How a unit's line of the transcript got its grade.
SESSION, PARTS, CARRIED, EXEMPTED, RESIT = "session", "parts", "carried", "exempted", "resit"
EXCUSED, ABSENT, INVALID, MISSING = "excused", "absent", "NV", "missing"


def _n(value: Decimal) -> str:
    return french_number(value)


# --- CCF --------------------------------------------------------------------------------------


def ccf_unit_grade(
    exam: str, grades: Mapping[str, Decimal], framework: str = CURRENT_FRAMEWORK
) -> tuple[Decimal, Step]:
    """The unit grade of an exam assessed in CCF from its situations' confirmed grades
    (situation code → grade): the mean of the grades of the situations that carry a grid (E4:
    A and B; E6: B, whose grid covers both). InputError when one of them has no grade."""
    rules = ccf_rules(exam, framework)
    graded = [code for code, situation in rules.situations.items() if situation.has_grid]
    lacking = [code for code in graded if grades.get(code) is None]
    if lacking:
        raise InputError(f"{exam} : pas de note confirmée pour la situation {', '.join(lacking)}")
    values = [grades[code] for code in graded]
    grade = sum(values, Decimal(0)) / len(values)
    unit = load_framework(framework).exams[exam].unit
    if len(values) == 1:
        text = _(
            "%(unit)s (%(exam)s en CCF) : note de la situation %(situation)s = %(grade)s.",
            unit=unit,
            exam=exam,
            situation=graded[0],
            grade=grade,
        )
    else:
        # The formula's numbers are written in French once, as text (as the deliberation's).
        text = _(
            "%(unit)s (%(exam)s en CCF) : moyenne des situations %(situations)s = "
            "(%(terms)s) / %(count)s = %(grade)s.",
            unit=unit,
            exam=exam,
            situations=", ".join(graded),
            terms=" + ".join(_n(v) for v in values),
            count=len(values),
            grade=grade,
        )
    return grade, Step("ccf_unit_grade", SOURCE_CCF_GRADE, text, {"unit": unit, "grade": grade})


# --- Transcript -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    """One unit of the relevé de notes: the grade used, its origin, coefficient and points."""

    unit: str
    title: str
    exam: str
    coefficient: Decimal | None  # None for the optional unit
    origin: str  # session, parts, carried, exempted, resit, excused, absent, NV, missing
    grade: Decimal | None
    points: Decimal | None  # coefficient × grade; UF1: the points above 10
    session: int | None  # the session the grade was obtained at
    valid_until: int | None  # the last session a grade ≥ 10 counts at (D643-15)
    source: str  # the article the line rests on
    detail: str = ""  # how the grade was formed (U5's parts, the NRC units, the resit): a Message

    @property
    def obtained(self) -> bool:
        return self.valid_until is not None


@dataclass(frozen=True, slots=True)
class Transcript:
    candidate_id: str
    session: int
    decision: str
    average: Decimal | None
    points: Decimal | None
    coefficients: Decimal | None
    lines: tuple[TranscriptLine, ...]
    kept: tuple[TranscriptLine, ...]  # units kept for later sessions (not admitted)
    explanation: tuple[Step, ...]


def _validity(session: int) -> int:
    return parameter("deliberation/carried_grade_validity_years").at(date(session, 1, 1)).value


def _obtained_grade(session: int) -> Decimal:
    return parameter("deliberation/unit_obtained_grade").at(date(session, 1, 1)).value


def transcript(candidate: Candidate, result: Result) -> Transcript:
    """The relevé de notes of a deliberated candidate (see the module).

    Reads the grades the deliberation used from its explanation; raises ValueError if the
    points of the lines do not add up to the deliberation's (a transcript must never show a
    figure the decision did not use)."""
    framework = load_framework(CURRENT_FRAMEWORK)
    steps = result.explanation
    by_rule: dict[str, list[Step]] = {}
    for step in steps:
        by_rule.setdefault(step.rule, []).append(step)

    def of(rule: str, unit: str) -> list[Step]:
        return [s for s in by_rule.get(rule, ()) if s.values.get("unit") == unit]

    validity = _validity(candidate.session)
    threshold = _obtained_grade(candidate.session)
    lines = []
    for unit in framework.units.values():
        exam = framework.exams[unit.exam]
        line = _line(candidate, unit.code, of, validity, threshold)
        if line is None:
            continue  # the optional unit, not taken
        lines.append(
            TranscriptLine(
                unit=unit.code,
                title=unit.title,
                exam=exam.code,
                coefficient=unit.coefficient,
                **line,
            )
        )
    if result.points is not None:
        total = sum((line.points for line in lines if line.points is not None), Decimal(0))
        if total != result.points:
            raise ValueError(
                f"relevé de {candidate.id} : {total} points sur les lignes, "
                f"{result.points} pour la délibération"
            )
    kept = ()
    if result.decision != ADMITTED:
        kept = tuple(line for line in lines if line.obtained and line.origin != EXEMPTED)
    return Transcript(
        candidate_id=candidate.id,
        session=candidate.session,
        decision=result.decision,
        average=result.average,
        points=result.points,
        coefficients=result.coefficients,
        lines=tuple(lines),
        kept=kept,
        explanation=steps,
    )


def _line(candidate: Candidate, unit: str, of, validity: int, threshold: Decimal) -> dict | None:
    """The grade of a unit as the deliberation's steps say it was used; None for the optional
    unit not taken."""
    if of("exemption", unit):
        return _values(EXEMPTED, None, None, None, SOURCE_EXEMPTION, _("dispensée"))
    for status in (ABSENT, INVALID):
        if of(status, unit):
            return _values(status, None, None, candidate.session, SOURCE_ABSENCE)
    status = of("optional_unit_status", unit)
    if status:
        return _values(status[0].values["status"], None, None, candidate.session, SOURCE_ABSENCE)
    coefficient = dict(_compulsory()).get(unit)
    given = candidate.grades.get(unit)
    session, origin, detail, source = candidate.session, SESSION, "", SOURCE_COEFFICIENTS
    if of("excused_absence", unit):
        grade, origin, source = Decimal(0), EXCUSED, SOURCE_ABSENCE
    elif of("unit_from_parts", unit):
        step = of("unit_from_parts", unit)[0]
        grade, origin = step.values["grade"], PARTS
        modes = {p.code: p.mode for p in load_framework(CURRENT_FRAMEWORK).exam_of_unit(unit).parts}
        detail = comma_list(
            [
                _(
                    "partie %(mode)s %(grade)s",
                    mode=MODE_LABELS.get(modes.get(name), name),
                    grade=value,
                )
                for name, value in step.values["parts"].items()
            ]
        )
    elif isinstance(given, Decimal):
        grade = given
    else:
        grade, session, detail = _carried(candidate, of, unit)
        if grade is None:
            missing = _values(MISSING, None, None, None, SOURCE_COEFFICIENTS)
            return None if coefficient is None else missing
        origin, source = CARRIED, SOURCE_KEPT
    resit = of("resit_grade", unit)
    if resit and resit[0].values["resit_grade"] > grade:
        raised = resit[0].values["resit_grade"]
        detail = _("1er groupe %(grade)s, épreuve de contrôle %(resit)s", grade=grade, resit=raised)
        grade, origin, source, session = raised, RESIT, SOURCE_RESIT, candidate.session
    if coefficient is None:  # the optional unit: only the points above 10 (annexe II c, **)
        # No points when the deliberation computed none (an absence or NV elsewhere).
        counted = of("optional_unit", unit)
        points = counted[0].values["points"] if counted else None
        source = SOURCE_OPTIONAL if origin == SESSION else source
    else:
        points = coefficient * grade
    kept = session + validity if grade >= threshold and origin != EXCUSED else None
    return _values(origin, grade, points, session, source, detail, kept)


def _carried(
    candidate: Candidate, of, unit: str
) -> tuple[Decimal | None, int | None, Message | str]:
    """The kept grade the deliberation used for a unit, and the session it was obtained at."""
    best = None
    for step in of("carried_grade", unit):
        if best is None or step.values["grade"] > best[0]:
            best = (step.values["grade"], step.values["session"], _("note conservée"))
    for step in of("carried_grade_former", unit):
        pairs = list(zip(step.values["sources"], step.values["grades"], strict=True))
        detail = _(
            "BTS NRC : %(grades)s",
            grades=comma_list([_("%(part)s %(grade)s", part=c, grade=g) for c, g in pairs]),
        )
        # The oldest of the former grades used (each the best of its unit) dates the whole.
        obtained = {
            (c.unit, c.grade): c.session
            for c in candidate.carried_grades
            if c.framework != CURRENT_FRAMEWORK
        }
        sessions = [obtained[pair] for pair in pairs if pair in obtained]
        if best is None or step.values["grade"] > best[0]:
            best = (step.values["grade"], min(sessions, default=None), detail)
    return best if best is not None else (None, None, "")


@cache
def _compulsory() -> tuple[tuple[str, Decimal], ...]:
    framework = load_framework(CURRENT_FRAMEWORK)
    return tuple((u.code, u.coefficient) for u in framework.compulsory_units)


def _values(origin, grade, points, session, source, detail="", valid_until=None) -> dict:
    return {
        "origin": origin,
        "grade": grade,
        "points": points,
        "session": session,
        "valid_until": valid_until,
        "source": source,
        "detail": detail,
    }


# --- Attestation of skill blocks --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcquiredBlock:
    unit: str
    code: str | None  # BC01…; None for a general unit, recognised under its own title
    title: str
    grade: Decimal
    source: str = SOURCE_ATTESTATION


def skill_blocks_acquired(
    decision: str, lines: Iterable[TranscriptLine]
) -> tuple[AcquiredBlock, ...]:
    """The skill blocks an attestation recognises: D643-15 gives it to a candidate who did not
    obtain the diploma, for each unit with a grade ≥ 10/20 (the transcript's `lines`); none for
    an admitted candidate."""
    if decision == ADMITTED:
        return ()
    framework = load_framework(CURRENT_FRAMEWORK)
    blocks = {block.unit: block for block in framework.skill_blocks.values()}
    general = framework.general_units
    acquired = []
    for line in lines:
        if not line.obtained or line.origin == EXEMPTED:
            continue
        block = blocks.get(line.unit)
        if block is not None:
            acquired.append(AcquiredBlock(line.unit, block.code, block.title, line.grade))
        else:
            title = general[line.unit].title if line.unit in general else line.title
            acquired.append(AcquiredBlock(line.unit, None, title, line.grade))
    return tuple(acquired)


# --- Resit not taken, statistics, data version ------------------------------------------------


def resit_not_taken(candidate_id: str) -> Step:
    """The step of a candidate allowed to the épreuves de contrôle who did not sit them: the
    decision of the first group stands, and the diploma is not awarded (failed)."""
    return Step(
        "resit_not_taken",
        SOURCE_RESIT,
        _(
            "%(candidate)s : admis à se présenter aux épreuves de contrôle, ne les a pas subies : "
            "la moyenne reste inférieure à 10, le candidat est ajourné.",
            candidate=candidate_id,
        ),
        {"decision": FAILED},
    )


def pass_rate(admitted: int, present: int, *, on: date) -> Decimal | None:
    """Admitted over present × 100, rounded as every published rate (`indicators.rate`: the
    parameter `indicators/rate_decimals` in force on `on`, two decimals half up): 6 of 13 →
    46.15; None when nobody was present."""
    return rate(admitted, present, on=on)


@cache
def framework_version(code: str = CURRENT_FRAMEWORK) -> str:
    """`bts_ndrc_2018@<12 hex>`: the framework's code and a fingerprint of its data and of the
    dated parameters, stored with each decision so that a later change of data is visible."""
    digest = hashlib.sha256()
    files = sorted((FRAMEWORKS_DIR / code).glob("*.yaml")) + sorted(PARAMETERS_DIR.rglob("*.yaml"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{code}@{digest.hexdigest()[:12]}"
