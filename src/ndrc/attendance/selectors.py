"""Reads of attendance: sheets, a learner's running totals, a cohort's month grid, the
dashboard panels. Totals are decided by the engine (`regulation.attendance`), once.

| relationship | sees |
|---|---|
| training manager of the centre | every sheet and total; corrects locked sheets |
| the session's teacher | the sheet (takes it, signs it) |
| teacher assigned to the cohort, exam office | sheets and totals of the cohort, read-only |
| the learner | their own totals; signs their own line |
| apprenticeship master | their own apprentice's totals and absences (an internship tutor: no) |
| administrator | everything |
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from ndrc.attendance.models import AbsenceJustification, AttendanceRecord, AttendanceSheet, Status
from ndrc.companies.models import ContactRole
from ndrc.companies.selectors import running_supervisions
from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    roles_of,
    rule,
)
from ndrc.documents.selectors import naming
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.personal_data import erases
from ndrc.learners.selectors import (
    get_learner_for,
    is_own_record,
    own_learner,
    staff_relationships,
    taught_by,
    with_categories,
)
from ndrc.regulation.attendance import (
    AttendanceMark,
    AttendanceSummary,
    PlannedSession,
    summarise_attendance,
)
from ndrc.timetable.models import Session, SessionStatus, TrainingCalendar
from ndrc.timetable.selectors import (
    CalendarContext,
    calendar_context_of,
    calendar_contexts,
    category_of,
    group_plan,
    manages_cohort,
    module_titles,
)

ZERO = Decimal(0)


# --- Who may see what ----------------------------------------------------------------------


@rule(AttendanceSheet)
def _sheet_rule(user: Any, action: Action, sheet: AttendanceSheet) -> Access:
    session = sheet.session
    if manages_cohort(user, session.cohort):
        return Access.ALLOWED
    if session.teacher_id == user.pk:
        return Access.ALLOWED if action in (Action.VIEW, Action.CHANGE) else Access.DENIED
    readers = centres_where(user, Role.EXAM_OFFICE)
    if (
        session.cohort.training_centre_id in readers
        or session.cohort.teacher_assignments.filter(teacher=user).exists()
    ):
        return Access.ALLOWED if action is Action.VIEW else Access.DENIED
    return Access.HIDDEN


def visible_sheets(user: Any) -> QuerySet[AttendanceSheet]:
    base = AttendanceSheet.objects.select_related(
        "session", "session__cohort", "session__teacher", "session__room"
    )
    if is_administrator(user):
        return base
    return base.filter(
        Q(session__cohort__training_centre_id__in=centres_where(
            user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE
        ))
        | Q(session__teacher=user)
        | taught_by(user, "session__cohort")
    )  # fmt: skip


def get_sheet_for(user: Any, pk: int, action: Action = Action.VIEW) -> AttendanceSheet:
    return get_record_for(
        user, visible_sheets(user), pk, action, not_found="Feuille d'émargement introuvable."
    )


def _apprentices(user: Any, *, on: date) -> dict[int, Learner]:
    """Learner id → learner, of the learners whose apprenticeship master on `on` is `user`:
    those of the supervisions `user` holds that day as their master, learners not erased
    (`companies.selectors.running_supervisions`, read once per request: the dashboard's other
    panels read them too), each with its cohort."""
    return {
        supervision.learner_id: supervision.learner
        for supervision in running_supervisions(user, on=on)
        if supervision.role == ContactRole.APPRENTICESHIP_MASTER
    }


def apprentices_of(user: Any, *, on: date) -> list[Learner]:
    """The learners whose apprenticeship master on `on` is `user`, in their order (by name),
    with their cohort and categories: as `running_supervisions` read them, their categories
    read in one query unless loaded already (the dashboard's rows)."""
    found = _apprentices(user, on=on).values()
    return with_categories(sorted(found, key=lambda p: (p.last_name, p.first_name, p.pk)))


def is_master_of(user: Any, learner: Learner, *, on: date) -> bool:
    """True when `user` is the learner's apprenticeship master on `on`."""
    return learner.pk in _apprentices(user, on=on)


def may_see_attendance(user: Any, learner: Learner, *, on: date) -> bool:
    if is_administrator(user) or is_own_record(user, learner):
        return True
    if staff_relationships(user, learner):
        return True
    return is_master_of(user, learner, on=on)


def get_learner_attendance_for(user: Any, pk: int, *, on: date) -> Learner:
    """The learner `pk` if `user` may read their attendance: 404 out of reach, 403 for a
    supervisor who is not their apprenticeship master (an internship tutor)."""
    learner = get_learner_for(user, pk, on=on)
    if not may_see_attendance(user, learner, on=on):
        raise PermissionDenied("Les heures de présence sont réservées au maître d'apprentissage.")
    return learner


def may_correct(user: Any, sheet: AttendanceSheet) -> bool:
    return manages_cohort(user, sheet.session.cohort)


def may_issue_week_sheet(user: Any, cohort: Cohort) -> bool:
    """Who issues a cohort's week of sheets: who runs the cohort and its teachers (the exam
    office reads the grid, but does not issue the sheets)."""
    return manages_cohort(user, cohort) or cohort.teacher_assignments.filter(teacher=user).exists()


# --- Totals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleTotals:
    module: str
    title: str
    planned: Decimal
    attended: Decimal
    absent_justified: Decimal
    absent_unjustified: Decimal


@dataclass(frozen=True)
class AttendanceTotals:
    """A learner's hours over a period (Decimal), in total and per module of the grille."""

    planned: Decimal
    attended: Decimal
    absent_justified: Decimal
    absent_unjustified: Decimal
    by_module: tuple[ModuleTotals, ...] = ()
    unconfirmed: Decimal = ZERO  # planned hours neither signed nor missed (yet)
    summary: AttendanceSummary | None = field(default=None, compare=False, repr=False)

    @property
    def absent(self) -> Decimal:
        return self.absent_justified + self.absent_unjustified

    @property
    def recorded(self) -> bool:
        """Whether ndrc holds the learner's timetable over the period (some hours planned): a
        cohort whose timetable is kept elsewhere has none, and its pages say so instead of 0 h."""
        return self.planned > 0


def attendance_totals(
    learners: Iterable[Learner],
    *,
    start: date | Mapping[int, date] | None = None,
    end: date,
    contexts: Mapping[int, CalendarContext] | None = None,
) -> dict[int, AttendanceTotals]:
    """Each learner's planned, attended, absent (justified, unjustified) hours from `start` (or
    each learner's own: learner id → date; None: the start of each one's cycle, `cycle_start`)
    to `end`, and per module. Cross-app selector (FEATURES.md): the logbook, the master's page,
    the early warning, bulletins, class council and jury read it. Five queries, whatever the
    number of learners, days or starts (three when the caller gives `contexts`, the learners'
    cohorts' `calendar_contexts` it read for other totals); the caller checked the learners
    are within reach."""
    people = with_categories(learners)
    ids = [person.pk for person in people]
    if not ids:
        return {}
    if contexts is None:
        contexts = calendar_contexts((p.cohort_id for p in people), periods=False)
    if start is None:
        starts = {p.pk: _cycle_start(p, contexts[p.cohort_id].calendar) for p in people}
    else:
        starts = start if isinstance(start, Mapping) else dict.fromkeys(ids, start)
    start = min(starts[pk] for pk in ids)
    sessions_by_cohort: dict[int, list[tuple]] = defaultdict(list)
    for row in Session.objects.filter(
        cohort_id__in={p.cohort_id for p in people},
        date__gte=start,
        date__lte=end,
        status=SessionStatus.SCHEDULED,
    ).values_list("pk", "cohort_id", "date", "half_day", "hours", "module", "rhythm_id"):
        sessions_by_cohort[row[1]].append(row)
    marks: dict[int, dict[int, tuple]] = defaultdict(dict)
    # Keyed by learner and session (one record each): in no order, not joined to the learners
    # to sort them by name (the model's order). Whether each signed, not when: thousands of
    # records, each time read and made aware for nothing.
    for row in (
        AttendanceRecord.objects.filter(
            learner_id__in=ids, sheet__session__date__gte=start, sheet__session__date__lte=end
        )
        .order_by()
        .annotate(
            learner_signed=_signed("learner_signed_at"),
            teacher_signed=_signed("sheet__teacher_signed_at"),
        )
        .values_list(
            "learner_id",
            "sheet__session_id",
            "status",
            "learner_signed",
            "learner_unable_reason",
            "teacher_signed",
        )
    ):
        marks[row[0]][row[1]] = row
    titles: dict[str, str] = {}
    read: set[str] = set()  # the frameworks whose module titles are in `titles`
    result = {}
    for person in people:
        context = contexts[person.cohort_id]
        if person.cohort.framework not in read:
            titles.update(module_titles(person.cohort.framework))
            read.add(person.cohort.framework)
        sessions = sessions_by_cohort[person.cohort_id]
        if starts[person.pk] > start:
            sessions = [row for row in sessions if row[2] >= starts[person.pk]]
        result[person.pk] = _totals(person, context, sessions, marks[person.pk], titles)
    return result


def _signed(signed_at: str) -> ExpressionWrapper:
    return ExpressionWrapper(Q(**{f"{signed_at}__isnull": False}), output_field=BooleanField())


def unjustified_absentees(learners: QuerySet[Learner], *, start: date, end: date) -> set[int]:
    """The ids of `learners` with an unjustified absence recorded from `start` to `end`: the
    only ones whose `attendance_totals` over that span may count unjustified hours. Cross-app
    selector (the follow-up's early warning totals those alone); one query."""
    return set(
        AttendanceRecord.objects.filter(
            learner__in=learners,
            status=Status.ABSENT_UNJUSTIFIED,
            sheet__session__date__gte=start,
            sheet__session__date__lte=end,
        )
        .order_by()
        .values_list("learner_id", flat=True)
        .distinct()
    )


def _totals(
    person: Learner,
    context: CalendarContext,
    sessions: list[tuple],
    marks: dict[int, tuple],
    titles: dict[str, str],
) -> AttendanceTotals:
    planned = []
    taken = []
    rhythm_of_day: dict[date, Any] = {}
    for pk, _cohort, day, half_day, hours, module, rhythm_id in sessions:
        mark = marks.get(pk)
        if mark is None:
            if day not in rhythm_of_day:
                rhythm_of_day[day] = context.rhythm_for(category_of(person, day))
            if not context.attends(rhythm_id, rhythm_of_day[day]):
                continue
        planned.append(PlannedSession(day, half_day, hours, module))
        if mark is not None and mark[2]:
            taken.append(
                AttendanceMark(
                    date=day,
                    half_day=half_day,
                    status=mark[2],
                    learner_signed=mark[3],
                    teacher_signed=mark[5],
                    learner_unable_reason=mark[4],
                )
            )
    summary = summarise_attendance(planned, taken)
    return AttendanceTotals(
        planned=summary.planned_hours,
        attended=summary.attended_hours,
        absent_justified=summary.absent_justified_hours,
        absent_unjustified=summary.absent_unjustified_hours,
        by_module=tuple(
            ModuleTotals(
                code,
                titles.get(code, code),
                hours.planned,
                hours.attended,
                hours.absent_justified,
                hours.absent_unjustified,
            )
            for code, hours in sorted(summary.by_module.items())
        ),
        unconfirmed=summary.unconfirmed_hours,
        summary=summary,
    )


def learner_totals(
    learner: Learner,
    *,
    start: date,
    end: date,
    contexts: Mapping[int, CalendarContext] | None = None,
) -> AttendanceTotals:
    return attendance_totals([learner], start=start, end=end, contexts=contexts)[learner.pk]


def cycle_start(learner: Learner, contexts: Mapping[int, CalendarContext] | None = None) -> date:
    """`_cycle_start` of the learner, from their cohort's `calendar_contexts` when the caller
    read them already (for `learner_totals`)."""
    if contexts is not None:
        return _cycle_start(learner, contexts[learner.cohort_id].calendar)
    calendar = TrainingCalendar.objects.filter(cohort_id=learner.cohort_id).first()
    return _cycle_start(learner, calendar)


def _cycle_start(learner: Learner, calendar: TrainingCalendar | None) -> date:
    """The first day of the learner's training cycle: their cohort's calendar's, else the
    cohort's first year's."""
    return calendar.start if calendar is not None else learner.cohort.first_year_start


def absences_of(learner: Learner, *, start: date, end: date) -> list[AttendanceRecord]:
    return list(
        AttendanceRecord.objects.filter(
            learner=learner,
            status__in=("absent_justified", "absent_unjustified", "late"),
            sheet__session__date__gte=start,
            sheet__session__date__lte=end,
        )
        .select_related("sheet", "sheet__session", "justification")
        .order_by("-sheet__session__date", "-sheet__session__half_day")
    )


def justifications_of(learner: Learner) -> QuerySet[AbsenceJustification]:
    return AbsenceJustification.objects.filter(learner=learner)


# --- A sheet -------------------------------------------------------------------------------------


def sheet_records(sheet: AttendanceSheet) -> list[AttendanceRecord]:
    return list(
        sheet.records.select_related("learner", "marked_by", "justification").prefetch_related(
            "corrections", "corrections__by"
        )
    )


@dataclass(frozen=True)
class SheetTally:
    """What the teacher reads at a glance while the sheet is open."""

    present: int  # signed, or marked present or late by the teacher
    absent: int
    waiting: int  # neither signed nor marked yet


def sheet_tally(records: Iterable[AttendanceRecord]) -> SheetTally:
    statuses = [record.status for record in records]
    present = sum(1 for s in statuses if s in (Status.PRESENT, Status.LATE))
    waiting = statuses.count("")
    return SheetTally(present, len(statuses) - present - waiting, waiting)


def open_sheets_for_learner(learner: Learner) -> QuerySet[AttendanceRecord]:
    """The learner's lines on sheets still open (not signed by the teacher)."""
    return AttendanceRecord.objects.filter(
        learner=learner, sheet__teacher_signed_at__isnull=True
    ).select_related("sheet", "sheet__session", "sheet__session__teacher")


# --- A cohort's month ------------------------------------------------------------------------


# The grid's short codes (explained under the grid and on the PDF): P, R, AJ, ANJ; an open
# sheet's blank line "…", a session without sheet "·"; ✓ signed by the learner, * a reason.
STATUS_CODES = {"present": "P", "late": "R", "absent_justified": "AJ", "absent_unjustified": "ANJ"}


def cell_code(status: str, signed: bool, reason: bool) -> str:
    code = STATUS_CODES.get(status, "…")
    return f"{code} ✓" if signed else (f"{code} *" if reason else code)


@dataclass(frozen=True)
class GridRow:
    learner: Learner
    cells: tuple[str, ...]
    totals: AttendanceTotals


@dataclass(frozen=True)
class MonthGrid:
    cohort: Cohort
    month: date
    sessions: tuple[Session, ...]
    rows: tuple[GridRow, ...]

    @property
    def previous(self) -> date:
        return (self.month - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.month + timedelta(days=32)).replace(day=1)


def month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def attendance_grid(
    cohort: Cohort, start: date, end: date
) -> tuple[tuple[Session, ...], tuple[GridRow, ...]]:
    """The cohort's sessions from `start` to `end` and one row per learner: their record on
    each session's sheet and their totals over the span. A constant number of queries."""
    sessions = tuple(
        Session.objects.filter(
            cohort=cohort, date__gte=start, date__lte=end, status=SessionStatus.SCHEDULED
        ).select_related("teacher", "sheet", "sheet__teacher_signed_by")
    )
    learners = list(
        Learner.objects.filter(cohort=cohort, erased_on__isnull=True).select_related("cohort")
    )
    codes: dict[tuple[int, int], str] = {
        (learner_id, session_id): cell_code(status, signed is not None, bool(reason))
        for learner_id, session_id, status, signed, reason in AttendanceRecord.objects.filter(
            sheet__session__in=[s.pk for s in sessions]
        ).values_list(
            "learner_id",
            "sheet__session_id",
            "status",
            "learner_signed_at",
            "learner_unable_reason",
        )
    }
    totals = attendance_totals(learners, start=start, end=end)
    rows = tuple(
        GridRow(
            learner,
            tuple(codes.get((learner.pk, s.pk), "·") for s in sessions),
            totals[learner.pk],
        )
        for learner in learners
    )
    return sessions, rows


def month_grid(cohort: Cohort, month: date) -> MonthGrid:
    """The cohort's attendance for a month: one row per learner, one column per session."""
    month = month.replace(day=1)
    sessions, rows = attendance_grid(cohort, month, month_end(month))
    return MonthGrid(cohort, month, sessions, rows)


# --- Dashboards ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprenticeHours:
    learner: Learner
    totals: AttendanceTotals


@dataclass(frozen=True)
class GroupShortfall:
    cohort: Cohort
    group: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class AttendancePanels:
    """What the dashboard shows of the timetable and attendance, per role."""

    today_sessions: tuple[Session, ...] = ()  # teacher: today's sheets to take
    own_totals: AttendanceTotals | None = None  # learner
    own_learner: Learner | None = None
    apprentices: tuple[ApprenticeHours, ...] = ()  # apprenticeship master
    shortfalls: tuple[GroupShortfall, ...] = ()  # training manager
    unsigned_sessions: tuple[Session, ...] = ()  # training manager: past sheets not signed

    def __bool__(self) -> bool:  # nothing to show: the dashboard leaves the panel out
        return bool(
            self.today_sessions
            or self.own_learner
            or self.apprentices
            or self.shortfalls
            or self.unsigned_sessions
        )


# What a line of the teacher's sheets of the day shows (attendance/_panels.html): the half-day,
# the module, the cohort's and the room's names, the sheet opened and whether it is signed.
_TODAY_LINE = ("half_day", "module", "cohort__name", "room__name", "sheet__teacher_signed_at")


def dashboard_panels(user: Any, *, on: date) -> AttendancePanels:
    """The dashboard panel of the timetable and attendance (`dashboard.panels.PANELS`)."""
    if not user.is_authenticated:
        return AttendancePanels()
    # A session's teacher holds the teacher role in its centre (`centre_teachers`, checked when
    # it is planned): nobody else has sessions to look for, whatever their other roles.
    today = (
        tuple(
            Session.objects.filter(teacher=user, date=on, status=SessionStatus.SCHEDULED)
            .select_related("cohort", "room", "sheet")
            .only(*_TODAY_LINE)
            .order_by("half_day")
        )
        if centres_where(user, Role.TEACHER)
        else ()
    )
    own = own_learner(user)  # with its cohort and categories, as the totals read them
    # From the start of the cycle, as on the learner's page (`learner`'s view); their cohort's
    # calendar read with their record.
    own_totals = (
        attendance_totals([own], end=on, contexts={own.cohort_id: calendar_context_of(own.cohort)})[
            own.pk
        ]
        if own
        else None
    )
    # With their cohort and categories: what the totals read, loaded once here.
    supervised = (
        apprentices_of(user, on=on)
        if Role.APPRENTICESHIP_MASTER in roles_of(user)  # none for anyone else: not asked
        else []
    )
    apprentices = ()
    if supervised:
        # Each apprentice's hours from their own cycle's start, as on their page.
        totals = attendance_totals(supervised, end=on)
        apprentices = tuple(ApprenticeHours(p, totals[p.pk]) for p in supervised)
    shortfalls: list[GroupShortfall] = []
    unsigned: tuple[Session, ...] = ()
    managed = centres_where(user, Role.TRAINING_MANAGER)
    if managed or is_administrator(user):
        calendars = TrainingCalendar.objects.select_related("cohort").prefetch_related(
            "rhythms", "periods"
        )
        if not is_administrator(user):
            calendars = calendars.filter(cohort__training_centre_id__in=managed)
        for calendar in calendars:
            if calendar.end < on:
                continue
            context = CalendarContext(calendar)
            for rhythm in context.rhythms:
                plan = group_plan(context, rhythm)
                if plan.volume.warnings:
                    shortfalls.append(
                        GroupShortfall(calendar.cohort, rhythm.name, plan.volume.warnings)
                    )
        pending = Session.objects.filter(
            date__lt=on, date__gte=on - timedelta(days=30), status=SessionStatus.SCHEDULED
        ).filter(Q(sheet__isnull=True) | Q(sheet__teacher_signed_at__isnull=True))
        if not is_administrator(user):
            pending = pending.filter(cohort__training_centre_id__in=managed)
        unsigned = tuple(pending.select_related("cohort", "teacher").order_by("-date")[:20])
    return AttendancePanels(
        today_sessions=today,
        own_totals=own_totals,
        own_learner=own,
        apprentices=apprentices,
        shortfalls=tuple(shortfalls),
        unsigned_sessions=unsigned,
    )


def cohort_learners(cohort: Cohort) -> QuerySet[Learner]:
    """The cohort's learners for its documents (erased people excluded)."""
    return Learner.objects.filter(cohort=cohort, erased_on__isnull=True).order_by(
        "last_name", "first_name"
    )


# Erasure of a person (learners.personal_data.erase_person): their attendance stays (the hours
# attended prove the training to its funders); what says more than the status goes: the device
# and address they signed from, the reason given for them, a justification's words and scan.
@erases(AttendanceRecord)
def _record_texts(record: AttendanceRecord) -> dict[str, Any]:
    return {"signed_from": "", "user_agent": "", "learner_unable_reason": ""}


@erases(AbsenceJustification)
def _justification_texts(justification: AbsenceJustification) -> dict[str, Any]:
    return {"reason": "", "document": ""}


@naming(AttendanceSheet)
def _sheets_of(learner: Learner) -> QuerySet[AttendanceSheet]:
    # A half-day's sheet lists every learner expected.
    return AttendanceSheet.objects.filter(records__learner=learner).distinct()
