"""Reads of the exams app: the deliberation simulator (which stores nothing), and the exam
sessions — who sees what, the registrations, the grades, the jury's table, the results."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext_noop

from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    read_once,
    rule,
)
from ndrc.documents.selectors import naming
from ndrc.exams.models import (
    CarriedGrade,
    Decision,
    DocumentBundle,
    ExamSession,
    Grade,
    GradeChange,
    GradeStatus,
    Registration,
    SessionState,
    Sitting,
)
from ndrc.gradebook.selectors import SectionResult, school_record
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.personal_data import delete_with_files, erases, on_erasure, withhold
from ndrc.learners.selectors import is_own_record, own_learner, own_record
from ndrc.regulation.correspondence import load_correspondence
from ndrc.regulation.deliberation import (
    ADMITTED,
    GradeNeeded,
    deliberate,
    grade_needed,
    parse_candidate,
    result_as_dict,
)
from ndrc.regulation.deliberation.session import session_rules
from ndrc.regulation.errors import InputError
from ndrc.regulation.exam_results import TranscriptLine, pass_rate
from ndrc.regulation.explanation import Message, message_from_data
from ndrc.regulation.framework import CURRENT_FRAMEWORK, load_framework
from ndrc.regulation.rounding import french_number


@dataclass(frozen=True)
class Simulation:
    result: dict[str, Any]  # the result of the machine interface (decision, average, explanation)
    needed: tuple[GradeNeeded, ...]  # for each unit left empty, the grade still needed
    not_computable: tuple[tuple[str, str], ...]  # (unit, the engine's reason) when it has none


def simulate(record: dict[str, Any], *, empty_units: list[str]) -> Simulation:
    """Deliberate on a candidate record and, for each empty unit, the grade needed to reach 10.

    Raises `InputError` when the engine refuses the record. The grade needed in a unit is
    computable only when every other unit has a grade; otherwise the engine's reason is kept.
    """
    candidate = parse_candidate(record)
    result = result_as_dict(deliberate(candidate))
    needed, not_computable = [], []
    for unit in empty_units:
        try:
            needed.append(grade_needed(candidate, unit))
        except InputError as error:
            not_computable.append((unit, str(error)))
    return Simulation(result=result, needed=tuple(needed), not_computable=tuple(not_computable))


def starting_point(user: Any, *, on: date) -> dict[str, Any]:
    """Where the simulator starts: a learner's own category on `on` and their cohort's session;
    for anyone else, a student of the session of `on`'s year."""
    if user.is_authenticated:
        learner = (
            Learner.objects.filter(user=user, erased_on__isnull=True)
            .select_related("cohort")
            .prefetch_related("category_periods")
            .first()
        )
        if learner is not None:
            category = learner.category_on(on) or learner.current_category or "scolaire"
            return {"category": category, "session": learner.cohort.exam_session}
    return {"category": "scolaire", "session": on.year}


# --------------------------------------------------------------------------------------------
# Exam sessions: who sees what, the registrations, the grades, the jury's table, the results
# --------------------------------------------------------------------------------------------
#
# Who does what (docs/exam-session.md):
# - the exam office of the centre (the jury's secretariat): everything of its sessions;
# - the training manager of the centre: sees its sessions, registers the cohorts, reads grades
#   and results;
# - the president of the jury (a user named on the session): signs the deliberation off and
#   rectifies it afterwards;
# - the learner: their own registration; their grades, decision, documents — and the grades of
#   their CCF situations — only once the results are published (`results_published`);
# - an administrator: everything but signing off (only the president signs).


@dataclass(frozen=True)
class SessionAccess:
    """How a user works on a session: as its exam office (jury), as the centre's manager."""

    exam_office: bool
    manager: bool

    @property
    def staff(self) -> bool:
        return self.exam_office or self.manager


def centre_access(user: Any, centre_id: int) -> SessionAccess:
    """How a user works on the sessions of the centre `centre_id`."""
    if is_administrator(user):
        return SessionAccess(True, True)
    return SessionAccess(
        centre_id in centres_where(user, Role.EXAM_OFFICE),
        centre_id in centres_where(user, Role.TRAINING_MANAGER),
    )


def session_access(user: Any, session: "ExamSession") -> SessionAccess:
    return centre_access(user, session.training_centre_id)


def reads_exam_results(user: Any, learner: Learner) -> bool:
    """Whether the exam registrations and results of `learner` exist for `user` (the rule
    above): the staff of the sessions of the learner's centre (where `register` puts them),
    administrators, the learner; not their teachers, master or tutor (404, as the pages)."""
    return centre_access(user, learner.cohort.training_centre_id).staff or is_own_record(
        user, learner
    )


@rule(ExamSession)
def _session_rule(user: Any, action: Action, session: ExamSession) -> Access:
    reach = session_access(user, session)
    if not reach.staff:
        return Access.HIDDEN
    if action in (Action.VIEW, Action.VIEW_HISTORY, Action.VIEW_GRADES):
        return Access.ALLOWED
    return Access.ALLOWED if reach.exam_office else Access.DENIED


@rule(Registration)
def _registration_rule(user: Any, action: Action, registration: Registration) -> Access:
    reach = session_access(user, registration.session)
    if reach.staff:
        if action in (Action.VIEW, Action.VIEW_HISTORY, Action.VIEW_GRADES, Action.CHANGE):
            return Access.ALLOWED
        return Access.DENIED
    learner = registration.learner
    if not is_own_record(user, learner):
        return Access.HIDDEN
    if action == Action.VIEW:
        return Access.ALLOWED
    if action == Action.VIEW_GRADES and results_published(
        learner, exam_session=registration.session
    ):
        return Access.ALLOWED
    return Access.DENIED


def visible_sessions(user: Any) -> QuerySet[ExamSession]:
    """The sessions `user` works on: those of the centres where they are exam office or
    manager (every session for an administrator)."""
    base = ExamSession.objects.select_related("training_centre", "president")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    centres = centres_where(user, Role.EXAM_OFFICE, Role.TRAINING_MANAGER)
    return base.filter(training_centre_id__in=centres) if centres else base.none()


def get_session_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> ExamSession:
    """The session `pk` if `user` may do `action` on it: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, visible_sessions(user), pk, action, not_found="Session d'examen introuvable."
    )


def visible_registrations(user: Any) -> QuerySet[Registration]:
    """The registrations `user` reaches: the staff of the session's centre, the learner."""
    base = Registration.objects.select_related(
        "session", "session__training_centre", "learner", "learner__cohort"
    )
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    centres = centres_where(user, Role.EXAM_OFFICE, Role.TRAINING_MANAGER)
    return base.filter(Q(session__training_centre_id__in=centres) | Q(learner__user=user))


def get_registration_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Registration:
    return get_record_for(
        user, visible_registrations(user), pk, action, not_found="Inscription introuvable."
    )


# --- Publication: the agreed cross-app selector -----------------------------------------------


def results_published(
    learner: Learner, *, exam_session: ExamSession | None = None, at: datetime | None = None
) -> bool:
    """Whether the results of `exam_session` (the learner's latest session when None) are
    published to the learner at `at` (now by default): the session is published and its
    publication time has come. False when the learner is not registered.

    Used by assessments: a learner does not see a CCF grade (nor its observations and grid)
    before the results are published; and by this app for the learner's results and documents.
    """
    at = at or timezone.now()
    sessions = ExamSession.objects.filter(registrations__learner=learner)
    if exam_session is not None:
        sessions = sessions.filter(pk=exam_session.pk)
    latest = sessions.order_by("-year").values_list("state", "publication_at").first()
    return latest is not None and _shown(*latest, at=at)


# The states of a session whose results are shown from its publication time on.
_SHOWN_STATES = (SessionState.PUBLISHED, SessionState.ARCHIVED)


def _shown(state: str, publication_at: datetime | None, *, at: datetime) -> bool:
    """Whether a session's results are shown to its candidates at `at`: the session is
    published (or archived since) and its publication time has come."""
    return state in _SHOWN_STATES and publication_at is not None and publication_at <= at


def next_publication(*, after: datetime) -> datetime | None:
    """The first moment after `after` when results of a session become shown (`_shown`), with
    no change of a record: what a page computed at `after` shows differently from then on."""
    return (
        ExamSession.objects.filter(state__in=_SHOWN_STATES, publication_at__gt=after)
        .order_by("publication_at")
        .values_list("publication_at", flat=True)
        .first()
    )


def session_results_published(session: ExamSession, *, at: datetime | None = None) -> bool:
    """`results_published` for a session already read (a registration's): no query."""
    return _shown(session.state, session.publication_at, at=at or timezone.now())


def own_results_published(user: Any) -> bool:
    """`results_published` for `user`'s own learner record (their latest session's), from
    their registrations read once for the page (`own_registrations_read`)."""
    if own_learner(user) is None:
        return False
    registrations = own_registrations_read(user)
    return bool(registrations) and session_results_published(registrations[0].session)


def grade_maximum(session: ExamSession) -> Decimal:
    """The highest grade of `session` (parameter `deliberation/grade_maximum`, as the engine
    reads it for that session): what the grade forms and the grade import accept."""
    return session_rules(session.year).grade_maximum


# --- The record the engine reads ------------------------------------------------------------


def registration_record(
    registration: Registration, *, carried: list[CarriedGrade] | None = None
) -> dict[str, Any]:
    """The registration as `ndrc check-registration` reads it, with its carried grades (or
    `carried`, for a registration being written)."""
    if carried is None:
        carried = list(registration.carried_grades.all())
    record: dict[str, Any] = {
        "id": registration.number,
        "session": registration.session.year,
        "category": registration.category,
        "form": registration.form,
        "units": list(registration.units),
        "exemptions": list(registration.exemptions),
        "qualifications": list(registration.qualifications),
        "carried_grades": [
            {
                "unit": c.unit,
                "grade": c.grade,
                "session": c.obtained_session,
                "framework": c.framework,
            }
            for c in carried
        ],
        "waived": list(dict.fromkeys(_carried_unit(c) for c in carried if c.waived)),
    }
    for name in ("lv1", "lv2"):
        if getattr(registration, name).strip():
            record[name] = getattr(registration, name)
    return record


def _carried_unit(carried: CarriedGrade) -> str:
    if carried.framework == CURRENT_FRAMEWORK:
        return carried.unit
    return load_correspondence(CURRENT_FRAMEWORK).row_of(carried.unit).unit


_ENGINE_STATUS = {
    GradeStatus.ABSENT: "absent",
    GradeStatus.EXCUSED: "excused",
    GradeStatus.INVALID: "NV",
}


def grade_value(grade: Grade) -> Decimal | str:
    """A stored grade as the engine reads it: a number, or absent / excused / NV."""
    if grade.status == GradeStatus.GRADED:
        return grade.value
    return _ENGINE_STATUS[GradeStatus(grade.status)]


def deliberation_input(registration: Registration, *, with_resit: bool = False) -> dict[str, Any]:
    """The candidate record the jury deliberates: the registration (without `units`) and the
    grades of the units sat (from the loaded `grades`); a unit in parts counts only with every
    part; resit grades when `with_resit`."""
    framework = load_framework(registration.session.framework)
    record = registration_record(registration)
    units = record.pop("units")
    first: dict[str, dict[str, Grade]] = defaultdict(dict)
    resit: dict[str, Decimal] = {}
    for grade in registration.grades.all():
        if grade.sitting == Sitting.FIRST:
            first[grade.unit][grade.part] = grade
        elif grade.status == GradeStatus.GRADED:
            resit[grade.unit] = grade.value
    grades: dict[str, Any] = {}
    for unit in units:
        given = first.get(unit, {})
        parts = [p.code for p in framework.exam_of_unit(unit).parts]
        if parts:
            if all(part in given for part in parts):
                grades[unit] = {part: grade_value(given[part]) for part in parts}
        elif "" in given:
            grades[unit] = grade_value(given[""])
    record["grades"] = grades
    if with_resit and resit:
        record["resit_grades"] = resit
    return record


def candidate_label(registration: Registration, framework: Any = None) -> str:
    """The label of the registration's candidate category (annexe II c)."""
    framework = framework or load_framework(registration.session.framework)
    category = framework.candidate_categories.get(registration.category)
    return category.label if category else registration.category


def lines_of(decision: Decision) -> list[TranscriptLine]:
    """The relevé de notes of a decision, as it was stored when the decision was taken; each
    detail a `Message` when stored with its template (shown in the reader's language)."""
    numbers = ("coefficient", "grade", "points")
    lines = []
    for line in decision.lines:
        values = {k: (Decimal(v) if k in numbers and v is not None else v) for k, v in line.items()}
        data = values.pop("detail_data", None)
        if data is not None:
            values["detail"] = message_from_data(data)
        lines.append(TranscriptLine(**values))
    return lines


def current_decision(registration: Registration) -> Decision | None:
    """The latest decision (from the decisions loaded newest first, see `jury_table`)."""
    decisions = list(registration.decisions.all())
    return max(decisions, key=lambda d: d.pk) if decisions else None


# --- Completeness -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A grade the session expects: a unit (or a part of one) a candidate sits."""

    unit: str
    part: str  # "" for a whole unit

    @property
    def label(self) -> str:
        """« U5 écrit »: the column's header in a grade file (French, as `str`), shown in the
        reader's language on a page (an engine `Message`)."""
        if self.part not in PART_LABELS:
            return f"{self.unit} {self.part}".strip()
        return Message(PART_LABELS[self.part], unit=self.unit)

    @property
    def key(self) -> str:
        return f"{self.unit}.{self.part}" if self.part else self.unit


PART_LABELS = {
    "written": gettext_noop("%(unit)s écrit"),
    "practical": gettext_noop("%(unit)s pratique"),
}


def slots_of(units: list[str], framework_code: str = CURRENT_FRAMEWORK) -> list[Slot]:
    """The grades expected for the units sat, in the framework's order (U5 in its parts)."""
    framework = load_framework(framework_code)
    slots = []
    for unit in framework.units:
        if unit in units:
            parts = framework.exam_of_unit(unit).parts
            slots += [Slot(unit, p.code) for p in parts] or [Slot(unit, "")]
    return slots


@dataclass(frozen=True)
class CandidateRow:
    registration: Registration
    slots: tuple[tuple[Slot, Grade | None], ...]  # every expected grade, None when missing
    decision: Decision | None
    # For the tables, one per slot of the framework: the grade as shown, "" when the slot is not
    # expected of the candidate, None when it is missing.
    cells: tuple[str | None, ...] = ()

    @property
    def missing(self) -> tuple[Slot, ...]:
        return tuple(slot for slot, grade in self.slots if grade is None)

    def grade(self, key: str) -> Grade | None:
        return next((g for s, g in self.slots if s.key == key), None)


@dataclass(frozen=True)
class UnitCompleteness:
    slot: Slot
    expected: int
    entered: int

    @property
    def missing(self) -> int:
        return self.expected - self.entered


@dataclass(frozen=True)
class SessionTable:
    """The candidates of a session with their expected grades and current decision."""

    session: ExamSession
    slots: tuple[Slot, ...]  # every slot of the framework, for the columns
    rows: tuple[CandidateRow, ...]

    @property
    def units(self) -> tuple[UnitCompleteness, ...]:
        counts = []
        for slot in self.slots:
            cells = [g for row in self.rows for s, g in row.slots if s == slot]
            if cells:
                counts.append(UnitCompleteness(slot, len(cells), sum(g is not None for g in cells)))
        return tuple(counts)

    @property
    def incomplete(self) -> tuple[CandidateRow, ...]:
        return tuple(row for row in self.rows if row.missing)


STATUS_SHORT = {"absent": "ABS", "excused": "EXC", "NV": "NV"}


def _cell(grade: Grade | None) -> str | None:
    if grade is None:
        return None
    if grade.value is not None:
        return french_number(grade.value)
    return STATUS_SHORT[grade.status]


def session_table(
    session: ExamSession,
    *,
    registration: Registration | None = None,
    full: bool = False,
) -> SessionTable:
    """Every candidate of the session (or one), their first-sitting grades and current
    decision, in a fixed number of queries whatever the number of candidates (the jury's table).
    Only when `full`: the decisions' explanation, record and relevé, the carried grades and
    the grade changes."""
    decisions = Decision.objects.order_by("-pk")
    grades = Grade.objects.all()
    related: list[Any] = []
    if full:
        changes = GradeChange.objects.select_related("changed_by")  # the jury's page names them
        related = ["carried_grades", Prefetch("grade_changes", queryset=changes)]
    else:
        decisions = decisions.defer("explanation", "record", "lines")
        grades = grades.only("registration_id", "unit", "part", "sitting", "status", "value")
    registrations = session.registrations.all()
    if registration is not None:
        registrations = registrations.filter(pk=registration.pk)
    registrations = (
        registrations.select_related("learner", "learner__cohort", "session")
        .prefetch_related(
            Prefetch("grades", queryset=grades),
            Prefetch("decisions", queryset=decisions),
            *related,
        )
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    all_slots = slots_of(list(load_framework(session.framework).units), session.framework)
    rows = []
    for registration in registrations:
        first = {
            (g.unit, g.part): g for g in registration.grades.all() if g.sitting == Sitting.FIRST
        }
        expected = slots_of(list(registration.units), session.framework)
        rows.append(
            CandidateRow(
                registration,
                tuple((slot, first.get((slot.unit, slot.part))) for slot in expected),
                current_decision(registration),
                tuple(
                    _cell(first.get((slot.unit, slot.part))) if slot in expected else ""
                    for slot in all_slots
                ),
            )
        )
    return SessionTable(session, tuple(all_slots), tuple(rows))


# --- What the jury reads of a candidate ------------------------------------------------------


def positioning_of(learners: Iterable[Learner]) -> dict[int, Any]:
    """Learner id → the positioning decided at their admission (admissions' `positioning_for`,
    issue 18: credited and extra years, exempted units, the qualifications that justify them,
    the day and the reasons), for the learners who have one; in one query. The cohort's
    registration screen starts from it."""
    from ndrc.admissions.selectors import positioning_for

    return positioning_for(learners)


def school_record_of(learner: Learner) -> Any:
    """The livret scolaire (livret de formation for apprentices) the jury reads: the gradebook's
    `school_record` (issue 16; the teachers' view, every mark), or None when the centre keeps
    none for the learner in ndrc (no average, appreciation nor opinion in it)."""
    record = school_record(learner)
    kept = (
        record.opinion
        or record.general_appreciation
        or record.observations
        or any(
            row.appreciation or any(year.average.shown is not None for year in row.years)
            for row in record.rows
        )
    )
    return record if kept else None


def attendance_of(learner: Learner, *, start: date, end: date) -> Any:
    """The learner's attendance totals over the training (planned, attended, absences):
    `attendance.selectors.attendance_totals` (issue 13); None when ndrc does not hold the
    learner's timetable over the period."""
    from ndrc.attendance.selectors import attendance_totals

    totals = attendance_totals([learner], start=start, end=end).get(learner.pk)
    return totals if totals is not None and totals.recorded else None


@dataclass(frozen=True)
class CandidateFile:
    """Everything the jury reads of a candidate before deciding."""

    registration: Registration
    row: CandidateRow
    resit_grades: tuple[Grade, ...]
    decisions: tuple[Decision, ...]  # newest first
    changes: tuple[GradeChange, ...]
    ccf_situations: tuple[Any, ...]  # the CCF situations (assessments app) with their grades
    conformity: tuple[Any, ...]  # the E4/E6 dossier checks (portfolio app)
    school_record: Any
    attendance: Any


def candidate_file(registration: Registration, *, on: date) -> CandidateFile:
    """The candidate's record as the jury reads it on `on` (the caller checked the access)."""
    from ndrc.assessments.models import AssessmentSituation
    from ndrc.portfolio.selectors import check_learner_dossier, deadline_of

    session = registration.session
    (row,) = session_table(session, registration=registration, full=True).rows
    registration = row.registration
    learner = registration.learner
    checks = []
    for exam in ("E4", "E6"):
        deadline = deadline_of(learner.cohort, exam)
        day = deadline.date if deadline else session.dossier_deadline
        checks.append(check_learner_dossier(learner, exam, on=on, deadline=day))
    cohort = learner.cohort
    return CandidateFile(
        registration=registration,
        row=row,
        resit_grades=tuple(g for g in registration.grades.all() if g.sitting == Sitting.RESIT),
        decisions=tuple(sorted(registration.decisions.all(), key=lambda d: -d.pk)),
        changes=tuple(registration.grade_changes.all()),
        ccf_situations=tuple(
            AssessmentSituation.objects.filter(learner=learner).order_by("exam", "situation")
        ),
        conformity=tuple(checks),
        school_record=school_record_of(learner),
        attendance=attendance_of(
            learner, start=cohort.first_year_start, end=min(on, date(session.year, 6, 30))
        ),
    )


# --- Results: statistics, the learner's own -------------------------------------------------


@dataclass(frozen=True)
class StatisticsRow:
    """Candidates of one centre and one category at a session: registered, present, admitted."""

    year: int
    training_centre: str
    category: str
    registered: int
    present: int
    admitted: int

    @property
    def pass_rate(self) -> Decimal | None:
        return pass_rate(self.admitted, self.present, on=timezone.localdate())


def _published(registrations: QuerySet[Registration], *, at: datetime) -> QuerySet[Registration]:
    """The registrations of sessions whose results are published at `at`."""
    return registrations.filter(
        session__state__in=_SHOWN_STATES,
        session__publication_at__lte=at,
    )


def _results(registrations: QuerySet[Registration], *fields: str) -> list[tuple]:
    """For each registration: its `fields`, then present (at least one grade of this session —
    CCF included — not an absence nor an NV) and admitted (the current decision). Two queries."""
    present_ids = set(
        Grade.objects.filter(registration__in=registrations, status=GradeStatus.GRADED)
        .values_list("registration_id", flat=True)
        .distinct()
    )
    latest = (
        Decision.objects.filter(registration=OuterRef("pk")).order_by("-pk").values("decision")[:1]
    )
    return [
        (*values, pk in present_ids, current == ADMITTED)
        for pk, *values, current in registrations.annotate(current=Subquery(latest)).values_list(
            "pk", *fields, "current"
        )
    ]

    @property
    def category_label(self) -> str:
        """The category's label (annexe II c), "" for the session's total."""
        if not self.category:
            return ""
        category = load_framework(CURRENT_FRAMEWORK).candidate_categories.get(self.category)
        return category.label if category else self.category


def session_statistics(
    *,
    year: int | None = None,
    exam_sessions: Iterable[ExamSession] | None = None,
    centres: Iterable[int] | None = None,
    published_only: bool = False,
) -> list[StatisticsRow]:
    """The results by session year, centre and candidate category, and a total per session
    (category ""): registered, present, admitted (see `_results`). In a fixed number of queries.

    Filters: a year, some sessions, some centres (ids), only the sessions whose results are
    published (`published_only`: what may be shown outside the jury, e.g. the livret scolaire's
    "résultats de la section"). Used by the gradebook; the indicators read `candidate_results`.
    """
    registrations = Registration.objects.all()
    if year is not None:
        registrations = registrations.filter(session__year=year)
    if exam_sessions is not None:
        registrations = registrations.filter(session__in=list(exam_sessions))
    if centres is not None:
        registrations = registrations.filter(session__training_centre_id__in=list(centres))
    if published_only:
        registrations = _published(registrations, at=timezone.now())
    counts: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for session_year, centre, category, present, admitted in _results(
        registrations, "session__year", "session__training_centre__name", "category"
    ):
        for key in ((session_year, centre, category), (session_year, centre, "")):
            counts[key][0] += 1
            counts[key][1] += present
            counts[key][2] += admitted
    return [
        StatisticsRow(y, centre, category, *values)
        for (y, centre, category), values in sorted(
            counts.items(), key=lambda item: (-item[0][0], item[0][1], item[0][2] == "", item[0][2])
        )
    ]


def section_results(cohort: Cohort) -> list[SectionResult]:
    """The centre's results in the diploma over the last three sessions (presented, admitted,
    rate), for the livret's "résultats de la section" (handed to the gradebook by
    `ExamsConfig.ready`): the statistics of the published sessions, all categories together."""
    sessions = range(cohort.exam_session - 3, cohort.exam_session)
    return [
        SectionResult(row.year, row.present, row.admitted, row.pass_rate)
        for row in sorted(
            session_statistics(centres=[cohort.training_centre_id], published_only=True),
            key=lambda row: row.year,
        )
        if row.category == "" and row.year in sessions
    ]


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """A learner registered at the session `year` in `category`: present, admitted."""

    learner_id: int
    year: int
    category: str
    present: bool
    admitted: bool


def candidate_results(
    *, learner_ids: Iterable[int], years: Iterable[int], at: datetime | None = None
) -> list[CandidateResult]:
    """The published results (at `at`, now by default) of these learners at the sessions of
    `years`, one per registration, counted as `session_statistics` counts them. Three queries,
    whatever the number of learners. Used by the indicators (issue 17)."""
    registrations = _published(
        Registration.objects.filter(
            learner_id__in=list(learner_ids), session__year__in=list(years)
        ),
        at=at or timezone.now(),
    )
    return [
        CandidateResult(*row)
        for row in _results(registrations, "learner_id", "session__year", "category")
    ]


def last_publication(centre_id: int, *, at: datetime) -> datetime | None:
    """When the centre's results last became public, as of `at`: the latest publication time
    reached of its published sessions (None if none). What the published figures depend on."""
    return (
        ExamSession.objects.filter(
            training_centre_id=centre_id,
            state__in=_SHOWN_STATES,
            publication_at__lte=at,
        )
        .order_by("-publication_at")
        .values_list("publication_at", flat=True)
        .first()
    )


def own_registrations(user: Any) -> QuerySet[Registration]:
    """A learner's registrations, newest session first, with their session (its year, its
    publication): what the dashboard shows of each, and nothing else (no units, no record)."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return (
        Registration.objects.filter(own_record(user, "learner__user"))
        .select_related("session")
        .only("number", "session__year", "session__state", "session__publication_at")
        .order_by("-session__year")
    )


def own_registrations_read(user: Any) -> tuple[Registration, ...]:
    """`own_registrations`, read once per user object (a request's: the dashboard's exam panel
    and its CCF results both ask)."""
    return read_once(user, "own_registrations", lambda: tuple(own_registrations(user)))


# --- The dashboard --------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSummary:
    session: ExamSession
    registered: int
    invalid: int
    missing_grades: int | None  # candidates with a grade missing, while grading
    decided: int
    next_dates: tuple[Any, ...]


@dataclass(frozen=True)
class OwnResult:
    registration: Registration
    published: bool
    decision: Decision | None  # only once published


@dataclass(frozen=True)
class ExamsPanel:
    sessions: tuple[SessionSummary, ...] = ()
    exam_office: bool = False
    own: tuple[OwnResult, ...] = ()

    def __bool__(self) -> bool:  # nothing to show: the dashboard leaves the panel out
        return bool(self.sessions or self.own)


def dashboard_panel(user: Any, *, on: date | None = None) -> ExamsPanel:
    """What the dashboard shows of the exam sessions: to the exam office and the training
    manager, their open sessions and what they wait for; to a learner, their registration and
    their results once published."""
    on = on or timezone.localdate()
    summaries = []
    visible = visible_sessions(user)
    # None for a learner, a teacher, a master or tutor: no counts to build.
    sessions = (
        ()
        if visible.query.is_empty()
        else (
            visible.exclude(state=SessionState.ARCHIVED)
            .annotate(
                registered=Count("registrations", distinct=True),
                invalid=Count("registrations", filter=Q(registrations__valid=False), distinct=True),
                decided=Count("registrations__decisions__registration", distinct=True),
            )
            .prefetch_related("calendar")
        )
    )
    for session in sessions:
        missing = None
        if session.state == SessionState.GRADING:
            missing = len(session_table(session).incomplete)
        summaries.append(
            SessionSummary(
                session,
                session.registered,
                session.invalid,
                missing,
                session.decided,
                tuple(e for e in session.calendar.all() if e.starts_on >= on)[:3],
            )
        )
    # Only a user linked to a learner record has registrations (erasure unlinks it).
    registrations = own_registrations_read(user) if own_learner(user) is not None else ()
    published = [r for r in registrations if session_results_published(r.session)]
    # The decisions of the sessions published alone: none to read before (one query after).
    prefetch_related_objects(
        published, Prefetch("decisions", queryset=Decision.objects.order_by("-pk"))
    )
    own = tuple(
        OwnResult(
            registration,
            shown := registration in published,
            current_decision(registration) if shown else None,
        )
        for registration in registrations
    )
    exam_office = bool(centres_where(user, Role.EXAM_OFFICE)) or is_administrator(user)
    return ExamsPanel(tuple(summaries), exam_office, own)


# --- The personal data export -------------------------------------------------------------


@withhold(Grade)
def _grade_withheld(grade: Grade) -> tuple[str, ...]:
    registration = grade.registration
    if results_published(registration.learner, exam_session=registration.session):
        return ()
    return ("status", "value", "note", "source")


@withhold(Decision)
def _decision_withheld(decision: Decision) -> tuple[str, ...]:
    registration = decision.registration
    if results_published(registration.learner, exam_session=registration.session):
        return ()
    return (
        "decision", "average", "points", "coefficients", "professional_average",
        "units_obtained", "explanation", "record", "lines", "reason", "kind",
    )  # fmt: skip


@withhold(GradeChange)
def _change_withheld(change: GradeChange) -> tuple[str, ...]:
    registration = change.registration
    if results_published(registration.learner, exam_session=registration.session):
        return ()
    return ("before", "after", "reason")


# Erasure of a person (learners.personal_data.erase_person): the registration, grades and
# decisions stay, the law keeps exam results; the exam arrangements granted (health data) are
# not results and go.
@erases(Registration)
def _registration_texts(registration: Registration) -> dict[str, Any]:
    return {"arrangements": "", "accommodation_decision": ""}


@naming(ExamSession)
def _sessions_of(learner: Learner) -> QuerySet[ExamSession]:
    # The session's minutes list every candidate.
    return ExamSession.objects.filter(registrations__learner=learner).distinct()


@on_erasure
def _erase_bundles(learner: Learner, records: list[Any], values: list[str], by: Any) -> None:
    # A session's ZIP holds every candidate's documents: made again from the records on demand.
    for bundle in DocumentBundle.objects.filter(session__in=_sessions_of(learner)):
        delete_with_files(bundle, by=by)
