"""Reads of the teaching year: who sees which gradebook and bulletin, the marks grid, a cohort's
bulletins for a period, the class council, the livret scolaire (`school_record`) and a learner's
progress on the compétences. Every average comes from the engine
(`ndrc.regulation.gradebook_averages`); a page's reads are a fixed number of queries whatever
the number of learners and assessments.

Who reaches what (docs/gradebook.md):
- the gradebook's teacher: their gradebook (assessments, marks, appreciations), and writes it;
- the training manager of the centre: everything of the centre, writes everything;
- the cohort's referent teacher: the bulletins and the class council of the cohort (writes the
  general appreciations and the council's decisions);
- the other teachers of the cohort and the exam office: read the cohort's gradebooks, bulletins
  and councils;
- a learner: their own marks of published assessments, their bulletins once published, their
  livret and progress from published marks and confirmed CCF grids;
- an apprenticeship master or internship tutor: the published bulletins of the learners they
  supervise, when the centre shares them (`CentreSettings.share_reports_with_masters`).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_noop

from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    access,
    centres_where,
    get_record_for,
    is_administrator,
    read_once,
    rule,
    today,
)
from ndrc.core.versions import version_of
from ndrc.documents.selectors import naming
from ndrc.gradebook.models import (
    Appreciation,
    AssessedCompetence,
    Assessment,
    CentreSettings,
    ClassCouncil,
    Gradebook,
    Mark,
    Period,
    PeriodReport,
    RecordAppreciation,
    RecordObservations,
    Referent,
)
from ndrc.learners.models import Cohort, Learner, TeacherAssignment
from ndrc.learners.personal_data import erases, erasure_deletes
from ndrc.learners.selectors import (
    holds_supervisor_role,
    is_own_record,
    learner_counts,
    manages_cohort,
    own_learner,
    taught_by,
)
from ndrc.regulation.explanation import Message
from ndrc.regulation.framework import load_framework
from ndrc.regulation.gradebook_averages import (
    ABSENT,
    EXEMPT,
    MARKED,
    Average,
    ClassStatistics,
    GridEvidence,
    Level,
    MarkEntry,
    MarkEvidence,
    MarkInput,
    Part,
    SheetEvidence,
    block_level,
    class_statistics,
    combined_average,
    competence_level,
    module_average,
    teaching_module,
    teaching_modules,
)
from ndrc.regulation.rounding import french_number

# --- Access --------------------------------------------------------------------------------------


def _teaches(user: Any, cohort: Cohort) -> bool:
    return (
        TeacherAssignment.objects.filter(teacher=user, cohort=cohort).exists()
        or Gradebook.objects.filter(teacher=user, cohort=cohort).exists()
    )


def is_staff_of(user: Any, cohort: Cohort) -> bool:
    """The manager or exam office of the cohort's centre, or one of its teachers."""
    if not user.is_authenticated:
        return False
    if manages_cohort(user, cohort) or cohort.training_centre_id in centres_where(
        user, Role.EXAM_OFFICE
    ):
        return True
    return _teaches(user, cohort)


def is_referent(user: Any, cohort: Cohort) -> bool:
    return Referent.objects.filter(cohort=cohort, teacher=user).exists()


def may_lead_council(user: Any, cohort: Cohort) -> bool:
    """The training manager and the cohort's referent write bulletins and council decisions."""
    return user.is_authenticated and (manages_cohort(user, cohort) or is_referent(user, cohort))


@rule(Gradebook)
def _gradebook_rule(user: Any, action: Action, gradebook: Gradebook) -> Access:
    if not is_staff_of(user, gradebook.cohort):
        return Access.HIDDEN
    if action in (Action.VIEW, Action.VIEW_HISTORY, Action.VIEW_GRADES):
        return Access.ALLOWED
    if gradebook.teacher_id == user.pk or manages_cohort(user, gradebook.cohort):
        return Access.ALLOWED
    return Access.DENIED


@rule(ClassCouncil)
def _council_rule(user: Any, action: Action, council: ClassCouncil) -> Access:
    if not is_staff_of(user, council.cohort):
        return Access.HIDDEN
    if action in (Action.VIEW, Action.VIEW_HISTORY, Action.VIEW_GRADES):
        return Access.ALLOWED
    return Access.ALLOWED if may_lead_council(user, council.cohort) else Access.DENIED


def shares_with_masters(cohort: Cohort) -> bool:
    settings = CentreSettings.objects.filter(training_centre_id=cohort.training_centre_id).first()
    return settings is not None and settings.share_reports_with_masters


def _supervises(user: Any, learner: Learner, on: date) -> bool:
    from ndrc.companies.models import Supervision

    return holds_supervisor_role(user) and (
        Supervision.objects.filter(learner=learner, contact__user=user, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .exists()
    )


def is_published(learner: Learner, period: Period) -> bool:
    return ClassCouncil.objects.filter(
        cohort_id=learner.cohort_id, period=period, reports_published_at__isnull=False
    ).exists()


def report_access(user: Any, action: Action, learner: Learner, period: Period) -> Access:
    """Who reads and writes a learner's bulletin of a period (see the module)."""
    if not user.is_authenticated or not user.is_active:
        return Access.HIDDEN
    cohort = learner.cohort
    if is_staff_of(user, cohort):
        if action in (Action.VIEW, Action.VIEW_HISTORY, Action.VIEW_GRADES):
            return Access.ALLOWED
        return Access.ALLOWED if may_lead_council(user, cohort) else Access.DENIED
    is_self = is_own_record(user, learner)
    reader = is_self or (shares_with_masters(cohort) and _supervises(user, learner, today()))
    if not reader or not is_published(learner, period):
        return Access.HIDDEN
    return Access.ALLOWED if action in (Action.VIEW, Action.VIEW_GRADES) else Access.DENIED


@rule(PeriodReport)
def _report_rule(user: Any, action: Action, report: PeriodReport) -> Access:
    return report_access(user, action, report.learner, report.period)


@rule(RecordObservations)
def _observations_rule(user: Any, action: Action, record: RecordObservations) -> Access:
    # The livret shows the learner's grades: reading it is reading their grades.
    if action in (Action.VIEW, Action.VIEW_HISTORY, Action.VIEW_GRADES):
        return access(user, Action.VIEW_GRADES, record.learner)
    found = access(user, Action.VIEW_GRADES, record.learner)
    if found is not Access.ALLOWED:
        return found
    return Access.ALLOWED if may_lead_council(user, record.learner.cohort) else Access.DENIED


def visible_gradebooks(user: Any) -> QuerySet[Gradebook]:
    """The gradebooks `user` can read: those of the cohorts they teach or whose centre they
    manage or examine."""
    base = Gradebook.objects.select_related("cohort", "cohort__training_centre", "teacher")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    centres = centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
    return base.filter(
        Q(cohort__training_centre_id__in=centres)
        | taught_by(user)
        # A subquery, not a join to the cohort's gradebooks: each gradebook comes once.
        | Q(cohort_id__in=Gradebook.objects.filter(teacher=user).values("cohort_id"))
    )


def get_gradebook_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Gradebook:
    """The gradebook `pk` if `user` may do `action`: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, visible_gradebooks(user), pk, action, not_found="Carnet de notes introuvable."
    )


ASSESSMENT_FIELDS = ("title", "date", "kind", "scale", "weight")


def assessment_values(assessment: Assessment) -> dict[str, Any]:
    """What an assessment's edit starts from: its fields, and under `competences` the level of
    each compétence of the framework ("" when it does not assess it)."""
    levels = dict(assessment.competences.values_list("competence", "level"))
    framework = load_framework(assessment.gradebook.cohort.framework)
    return {
        **{name: getattr(assessment, name) for name in ASSESSMENT_FIELDS},
        "competences": {c.code: levels.get(c.code, "") for c in framework.competences()},
    }


def referent_values(cohort: Cohort) -> dict[str, Any]:
    """What the edit of a cohort's referent starts from: the teacher (None: nobody)."""
    referent = Referent.objects.filter(cohort=cohort).select_related("teacher").first()
    return {"teacher": referent.teacher if referent else None}


SETTINGS_FIELDS = ("period_kind", "share_reports_with_masters")


def settings_values(training_centre: Any) -> dict[str, Any]:
    """What the edit of a centre's settings starts from (their defaults while none are saved)."""
    settings = CentreSettings.objects.filter(training_centre=training_centre).first()
    if settings is None:
        return {"period_kind": "semester", "share_reports_with_masters": False}
    return {name: getattr(settings, name) for name in SETTINGS_FIELDS}


REPORT_FIELDS = ("general_appreciation", "decision", "exam_opinion")


def report_values(learner: Learner, period: Period) -> dict[str, Any]:
    """What the edit of a learner's line of a class council starts from: its general
    appreciation, decision and exam opinion ("" while nothing is written: no report yet)."""
    report = PeriodReport.objects.filter(learner=learner, period=period).first()
    return {name: getattr(report, name) if report else "" for name in REPORT_FIELDS}


def written_text(model: type, **lookup: Any) -> str:
    """The text of the appreciation (or livret's elements) found by `lookup`; "" when none."""
    return model.objects.filter(**lookup).values_list("text", flat=True).first() or ""


def text_version(learner: Learner, text: str) -> str:
    """The version an edit of a text about `learner` (an appreciation, the livret's elements)
    starts from: scoped on the learner, the text's record may not exist yet."""
    return version_of(learner, ("text",), values={"text": text})


def get_assessment_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Assessment:
    """An assessment, checked against its gradebook (404 / 403)."""
    assessment = (
        Assessment.objects.select_related("gradebook__cohort__training_centre")
        .filter(pk=pk, gradebook__in=visible_gradebooks(user))
        .first()
    )
    if assessment is None:
        get_gradebook_for(user, -1)  # raises the gradebook's 404
    get_record_for(
        user,
        Gradebook.objects.filter(pk=assessment.gradebook_id).select_related("cohort"),
        assessment.gradebook_id,
        action,
        not_found="Carnet de notes introuvable.",
    )
    return assessment


def own_gradebooks(user: Any) -> QuerySet[Gradebook]:
    """The gradebooks `user` keeps, by cohort and module."""
    if not user.is_authenticated:
        return Gradebook.objects.none()
    return Gradebook.objects.filter(teacher=user).select_related("cohort", "teacher")


def periods_of(cohort: Cohort) -> list[Period]:
    """The centre's periods that fall within the cohort's two years of training."""
    periods = Period.objects.filter(training_centre_id=cohort.training_centre_id)
    return [p for p in periods if cohort.year_on(p.start) or cohort.year_on(p.end)]


def period_on(cohort: Cohort, on: date) -> Period | None:
    """The period of the cohort that covers `on`, or the last one before it."""
    before = [p for p in periods_of(cohort) if p.start <= on]
    return next((p for p in reversed(before) if p.covers(on)), before[-1] if before else None)


def council_of(cohort: Cohort, period: Period) -> ClassCouncil | None:
    return ClassCouncil.objects.filter(cohort=cohort, period=period).first()


def teachable_modules(user: Any, cohort: Cohort) -> list[tuple[str, str]]:
    """(code, title) of the modules `user` may open a gradebook for in `cohort`: all of them for
    the manager or a teacher of the whole class; otherwise those of the blocs and units they are
    assigned to (the atelier de professionnalisation to every teacher of the cohort)."""
    framework = load_framework(cohort.framework)
    modules = teaching_modules(cohort.framework)
    if manages_cohort(user, cohort):
        return [(m.code, m.title) for m in modules]
    subjects = set(
        TeacherAssignment.objects.filter(teacher=user, cohort=cohort).values_list(
            "subject", flat=True
        )
    )
    if not subjects:
        return []
    allowed = []
    for module in modules:
        unit = framework.units.get(module.unit) if module.unit else None
        names = {module.unit, unit.skill_block if unit else None}
        if "" in subjects or module.unit is None or names & subjects:
            allowed.append((module.code, module.title))
    return allowed


# --- Marks as text ---------------------------------------------------------------------------

ABSENT_TEXT, EXEMPT_TEXT = "abs", "disp"


def entry_text(entry: MarkEntry | None) -> str:
    """What a cell shows: `12,5`, `abs`, `disp`, or nothing."""
    if entry is None:
        return ""
    if entry.status == ABSENT:
        return ABSENT_TEXT
    if entry.status == EXEMPT:
        return EXEMPT_TEXT
    return french_number(entry.value)


def average_text(average: Average | None) -> str:
    return "" if average is None or average.shown is None else french_number(average.shown)


def _entries(assessment_ids: list[int], learner_ids=None) -> dict[tuple[int, int], MarkEntry]:
    """(assessment id, learner id) → the entry, in one query."""
    marks = Mark.objects.filter(assessment_id__in=assessment_ids)
    if learner_ids is not None:
        marks = marks.filter(learner_id__in=learner_ids)
    return {
        (a, learner): MarkEntry(status, value)
        for a, learner, status, value in marks.values_list(
            "assessment_id", "learner_id", "status", "value"
        )
    }


def _average(assessments: list[Assessment], learner_id: int, entries: dict, on: date) -> Average:
    return module_average(
        [
            MarkInput(a.title, a.scale, a.weight, entries.get((a.pk, learner_id)))
            for a in assessments
        ],
        on=on,
    )


def _cohort_learners(cohort: Cohort) -> QuerySet[Learner]:
    return Learner.objects.filter(cohort=cohort, erased_on__isnull=True).order_by(
        "last_name", "first_name", "pk"
    )


def cohort_learners(cohort: Cohort) -> list[Learner]:
    """The cohort's learners (erased people excluded), by name, each given `cohort` (at hand:
    their attendance totals read no cohort again)."""
    learners = list(_cohort_learners(cohort))
    for learner in learners:
        learner.cohort = cohort
    return learners


def council_learners(cohort: Cohort) -> list[Learner]:
    """The cohort's learners as `cohort_learners`, loaded at once with what the class council's
    figures read of each (their category periods and contracts, `followup.selectors.loaded`):
    the attendance totals and the follow-up alerts then read them without loading them again."""
    from ndrc.followup.selectors import loaded

    return loaded(_cohort_learners(cohort))


# --- The marks grid of a gradebook -----------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    assessment_id: int
    text: str
    status: str  # marked | absent | exempt | "" (nothing entered)
    label: str  # the assessment's title, for the cell's accessible name


@dataclass(frozen=True)
class GridRow:
    learner: Learner
    cells: list[Cell]
    average: Average


@dataclass(frozen=True)
class ColumnFigures:
    assessment: Assessment
    statistics: ClassStatistics  # of the marks brought to 20
    missing: int  # learners without an entry


@dataclass(frozen=True)
class Grid:
    gradebook: Gradebook
    period: Period | None
    assessments: list[Assessment]
    rows: list[GridRow]
    columns: list[ColumnFigures]
    statistics: ClassStatistics  # of the learners' averages


def gradebook_grid(gradebook: Gradebook, *, period: Period | None, on: date) -> Grid:
    """The grid of a gradebook: its assessments (of `period`, or all) as columns, the cohort's
    learners as rows, each learner's average over those assessments. Four queries."""
    assessments = gradebook.assessments.prefetch_related("competences")
    if period is not None:
        assessments = assessments.filter(date__range=(period.start, period.end))
        on = period.end
    assessments = list(assessments)
    learners = cohort_learners(gradebook.cohort)
    entries = _entries([a.pk for a in assessments])
    rows = []
    for learner in learners:
        cells = []
        for assessment in assessments:
            entry = entries.get((assessment.pk, learner.pk))
            cells.append(
                Cell(
                    assessment.pk,
                    entry_text(entry),
                    entry.status if entry else "",
                    assessment.title,
                )
            )
        rows.append(GridRow(learner, cells, _average(assessments, learner.pk, entries, on)))
    columns = [column_figures(a, entries, [r.learner.pk for r in rows], on=on) for a in assessments]
    statistics = class_statistics([r.average.exact for r in rows], on=on)
    return Grid(gradebook, period, assessments, rows, columns, statistics)


def column_figures(
    assessment: Assessment, entries: dict, learner_ids: list[int], *, on: date
) -> ColumnFigures:
    """An assessment's class figures (marks brought to 20) and how many learners lack an entry."""
    values = []
    missing = 0
    for learner_id in learner_ids:
        entry = entries.get((assessment.pk, learner_id))
        if entry is None:
            missing += 1
        elif entry.status == MARKED:
            values.append(Fraction(entry.value) * 20 / Fraction(assessment.scale))
    return ColumnFigures(assessment, class_statistics(values, on=on), missing)


@dataclass(frozen=True)
class CellUpdate:
    """A saved cell, as the grid shows it again: the entry and the learner's new average."""

    learner: Learner
    text: str
    status: str
    average: Average


def cell_updates(
    assessment: Assessment, learners: list[Learner], *, period: Period | None, on: date
) -> list[CellUpdate]:
    """After saving cells of an assessment: each learner's entry and average (over the
    gradebook's assessments of `period`, or all). Two queries, whatever the number of cells."""
    assessments = assessment.gradebook.assessments.all()
    if period is not None:
        assessments = assessments.filter(date__range=(period.start, period.end))
        on = period.end
    assessments = list(assessments)
    ids = [a.pk for a in assessments]
    entries = _entries([*ids, assessment.pk], [learner.pk for learner in learners])
    updates = []
    for learner in learners:
        entry = entries.get((assessment.pk, learner.pk))
        updates.append(
            CellUpdate(
                learner,
                entry_text(entry),
                entry.status if entry else "",
                _average(assessments, learner.pk, entries, on),
            )
        )
    return updates


def column_of(assessment: Assessment, *, on: date) -> ColumnFigures:
    learners = [learner.pk for learner in cohort_learners(assessment.gradebook.cohort)]
    return column_figures(assessment, _entries([assessment.pk]), learners, on=on)


# --- A learner's own marks -------------------------------------------------------------------


@dataclass(frozen=True)
class OwnMark:
    assessment: Assessment
    text: str


@dataclass(frozen=True)
class OwnGradebook:
    gradebook: Gradebook
    marks: list[OwnMark]
    average: Average


def learner_marks(
    learner: Learner, *, period: Period | None, published_only: bool, on: date
) -> list[OwnGradebook]:
    """A learner's marks by gradebook, with their averages: only published assessments when
    `published_only` (what the learner sees). Three queries."""
    gradebooks = list(
        Gradebook.objects.filter(cohort_id=learner.cohort_id).select_related("teacher", "cohort")
    )
    assessments = Assessment.objects.filter(gradebook__in=gradebooks)
    if published_only:
        assessments = assessments.filter(published_at__isnull=False)
    if period is not None:
        assessments = assessments.filter(date__range=(period.start, period.end))
        on = period.end
    by_gradebook: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_gradebook[assessment.gradebook_id].append(assessment)
    entries = _entries([a.pk for items in by_gradebook.values() for a in items], [learner.pk])
    result = []
    for gradebook in gradebooks:
        items = by_gradebook.get(gradebook.pk, [])
        if not items:
            continue
        marks = [OwnMark(a, entry_text(entries.get((a.pk, learner.pk)))) for a in items]
        result.append(OwnGradebook(gradebook, marks, _average(items, learner.pk, entries, on)))
    return result


# --- A cohort's bulletins for a period -------------------------------------------------------


def calendars_of(cohort: Cohort) -> dict[int, Any]:
    """The cohort's training calendar, loaded once (`timetable.selectors.calendar_contexts`) for
    the page that totals its attendance twice (over the period, over the year for the alerts)."""
    from ndrc.timetable.selectors import calendar_contexts

    return calendar_contexts([cohort.pk])


def attendance_of(
    learners: list[Learner], *, start: date, end: date, contexts: dict[int, Any] | None = None
) -> dict[int, Any]:
    """Attendance figures of the learners over a period, by learner id (planned, attended,
    absent_justified, absent_unjustified hours): `attendance.selectors.attendance_totals`
    (issue 13), in a fixed number of queries. A learner whose timetable ndrc does not hold over
    the period is left out: the bulletin says "not available" rather than 0 h."""
    from ndrc.attendance.selectors import attendance_totals

    totals = attendance_totals(learners, start=start, end=end, contexts=contexts)
    return {pk: figures for pk, figures in totals.items() if figures.recorded}


def risks_of(
    learners: list[Learner], *, on: date, contexts: dict[int, Any] | None = None
) -> dict[int, list[Any]]:
    """The follow-up alerts of the learners on a date, by learner id (each: code, reason):
    issue 14's agreed selector, `ndrc.followup.selectors.risks` (a constant number of queries)."""
    from ndrc.followup.selectors import risks

    return risks(learners, on=on, contexts=contexts)


@dataclass(frozen=True)
class ReportLine:
    """A gradebook on the cohort's bulletins: its averages for every learner."""

    gradebook: Gradebook
    title: str
    teacher_name: str
    coefficient: Decimal
    averages: dict[int, Average]
    statistics: ClassStatistics
    appreciations: dict[int, str]


@dataclass(frozen=True)
class BulletinLine:
    title: str
    teacher_name: str
    coefficient: Decimal
    average: Average
    statistics: ClassStatistics
    appreciation: str


@dataclass(frozen=True)
class Bulletin:
    learner: Learner
    period: Period
    lines: list[BulletinLine]
    general: Average
    general_statistics: ClassStatistics
    report: PeriodReport | None
    attendance: Any
    referent: str
    published: bool


@dataclass
class CohortReports:
    cohort: Cohort
    period: Period
    council: ClassCouncil | None
    learners: list[Learner]
    lines: list[ReportLine]
    general: dict[int, Average]
    general_statistics: ClassStatistics
    reports: dict[int, PeriodReport]
    attendance: dict[int, Any]
    referent: str
    risks: dict[int, list[Any]] = field(default_factory=dict)

    @property
    def published(self) -> bool:
        return self.council is not None and self.council.reports_published_at is not None

    def bulletin(self, learner: Learner) -> Bulletin:
        lines = [
            BulletinLine(
                line.title,
                line.teacher_name,
                line.coefficient,
                line.averages[learner.pk],
                line.statistics,
                line.appreciations.get(learner.pk, ""),
            )
            for line in self.lines
        ]
        return Bulletin(
            learner,
            self.period,
            lines,
            self.general[learner.pk],
            self.general_statistics,
            self.reports.get(learner.pk),
            self.attendance.get(learner.pk),
            self.referent,
            self.published,
        )

    def bulletins(self) -> list[Bulletin]:
        return [self.bulletin(learner) for learner in self.learners]


def _person(user: Any) -> str:
    return user.get_full_name() or user.username


_UNREAD: Any = object()  # `cohort_reports`' council when the caller did not read it


def cohort_reports(
    cohort: Cohort,
    period: Period,
    *,
    learners: list[Learner] | None = None,
    council: ClassCouncil | None = _UNREAD,
    contexts: dict[int, Any] | None = None,
) -> CohortReports:
    """Every learner's bulletin of a cohort for a period: per gradebook the learners' averages
    and the class's figures, the general averages (gradebooks weighed by their coefficients), the
    teachers' and the referent's appreciations, the council's decisions and the attendance.
    Nine queries, whatever the size of the cohort (fewer when the caller gives the learners,
    loaded as `council_learners`, the council it read, `council_of`, and the calendar,
    `calendars_of`)."""
    on = period.end
    learners = cohort_learners(cohort) if learners is None else learners
    ids = [learner.pk for learner in learners]
    gradebooks = list(
        Gradebook.objects.filter(cohort=cohort).select_related("teacher").order_by("module", "pk")
    )
    order = {m.code: index for index, m in enumerate(teaching_modules(cohort.framework))}
    gradebooks.sort(key=lambda g: (order.get(g.module, len(order)), g.pk))
    by_gradebook: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in Assessment.objects.filter(
        gradebook__cohort=cohort, date__range=(period.start, period.end)
    ):
        by_gradebook[assessment.gradebook_id].append(assessment)
    entries = _entries([a.pk for items in by_gradebook.values() for a in items])
    appreciations: dict[int, dict[int, str]] = defaultdict(dict)
    for gradebook_id, learner_id, text in Appreciation.objects.filter(
        gradebook__cohort=cohort, period=period
    ).values_list("gradebook_id", "learner_id", "text"):
        appreciations[gradebook_id][learner_id] = text
    lines = []
    for gradebook in gradebooks:
        items = by_gradebook.get(gradebook.pk, [])
        averages = {i: _average(items, i, entries, on) for i in ids}
        lines.append(
            ReportLine(
                gradebook,
                teaching_module(gradebook.module, cohort.framework).title,
                _person(gradebook.teacher),
                gradebook.coefficient,
                averages,
                class_statistics([a.exact for a in averages.values()], on=on),
                appreciations.get(gradebook.pk, {}),
            )
        )
    general = {
        i: combined_average(
            [Part(line.title, line.averages[i].exact, line.coefficient) for line in lines], on=on
        )
        for i in ids
    }
    reports = {
        r.learner_id: r for r in PeriodReport.objects.filter(learner_id__in=ids, period=period)
    }
    referent = Referent.objects.filter(cohort=cohort).select_related("teacher").first()
    return CohortReports(
        cohort=cohort,
        period=period,
        council=council_of(cohort, period) if council is _UNREAD else council,
        learners=learners,
        lines=lines,
        general=general,
        general_statistics=class_statistics([a.exact for a in general.values()], on=on),
        reports=reports,
        attendance=attendance_of(learners, start=period.start, end=period.end, contexts=contexts),
        referent=_person(referent.teacher) if referent else "",
    )


# --- The livret scolaire / livret de formation -------------------------------------------------


@dataclass(frozen=True)
class RecordPeriod:
    period: Period
    average: Average
    class_mean: Decimal | None


@dataclass(frozen=True)
class RecordYear:
    year: int  # 1 or 2
    periods: list[RecordPeriod]
    average: Average  # over every mark of the year, not the mean of the periods
    class_mean: Decimal | None


@dataclass(frozen=True)
class RecordRow:
    """A line of the livret: a unit of the diploma (in the order of the règlement d'examen), or
    a module that prepares no unit (the atelier de professionnalisation)."""

    code: str
    title: str
    coefficient: Decimal | None
    optional: bool
    years: list[RecordYear]
    appreciation: str
    teachers: list[str]


@dataclass(frozen=True)
class OpinionShare:
    code: str
    label: str
    count: int
    percent: Decimal | None  # of the class, rounded to the unit


@dataclass(frozen=True)
class PracticePeriod:
    year: int | None
    company: str
    start: date
    end: date
    kind: str  # "stage" | "contrat"


@dataclass(frozen=True)
class SectionResult:
    session: int
    presented: int
    admitted: int
    rate: Decimal | None  # admitted / presented × 100, to the hundredth


@dataclass(frozen=True)
class SchoolRecord:
    """The livret scolaire (livret de formation for apprentices and trainees) of a learner, in
    the layout of the official model (docs/gradebook.md): identity, per unit and per year the
    learner's and the class's averages with the teachers' appreciation for the jury, the periods
    in company, the teaching team's opinion for the exam with the class's distribution, the
    section's results over the last sessions."""

    learner: Learner
    cohort: Cohort
    is_training_record: bool  # livret de formation (apprentices, trainees) or livret scolaire
    rows: list[RecordRow]
    periods: dict[int, list[Period]]
    opinion: str
    opinion_label: str
    general_appreciation: str
    class_size: int
    opinions: list[OpinionShare]
    practice: list[PracticePeriod]
    section_results: list[SectionResult]
    published_only: bool
    observations: str = ""


# The livret's "résultats de la section" are the exam sessions' results, which the exams app
# holds. It sits above the gradebook (its jury reads the livret), so it hands its reader in at
# start-up (`ExamsConfig.ready`) rather than the gradebook importing it.
_section_results_reader: Callable[[Cohort], list[SectionResult]] | None = None


def provide_section_results(read: Callable[[Cohort], list[SectionResult]]) -> None:
    """Called once by the exams app: `read(cohort)` gives the livret's "résultats de la
    section" (`ndrc.exams.selectors.section_results`)."""
    global _section_results_reader
    _section_results_reader = read


def section_results(cohort: Cohort) -> list[SectionResult]:
    """The centre's results in the diploma over the last sessions, for the livret: read by the
    exams app (`provide_section_results`); none where no app gives them."""
    return _section_results_reader(cohort) if _section_results_reader else []


def record_lines(cohort: Cohort) -> list[tuple[str, str, Decimal | None, bool, list[str]]]:
    """(code, title, coefficient, optional, module codes) of the livret's lines."""
    framework = load_framework(cohort.framework)
    modules = teaching_modules(cohort.framework)
    rows = []
    for unit in framework.units.values():
        codes = [m.code for m in modules if m.unit == unit.code]
        if codes:
            rows.append((unit.code, unit.title, unit.coefficient, unit.is_optional, codes))
    rows += [(m.code, m.title, None, m.optional, [m.code]) for m in modules if m.unit is None]
    return rows


def _latest_opinions(
    learner_ids: list[int], cohort: Cohort, *, published_only: bool
) -> dict[int, PeriodReport]:
    """Each learner's latest report of the second year giving an opinion for the exam."""
    reports = PeriodReport.objects.filter(learner_id__in=learner_ids).exclude(exam_opinion="")
    if published_only:
        published = ClassCouncil.objects.filter(
            cohort=cohort, period=OuterRef("period"), reports_published_at__isnull=False
        )
        reports = reports.filter(Exists(published))
    latest: dict[int, PeriodReport] = {}
    for report in reports.select_related("period").order_by("period__start", "pk"):
        if cohort.year_on(report.period.start) == 2:
            latest[report.learner_id] = report
    return latest


def school_record(learner: Learner, *, published_only: bool = False) -> SchoolRecord:
    """The livret scolaire / livret de formation of `learner` over the two years: the agreed
    selector the exam session's jury reads (issue 15). With `published_only` (what the learner
    reads), only published assessments and the opinions of published councils count.

    A fixed number of queries: the class's figures need the whole cohort's marks, read at once.
    """
    cohort = learner.cohort
    learners = cohort_learners(cohort)
    if learner.pk not in {other.pk for other in learners}:
        learners.append(learner)
    ids = [other.pk for other in learners]
    gradebooks = list(Gradebook.objects.filter(cohort=cohort).select_related("teacher"))
    assessments = Assessment.objects.filter(gradebook__cohort=cohort)
    if published_only:
        assessments = assessments.filter(published_at__isnull=False)
    assessments = list(assessments)
    entries = _entries([a.pk for a in assessments])
    periods = periods_of(cohort)
    by_year: dict[int, list[Period]] = {1: [], 2: []}
    for period in periods:
        year = cohort.year_on(period.start) or cohort.year_on(period.end)
        by_year[year].append(period)

    def module_averages(gradebook: Gradebook, items: list[Assessment], on: date):
        return {i: _average(items, i, entries, on) for i in ids}

    def unit_average(gradebook_averages, i, on: date) -> Average:
        return combined_average(
            [
                Part(g.module, averages[i].exact, max(g.coefficient, Decimal(1)))
                for g, averages in gradebook_averages
            ],
            on=on,
        )

    def figures(books: list[Gradebook], test, on: date):
        per_book = []
        for gradebook in books:
            items = [a for a in assessments if a.gradebook_id == gradebook.pk and test(a.date)]
            per_book.append((gradebook, module_averages(gradebook, items, on)))
        averages = {i: unit_average(per_book, i, on) for i in ids}
        mean = class_statistics([a.exact for a in averages.values()], on=on).mean
        return averages[learner.pk], mean

    appreciations = dict(
        RecordAppreciation.objects.filter(learner=learner).values_list("unit", "text")
    )
    rows = []
    for code, title, coefficient, optional, module_codes in record_lines(cohort):
        books = [g for g in gradebooks if g.module in module_codes]
        years = []
        for year in (1, 2):
            year_periods = []
            for period in by_year[year]:
                average, mean = figures(
                    books, lambda d, p=period: p.start <= d <= p.end, period.end
                )
                year_periods.append(RecordPeriod(period, average, mean))
            ends = [p.end for p in by_year[year]] or [learner.cohort.first_year_start]
            average, mean = figures(books, lambda d, y=year: cohort.year_on(d) == y, max(ends))
            years.append(RecordYear(year, year_periods, average, mean))
        teachers = sorted({_person(g.teacher) for g in books})
        rows.append(
            RecordRow(
                code, title, coefficient, optional, years, appreciations.get(code, ""), teachers
            )
        )

    opinions = _latest_opinions(ids, cohort, published_only=published_only)
    own = opinions.get(learner.pk)
    from ndrc.gradebook.models import ExamOpinion

    shares = []
    for code, label in ExamOpinion.choices:
        if not code:
            continue
        count = sum(1 for report in opinions.values() if report.exam_opinion == code)
        percent = (Decimal(100 * count) / len(learners)).quantize(Decimal(1)) if learners else None
        shares.append(OpinionShare(code, str(label), count, percent))
    on = max((p.end for p in periods), default=cohort.first_year_start)
    return SchoolRecord(
        learner=learner,
        cohort=cohort,
        is_training_record=(learner.category_on(on) or "").startswith(("apprenti", "fpc")),
        rows=rows,
        periods=by_year,
        opinion=own.exam_opinion if own else "",
        opinion_label=own.get_exam_opinion_display() if own else "",
        general_appreciation=own.general_appreciation if own else "",
        class_size=len(learners),
        opinions=shares,
        practice=practice_periods(learner),
        section_results=section_results(cohort),
        published_only=published_only,
        observations=RecordObservations.objects.filter(learner=learner)
        .values_list("text", flat=True)
        .first()
        or "",
    )


def practice_periods(learner: Learner) -> list[PracticePeriod]:
    """The learner's internships and work contracts, for the livret's periods in company."""
    cohort = learner.cohort
    periods = [
        PracticePeriod(cohort.year_on(a.start), a.host.name, a.start, a.end, "stage")
        for a in learner.internship_agreements.select_related("host")
    ]
    periods += [
        PracticePeriod(
            cohort.year_on(c.start),
            c.employer.name,
            c.start,
            c.termination_date or c.end,
            "contrat",
        )
        for c in learner.contracts.select_related("employer")
    ]
    return sorted(periods, key=lambda p: p.start)


# --- Progress on the compétences -------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceProgress:
    code: str
    title: str
    level: Level


@dataclass(frozen=True)
class BlockProgress:
    code: str
    title: str
    level: Level
    competences: list[CompetenceProgress]


def _competence_of(criterion: str) -> str:
    """BC01-C1-S1-PC1 → BC01-C1."""
    return "-".join(criterion.split("-")[:2])


def competence_progress(learner: Learner, *, published_only: bool, on: date) -> list[BlockProgress]:
    """The learner's level on each compétence and bloc of the référentiel, from the marks of the
    assessments tagged with it, the CCF grids (confirmed ones only when `published_only`) and
    the validated activity sheets where they performed one of its critères. Five queries."""
    from ndrc.assessments.models import CriterionRating, Status
    from ndrc.portfolio.models import CriterionTag, Evidence, SheetStatus

    evidence: dict[str, list] = defaultdict(list)
    tags = AssessedCompetence.objects.filter(
        assessment__gradebook__cohort_id=learner.cohort_id
    ).select_related("assessment")
    if published_only:
        tags = tags.filter(assessment__published_at__isnull=False)
    tags = list(tags)
    entries = _entries(list({t.assessment_id for t in tags}), [learner.pk])
    for tag in tags:
        entry = entries.get((tag.assessment_id, learner.pk))
        if entry is not None and entry.status == MARKED:
            a = tag.assessment
            evidence[tag.competence].append(
                MarkEvidence(f"{a.title} ({a.date:%d/%m/%Y})", entry.value, a.scale, tag.level)
            )
    ratings = CriterionRating.objects.filter(situation__learner=learner).select_related("situation")
    if published_only:
        ratings = ratings.filter(situation__status=Status.GRADE_CONFIRMED)
    grids: dict[tuple[int, str], list[str]] = defaultdict(list)
    labels: dict[int, str] = {}
    for rating in ratings.order_by("situation__date", "criterion"):
        grids[rating.situation_id, _competence_of(rating.criterion)].append(rating.level)
        labels[rating.situation_id] = f"CCF {rating.situation.label}"
    for (situation_id, competence), levels in grids.items():
        evidence[competence].append(GridEvidence(labels[situation_id], tuple(levels)))
    sheets: dict[str, dict[int, str]] = defaultdict(dict)
    for criterion, sheet_id, title in CriterionTag.objects.filter(
        sheet__learner=learner,
        sheet__status=SheetStatus.VALIDATED,
        evidence=Evidence.PERFORMED,
    ).values_list("criterion", "sheet_id", "sheet__title"):
        sheets[_competence_of(criterion)][sheet_id] = Message(
            gettext_noop("Fiche « %(title)s »"), title=title
        )
    for competence, found in sheets.items():
        evidence[competence] += [SheetEvidence(label) for label in found.values()]

    framework = load_framework(learner.cohort.framework)
    blocks = []
    for block in framework.skill_blocks.values():
        competences = [
            CompetenceProgress(
                c.code,
                c.title,
                competence_level(evidence[c.code], on=on, framework_code=framework.code),
            )
            for c in block.competences
        ]
        blocks.append(
            BlockProgress(
                block.code,
                block.title,
                block_level([c.level for c in competences], on=on, framework_code=framework.code),
                competences,
            )
        )
    return blocks


# --- Dashboard panels (dashboard/panels.py PANELS: one per role, `read(user, *, on)`) ---------


@dataclass(frozen=True)
class MarksToEnter:
    assessment: Assessment
    missing: int


@dataclass(frozen=True)
class TeacherPanel:
    gradebooks: list[Gradebook]
    to_enter: list[MarksToEnter]


@dataclass(frozen=True)
class LearnerPanel:
    learner: Learner
    recent: list[tuple[Assessment, str]]
    bulletins: list[ClassCouncil]


@dataclass(frozen=True)
class CohortWatch:
    cohort: Cohort
    period: Period | None
    council: ClassCouncil | None


RECENT_MARKS = 5


def teacher_panel(user: Any, *, on: date) -> TeacherPanel | None:
    """A teacher's gradebooks and the marks still to enter in the assessments held by `on`
    (None: no gradebook)."""
    # A line names the module (its title by the cohort's framework) and the cohort: the
    # teacher, who is `user`, is not read again.
    gradebooks = list(
        own_gradebooks(user)
        .select_related(None)
        .select_related("cohort")
        .only("cohort_id", "module", "cohort__name", "cohort__framework")
        .order_by("cohort__name", "module")
    )
    if not gradebooks:
        return None
    learners = learner_counts(user, {g.cohort_id for g in gradebooks})
    pending = (
        Assessment.objects.filter(gradebook__in=gradebooks, date__lte=on)
        .select_related("gradebook__cohort")
        .annotate(entered=Count("marks"))
        .order_by("date", "pk")
    )
    to_enter = [
        MarksToEnter(a, learners.get(a.gradebook.cohort_id, 0) - a.entered)
        for a in pending
        if a.entered < learners.get(a.gradebook.cohort_id, 0)
    ]
    return TeacherPanel(gradebooks, to_enter)


def learner_panel(user: Any, *, on: date) -> LearnerPanel | None:
    """A learner's latest published marks and published bulletins (None: not a learner)."""
    own = own_learner(user)
    if own is None:
        return None
    # What a line shows: the mark, its assessment's title, date and scale, its module's title
    # (from the gradebook's module and its cohort's framework: the learner's cohort, read with
    # their record, for their cohort's gradebooks).
    marks = (
        Mark.objects.filter(learner=own, assessment__published_at__isnull=False)
        .select_related("assessment__gradebook")
        .only(
            "status", "value", "assessment__title", "assessment__date", "assessment__scale",
            "assessment__gradebook__module", "assessment__gradebook__cohort_id",
        )
        .order_by("-assessment__date", "-pk")[:RECENT_MARKS]
    )  # fmt: skip
    recent = []
    for mark in marks:
        if mark.assessment.gradebook.cohort_id == own.cohort_id:
            mark.assessment.gradebook.cohort = own.cohort
        recent.append((mark.assessment, entry_text(MarkEntry(mark.status, mark.value))))
    # The bulletins of one cohort: in their periods' order (no join to the cohort to order by).
    bulletins = list(
        ClassCouncil.objects.filter(cohort_id=own.cohort_id, reports_published_at__isnull=False)
        .select_related("period")
        .only("period__name")
        .order_by("period__start")
    )
    return LearnerPanel(own, recent, bulletins)


def manager_panel(user: Any, *, on: date) -> list[CohortWatch]:
    """The training manager's cohorts, each with its period of `on`, its council and whether
    its bulletins are published."""
    if not user.is_authenticated:
        return []
    managed = Cohort.objects.select_related("training_centre")
    if not is_administrator(user):
        managed = managed.filter(training_centre_id__in=centres_where(user, Role.TRAINING_MANAGER))
    cohorts = list(managed.order_by("-exam_session", "name"))
    if not cohorts:
        return []
    periods = list(
        Period.objects.filter(training_centre_id__in={c.training_centre_id for c in cohorts})
    )
    councils = {
        (c.cohort_id, c.period_id): c for c in ClassCouncil.objects.filter(cohort__in=cohorts)
    }
    watches = []
    for cohort in cohorts:
        current = None
        for period in periods:
            if period.training_centre_id == cohort.training_centre_id and period.start <= on:
                if cohort.year_on(period.start) or cohort.year_on(period.end):
                    current = period
        watches.append(
            CohortWatch(cohort, current, councils.get((cohort.pk, current.pk)) if current else None)
        )
    return watches


def _sharing_centres(user: Any) -> frozenset[int]:
    """The ids of the centres that share their bulletins with masters and tutors: read once per
    user object (a request's: the menu and the dashboard's panel both ask)."""
    return read_once(
        user,
        "sharing_centres",
        lambda: frozenset(
            CentreSettings.objects.filter(share_reports_with_masters=True).values_list(
                "training_centre_id", flat=True
            )
        ),
    )


def bulletins_shared_with(user: Any) -> bool:
    """Whether one of the centres where `user` is master or tutor shares its bulletins with
    them: without it their "bulletins" page would have nothing to show."""
    centres = centres_where(user, Role.APPRENTICESHIP_MASTER, Role.INTERNSHIP_TUTOR)
    return bool(centres) and bool(centres & _sharing_centres(user))


def supervised_bulletins(user: Any, *, on: date) -> list[tuple[Learner, list[ClassCouncil]]]:
    """An apprenticeship master's or tutor's learners on `on`, where their centre shares the
    bulletins, each with its published bulletins."""
    if not user.is_authenticated or not centres_where(
        user, Role.APPRENTICESHIP_MASTER, Role.INTERNSHIP_TUTOR
    ):
        return []
    from ndrc.companies.selectors import running_supervisions

    shared = _sharing_centres(user)
    learners = {
        s.learner.pk: s.learner
        for s in running_supervisions(user, on=on)
        if s.learner.cohort.training_centre_id in shared
    }
    if not learners:  # no centre of theirs shares the bulletins: no councils to look for
        return []
    councils = defaultdict(list)
    for council in ClassCouncil.objects.filter(
        cohort_id__in={learner.cohort_id for learner in learners.values()},
        reports_published_at__isnull=False,
    ).select_related("period"):
        councils[council.cohort_id].append(council)
    return [(learner, councils[learner.cohort_id]) for learner in learners.values()]


# Erasure of a person (learners.personal_data.erase_person): the marks and the council's
# decisions stay (they are in the cohort's averages and the jury's file); the words written about
# the person go.
erasure_deletes(Appreciation)
erasure_deletes(RecordAppreciation)


@erases(PeriodReport)
def _report_texts(report: PeriodReport) -> dict[str, Any]:
    return {"general_appreciation": ""}


@erases(RecordObservations)
def _observation_texts(observations: RecordObservations) -> dict[str, Any]:
    return {"text": ""}


@naming(ClassCouncil)
def _councils_of(learner: Learner) -> QuerySet[ClassCouncil]:
    # The council's minutes and the cohort's bulletins name every learner of the cohort.
    return ClassCouncil.objects.filter(cohort_id=learner.cohort_id)
