"""Reads of the follow-up in the company: who reaches what, the logbook, the visits due, late
and done, the learners at risk, the dashboards and the master's page.

Who reaches a learner's follow-up, and what they may do (see docs/followup.md):

- training manager of the centre: reads everything of the centre; settings, referents,
  visits, meetings;
- exam office of the centre, teacher of the cohort: read the cohort's follow-up;
- referent teacher: reads their learners' follow-up; visits, meetings, logbook comments;
- the learner: reads their own follow-up; writes their logbook's entries;
- apprenticeship master (named by a contract): reads that contract's logbook and the visits
  and meetings about it; validates periods, countersigns reports, gives an appreciation;
- administrator: everything.

Out of reach, a record does not exist (404); reachable but not theirs to act on, 403.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ndrc.assessments.models import Level
from ndrc.contracts.models import Contract
from ndrc.contracts.selectors import contracts_supervised_by, running_contracts
from ndrc.core.audit import REDACTED
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import (
    Access,
    Action,
    allowed_actions,
    centres_where,
    get_record_for,
    is_administrator,
    is_manager,
    kept,
    read_once,
    roles_of,
    rule,
)
from ndrc.followup import centre
from ndrc.followup.models import (
    DEFAULT_GRID,
    DigestPreference,
    FollowupSettings,
    Logbook,
    LogbookEntry,
    LogbookPeriod,
    MeetingRating,
    Referent,
    RuptureRisk,
    TripartiteMeeting,
    Visit,
    VisitGridItem,
    VisitStatus,
)
from ndrc.learners.models import Cohort, Learner, categories_prefetch
from ndrc.learners.personal_data import erases, erasure_deletes
from ndrc.learners.selectors import (
    holds_supervisor_role,
    is_own_record,
    own_learner,
    own_record,
    staff_relationships,
    taught_by,
)
from ndrc.portfolio.selectors import sheets_to_attest
from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import load_framework
from ndrc.regulation.internships import required_practice
from ndrc.regulation.pay import add_months
from ndrc.regulation.rounding import french_hours

# --- The centre's settings --------------------------------------------------------------------


def settings_of(training_centre: TrainingCentre) -> FollowupSettings:
    """The centre's follow-up settings; the defaults (not saved) until the manager saves some.
    Taken from the centre when it was read with them (`select_related("followup_settings")`: a
    learner's own record, `own_learner`), not read again."""
    if TrainingCentre.followup_settings.is_cached(training_centre):
        found = getattr(training_centre, "followup_settings", None)  # None: none saved
    else:
        found = FollowupSettings.objects.filter(training_centre=training_centre).first()
    return found or FollowupSettings(training_centre=training_centre)


def settings_by_centre(centre_ids: Iterable[int]) -> dict[int, FollowupSettings]:
    """centre id → its settings (defaults where none were saved), in one query."""
    ids = set(centre_ids)
    saved = {s.training_centre_id: s for s in FollowupSettings.objects.filter(
        training_centre_id__in=ids
    )}  # fmt: skip
    return {i: saved.get(i) or FollowupSettings(training_centre_id=i) for i in ids}


def grid_of(training_centre: TrainingCentre, *, active_only: bool = True) -> list[VisitGridItem]:
    """The headings of the centre's visit report, in order; the default grid until edited."""
    items = list(VisitGridItem.objects.filter(training_centre=training_centre))
    if not items:
        items = default_grid(training_centre)
    return [item for item in items if item.active or not active_only]


def default_grid(training_centre: TrainingCentre) -> list[VisitGridItem]:
    """The default headings of the visit report (not saved)."""
    return [
        VisitGridItem(
            training_centre=training_centre, code=code, label=label, guidance=guidance,
            position=index,
        )
        for index, (code, label, guidance) in enumerate(DEFAULT_GRID)
    ]  # fmt: skip


# --- Who reaches what ---------------------------------------------------------------------------

# The relationships that plan a learner's visits and tripartite meetings (docs/followup.md).
PLANNERS = frozenset({"manager", "referent"})


def _roles_on(user: Any, learner: Learner) -> set[str]:
    """How `user` works on a learner's follow-up, the company side apart: manager, exam_office,
    teacher (of the cohort), referent, self."""
    if learner.erased_on is not None:
        return set()
    found = staff_relationships(user, learner)
    if Referent.objects.filter(learner=learner, teacher=user).exists():
        found.add("referent")
    if is_own_record(user, learner):
        found.add("self")
    return found


def _is_master(user: Any, contact: Any, contract: Contract | None) -> bool:
    """Whether `user` is the master `contact` a record names, for its `contract`, one they reach
    as its master today (`contracts_supervised_by`: not after the supervision it made ends)."""
    return (
        contact is not None
        and contact.user_id is not None
        and contact.user_id == user.pk
        and contract is not None
        and contracts_supervised_by(user).filter(pk=contract.pk).exists()
    )


def _answer(roles: set[str], action: Action, writers: dict[Action, set[str]]) -> Access:
    if not roles:
        return Access.HIDDEN
    if action in (Action.VIEW, Action.VIEW_HISTORY):
        return Access.ALLOWED
    return Access.ALLOWED if roles & writers.get(action, set()) else Access.DENIED


LOGBOOK_WRITERS = {
    Action.CHANGE: {"self"},  # the apprentice writes the entries
    Action.ATTEST: {"master"},  # the master appreciates and validates a period
    Action.REVIEW: {"referent"},  # the referent teacher comments
}
# A visit or a meeting is run by its teacher, the learner's referent or the training manager;
# the master countersigns the report or gives their appreciation.
TEACHER_WRITERS = {
    Action.CHANGE: {"author", "referent", "manager"},
    Action.ATTEST: {"master"},
}


def _logbook_roles(user: Any, logbook: Logbook) -> set[str]:
    roles = _roles_on(user, logbook.learner)
    contract = logbook.contract
    if logbook.learner.erased_on is None and _is_master(
        user, contract.apprenticeship_master, contract
    ):
        roles.add("master")
    return roles


@rule(Logbook)
def _logbook_rule(user: Any, action: Action, logbook: Logbook) -> Access:
    return _answer(_logbook_roles(user, logbook), action, LOGBOOK_WRITERS)


def logbook_permissions(user: Any, logbook: Logbook, actions: Iterable[Action]) -> dict[str, bool]:
    """`can(user, action, logbook)` for each of `actions`, keyed by its value: the user's roles
    on the logbook read once, not once per action."""
    roles = cache(lambda: _logbook_roles(user, logbook))

    def answer(user: Any, action: Action, logbook: Logbook) -> Access:
        return _answer(roles(), action, LOGBOOK_WRITERS)

    return allowed_actions(user, logbook, actions, by_rule=answer)


@rule(LogbookPeriod)
def _period_rule(user: Any, action: Action, period: LogbookPeriod) -> Access:
    return _logbook_rule(user, action, period.logbook)


@rule(LogbookEntry)
def _entry_rule(user: Any, action: Action, entry: LogbookEntry) -> Access:
    return _logbook_rule(
        user, Action.CHANGE if action is Action.DELETE else action, entry.period.logbook
    )


def _visit_roles(user: Any, record: Visit | TripartiteMeeting, contact: Any) -> set[str]:
    roles = _roles_on(user, record.learner)
    if record.learner.erased_on is None:
        if record.teacher_id == user.pk:
            roles.add("author")  # the teacher who runs it keeps reaching it
        if _is_master(user, contact, record.contract):
            roles.add("master")
    return roles


@rule(Visit)
def _visit_rule(user: Any, action: Action, visit: Visit) -> Access:
    contact = visit.contract.apprenticeship_master if visit.contract_id else None
    return _answer(_visit_roles(user, visit, contact), action, TEACHER_WRITERS)


@rule(TripartiteMeeting)
def _meeting_rule(user: Any, action: Action, meeting: TripartiteMeeting) -> Access:
    return _answer(_visit_roles(user, meeting, meeting.master), action, TEACHER_WRITERS)


@rule(FollowupSettings)
def _settings_rule(user: Any, action: Action, settings: FollowupSettings) -> Access:
    centre_id = settings.training_centre_id
    if centre_id in centres_where(user, Role.TRAINING_MANAGER):
        return Access.ALLOWED
    if centre_id in centres_where(user, Role.TEACHER, Role.EXAM_OFFICE):
        return Access.ALLOWED if action is Action.VIEW else Access.DENIED
    return Access.HIDDEN


@rule(VisitGridItem)
def _grid_item_rule(user: Any, action: Action, item: VisitGridItem) -> Access:
    return _settings_rule(
        user, action, FollowupSettings(training_centre_id=item.training_centre_id)
    )


@rule(Referent)
def _referent_rule(user: Any, action: Action, referent: Referent) -> Access:
    roles = _roles_on(user, referent.learner)
    return _answer(roles, action, {Action.CHANGE: {"manager"}, Action.DELETE: {"manager"}})


def learner_roles(user: Any, learner: Learner) -> set[str]:
    """The relationships of `user` to a learner's follow-up, the master's included (a contract
    of the learner names them): empty when the follow-up is out of reach."""
    if is_administrator(user):
        return {"manager"}
    roles = _roles_on(user, learner)
    if learner.erased_on is None and contracts_supervised_by(user).filter(learner=learner).exists():
        roles.add("master")
    return roles


def _reach(
    user: Any, learner: str, masters: tuple[str, ...], authors: tuple[str, ...], also: Q | None
) -> Q | None:
    """None for an administrator (everything); else the records whose learner (the path
    `learner`) the user follows, where one of the `masters` paths (to a company contact, along
    single relations: no record comes twice) names the user for the record's `contract`, one they
    reach as its master, or one of the `authors` paths is the user, or `also` holds."""
    if is_administrator(user):
        return None
    centres = centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
    reach = (
        Q(**{f"{learner}cohort__training_centre_id__in": centres})
        | taught_by(user, f"{learner}cohort")
        | Q(**{f"{learner}referent__teacher": user})
        | own_record(user, f"{learner}user")
    )
    for path in masters if holds_supervisor_role(user) else ():
        # For the record's contract, while they reach it as its master.
        reach |= Q(**{f"{path}__user": user}, contract__in=contracts_supervised_by(user))
    for path in authors:
        reach |= Q(**{path: user})
    return reach if also is None else reach | also


def _visible(
    queryset: QuerySet,
    user: Any,
    learner: str,
    masters: tuple[str, ...],
    authors: tuple[str, ...] = (),
    also: Q | None = None,
) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    queryset = queryset.filter(**{f"{learner}erased_on__isnull": True})
    reach = _reach(user, learner, masters, authors, also)
    return queryset if reach is None else queryset.filter(reach)


def followed_learners(user: Any) -> QuerySet[Learner]:
    """The learners whose follow-up `user` reaches (masters: those a contract names them for)."""
    base = Learner.objects.select_related("cohort", "cohort__training_centre")
    # The contracts naming the master as a subquery, not a join: each learner comes once.
    named = contracts_supervised_by(user).values("learner_id")
    return _visible(
        base, user, "", (), also=Q(pk__in=named) if holds_supervisor_role(user) else None
    )


def visible_logbooks(user: Any) -> QuerySet[Logbook]:
    base = Logbook.objects.select_related(
        "learner", "learner__cohort", "contract", "contract__employer",
        "contract__apprenticeship_master",
    )  # fmt: skip
    return _visible(base, user, "learner__", ("contract__apprenticeship_master",))


def visible_visits(user: Any) -> QuerySet[Visit]:
    base = Visit.objects.select_related(
        "learner", "learner__cohort", "contract", "contract__employer",
        "contract__apprenticeship_master", "teacher",
    )  # fmt: skip
    return _visible(base, user, "learner__", ("contract__apprenticeship_master",), ("teacher",))


def visible_meetings(user: Any) -> QuerySet[TripartiteMeeting]:
    base = TripartiteMeeting.objects.select_related(
        "learner", "learner__cohort", "contract", "master", "master__company", "teacher"
    )
    return _visible(base, user, "learner__", ("master",), ("teacher",))


def get_learner_followup_for(user: Any, pk: int) -> Learner:
    """A learner whose follow-up `user` reaches: Http404 otherwise."""
    return get_record_for(
        user, followed_learners(user), pk, Action.VIEW, not_found="Apprenant introuvable."
    )


def get_logbook_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Logbook:
    """The logbook `pk` if `user` may do `action`: Http404 out of reach, 403 if forbidden."""
    return get_record_for(user, visible_logbooks(user), pk, action, not_found="Livret introuvable.")


def get_period_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> LogbookPeriod:
    periods = LogbookPeriod.objects.select_related(
        "logbook", "logbook__learner", "logbook__learner__cohort", "logbook__contract",
        "logbook__contract__apprenticeship_master",
    ).filter(logbook__in=visible_logbooks(user))  # fmt: skip
    return get_record_for(user, periods, pk, action, not_found="Période introuvable.")


def get_entry_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> LogbookEntry:
    entries = LogbookEntry.objects.select_related(
        "period", "period__logbook", "period__logbook__learner",
        "period__logbook__contract", "period__logbook__contract__apprenticeship_master",
    ).filter(period__logbook__in=visible_logbooks(user))  # fmt: skip
    return get_record_for(user, entries, pk, action, not_found="Activité introuvable.")


def get_visit_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Visit:
    return get_record_for(user, visible_visits(user), pk, action, not_found="Visite introuvable.")


def get_meeting_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> TripartiteMeeting:
    return get_record_for(
        user, visible_meetings(user), pk, action, not_found="Entretien introuvable."
    )


# --- Training years, contracts --------------------------------------------------------------------


def training_year(cohort: Cohort, on: date) -> tuple[date, date] | None:
    """First and last day of the cohort's training year running on `on` (None outside)."""
    year = cohort.year_on(on)
    if year is None:
        return None
    start = add_months(cohort.first_year_start, 12 * (year - 1))
    return start, add_months(cohort.first_year_start, 12 * year) - timedelta(days=1)


def running_contract(contracts: Iterable[Contract], on: date) -> Contract | None:
    """The contract running on `on` among `contracts` (the latest started, if several)."""
    running = [c for c in contracts if c.start <= on <= c.last_day]
    return max(running, key=lambda c: c.start) if running else None


def exam_start(cohort: Cohort, settings: FollowupSettings) -> date:
    """The first day of the month the exams start in, in the cohort's session year."""
    return date(cohort.exam_session, settings.exams_month, 1)


def _contracts_prefetch(companies: bool, columns: tuple[str, ...] = ()) -> Prefetch:
    """The learners' contracts as `followup_contracts`; `columns`: those alone read."""
    contracts = Contract.objects.order_by("start", "pk")
    if columns:
        contracts = contracts.only(*columns)
    if companies:
        contracts = contracts.select_related("employer", "apprenticeship_master")
    return Prefetch("contracts", queryset=contracts, to_attr="followup_contracts")


def with_followup(learners: QuerySet[Learner], *, companies: bool = False) -> QuerySet[Learner]:
    """`learners` with what the tallies and risks read of each, loaded at once; `companies`:
    with each contract's employer and master too (the lists that show them)."""
    return learners.select_related("cohort", "referent", "referent__teacher").prefetch_related(
        categories_prefetch(), _contracts_prefetch(companies)
    )


# --- Logbook: periods and their state -------------------------------------------------------------

EMPTY, WRITING, TO_VALIDATE, VALIDATED, UPCOMING = (
    "empty", "writing", "to_validate", "validated", "upcoming",
)  # fmt: skip


@dataclass(frozen=True)
class PeriodState:
    """A period of the logbook as the pages show it: its entries, its state on a date, and
    whether it is flagged (left empty beyond the centre's delay)."""

    period: LogbookPeriod
    entries: tuple[LogbookEntry, ...]  # loaded for a logbook's page; () for the lists
    state: str
    flagged: bool
    flagged_since: date | None = None
    entry_count: int = 0

    @property
    def to_comment(self) -> bool:
        return self.state == VALIDATED and not self.period.teacher_comment


def period_state(
    period: LogbookPeriod,
    entries: tuple[LogbookEntry, ...],
    *,
    on: date,
    delay_days: int,
    entry_count: int | None = None,
) -> PeriodState:
    """The state of a period on `on`: upcoming, being written, to validate, validated, or
    empty — flagged once empty `delay_days` after its end. `entry_count` stands for the
    entries when they are not loaded."""
    count = len(entries) if entry_count is None else entry_count
    flagged_since = period.end + timedelta(days=delay_days)
    if period.validated_on:
        state = VALIDATED
    elif period.start > on:
        state = UPCOMING
    elif count:
        state = TO_VALIDATE if period.end < on else WRITING
    else:
        state = EMPTY if period.end < on else WRITING
    flagged = state == EMPTY and flagged_since < on
    return PeriodState(period, entries, state, flagged, flagged_since if flagged else None, count)


@dataclass(frozen=True)
class LogbookPage:
    logbook: Logbook
    periods: tuple[PeriodState, ...]
    settings: FollowupSettings
    referent: Referent | None
    situations: tuple[Any, ...]
    meetings: tuple[TripartiteMeeting, ...]
    sessions: tuple[Any, ...]
    attendance: Any

    @property
    def flagged(self) -> tuple[PeriodState, ...]:
        return tuple(p for p in self.periods if p.flagged)

    @property
    def entry_count(self) -> int:
        return sum(len(p.entries) for p in self.periods)


def logbook_page(logbook: Logbook, *, on: date) -> LogbookPage:
    """Everything a logbook page (or its PDF) shows, on `on`: the periods of the contract with
    their entries, and the centre's side — CCF calendar, tripartite meetings, timetable,
    attendance."""
    contract = logbook.contract
    learner = logbook.learner
    centre_id = learner.cohort.training_centre_id
    settings = settings_by_centre([centre_id])[centre_id]  # the centre itself is not read
    periods = (
        logbook.periods.filter(start__lte=contract.last_day)
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=LogbookEntry.objects.select_related("activity_sheet").order_by(
                    "day", "pk"
                ),
            )
        )
        .select_related("validated_by", "commented_by")
    )
    states = tuple(
        period_state(
            period, tuple(period.entries.all()), on=on, delay_days=settings.logbook_delay_days
        )
        for period in periods
    )
    end = min(on, contract.last_day)
    contexts = centre.calendar_contexts([learner.cohort_id])  # for the timetable and attendance
    return LogbookPage(
        logbook=logbook,
        periods=states,
        settings=settings,
        referent=Referent.objects.select_related("teacher").filter(learner=learner).first(),
        situations=tuple(centre.ccf_situations([learner]).get(learner.pk, ())),
        meetings=tuple(
            TripartiteMeeting.objects.filter(learner=learner, contract=contract)
            .select_related("teacher", "master")
            .prefetch_related("ratings")
        ),
        sessions=tuple(
            centre.sessions_for_learner(
                learner, start=on, end=on + timedelta(days=13), contexts=contexts
            )
        ),
        attendance=centre.attendance_totals(
            [learner], start=contract.start, end=end, contexts=contexts
        ).get(learner.pk),
    )


def framework_choices(learner: Learner) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The activities (Annexe I a) and competences (Annexe I b) of the learner's framework, as
    choices for an entry."""
    framework = load_framework(learner.cohort.framework)
    activities = [
        (activity.code, f"{activity.code} — {activity.title}")
        for area in framework.activity_areas.values()
        for activity in area.activities
    ]
    competences = [(c.code, f"{c.code} — {c.title}") for c in framework.competences()]
    return activities, competences


def code_titles(learner: Learner) -> dict[str, str]:
    """code → title of the activities and competences of the learner's framework."""
    activities, competences = framework_choices(learner)
    return dict(activities + competences)


# --- Visits: due, late, done --------------------------------------------------------------------


@dataclass(frozen=True)
class VisitTally:
    """A followed learner's visits in the current training year: how many the centre requires,
    how many are done, late (a deadline passed, or a planned date passed without a report) and
    still due; the visits planned ahead."""

    learner: Learner
    contract: Contract
    required: int
    done: int
    late: int
    due: int
    planned: tuple[Visit, ...]
    deadlines: tuple[date, ...]
    window: tuple[date, date]

    @property
    def teacher(self) -> Any:
        referent = getattr(self.learner, "referent", None)
        return referent.teacher if referent else None

    @property
    def next_deadline(self) -> date | None:
        upcoming = [d for d in self.deadlines[self.done :]]
        return upcoming[0] if upcoming else None


def visit_deadlines(start: date, end: date, required: int) -> tuple[date, ...]:
    """The dates by which each of `required` visits is due, spread evenly over [start, end]:
    the k-th by start + k/required of the window (centre policy, docs/followup.md)."""
    days = (end - start).days
    return tuple(start + timedelta(days=days * k // required) for k in range(1, required + 1))


def tally_of(
    learner: Learner,
    contract: Contract,
    visits: list[Visit],
    *,
    on: date,
    required: int,
) -> VisitTally | None:
    """The visit tally of a learner with a contract running on `on` (None outside a training
    year). `visits` are the learner's visits, any date."""
    year = training_year(learner.cohort, on)
    if year is None:
        return None
    window = (max(year[0], contract.start), min(year[1], contract.last_day))
    deadlines = visit_deadlines(*window, required)
    in_window = [v for v in visits if window[0] <= (v.held_on or v.planned_on) <= window[1]]
    done = sum(1 for v in in_window if v.status == VisitStatus.HELD)
    planned = [v for v in in_window if v.status == VisitStatus.PLANNED]
    overdue = sum(1 for v in planned if v.planned_on < on)
    passed = sum(1 for d in deadlines if d < on)
    late = max(passed - done, overdue, 0)
    return VisitTally(
        learner=learner,
        contract=contract,
        required=required,
        done=done,
        late=late,
        due=max(required - done - late, 0),
        planned=tuple(v for v in planned if v.planned_on >= on),
        deadlines=deadlines,
        window=window,
    )


def _visits_by_learner(learner_ids: Iterable[int]) -> dict[int, list[Visit]]:
    found: dict[int, list[Visit]] = defaultdict(list)
    for visit in (
        Visit.objects.filter(learner_id__in=list(learner_ids))
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("planned_on", "pk")
    ):
        found[visit.learner_id].append(visit)
    return found


def loaded(learners: Iterable[Learner], *, companies: bool = False) -> list[Learner]:
    """The learners (not erased) with what the tallies and the risks read of each: as given
    when `with_followup` already loaded them, else loaded at once."""
    if isinstance(learners, QuerySet):
        return list(with_followup(learners.filter(erased_on__isnull=True), companies=companies))
    learners = list(learners)
    if all(hasattr(learner, "followup_contracts") for learner in learners):
        return [learner for learner in learners if learner.erased_on is None]
    ids = [learner.pk for learner in learners]
    return list(
        with_followup(
            Learner.objects.filter(pk__in=ids, erased_on__isnull=True), companies=companies
        )
    )


def visit_tallies(
    learners: Iterable[Learner], *, on: date, settings: dict[int, FollowupSettings] | None = None
) -> list[VisitTally]:
    """The tallies of the learners followed in the company on `on` (a contract running that
    day) among `learners`, in a number of queries that does not grow with the learners.
    `settings`: the centres' settings when the caller read them already."""
    followed = [
        (learner, contract)
        for learner in loaded(learners)
        if (contract := running_contract(learner.followup_contracts, on)) is not None
    ]
    if settings is None:
        settings = settings_by_centre(learner.cohort.training_centre_id for learner, _c in followed)
    visits = _visits_by_learner(learner.pk for learner, _c in followed)
    tallies = []
    for learner, contract in followed:
        required = settings[learner.cohort.training_centre_id].visits_per_year
        tally = tally_of(learner, contract, visits[learner.pk], on=on, required=required)
        if tally is not None:
            tallies.append(tally)
    return tallies


@dataclass
class TallyTotals:
    """Visits done, late and still due, summed over a group (a teacher, a cohort)."""

    label: str
    learners: int = 0
    required: int = 0
    done: int = 0
    late: int = 0
    due: int = 0
    planned: int = 0

    def add(self, tally: VisitTally) -> None:
        self.learners += 1
        self.required += tally.required
        self.done += tally.done
        self.late += tally.late
        self.due += tally.due
        self.planned += len(tally.planned)


def totals_by(tallies: Iterable[VisitTally], key, label) -> list[TallyTotals]:
    """The tallies summed by `key(tally)`, labelled `label(tally)`, sorted by label."""
    groups: dict[Any, TallyTotals] = {}
    for tally in tallies:
        group = groups.setdefault(key(tally), TallyTotals(label(tally)))
        group.add(tally)
    return sorted(groups.values(), key=lambda g: g.label)


def _teacher_label(tally: VisitTally) -> str:
    teacher = tally.teacher
    if teacher is None:
        return _("Sans enseignant référent")
    return teacher.get_full_name() or teacher.username


@dataclass(frozen=True)
class VisitToPlan:
    """A learner of the teacher to visit (a visit late or due), with the company's address."""

    tally: VisitTally

    @property
    def company(self) -> Any:
        return self.tally.contract.employer

    @property
    def place_key(self) -> tuple[str, str, str]:
        company = self.company
        return (company.postal_code or "99999", company.city.lower(), company.name.lower())


def visits_to_plan(user: Any, *, on: date) -> list[VisitToPlan]:
    """The learners `user` is referent of whose visits are late or due and not yet planned,
    sorted by place (postal code, commune, company): what a teacher plans a week from."""
    mine = Learner.objects.filter(referent__teacher=user, erased_on__isnull=True)
    rows = [
        VisitToPlan(t)
        for t in visit_tallies(loaded(mine, companies=True), on=on)
        if (t.late or t.due) and len(t.planned) < t.late + t.due
    ]
    return sorted(rows, key=lambda row: row.place_key)


# --- Early warning ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """Why a learner is at risk: a code and the reason in the reader's language, with its
    figures."""

    code: str
    reason: str


UNJUSTIFIED_ABSENCES = "unjustified_absences"
EMPTY_LOGBOOK = "empty_logbook"
VISIT_DIFFICULTY = "visit_difficulty"
NO_COMPANY = "no_company"
CONTRACT_ENDING = "contract_ending"


def _route(learner: Learner, on: date) -> str:
    category = learner.category_on(on) or learner.current_category
    if not category:
        return ""
    try:
        return required_practice(category).route
    except InputError:
        return ""


def _empty_periods(learners: list[Learner], settings: dict[int, FollowupSettings], on: date):
    """learner id → the (start, end) of their periods flagged empty on `on`, in one query."""
    flagged: dict[int, list[tuple[date, date]]] = defaultdict(list)
    if not learners:
        return flagged
    by_centre: dict[int, list[int]] = defaultdict(list)
    for learner in learners:
        by_centre[learner.cohort.training_centre_id].append(learner.pk)
    which = Q()
    for centre_id, ids in by_centre.items():
        cutoff = on - timedelta(days=settings[centre_id].logbook_delay_days)
        which |= Q(logbook__learner_id__in=ids, end__lt=cutoff)
    periods = (
        LogbookPeriod.objects.filter(which, validated_on__isnull=True)
        .filter(start__lte=_last_day_of_contract())
        .exclude(Exists(LogbookEntry.objects.filter(period=OuterRef("pk"))))
        .order_by("start")
        .values_list("logbook__learner_id", "start", "end")
    )
    for learner_id, start, end in periods:
        flagged[learner_id].append((start, end))
    return flagged


def _last_day_of_contract():
    """The last day of the logbook's contract, as a database expression (periods after a
    termination are not the apprentice's to fill)."""
    from django.db.models import F
    from django.db.models.functions import Coalesce

    return Coalesce(
        F("logbook__contract__termination_date"),
        F("logbook__contract__prorogation_end"),
        F("logbook__contract__end"),
    )


def risks(
    learners: Iterable[Learner], *, on: date, contexts: Mapping[int, Any] | None = None
) -> dict[int, list[Risk]]:
    """learner id → the reasons each learner is at risk on `on` (learners without a risk are
    absent): unjustified absences over the centre's threshold, a logbook left empty beyond the
    centre's delay, a visit that reported a difficulty, no company for a student whose
    internship is close, a contract ending before the exams. The thresholds are the centre's
    settings. The number of queries does not grow with the learners. The caller checked the
    learners are within the reader's reach. `contexts`: the learners' cohorts' calendars when
    the caller read them already (`attendance_totals`)."""
    return _risks(loaded(learners), on=on, contexts=contexts)


@dataclass
class _Screened:
    """What `_maybe_at_risk` read of every learner that `_risks` asks again of those it keeps:
    who has an unjustified absence from `absent_since` to the date, and which cohorts have an
    internship starting within the longest notice (None: not read)."""

    absent_since: date | None = None
    absent: set[int] = field(default_factory=set)
    internships_soon: set[int] | None = None


def _risks(
    learners: list[Learner],
    *,
    on: date,
    settings: dict[int, FollowupSettings] | None = None,
    contexts: Mapping[int, Any] | None = None,
    screened: _Screened | None = None,
) -> dict[int, list[Risk]]:
    ids = [learner.pk for learner in learners]
    if settings is None:
        settings = settings_by_centre(learner.cohort.training_centre_id for learner in learners)
    found: dict[int, list[Risk]] = defaultdict(list)

    # Unjustified absences over the training year so far (attendance), totalled for the
    # learners with one recorded in it (the others have none to count).
    by_year: dict[date, list[Learner]] = defaultdict(list)
    for learner in learners:
        year = training_year(learner.cohort, on)
        if year is not None:
            by_year[year[0]].append(learner)
    for start, group in by_year.items():
        if screened is not None and screened.absent_since == start:
            absent = screened.absent  # read of every learner screened, over the same days
        else:
            absent = centre.unjustified_absentees(
                Learner.objects.filter(pk__in=[learner.pk for learner in group]),
                start=start,
                end=on,
            )
        group = [learner for learner in group if learner.pk in absent]
        if not group:
            continue
        totals = centre.attendance_totals(group, start=start, end=on, contexts=contexts)
        for learner in group:
            hours = getattr(totals.get(learner.pk), "absent_unjustified", None)
            threshold = settings[learner.cohort.training_centre_id].absence_threshold_hours
            if hours is not None and hours > threshold:
                found[learner.pk].append(
                    Risk(
                        UNJUSTIFIED_ABSENCES,
                        _(
                            "%(hours)s d'absences injustifiées depuis le %(start)s "
                            "(seuil du centre : %(threshold)s)."
                        )
                        % {
                            "hours": french_hours(hours),
                            "start": f"{start:%d/%m/%Y}",
                            "threshold": french_hours(threshold),
                        },
                    )
                )

    # Logbook periods left empty beyond the centre's delay.
    for learner_id, periods in _empty_periods(learners, settings, on).items():
        start, end = periods[-1]
        found[learner_id].append(
            Risk(
                EMPTY_LOGBOOK,
                _(
                    "Livret vide : %(count)s période(s) en entreprise sans activité, la "
                    "dernière du %(start)s au %(end)s."
                )
                % {"count": len(periods), "start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
            )
        )

    # The last visit held reported a difficulty or a risk of rupture.
    latest: dict[int, Visit] = {}
    held = Visit.objects.filter(learner_id__in=ids, status=VisitStatus.HELD).only(
        "learner_id", "held_on", "difficulty", "rupture_risk"
    )
    for visit in held.order_by("held_on", "pk"):
        latest[visit.learner_id] = visit
    for learner_id, visit in latest.items():
        if visit.difficulty or visit.rupture_risk != RuptureRisk.NONE:
            what = []
            if visit.difficulty:
                what.append(_("difficulté signalée"))
            if visit.rupture_risk != RuptureRisk.NONE:
                what.append(
                    _("risque de rupture %(level)s")
                    % {"level": visit.get_rupture_risk_display().lower()}
                )
            found[learner_id].append(
                Risk(
                    VISIT_DIFFICULTY,
                    _("Visite du %(day)s : %(what)s.")
                    % {"day": f"{visit.held_on:%d/%m/%Y}", "what": ", ".join(what)},
                )
            )

    # Students without a company when their group's internship is close (training calendar),
    # and apprentices whose contract ends before the exams.
    # Only the cohorts with an internship starting within the notice have one to warn about.
    notice = max((s.internship_notice_days for s in settings.values()), default=0)
    if screened is not None and screened.internships_soon is not None:
        soon = screened.internships_soon  # of every cohort screened, within the same notice
    else:
        soon = centre.cohorts_with_internship_starting(
            {learner.cohort_id for learner in learners}, start=on, end=on + timedelta(days=notice)
        )
    internships = centre.internship_periods([lr for lr in learners if lr.cohort_id in soon])
    students = [
        learner
        for learner in learners
        if internships.get(learner.pk) and _route(learner, on) == "student"
    ]
    agreements: dict[int, list[Any]] = defaultdict(list)
    if students:
        from ndrc.contracts.models import InternshipAgreement

        for agreement in InternshipAgreement.objects.filter(learner__in=students):
            agreements[agreement.learner_id].append(agreement)
    for learner in students:
        notice = settings[learner.cohort.training_centre_id].internship_notice_days
        for period in internships[learner.pk]:
            first, last = period.start, period.end
            if not on <= first <= on + timedelta(days=notice):
                continue
            if any(a.start <= first <= a.end for a in agreements[learner.pk]):
                continue
            found[learner.pk].append(
                Risk(
                    NO_COMPANY,
                    _(
                        "Stage du %(start)s au %(end)s dans %(days)s jour(s) : aucune "
                        "convention de stage."
                    )
                    % {
                        "start": f"{first:%d/%m/%Y}",
                        "end": f"{last:%d/%m/%Y}",
                        "days": (first - on).days,
                    },
                )
            )
    for learner in learners:
        contracts = learner.followup_contracts
        if not contracts or not (
            running_contract(contracts, on) or _route(learner, on) == "apprentice"
        ):
            continue
        latest_contract = max(contracts, key=lambda c: (c.last_day, c.start))
        exams = exam_start(learner.cohort, settings[learner.cohort.training_centre_id])
        if latest_contract.last_day >= exams or exams < on:
            continue
        when = _("épreuves de %(month)s") % {"month": date_format(exams, "F Y")}
        if latest_contract.termination_date:
            reason = _(
                "Contrat rompu le %(day)s (%(cause)s) : plus de contrat avant les %(when)s."
            ) % {
                "day": f"{latest_contract.termination_date:%d/%m/%Y}",
                "cause": latest_contract.get_termination_cause_display().lower(),
                "when": when,
            }
        else:
            reason = _("Contrat se terminant le %(day)s, avant les %(when)s.") % {
                "day": f"{latest_contract.last_day:%d/%m/%Y}",
                "when": when,
            }
        found[learner.pk].append(Risk(CONTRACT_ENDING, reason))
    return dict(found)


def _maybe_at_risk(
    learners: QuerySet[Learner],
    *,
    on: date,
    settings: dict[int, FollowupSettings],
    screened: _Screened | None = None,
) -> set[int]:
    """The ids of `learners` that `_risks` may find at risk on `on`, chosen in the database by
    a condition each risk requires: an unjustified absence since the earliest training year's
    start, an empty logbook period past the shortest delay, a visit held that reported a
    difficulty, an internship of their cohort starting within the longest notice, a contract
    and none running up to their cohort's exams. Necessary, not sufficient: `_risks` decides,
    on these learners alone, so a page need not load every learner. Queries: a few, whatever
    the number of learners. `screened`: filled with what `_risks` would read again."""
    screened = _Screened() if screened is None else screened
    cohorts = list(Cohort.objects.filter(pk__in=learners.values("cohort_id")))
    if not cohorts:
        return set()
    found: set[int] = set()
    starts = [year[0] for cohort in cohorts if (year := training_year(cohort, on)) is not None]
    if starts:
        screened.absent_since = min(starts)
        screened.absent = centre.unjustified_absentees(learners, start=min(starts), end=on)
        found |= screened.absent
    delay = min(s.logbook_delay_days for s in settings.values())
    found |= set(
        LogbookPeriod.objects.filter(
            logbook__learner__in=learners,
            validated_on__isnull=True,
            end__lt=on - timedelta(days=delay),
            start__lte=_last_day_of_contract(),
        )
        .exclude(Exists(LogbookEntry.objects.filter(period=OuterRef("pk"))))
        .order_by()
        .values_list("logbook__learner_id", flat=True)
        .distinct()
    )
    found |= set(
        Visit.objects.filter(learner__in=learners, status=VisitStatus.HELD)
        .filter(Q(difficulty=True) | ~Q(rupture_risk=RuptureRisk.NONE))
        .values_list("learner_id", flat=True)
    )
    notice = max(s.internship_notice_days for s in settings.values())
    soon = centre.cohorts_with_internship_starting(
        [cohort.pk for cohort in cohorts], start=on, end=on + timedelta(days=notice)
    )
    screened.internships_soon = soon
    if soon:
        found |= set(learners.filter(cohort_id__in=soon).values_list("pk", flat=True))
    exams = {c.pk: exam_start(c, settings[c.training_centre_id]) for c in cohorts}
    last_days = (
        Contract.objects.filter(learner__in=learners)
        .order_by()
        .values("learner_id")
        .annotate(last=Max(Coalesce("termination_date", "prorogation_end", "end")))
        .values_list("learner_id", "learner__cohort_id", "last")
    )
    found |= {
        learner_id
        for learner_id, cohort_id, last in last_days
        if on <= exams[cohort_id] and last < exams[cohort_id]
    }
    return found


@dataclass(frozen=True)
class AtRisk:
    learner: Learner
    risks: tuple[Risk, ...]


def at_risk(
    learners: Iterable[Learner],
    *,
    on: date,
    settings: dict[int, FollowupSettings] | None = None,
    screened: _Screened | None = None,
) -> list[AtRisk]:
    """The learners of `learners` at risk on `on`, each with the reasons, by name. `screened`:
    what `_maybe_at_risk` read of them already."""
    learners = loaded(learners)
    found = _risks(learners, on=on, settings=settings, screened=screened)
    return [
        AtRisk(learner, tuple(found[learner.pk])) for learner in learners if learner.pk in found
    ]


# --- Competence progress from the tripartite meetings ---------------------------------------------


@dataclass(frozen=True)
class CompetenceProgress:
    code: str
    title: str
    criteria: int
    # (level, its label, how many critères have it as their latest rating), in scale order
    levels: tuple[tuple[str, str, int], ...]
    last_rated: date | None

    @property
    def rated(self) -> int:
        return sum(count for _level, _label, count in self.levels)


def competence_progress(learner: Learner) -> list[CompetenceProgress]:
    """The learner's progress on each competence, from the tripartite meetings held: for each
    critère de performance, the level of its latest rating."""
    latest: dict[str, tuple[date, str]] = {}
    ratings = MeetingRating.objects.filter(
        meeting__learner=learner, meeting__held_on__isnull=False
    ).values_list("criterion", "level", "meeting__held_on")
    for criterion, level, held_on in ratings.order_by("meeting__held_on", "pk"):
        latest[criterion] = (held_on, level)
    framework = load_framework(learner.cohort.framework)
    rows = []
    for competence in framework.competences():
        codes = [c.code for c in competence.performance_criteria]
        levels: dict[str, int] = {}
        dates = []
        for code in codes:
            if code in latest:
                held_on, level = latest[code]
                levels[level] = levels.get(level, 0) + 1
                dates.append(held_on)
        rows.append(
            CompetenceProgress(
                competence.code,
                competence.title,
                len(codes),
                tuple(
                    (value, label, levels[value])
                    for value, label in Level.choices
                    if value in levels
                ),
                max(dates) if dates else None,
            )
        )
    return rows


def meeting_grid(meeting: TripartiteMeeting) -> list[tuple[Any, Any, list[tuple[Any, str]]]]:
    """The grid of a meeting: for each competence of its blocks, the critères de performance
    with their level (blank when not rated)."""
    framework = load_framework(meeting.learner.cohort.framework)
    levels = dict(meeting.ratings.values_list("criterion", "level"))
    return [
        (
            block,
            competence,
            [(c, levels.get(c.code, "")) for c in competence.performance_criteria],
        )
        for code in meeting.blocks
        for block in [framework.skill_blocks[code]]
        for competence in block.competences
    ]


def meeting_levels(meeting: TripartiteMeeting) -> dict[str, str]:
    """Each critère de performance of the meeting's blocks → its level ("" when not rated)."""
    return {c.code: level for _b, _c, rows in meeting_grid(meeting) for c, level in rows}


def report_texts(visit: Visit, grid: Iterable[VisitGridItem]) -> dict[str, str]:
    """Each heading of the centre's `grid` → the visit's report text under it ("" when none)."""
    return {item.code: (visit.report.get(item.code) or {}).get("text", "") for item in grid}


def report_values(visit: Visit, grid: Iterable[VisitGridItem]) -> dict[str, Any]:
    """A visit's report as its edit writes it, by name (the texts by heading), for the version
    the edit starts from (`core.versions`)."""
    return {
        "held_on": visit.held_on,
        "participants": visit.participants,
        "difficulty": visit.difficulty,
        "rupture_risk": visit.rupture_risk,
        "report": report_texts(visit, grid),
    }


def meeting_values(meeting: TripartiteMeeting) -> dict[str, Any]:
    """A meeting's grid as its edit writes it, by name (the levels by critère), for the version
    the edit starts from (`core.versions`)."""
    return {
        "held_on": meeting.held_on,
        "summary": meeting.summary,
        "ratings": meeting_levels(meeting),
    }


# --- Pages: a learner's follow-up, the dashboards, the master's page ----------------------------


@dataclass(frozen=True)
class LearnerFollowup:
    learner: Learner
    roles: frozenset[str]
    referent: Referent | None
    contracts: tuple[Contract, ...]
    logbooks: tuple[Logbook, ...]
    visits: tuple[Visit, ...]
    meetings: tuple[TripartiteMeeting, ...]
    tally: VisitTally | None
    risks: tuple[Risk, ...]
    progress: tuple[CompetenceProgress, ...]


def learner_followup(user: Any, learner: Learner, *, on: date) -> LearnerFollowup:
    """A learner's follow-up as `user` may read it (a master: what concerns their contracts)."""
    roles = frozenset(learner_roles(user, learner))
    contracts = list(
        Contract.objects.filter(learner=learner)
        .select_related("employer", "apprenticeship_master")
        .order_by("start")
    )
    company_side_only = not (roles - {"master"}) and not is_administrator(user)
    if company_side_only:
        supervised = contracts_supervised_by(user).filter(learner=learner)
        kept = set(supervised.values_list("pk", flat=True))
        contracts = [c for c in contracts if c.pk in kept]
    logbooks = visible_logbooks(user).filter(learner=learner, contract__in=contracts)
    visits = visible_visits(user).filter(learner=learner)
    meetings = visible_meetings(user).filter(learner=learner)
    if company_side_only:
        visits = visits.filter(contract__in=contracts)
        meetings = meetings.filter(master__user=user)
    contract = running_contract(contracts, on)
    settings = settings_of(learner.cohort.training_centre)
    tally = None
    if contract is not None:
        tally = tally_of(
            learner,
            contract,
            list(visits.exclude(status=VisitStatus.CANCELLED)),
            on=on,
            required=settings.visits_per_year,
        )
    return LearnerFollowup(
        learner=learner,
        roles=roles,
        referent=Referent.objects.select_related("teacher").filter(learner=learner).first(),
        contracts=tuple(contracts),
        logbooks=tuple(logbooks),
        visits=tuple(visits.order_by("-planned_on")),
        meetings=tuple(meetings.order_by("-planned_on")),
        tally=tally,
        risks=tuple(risks([learner], on=on).get(learner.pk, ())),
        progress=tuple(competence_progress(learner)),
    )


def _managed_learners(user: Any) -> QuerySet[Learner]:
    """The learners of the centres `user` manages (every centre for an administrator)."""
    base = Learner.objects.filter(erased_on__isnull=True)
    if is_administrator(user):
        return base
    return base.filter(cohort__training_centre_id__in=centres_where(user, Role.TRAINING_MANAGER))


class ManagerOverview:
    """The training manager's follow-up on `on`. The visit tallies are counted when first read:
    the home dashboard shows only the learners at risk, the follow-up page the tallies too."""

    def __init__(
        self,
        *,
        on: date,
        learners: QuerySet[Learner],
        settings: dict[int, FollowupSettings],
        at_risk: tuple[AtRisk, ...],
    ) -> None:
        self.on = on
        self._learners = learners
        self._settings = settings
        self.at_risk = at_risk
        self.flagged_logbooks = sum(
            1 for row in at_risk for r in row.risks if r.code == EMPTY_LOGBOOK
        )

    @cached_property
    def _tallies(self) -> list[VisitTally]:
        # Only the learners with a contract running that day have a tally: the others (the
        # students, most of a centre) are not loaded.
        running = running_contracts(self.on).filter(learner=OuterRef("pk"))
        learners = loaded(self._learners.filter(Exists(running)))
        return visit_tallies(learners, on=self.on, settings=self._settings)

    @cached_property
    def by_teacher(self) -> tuple[TallyTotals, ...]:
        key = lambda t: getattr(t.teacher, "pk", 0)  # noqa: E731
        return tuple(totals_by(self._tallies, key, _teacher_label))

    @cached_property
    def by_cohort(self) -> tuple[TallyTotals, ...]:
        return tuple(
            totals_by(self._tallies, lambda t: t.learner.cohort_id, lambda t: str(t.learner.cohort))
        )

    @cached_property
    def without_referent(self) -> int:
        return sum(1 for t in self._tallies if t.teacher is None)


# What the early warning reads of a learner (their cohort whole; their name: a row's) and of a
# contract (its dates, how it ended), not their contact details nor the contract's terms.
_RISK_LEARNER = ("first_name", "last_name", "erased_on", "cohort")
_RISK_CONTRACT = (
    "learner",
    "start",
    "end",
    "prorogation_end",
    "termination_date",
    "termination_cause",
)


def _loaded_for_risks(learners: QuerySet[Learner]) -> list[Learner]:
    """`loaded` for `_risks` and the rows of `followup/_risks.html` alone: each learner with
    their cohort, categories and contracts' dates, not their referent nor their contracts'
    terms (a centre's manager loads a hundred at each dashboard)."""
    return list(
        learners.filter(erased_on__isnull=True)
        .select_related("cohort")
        .only(*_RISK_LEARNER)
        .prefetch_related(categories_prefetch(), _contracts_prefetch(False, _RISK_CONTRACT))
    )


def manager_overview(user: Any, *, on: date) -> ManagerOverview:
    """The training manager's follow-up: visits due, late and done per referent teacher and per
    cohort, the learners at risk with the reasons, the empty logbooks. Query count constant;
    only the learners who may be at risk are loaded (`_maybe_at_risk`), the others when the
    tallies are read."""
    learners = _managed_learners(user)
    # Unordered: the learners' order would make each learner a distinct row.
    settings = settings_by_centre(
        learners.order_by().values_list("cohort__training_centre_id", flat=True).distinct()
    )
    screened = _Screened()
    maybe = _maybe_at_risk(learners, on=on, settings=settings, screened=screened)
    return ManagerOverview(
        on=on,
        learners=learners,
        settings=settings,
        at_risk=tuple(
            at_risk(
                _loaded_for_risks(learners.filter(pk__in=maybe)),
                on=on,
                settings=settings,
                screened=screened,
            )
        )
        if maybe
        else (),
    )


@dataclass(frozen=True)
class TeacherOverview:
    on: date
    tallies: tuple[VisitTally, ...]
    week: tuple[Visit, ...]
    to_report: tuple[Visit, ...]
    to_comment: tuple[PeriodState, ...]
    flagged: tuple[PeriodState, ...]
    at_risk: tuple[AtRisk, ...]

    @property
    def totals(self) -> TallyTotals:
        totals = TallyTotals("")
        for tally in self.tallies:
            totals.add(tally)
        return totals


def _to_act_on(on: date) -> QuerySet[LogbookPeriod]:
    """The periods someone has to act on, on `on`: validated and not commented, or ended and not
    validated (to validate, or empty), their entries counted."""
    return (
        LogbookPeriod.objects.filter(
            Q(validated_on__isnull=False, teacher_comment="")
            | Q(validated_on__isnull=True, end__lt=on)
        )
        .filter(start__lte=_last_day_of_contract())
        .annotate(entry_count=Count("entries"))
    )


_PERIOD_SHOWN = ("logbook", "start", "end", "validated_on", "teacher_comment")


def _states(
    periods: list[LogbookPeriod],
    centre_of: Callable[[LogbookPeriod], int],
    *,
    on: date,
    settings: dict[int, FollowupSettings] | None,
) -> list[PeriodState]:
    # The delays of the centres of the periods read (not of every logbook given), unless read.
    delays = settings if settings is not None else settings_by_centre(map(centre_of, periods))
    return [
        period_state(
            period,
            (),
            on=on,
            delay_days=delays[centre_of(period)].logbook_delay_days,
            entry_count=period.entry_count,
        )
        for period in periods
    ]


def _periods_of(
    logbooks: QuerySet[Logbook], *, on: date, settings: dict[int, FollowupSettings] | None = None
) -> list[PeriodState]:
    """The periods of `logbooks` someone has to act on, on `on` (`_to_act_on`), in two queries
    (one without any, one given `settings`: the settings of the logbooks' centres, read
    already)."""
    periods = list(
        _to_act_on(on)
        .filter(logbook__in=logbooks)
        .select_related("logbook__learner__cohort")
        .only(
            *_PERIOD_SHOWN, "logbook__learner__first_name", "logbook__learner__last_name",
            "logbook__learner__cohort__training_centre_id",
        )
        .order_by("logbook__learner__last_name", "start")
    )  # fmt: skip

    def centre_of(period: LogbookPeriod) -> int:
        return period.logbook.learner.cohort.training_centre_id

    return _states(periods, centre_of, on=on, settings=settings)


def _own_periods(learner: Learner, *, on: date) -> list[PeriodState]:
    """The periods of an apprentice's own logbook to act on (`_to_act_on`): their record, read
    already with its cohort and centre (and the centre's settings: `own_learner`), not read
    again with them."""
    periods = list(
        _to_act_on(on).filter(logbook__learner=learner).only(*_PERIOD_SHOWN).order_by("start")
    )
    centre = learner.cohort.training_centre
    settings = {centre.pk: settings_of(centre)} if periods else {}
    return _states(periods, lambda period: centre.pk, on=on, settings=settings)


def teacher_overview(user: Any, *, on: date) -> TeacherOverview:
    """A referent teacher's follow-up: their learners' visits, this week's visits, the reports
    to write, the logbook periods to comment, their learners at risk."""
    mine = Learner.objects.filter(referent__teacher=user, erased_on__isnull=True)
    learners = loaded(mine, companies=True)
    settings = settings_by_centre(learner.cohort.training_centre_id for learner in learners)
    # The planned visits up to the end of the week, in one query: the past ones are reports to
    # write, the others this week's (in the visits' order, `planned_on`).
    planned = tuple(
        Visit.objects.filter(
            teacher=user, status=VisitStatus.PLANNED, planned_on__lte=on + timedelta(days=6)
        ).select_related("learner", "contract", "contract__employer")
    )
    # The logbooks of the learners read (their keys: no subquery of the referent's learners),
    # whose centres' delays are among the settings read.
    periods = _periods_of(
        Logbook.objects.filter(learner__in=[learner.pk for learner in learners]),
        on=on,
        settings=settings,
    )
    return TeacherOverview(
        on=on,
        tallies=tuple(
            sorted(
                visit_tallies(learners, on=on, settings=settings),
                key=lambda t: (t.learner.last_name, t.learner.pk),
            )
        ),
        week=tuple(visit for visit in planned if visit.planned_on >= on),
        to_report=tuple(visit for visit in planned if visit.planned_on < on),
        to_comment=tuple(p for p in periods if p.to_comment),
        flagged=tuple(p for p in periods if p.flagged),
        at_risk=tuple(at_risk(learners, on=on, settings=settings)),
    )


@dataclass(frozen=True)
class Apprentice:
    """An apprentice on their master's page: the contract, the logbook's periods to act on,
    the timetable and the absences (from the centre's side)."""

    learner: Learner
    contract: Contract
    logbook: Logbook | None
    to_validate: tuple[PeriodState, ...]
    flagged: tuple[PeriodState, ...]
    sessions: tuple[Any, ...]
    attendance: Any


@dataclass(frozen=True)
class MasterPage:
    on: date
    apprentices: tuple[Apprentice, ...]
    to_countersign: tuple[Visit, ...]
    meetings: tuple[TripartiteMeeting, ...]
    sheets_to_attest: tuple[Any, ...]


def mastered_contracts(user: Any, *, on: date) -> QuerySet[Contract]:
    """The contracts of a master's apprentices: naming `user` their master, running on `on`, and
    reached by them as such (`contracts_supervised_by`: their page, their dashboard's list and
    count, what the follow-up gives them, say the same)."""
    return running_contracts(on, contracts_supervised_by(user, on=on))


def _waiting_countersignature(path: str = "") -> Q:
    """The visits (at `path` from the model queried) held and reported, waiting for the
    master's countersignature."""
    return Q(**{f"{path}status": VisitStatus.HELD, f"{path}countersigned_on__isnull": True})


def _to_countersign(contracts: QuerySet[Contract] | list[Contract]) -> QuerySet[Visit]:
    """The visits of `contracts` waiting for the master's countersignature."""
    return Visit.objects.filter(_waiting_countersignature(), contract__in=contracts)


def master_page(user: Any, *, on: date) -> MasterPage:
    """What an apprenticeship master sees: their apprentices (contracts naming them, running on
    `on`) with their timetable and absences, the logbook periods to validate, the visit
    reports to countersign, the evaluations to give — and nothing of other learners."""
    contracts = list(
        mastered_contracts(user, on=on).select_related(
            "learner", "learner__cohort", "learner__cohort__training_centre", "employer", "logbook"
        )
    )
    learners = [c.learner for c in contracts]
    periods = _periods_of(Logbook.objects.filter(contract__in=contracts), on=on)
    by_logbook: dict[int, list[PeriodState]] = defaultdict(list)
    for state in periods:
        by_logbook[state.period.logbook_id].append(state)
    starts = {}
    for learner in learners:
        year = training_year(learner.cohort, on)
        starts[learner.pk] = year[0] if year else on
    # Each from their own training year's start, in one read for all of them.
    attendance: dict[int, Any] = centre.attendance_totals(learners, start=starts, end=on)
    sessions = centre.sessions_for_learners(learners, start=on, end=on + timedelta(days=13))
    apprentices = []
    for contract in sorted(contracts, key=lambda c: (c.learner.last_name, c.learner.first_name)):
        logbook = getattr(contract, "logbook", None)
        states = by_logbook[logbook.pk] if logbook else []
        apprentices.append(
            Apprentice(
                learner=contract.learner,
                contract=contract,
                logbook=logbook,
                to_validate=tuple(s for s in states if s.state == TO_VALIDATE),
                flagged=tuple(s for s in states if s.flagged),
                sessions=tuple(sessions.get(contract.learner_id, ())),
                attendance=attendance.get(contract.learner_id),
            )
        )
    visits = _to_countersign(contracts).select_related("learner", "teacher")
    meetings = TripartiteMeeting.objects.filter(
        master__user=user, master_signed_on__isnull=True, learner__in=learners
    ).select_related("learner", "teacher")
    return MasterPage(
        on=on,
        apprentices=tuple(apprentices),
        to_countersign=tuple(visits.order_by("held_on")),
        meetings=tuple(meetings.order_by("planned_on")),
        sheets_to_attest=tuple(sheets_to_attest(user, on=on).filter(learner__in=learners)),
    )


@dataclass(frozen=True)
class MasterCounts:
    """What the home dashboard shows of a master's page: its counts, the page links to the rest."""

    apprentices: int
    to_countersign: int


def master_counts(user: Any, *, on: date) -> MasterCounts:
    """The counts of `master_page` (its apprentices, its reports to countersign), counted in the
    database: one query, whatever the number of apprentices."""
    counts = mastered_contracts(user, on=on).aggregate(
        apprentices=Count("pk", distinct=True),
        to_countersign=Count(
            "followup_visits",
            filter=_waiting_countersignature("followup_visits__"),
            distinct=True,
        ),
    )
    return MasterCounts(counts["apprentices"], counts["to_countersign"])


@dataclass(frozen=True)
class FollowupPanel:
    """The follow-up's part of the home dashboard, per role (see `followup/_dashboard.html`);
    false when there is nothing to show (the dashboard then leaves the panel out)."""

    manager: ManagerOverview | None = None
    teacher: TeacherOverview | None = None
    master: MasterCounts | None = None
    own_flags: tuple[PeriodState, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.manager or self.teacher or self.master or self.own_flags)


def keep_named_master(user: Any, contracts: Sequence[Contract]) -> None:
    """Keep, for the rest of the request, that `user` is named the master of a contract when
    `contracts` (contracts naming `user` their master, read by the caller) hold one: the panel
    of the follow-up (`dashboard_panel`) does not ask it again."""
    if contracts:
        read_once(user, "named_master", lambda: True)


def dashboard_panel(user: Any, *, on: date) -> FollowupPanel:
    """What the home dashboard shows of the follow-up: for a training manager the counts and the
    learners at risk, for a referent their visits and learners at risk, for a master what
    awaits them, for an apprentice the logbook periods flagged empty."""
    if not user.is_authenticated:
        return FollowupPanel()
    manages = is_manager(user)
    roles = roles_of(user)
    # Which parts concern the user, in one query, asked only of who may have them: a referent
    # is a teacher of the centre (`services.assign_referent`), a contract's master a company
    # contact (the roles the dashboard shows the company's section to); a learner, none.
    asked: dict[str, QuerySet] = {}
    if Role.TEACHER in roles:
        asked["refers"] = Referent.objects.filter(teacher=user)
    named = kept(user, "named_master")  # known (`keep_named_master`): not asked again
    if roles & {Role.APPRENTICESHIP_MASTER, Role.INTERNSHIP_TUTOR} and not named:
        asked["is_master"] = contracts_supervised_by(user, on=on)
    found: dict[str, bool] = {}
    if len(asked) == 1:  # its own EXISTS: no row of the user to build the query on
        found = {name: rows.exists() for name, rows in asked.items()}
    elif asked:
        flags = {name: Exists(rows) for name, rows in asked.items()}
        found = get_user_model().objects.filter(pk=user.pk).values(**flags).get()
    # An apprentice's own logbook (their record's, read once for the page): its periods read
    # straight away, none without a logbook.
    own = own_learner(user)
    return FollowupPanel(
        manager=manager_overview(user, on=on) if manages else None,
        teacher=teacher_overview(user, on=on) if found.get("refers") else None,
        master=master_counts(user, on=on) if named or found.get("is_master") else None,
        own_flags=tuple(p for p in _own_periods(own, on=on) if p.flagged) if own else (),
    )


def referents_of_cohort(cohort: Cohort) -> list[tuple[Learner, Referent | None]]:
    """The cohort's learners with their referent teacher (the caller checked the cohort)."""
    learners = cohort.learners.filter(erased_on__isnull=True).select_related(
        "referent", "referent__teacher"
    )
    return [(learner, getattr(learner, "referent", None)) for learner in learners]


def referent_values(cohort: Cohort) -> dict[str, str]:
    """What the edit of the cohort's referents starts from: `learner_<pk>` → the teacher's pk
    ("" when none)."""
    return {
        f"learner_{learner.pk}": str(referent.teacher_id) if referent else ""
        for learner, referent in referents_of_cohort(cohort)
    }


def teachers_of_centre(training_centre: TrainingCentre) -> QuerySet[Any]:
    """The active teachers of a centre, by name: who may be named referent."""
    return (
        get_user_model()
        .objects.filter(
            memberships__training_centre=training_centre,
            memberships__role=Role.TEACHER,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def wants_digest(user: Any) -> bool:
    preference = DigestPreference.objects.filter(user=user).first()
    return preference is None or preference.weekly_digest


# Erasure of a person (learners.personal_data.erase_person): the follow-up stays as facts (a
# visit held on a date, a period of the logbook validated: the centre proves its follow-up);
# what was written about the person, by them or by others, goes.
@erases(LogbookPeriod)
def _period_texts(period: LogbookPeriod) -> dict[str, Any]:
    return {"appreciation": "", "teacher_comment": ""}


@erases(LogbookEntry)
def _entry_texts(entry: LogbookEntry) -> dict[str, Any]:
    return {"title": REDACTED, "description": ""}


@erases(Visit)
def _visit_texts(visit: Visit) -> dict[str, Any]:
    return {"report": {}, "master_remarks": ""}


@erases(TripartiteMeeting)
def _meeting_texts(meeting: TripartiteMeeting) -> dict[str, Any]:
    return {"summary": "", "master_appreciation": ""}


# The digest preference of the person's login says only what they chose.
erasure_deletes(DigestPreference)
