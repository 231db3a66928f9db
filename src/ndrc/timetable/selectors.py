"""Reads of the training calendar and the timetable, filtered by who may see them.

| relationship | sees |
|---|---|
| training manager of the centre | calendars, timetables and rooms; plans and changes them |
| exam office of the centre | the same, read-only |
| teacher | the timetables of the cohorts they are assigned to, and every session they teach |
| learner | their own cohort's sessions, their own week and calendar |
| apprenticeship master / internship tutor | their learner's sessions (`sessions_for_learner`) |
| administrator | everything |
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    rule,
)
from ndrc.core.ui.formats import shown
from ndrc.learners.models import Cohort, Learner, TeacherAssignment, candidate_category_choices
from ndrc.learners.personal_data import erasure_deletes
from ndrc.learners.selectors import (
    assignable_teachers,
    manages_cohort,
    own_record,
    taught_by,
    with_categories,
)
from ndrc.regulation.framework import CURRENT_FRAMEWORK, HoursRow, load_framework
from ndrc.regulation.training_calendar import (
    HALF_DAYS,
    CalendarPlan,
    Period,
    VolumeCheck,
    check_volume,
    parse_rhythm,
    plan_calendar,
    public_holidays,
)
from ndrc.timetable.models import (
    CalendarFeed,
    CalendarPeriod,
    Notice,
    PeriodKind,
    Rhythm,
    Room,
    Session,
    SessionStatus,
    TrainingCalendar,
)

# --- Who may see what ----------------------------------------------------------------------


def _staff_centres(user: Any) -> set[int]:
    return centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)


def visible_sessions(user: Any) -> QuerySet[Session]:
    """The sessions a user may see (cancelled ones included)."""
    base = Session.objects.select_related("cohort", "teacher", "room", "rhythm")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    return base.filter(
        Q(cohort__training_centre_id__in=_staff_centres(user))
        | Q(teacher=user)
        | taught_by(user)
        # A subquery, not a join to the cohort's learners: each session comes once.
        | Q(cohort_id__in=Learner.objects.filter(own_record(user)).values("cohort_id"))
    )


def _sees_cohort_timetable(user: Any, cohort: Cohort) -> bool:
    if is_administrator(user) or cohort.training_centre_id in _staff_centres(user):
        return True
    if TeacherAssignment.objects.filter(teacher=user, cohort=cohort).exists():
        return True
    own = Learner.objects.filter(own_record(user), cohort=cohort, erased_on__isnull=True)
    return own.exists()


@rule(Session)
def _session_rule(user: Any, action: Action, session: Session) -> Access:
    if manages_cohort(user, session.cohort):
        return Access.ALLOWED
    if session.teacher_id == user.pk or _sees_cohort_timetable(user, session.cohort):
        return Access.ALLOWED if action is Action.VIEW else Access.DENIED
    return Access.HIDDEN


@rule(TrainingCalendar)
def _calendar_rule(user: Any, action: Action, calendar: TrainingCalendar) -> Access:
    if manages_cohort(user, calendar.cohort):
        return Access.ALLOWED
    if _sees_cohort_timetable(user, calendar.cohort):
        return Access.ALLOWED if action is Action.VIEW else Access.DENIED
    return Access.HIDDEN


@rule(Room)
def _room_rule(user: Any, action: Action, room: Room) -> Access:
    if room.training_centre_id in centres_where(user, Role.TRAINING_MANAGER):
        return Access.ALLOWED
    staff = centres_where(user, Role.TEACHER, Role.EXAM_OFFICE)
    if room.training_centre_id in staff:
        return Access.ALLOWED if action is Action.VIEW else Access.DENIED
    return Access.HIDDEN


def timetable_cohorts(user: Any) -> QuerySet[Cohort]:
    """The cohorts whose timetable the user may read."""
    base = Cohort.objects.select_related("training_centre")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    return base.filter(
        Q(training_centre_id__in=_staff_centres(user))
        | taught_by(user, "pk")
        # A subquery, not a join to the cohort's learners: each cohort comes once.
        | Q(
            pk__in=Learner.objects.filter(own_record(user), erased_on__isnull=True).values(
                "cohort_id"
            )
        )
    )


def get_cohort_timetable_for(user: Any, pk: int, action: Action = Action.VIEW) -> Cohort:
    cohort = timetable_cohorts(user).filter(pk=pk).first()
    if cohort is None:
        from django.http import Http404

        raise Http404("Promotion introuvable.")
    if action is not Action.VIEW and not manages_cohort(user, cohort):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Action réservée au responsable de formation du centre.")
    return cohort


def get_session_for(user: Any, pk: int, action: Action = Action.VIEW) -> Session:
    return get_record_for(user, visible_sessions(user), pk, action, not_found="Séance introuvable.")


def visible_rooms(user: Any) -> QuerySet[Room]:
    base = Room.objects.select_related("training_centre")
    if is_administrator(user):
        return base
    return base.filter(
        training_centre_id__in=centres_where(
            user, Role.TRAINING_MANAGER, Role.TEACHER, Role.EXAM_OFFICE
        )
    )


def get_room_for(user: Any, pk: int) -> Room:
    return get_record_for(
        user, visible_rooms(user), pk, Action.VIEW, not_found="Salle introuvable."
    )


def centre_teachers(cohort: Cohort) -> QuerySet[Any]:
    """The teachers a session of the cohort may have: the learners app's assignable teachers
    (the active teachers of the cohort's centre, by name)."""
    return assignable_teachers(cohort)


# --- The grille horaire (Annexe III a) -----------------------------------------------------


def grid_modules(framework: str = CURRENT_FRAMEWORK) -> tuple[HoursRow, ...]:
    """The modules of the grille horaire (Annexe III a), from the framework data."""
    hours = load_framework(framework or CURRENT_FRAMEWORK).hours
    return hours.rows if hours else ()


def module_titles(framework: str = CURRENT_FRAMEWORK) -> dict[str, str]:
    return {m.code: m.title for m in grid_modules(framework)}


def student_promise(framework: str, years: int) -> tuple[Decimal, dict[str, Decimal]]:
    """The volume Annexe III a gives a student over `years` training years (compulsory modules):
    the total and per module."""
    by_module = {
        m.code: Decimal(sum(m.annual_hours[:years]))
        for m in grid_modules(framework)
        if not m.optional
    }
    return sum(by_module.values(), Decimal(0)), by_module


# --- The calendar of a cohort ----------------------------------------------------------------


@lru_cache(maxsize=32)
def _plan_calendar(
    *, hours_per_half_day: tuple[tuple[str, Decimal], ...], **inputs: Any
) -> CalendarPlan:
    """The engine's plan of a cycle, kept for the same inputs: it depends on nothing else (the
    holidays are the engine's data), and a cohort's pages read the same plans again and again.
    The plan is frozen and its reasons are written in the reader's language only when shown."""
    return plan_calendar(hours_per_half_day=dict(hours_per_half_day), **inputs)


def category_of(learner: Learner, day: date) -> str | None:
    """The learner's candidate category on a day; before the first recorded period, the first
    one (a record entered after the start of the cycle)."""
    periods = learner.categories()
    for period in periods:
        if period.start <= day and (period.end is None or day <= period.end):
            return period.candidate_category
    if periods and day < periods[0].start:
        return periods[0].candidate_category
    return None


class CalendarContext:
    """A cohort's calendar loaded once (rhythms, periods), with each group's plan computed on
    first use: the place of a learner or a group on any half-day of the cycle."""

    def __init__(self, calendar: TrainingCalendar | None) -> None:
        self.calendar = calendar
        self.rhythms: list[Rhythm] = list(calendar.rhythms.all()) if calendar else []
        self._plans: dict[int, CalendarPlan] = {}
        self._slots: dict[int, frozenset[tuple[date, str]]] = {}
        self._days: dict[int, dict[date, Any]] = {}
        self._holidays: dict[date, str] | None = None
        self._sessions: list[tuple[int | None, str, Decimal]] | None = None

    @cached_property
    def periods(self) -> list[CalendarPeriod]:
        """The calendar's periods (closures, exams, internships): read when first asked (a
        learner's totals ask none), from what the caller loaded (`calendar_contexts`)."""
        return list(self.calendar.periods.all()) if self.calendar else []

    @classmethod
    def of(cls, cohort: Cohort) -> "CalendarContext":
        calendar = (
            TrainingCalendar.objects.filter(cohort=cohort)
            .prefetch_related("rhythms", "periods")
            .first()
        )
        if calendar is not None:
            calendar.cohort = cohort  # already at hand: no query to read it again
        return cls(calendar)

    def _periods(self, kind: str, rhythm: Rhythm) -> tuple[Period, ...]:
        return tuple(
            Period(p.start, p.end, p.label or p.get_kind_display())
            for p in self.periods
            if p.kind == kind and (p.rhythm_id is None or p.rhythm_id == rhythm.pk)
        )

    def plan(self, rhythm: Rhythm) -> CalendarPlan:
        if rhythm.pk not in self._plans:
            calendar = self.calendar
            self._plans[rhythm.pk] = _plan_calendar(
                start=calendar.start,
                end=calendar.end,
                department=calendar.department,
                school_holiday_zone=calendar.school_holiday_zone,
                rhythm=parse_rhythm(rhythm.pattern),
                hours_per_half_day=tuple(calendar.hours_per_half_day().items()),
                closures=self._periods(PeriodKind.CLOSURE, rhythm),
                close_in_school_holidays=calendar.close_in_school_holidays,
                exam_periods=self._periods(PeriodKind.EXAM, rhythm),
                internship_periods=self._periods(PeriodKind.INTERNSHIP, rhythm),
                away_place=rhythm.away_place,
                unpublished_school_years="open",
            )
        return self._plans[rhythm.pk]

    def planned_hours(self, rhythm: Rhythm) -> dict[str, Decimal]:
        """The hours of the cohort's scheduled sessions for the group (its own and those for
        everyone), per module: the sessions read once for every group."""
        if self._sessions is None:
            self._sessions = list(
                Session.objects.filter(
                    cohort_id=self.calendar.cohort_id, status=SessionStatus.SCHEDULED
                ).values_list("rhythm_id", "module", "hours")
            )
        planned: dict[str, Decimal] = defaultdict(Decimal)
        for rhythm_id, module, hours in self._sessions:
            if rhythm_id is None or rhythm_id == rhythm.pk:
                planned[module] += hours
        return dict(planned)

    def slots(self, rhythm: Rhythm) -> frozenset[tuple[date, str]]:
        if rhythm.pk not in self._slots:
            self._slots[rhythm.pk] = self.plan(rhythm).slots()
        return self._slots[rhythm.pk]

    def day(self, rhythm: Rhythm, day: date) -> Any:
        """The group's day in the plan (regulation.training_calendar.Day)."""
        if rhythm.pk not in self._days:
            self._days[rhythm.pk] = self.plan(rhythm).by_date()
        return self._days[rhythm.pk][day]

    def rhythm_for(self, category: str | None) -> Rhythm | None:
        for rhythm in self.rhythms:
            if category in rhythm.categories:
                return rhythm
        return None

    def learner_rhythm(self, learner: Learner, day: date) -> Rhythm | None:
        return self.rhythm_for(category_of(learner, day))

    def public_holiday(self, day: date) -> str | None:
        if self.calendar is None:
            return None
        if self._holidays is None:
            years = range(self.calendar.start.year, self.calendar.end.year + 1)
            self._holidays = {
                h.date: h.name for h in public_holidays(self.calendar.department, years)
            }
        return self._holidays.get(day)

    def closure(self, day: date) -> CalendarPeriod | None:
        for period in self.periods:
            if period.kind == PeriodKind.CLOSURE and period.rhythm_id is None:
                if period.start <= day <= period.end:
                    return period
        return None

    def attends(self, session_rhythm_id: int | None, learner_rhythm: Rhythm | None) -> bool:
        """Whether a learner of `learner_rhythm` is expected at a session for `session_rhythm_id`
        (None: the whole cohort)."""
        if session_rhythm_id is None:
            return True
        return learner_rhythm is not None and learner_rhythm.pk == session_rhythm_id


class Bookings:
    """Scheduled sessions read once, for checking new sessions against them in Python (the
    rule: `session_conflicts`): those of one half-day (`of_slot`, a single check) or of a week
    (`of_week`, a week copied), only those of the teachers, rooms and cohort given: a session
    checked against them must be of those. A session planned meanwhile is added (`add`); kept
    in the sessions' order (`Session.Meta.ordering`), so the first clash named is the one the
    database would give first."""

    def __init__(self, sessions: Iterable[Session]) -> None:
        self._slots: dict[tuple[date, str], list[Session]] = defaultdict(list)
        for session in sessions:
            self.add(session)

    @classmethod
    def _read(cls, sessions: QuerySet[Session], *, teachers: Any, rooms: Any, cohort: Cohort):
        """The scheduled ones of `sessions` that could clash: same teacher, room or cohort."""
        rooms = [room for room in rooms if room is not None]
        return cls(
            sessions.filter(status=SessionStatus.SCHEDULED)
            .filter(Q(teacher__in=teachers) | Q(room__in=rooms) | Q(cohort=cohort))
            .select_related("cohort")
        )

    @classmethod
    def of_slot(
        cls, *, day: date, half_day: str, teacher: Any, room: Room | None, cohort: Cohort
    ) -> "Bookings":
        return cls._read(
            Session.objects.filter(date=day, half_day=half_day),
            teachers=[teacher],
            rooms=[room],
            cohort=cohort,
        )

    @classmethod
    def of_week(
        cls, *, monday: date, teachers: Iterable[Any], rooms: Iterable[Room | None], cohort: Cohort
    ) -> "Bookings":
        return cls._read(
            Session.objects.filter(date__gte=monday, date__lte=monday + timedelta(days=6)),
            teachers=list(teachers),
            rooms=rooms,
            cohort=cohort,
        )

    def add(self, session: Session) -> None:
        self._slots[(session.date, session.half_day)].append(session)

    def at(self, day: date, half_day: str, *, exclude: int | None = None) -> list[Session]:
        sessions = self._slots.get((day, half_day), [])
        return [s for s in sessions if exclude is None or s.pk != exclude]


def session_conflicts(
    *,
    context: CalendarContext,
    cohort: Cohort,
    day: date,
    half_day: str,
    teacher: Any,
    room: Room | None,
    rhythm: Rhythm | None,
    exclude: int | None = None,
    bookings: Bookings | None = None,
) -> list[str]:
    """Why a session cannot be planned there (empty when it can), each reason in the reader's
    language. `bookings`: the sessions already read that it could clash with (`Bookings`, a
    week copied); read here otherwise (one query)."""
    reasons: list[str] = []
    when = (_("le %(day)s (matin)") if half_day == "am" else _("le %(day)s (après-midi)")) % {
        "day": f"{day:%d/%m/%Y}"
    }
    calendar = context.calendar
    if calendar is None:
        return [_("La promotion n'a pas encore de calendrier de formation.")]
    if not calendar.start <= day <= calendar.end:
        reasons.append(
            _("En dehors du cycle de formation (du %(start)s au %(end)s).")
            % {"start": f"{calendar.start:%d/%m/%Y}", "end": f"{calendar.end:%d/%m/%Y}"}
        )
        return reasons
    holiday = context.public_holiday(day)
    if holiday:
        reasons.append(
            _("Jour férié %(when)s : %(name)s.") % {"when": when, "name": shown(holiday)}
        )
    closure = context.closure(day)
    if closure:
        label = closure.label or closure.get_kind_display()
        reasons.append(_("Centre fermé %(when)s : %(label)s.") % {"when": when, "label": label})
    if not holiday and not closure and context.rhythms:
        groups = [rhythm] if rhythm is not None else context.rhythms
        for group in groups:
            if (day, half_day) not in context.slots(group):
                place = context.day(group, day)
                reasons.append(
                    _("Pas en centre pour le groupe « %(group)s » %(when)s : %(why)s.")
                    % {"group": group.name, "when": when, "why": shown(place.why)}
                )
    if bookings is None:
        bookings = Bookings.of_slot(
            day=day, half_day=half_day, teacher=teacher, room=room, cohort=cohort
        )
    others = bookings.at(day, half_day, exclude=exclude)
    busy = next((s for s in others if s.teacher_id == teacher.pk), None)
    if busy is not None:
        reasons.append(
            _("%(teacher)s a déjà une séance %(when)s (%(cohort)s, %(module)s).")
            % {
                "teacher": teacher.get_full_name() or teacher.username,
                "when": when,
                "cohort": busy.cohort.name,
                "module": busy.module,
            }
        )
    if room is not None:
        taken = next((s for s in others if s.room_id == room.pk), None)
        if taken is not None:
            reasons.append(
                _("La salle %(room)s est déjà occupée %(when)s (%(cohort)s).")
                % {"room": room.name, "when": when, "cohort": taken.cohort.name}
            )
    clash = next(
        (
            s
            for s in others
            if s.cohort_id == cohort.pk
            and (rhythm is None or s.rhythm_id is None or s.rhythm_id == rhythm.pk)
        ),
        None,
    )
    if clash is not None:
        reasons.append(
            _("La promotion a déjà une séance %(when)s (%(module)s).")
            % {"when": when, "module": clash.module}
        )
    return reasons


# --- Weeks ---------------------------------------------------------------------------------


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekDay:
    date: date
    am: tuple[Session, ...]
    pm: tuple[Session, ...]
    note: str = ""  # a public holiday, a closure
    place: str = ""  # a learner's week: where they are that day (training_calendar.PLACES)


@dataclass(frozen=True)
class Week:
    monday: date
    days: tuple[WeekDay, ...]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def session_count(self) -> int:
        return sum(len(d.am) + len(d.pm) for d in self.days)


def _week(
    sessions: Iterable[Session], monday: date, context: CalendarContext | None = None
) -> Week:
    """The week from `monday` of `sessions` (those of the week, in date order)."""
    by_slot: dict[tuple[date, str], list[Session]] = defaultdict(list)
    for session in sessions:
        by_slot[(session.date, session.half_day)].append(session)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if offset >= 5 and not by_slot[(day, "am")] and not by_slot[(day, "pm")]:
            continue  # the weekend shows only when something happens then
        note = ""
        if context is not None:
            note = context.public_holiday(day) or ""
            closure = context.closure(day)
            if closure and not note:
                note = closure.label or closure.get_kind_display()
        days.append(WeekDay(day, tuple(by_slot[(day, "am")]), tuple(by_slot[(day, "pm")]), note))
    return Week(monday, tuple(days))


def _in_week(sessions: QuerySet[Session], monday: date) -> QuerySet[Session]:
    return sessions.filter(date__gte=monday, date__lte=monday + timedelta(days=6))


def cohort_week(cohort: Cohort, monday: date) -> Week:
    sessions = Session.objects.filter(cohort=cohort).select_related("teacher", "room", "rhythm")
    return _week(_in_week(sessions, monday), monday, CalendarContext.of(cohort))


def teacher_week(teacher: Any, monday: date) -> Week:
    sessions = Session.objects.filter(teacher=teacher).select_related("cohort", "room", "rhythm")
    return _week(_in_week(sessions, monday), monday)


def room_week(room: Room, monday: date) -> Week:
    sessions = Session.objects.filter(room=room).select_related("cohort", "teacher", "rhythm")
    return _week(_in_week(sessions, monday), monday)


def calendar_contexts(
    cohort_ids: Iterable[int], *, periods: bool = True
) -> dict[int, CalendarContext]:
    """cohort id → its calendar loaded once (three queries for any number of cohorts; two
    without its `periods`, for who reads only the rhythms: attendance totals); a cohort without
    a calendar gets an empty one."""
    calendars = TrainingCalendar.objects.filter(cohort_id__in=set(cohort_ids)).prefetch_related(
        "rhythms", *(("periods",) if periods else ())
    )
    contexts = {c.cohort_id: CalendarContext(c) for c in calendars}
    return defaultdict(lambda: CalendarContext(None), contexts)


def calendar_context_of(cohort: Cohort) -> CalendarContext:
    """The cohort's `calendar_contexts` (without its periods until asked), its calendar taken
    from the cohort when read with it (`select_related("training_calendar")`: a learner's own
    record, `own_learner`), its rhythms then read on their own: one query instead of two."""
    if not Cohort.training_calendar.is_cached(cohort):
        return calendar_contexts([cohort.pk], periods=False)[cohort.pk]
    return CalendarContext(getattr(cohort, "training_calendar", None))  # None: no calendar


def sessions_for_learners(
    learners: Iterable[Learner],
    *,
    start: date,
    end: date,
    contexts: Mapping[int, CalendarContext] | None = None,
) -> dict[int, list[Session]]:
    """learner id → the half-day sessions planned for the learner from `start` to `end`
    (scheduled ones of their group, with their module, teacher, room and mode), in date order.
    Cross-app selector (FEATURES.md): the apprenticeship logbook and the master's page read it;
    six queries, whatever the number of learners or days (three when the caller gives
    `contexts`, the learners' cohorts' `calendar_contexts` it read for other figures)."""
    people = with_categories(learners)
    if contexts is None:
        contexts = calendar_contexts({person.cohort_id for person in people})
    return _planned_sessions(people, contexts, start=start, end=end)


def _planned_sessions(
    people: list[Learner], contexts: Mapping[int, CalendarContext], *, start: date, end: date
) -> dict[int, list[Session]]:
    """`sessions_for_learners` of learners with their categories, their cohorts' calendars
    loaded: one query (each session's cohort is the learners', already at hand)."""
    cohorts = {person.cohort_id: person.cohort for person in people}
    by_cohort: dict[int, list[Session]] = defaultdict(list)
    for session in Session.objects.filter(
        cohort_id__in=cohorts, date__gte=start, date__lte=end, status=SessionStatus.SCHEDULED
    ).select_related("teacher", "room", "rhythm"):
        session.cohort = cohorts[session.cohort_id]
        by_cohort[session.cohort_id].append(session)
    found = {}
    for person in people:
        context = contexts[person.cohort_id]
        found[person.pk] = [
            s
            for s in by_cohort[person.cohort_id]
            if context.attends(s.rhythm_id, context.learner_rhythm(person, s.date))
        ]
    return found


def sessions_for_learner(
    learner: Learner,
    *,
    start: date,
    end: date,
    contexts: Mapping[int, CalendarContext] | None = None,
) -> list[Session]:
    """The half-day sessions planned for one learner (`sessions_for_learners`)."""
    found = sessions_for_learners([learner], start=start, end=end, contexts=contexts)
    return found.get(learner.pk, [])


def internship_periods(learners: Iterable[Learner]) -> dict[int, list[CalendarPeriod]]:
    """learner id → the internship periods of the learner's group, by date: the periods of
    their cohort's calendar given to the rhythm their candidate category belongs to on the
    period's first day (a period given to no group concerns the whole cohort). Learners
    without one are absent. Cross-app selector: the follow-up's early warning reads it; three
    queries, whatever the number of learners."""
    people = with_categories(learners)
    by_cohort: dict[int, list[CalendarPeriod]] = defaultdict(list)
    for period in CalendarPeriod.objects.filter(
        kind=PeriodKind.INTERNSHIP, calendar__cohort_id__in={p.cohort_id for p in people}
    ).select_related("calendar", "rhythm"):
        by_cohort[period.calendar.cohort_id].append(period)
    found: dict[int, list[CalendarPeriod]] = {}
    for person in people:
        periods = [
            period
            for period in by_cohort[person.cohort_id]
            if period.rhythm is None
            or category_of(person, period.start) in period.rhythm.categories
        ]
        if periods:
            found[person.pk] = periods
    return found


def cohorts_with_internship_starting(cohorts: Iterable[int], *, start: date, end: date) -> set[int]:
    """The ids among `cohorts` whose calendar has an internship period starting from `start` to
    `end` (for any group): the only ones whose learners' `internship_periods` may start then.
    Cross-app selector (the follow-up's early warning); one query."""
    return set(
        CalendarPeriod.objects.filter(
            kind=PeriodKind.INTERNSHIP,
            calendar__cohort_id__in=list(cohorts),
            start__gte=start,
            start__lte=end,
        ).values_list("calendar__cohort_id", flat=True)
    )


def learner_week(learner: Learner, monday: date) -> Week:
    """The learner's sessions of the week, and each day's place (centre, company, internship…)
    from their group's calendar."""
    (learner,) = with_categories([learner])
    context = CalendarContext.of(learner.cohort)
    sessions = _planned_sessions(
        [learner], {learner.cohort_id: context}, start=monday, end=monday + timedelta(6)
    )[learner.pk]
    week = _week(sessions, monday, context)
    calendar = context.calendar
    if calendar is None or not context.rhythms:
        return week
    days = []
    for day in week.days:
        place = ""
        if calendar.start <= day.date <= calendar.end:
            rhythm = context.learner_rhythm(learner, day.date) or context.rhythms[0]
            place = context.day(rhythm, day.date).place
        days.append(replace(day, place=place))
    return replace(week, days=tuple(days))


def expected_learners(session: Session, context: CalendarContext | None = None) -> list[Learner]:
    """The learners expected at a session: the cohort's (erased people excluded), or those of
    the session's group."""
    context = context or CalendarContext.of(session.cohort)
    learners = Learner.objects.filter(cohort_id=session.cohort_id, erased_on__isnull=True)
    learners = learners.prefetch_related("category_periods")
    return [
        learner
        for learner in learners
        if context.attends(session.rhythm_id, context.learner_rhythm(learner, session.date))
    ]


# --- The plan of a learner and of a group ------------------------------------------------------


@dataclass(frozen=True)
class MonthOfDays:
    month: date
    days: tuple[Any, ...]  # regulation.training_calendar.Day


def months_of_days(days: Iterable[Any]) -> list[MonthOfDays]:
    """Days of a plan grouped by month, for the calendar pages."""
    months: dict[date, list[Any]] = defaultdict(list)
    for day in days:
        months[day.date.replace(day=1)].append(day)
    return [MonthOfDays(month, tuple(days)) for month, days in months.items()]


@dataclass(frozen=True)
class GroupPlan:
    rhythm: Rhythm
    plan: CalendarPlan
    volume: VolumeCheck
    planned_sessions: Decimal  # hours of the scheduled sessions of the group
    months: list[MonthOfDays] = field(default_factory=list)
    category_labels: tuple[str, ...] = ()  # its candidate categories, named as in Annexe II c


def group_plan(context: CalendarContext, rhythm: Rhythm) -> GroupPlan:
    """A group's calendar and the hours planned in its sessions, per module, against the volume
    promised to it (a warning when the plan falls short)."""
    volume = check_volume(
        planned=context.planned_hours(rhythm),
        promised_total=rhythm.promised_hours,
        promised_by_module={k: Decimal(v) for k, v in (rhythm.promised_by_module or {}).items()},
        source=rhythm.promise_source,
    )
    plan = context.plan(rhythm)
    labels = dict(candidate_category_choices(context.calendar.cohort.framework))
    return GroupPlan(
        rhythm,
        plan,
        volume,
        volume.planned_total,
        months_of_days(plan.days),
        tuple(labels.get(code, code) for code in rhythm.categories),
    )


@dataclass(frozen=True)
class LearnerCalendar:
    learner: Learner
    rhythm: Rhythm | None
    days: tuple[Any, ...]
    group: GroupPlan | None


def learner_calendar(learner: Learner, *, on: date) -> LearnerCalendar:
    """Where the learner is each day of the cycle (the group of their category on each day), and
    their group's planned hours against the promise."""
    context = CalendarContext.of(learner.cohort)
    learner = Learner.objects.prefetch_related("category_periods").get(pk=learner.pk)
    if context.calendar is None or not context.rhythms:
        return LearnerCalendar(learner, None, (), None)
    days = []
    for day in context.plan(context.rhythms[0]).days:
        rhythm = context.learner_rhythm(learner, day.date) or context.rhythms[0]
        days.append(context.day(rhythm, day.date))
    current = context.learner_rhythm(learner, on) or context.rhythms[0]
    return LearnerCalendar(learner, current, tuple(days), group_plan(context, current))


# --- Feeds and notices -------------------------------------------------------------------------


def own_feeds(user: Any) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(owner=user, revoked_at__isnull=True).select_related(
        "cohort", "learner"
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True, owner__is_active=True)
        .select_related("owner", "cohort", "learner", "learner__cohort")
        .first()
    )


def feed_sessions(feed: CalendarFeed, *, start: date, end: date) -> list[Session]:
    """The sessions of a feed from `start` to `end`, cancelled ones included (a calendar app
    shows them cancelled)."""
    if feed.kind == "learner":
        return sessions_for_learner(feed.learner, start=start, end=end)
    base = Session.objects.filter(date__gte=start, date__lte=end).select_related(
        "cohort", "cohort__training_centre", "teacher", "room"
    )
    if feed.kind == "teacher":
        return list(base.filter(teacher=feed.owner))
    return list(base.filter(cohort=feed.cohort))


def unread_notices(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, read_at__isnull=True)


def notices_of(user: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user)[:100]


def half_day_label(half_day: str) -> str:
    return "matin" if half_day == HALF_DAYS[0] else "après-midi"


# Erasure of a person (learners.personal_data.erase_person): their calendar feed stops; the
# notices of their login (a change of their timetable) go.
erasure_deletes(CalendarFeed)
erasure_deletes(Notice)
