"""Reads of cohorts and learners, filtered by what the user may see (see `core.permissions`).

What each role reaches, and which sections of a learner's record it may read:

- training manager of the centre: every learner of the centre; every section, and writes;
- exam office of the centre: every learner of the centre; every section, read-only;
- teacher assigned to the cohort: its learners; identity, contact, guardian, accommodation,
  grades (not the identifiers, not the history);
- the learner: their own record (their login linked to it, while it holds the learner role),
  every section, read-only, and the export of their data;
- apprenticeship master / internship tutor: the learners they supervise, while it runs (and
  while their login holds the master's or tutor's role);
  identity, contact and guardian only (the company side);
- administrator: everything.
"""

import operator
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Concat
from django.http import Http404

from ndrc.companies.models import CompanyContact, Supervision
from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    kept,
    read_once,
    refuse_unless_allowed,
    roles_of,
    rule,
    today,
    within_reach,
)
from ndrc.core.text import Folded, fold
from ndrc.learners.models import (
    CategoryPeriod,
    Cohort,
    Learner,
    TeacherAssignment,
    candidate_category_choices,
    categories_prefetch,
    category_in_force,
)

ALL_ACTIONS = frozenset(Action)
READ_ALL = frozenset(
    {
        Action.VIEW,
        Action.VIEW_HISTORY,
        Action.VIEW_IDENTIFIERS,
        Action.VIEW_GUARDIAN,
        Action.VIEW_ACCOMMODATION,
        Action.VIEW_GRADES,
    }
)
# Why each role sees what it sees is written in docs/records.md.
LEARNER_ACTIONS: dict[str, frozenset[Action]] = {
    "manager": ALL_ACTIONS,
    "exam_office": READ_ALL,
    "teacher": frozenset(
        {Action.VIEW, Action.VIEW_GUARDIAN, Action.VIEW_ACCOMMODATION, Action.VIEW_GRADES}
    ),
    "self": READ_ALL | {Action.EXPORT_PERSONAL_DATA},
    "supervisor": frozenset({Action.VIEW, Action.VIEW_GUARDIAN}),
}


def _supervised(user: Any, on: date) -> Q:
    if not holds_supervisor_role(user):
        return NO_BRANCH
    running = Supervision.objects.filter(
        learner=OuterRef("pk"), contact__user=user, start__lte=on
    ).filter(Q(end__isnull=True) | Q(end__gte=on))
    return Q(Exists(running))


# A branch of a reach that cannot match for the user (`taught_by`, `own_record`): `reach_of`
# leaves it out.
NO_BRANCH = Q(pk__in=())


def reach_of(*branches: Q) -> Q:
    """The records matching any of `branches`, those that cannot match (`NO_BRANCH`) left out:
    neither built into the query nor compiled (a tenth of a millisecond each); `NO_BRANCH` when
    none can."""
    found = [branch for branch in branches if branch is not NO_BRANCH]
    return reduce(operator.or_, found) if found else NO_BRANCH


def of_centres(centres: set[int], path: str) -> Q:
    """The records of `centres` (the centre's id at `path`), their staff's branch of a reach:
    `NO_BRANCH` for staff of no centre (a teacher, a master, a learner), nothing to compile."""
    return Q(**{f"{path}__in": centres}) if centres else NO_BRANCH


_UNREAD = object()


def holds_learner_role(user: Any) -> bool:
    """Whether `user` reaches a learner record as its own: while their login holds the learner
    role. Taken back (`accounts.services.take_back_role`), the record stays linked to the login
    (the role given back, it is theirs again) but is no longer reached through it; a login
    without the role (a teacher, a master) has no own record to read."""
    return Role.LEARNER in roles_of(user)


SUPERVISOR_ROLES = frozenset({Role.APPRENTICESHIP_MASTER, Role.INTERNSHIP_TUTOR})


def holds_supervisor_role(user: Any) -> bool:
    """Whether `user` reaches learners and their records as a company's master or tutor (their
    login linked to a company contact, named by supervisions and contracts): while it holds one
    of these roles. Taken back, the contact stays linked but nothing is reached through it."""
    return bool(roles_of(user) & SUPERVISOR_ROLES)


def is_own_record(user: Any, learner: Learner) -> bool:
    """Whether `learner` is `user`'s own record, reached as such (`holds_learner_role`)."""
    return learner.user_id is not None and learner.user_id == user.pk and holds_learner_role(user)


def own_record(user: Any, path: str = "user") -> Q:
    """The records whose learner (at `path`, the learner's user) is `user`'s own, as a Q: none
    when `own_learner`, read earlier in the request, found `user` holds no record (an erased
    record is unlinked from its login: `personal_data.erase_person`), with no branch to ask;
    the record's own key when it found it (a login is linked to one learner), with no join to
    the learners to ask it."""
    if not holds_learner_role(user):
        return NO_BRANCH
    own = kept(user, "own_learner", _UNREAD)
    if own is None:
        return NO_BRANCH
    if own is not _UNREAD:
        return Q(**{path.removesuffix("user").removesuffix("__") or "pk": own.pk})
    return Q(**{path: user})


@dataclass(frozen=True)
class Taught:
    """A teacher's assignments (`assignments_taught`): each cohort they are assigned to, with
    the subject of the assignment ("": the whole class). Read once by a page that asks several
    reaches of the teacher, for `taught_by` to match the records' cohorts against them."""

    assignments: tuple[tuple[int, str], ...]  # (cohort id, subject)

    def cohorts(self, subjects: Collection[str] | None = None) -> list[int]:
        """The cohorts of the assignments for one of `subjects` (any when None), in order."""
        return sorted(
            {c for c, subject in self.assignments if subjects is None or subject in subjects}
        )


def _may_be_assigned(user: Any) -> bool:
    """Assigned only while a teacher of the cohort's centre, or an administrator
    (`services.assign_teacher`; `accounts.services.take_back_role` ends them): who teaches in
    no centre has no assignment to ask (their roles are read once for the request)."""
    return bool(centres_where(user, Role.TEACHER)) or is_administrator(user)


def assignments_taught(user: Any) -> Taught:
    """`user`'s assignments, read (none asked of who may not be assigned): what `taught_by`
    matches the records' cohorts against when a page gives them."""
    if not _may_be_assigned(user):
        return Taught(())
    rows = TeacherAssignment.objects.filter(teacher=user).order_by()
    return Taught(tuple(rows.values_list("cohort_id", "subject")))


def taught_by(
    user: Any,
    cohort: str = "cohort",
    *conditions: Q,
    subjects: Collection[str] | None = None,
    taught: Taught | None = None,
) -> Q:
    """The records whose cohort (the path `cohort` from them) `user` is assigned to (by an
    assignment for one of `subjects`, any when None, and matching the `conditions`), as an
    EXISTS: no join to the cohort's many assignments, so each record comes once (no DISTINCT).
    Given `taught` (`user`'s assignments, read by the page: `assignments_taught`) and no
    `conditions`, the cohorts of those assignments: no subquery to build nor compile."""
    if taught is not None and not conditions:
        found = taught.cohorts(subjects)
        return Q(**{f"{cohort}__in": found}) if found else NO_BRANCH
    if kept(user, "assigned_to_none"):  # known (`read_cohorts_with_counts`): nothing to ask
        return NO_BRANCH
    if not _may_be_assigned(user):
        return NO_BRANCH
    lookups = {} if subjects is None else {"subject__in": subjects}
    assignments = TeacherAssignment.objects.filter(
        *conditions, cohort=OuterRef(cohort), teacher=user, **lookups
    )
    return Q(Exists(assignments))


def _centre_relationships(user: Any, learner: Learner) -> set[str]:
    """ "manager" or "exam_office" of the learner's centre (the user's roles: no query)."""
    centre_id = learner.cohort.training_centre_id
    found: set[str] = set()
    if centre_id in centres_where(user, Role.TRAINING_MANAGER):
        found.add("manager")
    if centre_id in centres_where(user, Role.EXAM_OFFICE):
        found.add("exam_office")
    return found


def _teaches(user: Any, learner: Learner) -> bool:
    """Whether `user` is assigned to the learner's cohort (a query, not asked of who may not be
    assigned: a master, a tutor)."""
    if not _may_be_assigned(user):
        return False
    return TeacherAssignment.objects.filter(teacher=user, cohort_id=learner.cohort_id).exists()


def staff_relationships(user: Any, learner: Learner) -> set[str]:
    """How `user` works on a learner as staff: "manager" or "exam_office" of the learner's
    centre, "teacher" assigned to the learner's cohort (any of them, or none)."""
    found = _centre_relationships(user, learner)
    if _teaches(user, learner):
        found.add("teacher")
    return found


def is_staff_of(user: Any, learner: Learner) -> bool:
    """Whether `user` works on the learner as staff (`staff_relationships`, any of them): known
    without a query for the staff of the learner's centre."""
    return bool(_centre_relationships(user, learner)) or _teaches(user, learner)


def _relationships(user: Any, learner: Learner, on: date) -> set[str]:
    """The relationships of `user` to `learner` that say what they may do on the record. Those
    read in a query (a teacher's, a supervisor's) are asked only when they could add to what the
    others grant: not for a manager of the learner's centre (granted every action), its exam
    office or the learner themselves (granted every reading a teacher or a supervisor has)."""
    found = _centre_relationships(user, learner)
    if is_own_record(user, learner):
        found.add("self")
    granted = _actions_of(found)
    if not LEARNER_ACTIONS["teacher"] <= granted and _teaches(user, learner):
        found.add("teacher")
        granted = _actions_of(found)
    if not LEARNER_ACTIONS["supervisor"] <= granted and (
        Learner.objects.filter(pk=learner.pk).filter(_supervised(user, on)).exists()
    ):
        found.add("supervisor")
    return found


def _actions_of(relationships: set[str]) -> frozenset[Action]:
    return frozenset().union(*(LEARNER_ACTIONS[r] for r in relationships))


def learner_access(
    user: Any, action: Action, learner: Learner, *, on: date | None = None
) -> Access:
    relationships = _relationships(user, learner, on or today())
    if not relationships:
        return Access.HIDDEN
    return Access.ALLOWED if action in _actions_of(relationships) else Access.DENIED


def _allowed(user: Any, learner: Learner, on: date) -> frozenset[Action] | None:
    """What `user` may do on `learner` on `on`; None when the learner is out of their reach."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if is_administrator(user):
        return ALL_ACTIONS
    relationships = _relationships(user, learner, on)
    return _actions_of(relationships) if relationships else None


def learner_permissions(user: Any, learner: Learner, *, on: date | None = None) -> dict[str, bool]:
    """`can(user, action, learner)` for every action, keyed by its value, the relationships
    read once instead of once per action."""
    allowed = _allowed(user, learner, on or today()) or frozenset()
    return {action.value: action in allowed for action in Action}


@rule(Learner)
def _learner_rule(user: Any, action: Action, learner: Learner) -> Access:
    return learner_access(user, action, learner)


def _learners() -> QuerySet[Learner]:
    """Every learner with their cohort and centre, erased people excluded."""
    return Learner.objects.select_related("cohort", "cohort__training_centre").filter(
        erased_on__isnull=True
    )


def visible_learners(user: Any, *, on: date | None = None) -> QuerySet[Learner]:
    """The learners `user` can reach on a date (today by default), erased people excluded."""
    base = _learners()
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    on = on or today()
    return base.filter(
        reach_of(
            of_centres(staff_centres(user), "cohort__training_centre_id"),
            taught_by(user),
            own_record(user),
            _supervised(user, on),
        )
    )


def reached_among(user: Any, centre_of: dict[int, int]) -> set[int]:
    """Those of the learners `centre_of` names (learner id → their centre's id; not erased, as
    the learners of every record a user sees) whom `user` reaches (`visible_learners`): those of
    the centres where they are staff without a query, the others asked in one."""
    staff = staff_centres(user) if user.is_authenticated and user.is_active else set()
    reached = {pk for pk, centre in centre_of.items() if centre in staff}
    if rest := centre_of.keys() - reached:
        reached |= set(visible_learners(user).filter(pk__in=rest).values_list("pk", flat=True))
    return reached


def reaches_every_record_of(user: Any, learner: Learner) -> bool:
    """Whether `user` reaches every record about `learner` (read within their reach, with its
    cohort), known without a query: as staff of the learner's centre (`staff_centres`), or as
    the learner themselves (`own_record`), the branches of the records' reaches that hold for
    all of a learner's records at once. The records' reaches then ask them nothing more."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_own_record(user, learner) or learner.cohort.training_centre_id in staff_centres(user)


def own_learner(user: Any) -> Learner | None:
    """`user`'s own learner record (None: not a learner, or erased), with its cohort and its
    categories loaded: read once per user object (a request's, as its roles are), however many
    of the dashboard's panels ask for it. Joined to it, what those panels read of its cohort
    and centre, one row each at most: the cohort's training calendar (the hours' totals:
    `timetable.selectors.calendar_context_of`) and the centre's follow-up settings (the logbook's
    delays: `followup.selectors.settings_of`), instead of a query each."""
    if not holds_learner_role(user):
        return None  # none reached as their own: nothing to read
    # One record at most (a login is linked to one learner): no ordering to compile, as
    # `first()` would add the model's.
    return read_once(
        user,
        "own_learner",
        lambda: next(
            iter(
                Learner.objects.filter(user=user, erased_on__isnull=True)
                .select_related(
                    "cohort__training_calendar", "cohort__training_centre__followup_settings"
                )
                .prefetch_related(categories_prefetch())
                .order_by()[:1]
            ),
            None,
        ),
    )


def own_record_key(user: Any) -> int | None:
    """The key of `user`'s own learner record (None: not a learner), its key alone read (an
    erased record is unlinked from its login: `personal_data.erase_person`)."""
    if not holds_learner_role(user):
        return None
    return next(iter(Learner.objects.filter(user=user).values_list("pk", flat=True)), None)


def keep_own_learner(user: Any, learners: Iterable[Learner]) -> None:
    """Keep, as `own_learner(user)` for the rest of the request, the record among `learners`
    (read with their cohort, its centre and their categories, as `own_learner` reads it) that
    is `user`'s (None: none of them; nothing when read in part, `shown_rows`: their record is
    left to the query). `learners` must hold every learner within `user`'s reach
    (`visible_learners`, read before `own_learner`: their own record among them); none for a
    deactivated account, whose record is left to the query."""
    if not user.is_authenticated or not user.is_active or not holds_learner_role(user):
        return  # no record of their own to keep (`own_learner` reads none)
    own = next((learner for learner in learners if learner.user_id == user.pk), None)
    if own is not None and own.get_deferred_fields():
        return  # read in part (the columns of a page's rows): left to `own_learner`'s query
    read_once(user, "own_learner", lambda: own)


def get_learner_for(
    user: Any, pk: int, action: Action | str = Action.VIEW, *, on: date | None = None
) -> Learner:
    """The learner `pk` if `user` may do `action` on it: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, visible_learners(user, on=on), pk, action, not_found="Apprenant introuvable."
    )


def get_learner_with_permissions(
    user: Any, pk: int, action: Action | str = Action.VIEW, *, on: date | None = None
) -> tuple[Learner, dict[str, bool]]:
    """`get_learner_for`, and `learner_permissions` of the learner found: the relationships
    (queries) read once for both, and once only: a learner is within reach of whoever has a
    relationship to them (`visible_learners` asks the same in SQL), so the record is read by
    its id and the relationships answer both questions."""
    on = on or today()
    # One row at most: no ordering to compile (`first()` would add the model's). Its cohort
    # alone joined, not the centre: the learner's pages show the cohort, their rules ask the
    # centre's key alone.
    found = _learners().select_related(None).select_related("cohort").filter(pk=pk).order_by()[:1]
    allowed = _allowed(user, found[0], on) if found else None
    if allowed is None:
        raise Http404("Apprenant introuvable.")
    learner = found[0]
    if Action(action) not in allowed:
        refuse_unless_allowed(Access.DENIED)
    return learner, {each.value: each in allowed for each in Action}


def visible_cohorts(user: Any, *, taught: Taught | None = None) -> QuerySet[Cohort]:
    """Cohorts whose list of learners the user may see: staff of the centre, assigned teachers
    (`taught`: `user`'s assignments, when the page read them: `taught_by`).

    A learner or a tutor sees no cohort list: that would show them other learners.
    """
    base = Cohort.objects.select_related("training_centre")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    reach = reach_of(
        of_centres(staff_centres(user), "training_centre_id"), taught_by(user, "pk", taught=taught)
    )
    # None within reach (a master, a tutor, a learner): known empty, no query to compile.
    return base.none() if reach is NO_BRANCH else base.filter(reach)


def staff_centres(user: Any) -> set[int]:
    """The centres whose every cohort and every learner `user` sees as its staff
    (`visible_cohorts`, `visible_learners`): a training manager's, the exam office's."""
    return centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)


def manages_cohort(user: Any, cohort: Cohort) -> bool:
    """Whether `user` runs `cohort` (an administrator, or a training manager of its centre)."""
    return is_administrator(user) or cohort.training_centre_id in centres_where(
        user, Role.TRAINING_MANAGER
    )


def may_see_cohort_attendance(user: Any, cohort: Cohort) -> bool:
    """Who may see the cohort's attendance (its month grid, its documents): who runs it, its
    centre's exam office, the teachers assigned to it. Here, beside `manages_cohort`, because
    the attendance pages check it and the timetable, which attendance builds on, links the grid
    by it."""
    if manages_cohort(user, cohort):
        return True
    if cohort.training_centre_id in centres_where(user, Role.EXAM_OFFICE):
        return True
    return cohort.teacher_assignments.filter(teacher=user).exists()


@rule(Cohort)
def _cohort_rule(user: Any, action: Action, cohort: Cohort) -> Access:
    # A cohort of a centre where `user` is staff is among `visible_cohorts` without a query.
    staff = cohort.training_centre_id in staff_centres(user)
    if not staff and not within_reach(user, cohort, visible_cohorts):
        return Access.HIDDEN
    if manages_cohort(user, cohort):  # who may change a cohort they see
        return Access.ALLOWED
    return Access.ALLOWED if action in (Action.VIEW, Action.VIEW_HISTORY) else Access.DENIED


def get_cohort_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Cohort:
    """The cohort `pk` if `user` may do `action` on it: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, visible_cohorts(user), pk, action, not_found="Promotion introuvable."
    )


def assignable_teachers(cohort: Cohort) -> QuerySet[Any]:
    """The active users holding the teacher role in the cohort's centre, by name."""
    return (
        get_user_model()
        .objects.filter(
            memberships__training_centre=cohort.training_centre,
            memberships__role=Role.TEACHER,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def assignments_of(cohort: Cohort) -> QuerySet[TeacherAssignment]:
    """The teachers' assignments to a cohort (the caller checked the cohort is visible)."""
    return TeacherAssignment.objects.filter(cohort=cohort).select_related("teacher")


def learners_of_cohort(user: Any, cohort: Cohort) -> QuerySet[Learner]:
    """The learners of a cohort the user can see (their category history is the caller's to
    load, where it reads it: `categories_prefetch()`)."""
    return learners_of_cohorts(user, [cohort])


def learners_of_cohorts(
    user: Any, cohorts: Iterable[Cohort], *, on: date | None = None
) -> QuerySet[Learner]:
    """The learners of `cohorts` the user can see on `on` (`visible_learners`): every one (not
    erased) where each cohort is of a centre where they are staff, with no reach to build."""
    cohorts = list(cohorts)
    active = user.is_authenticated and user.is_active
    if active and all(c.training_centre_id in staff_centres(user) for c in cohorts):
        return _learners().filter(cohort__in=cohorts)
    return visible_learners(user, on=on).filter(cohort__in=cohorts)


# --- Rows of the learner lists: status on a date, company and tutor ---------------------------


@dataclass(frozen=True)
class LearnerRow:
    """A learner as the lists show them: status on a date, company and tutor."""

    learner: Learner
    category: str
    category_label: str
    # Those running (`Supervision` instances, or a page's lines of them: `read_rows`).
    supervisions: tuple[Any, ...]

    @property
    def companies(self) -> str:
        return ", ".join(dict.fromkeys(s.contact.company.name for s in self.supervisions))

    @property
    def supervisors(self) -> str:
        return ", ".join(s.contact.full_name for s in self.supervisions)


def with_categories(learners: Iterable[Learner]) -> list[Learner]:
    """`learners` with their cohort and their candidate-category periods loaded: as given when
    the caller loaded their cohort already (no second copy of the same rows; their periods read
    in one query when not loaded yet), else in two queries."""
    given = list(learners)
    if all(Learner.cohort.is_cached(learner) for learner in given):
        missing = [learner for learner in given if not hasattr(learner, "loaded_categories")]
        prefetch_related_objects(missing, categories_prefetch())
        return given
    return list(
        Learner.objects.filter(pk__in=[learner.pk for learner in given])
        .select_related("cohort")
        .prefetch_related(categories_prefetch())
    )


_SUPERVISION_SHOWN = (
    "learner",
    "role",
    "start",
    "end",
    "contact__user",
    "contact__first_name",
    "contact__last_name",
    "contact__company__name",
)


# What a row of a learners' page shows of a learner (`learner_table_rows`): their name, their
# cohort's name, and its framework that names their status. The exports show more (their
# contact details): the pages alone read these columns, without the cohort's centre.
_ROW_SHOWN = ("first_name", "last_name", "cohort__name", "cohort__framework")


def shown_rows(learners: QuerySet[Learner], *also: str) -> QuerySet[Learner]:
    """`learners` read for the rows of a page (`learner_rows`): the columns a row shows, and
    `also` those the page asks of the same learners elsewhere (e.g. "cohort__first_year_start")."""
    return learners.select_related(None).select_related("cohort").only(*_ROW_SHOWN, *also)


def learner_rows(learners: QuerySet[Learner], *, on: date) -> list[LearnerRow]:
    """Rows of learners with their category and the supervisions running on `on`."""
    learners = with_row_records(learners)
    return _rows(learners, Learner.categories, operator.attrgetter("loaded_supervisions"), on)


def with_row_records(learners: QuerySet[Learner]) -> QuerySet[Learner]:
    """`learners` with what their rows read of each (`learner_rows`): their category periods and
    their supervisions, each read in one query for all."""
    return learners.prefetch_related(
        categories_prefetch(),
        Prefetch(
            "supervisions",
            # What a row shows of them (the company's name, the person's name) and who holds
            # them (`companies.selectors.keep_running_supervisions`): not their contact details.
            queryset=Supervision.objects.select_related("contact", "contact__company").only(
                *_SUPERVISION_SHOWN
            ),
            # A list: `learner.supervisions.all()` would build a queryset for each row.
            to_attr="loaded_supervisions",
        ),
    )


class _PeriodLine(NamedTuple):
    """A category period as a page's rows read it (`read_rows`): not a model instance."""

    candidate_category: str
    start: date
    end: date | None


class _CompanyName(NamedTuple):
    name: str


class _ContactLine(NamedTuple):
    """What a row shows of a supervision's person: their name, their company linked."""

    first_name: str
    last_name: str
    company_id: int
    company: _CompanyName
    full_name = CompanyContact.full_name


class _SupervisionLine(NamedTuple):
    """A supervision as a page's rows read it (`read_rows`), with the paths of the model's
    that a row reads (`contact.company.name`…)."""

    start: date
    end: date | None
    contact: _ContactLine
    covers = Supervision.covers


# What a page's rows read of a supervision (`_SupervisionLine`): its dates, its person's name
# and company.
_SUPERVISION_COLUMNS = (
    "start", "end", "contact__first_name", "contact__last_name", "contact__company_id",
    "contact__company__name",
)  # fmt: skip


def read_rows(learners: Iterable[Learner], *, on: date) -> list[LearnerRow]:
    """`learner_rows` of `learners` (a page of them, read by `shown_rows`), their category
    periods and supervisions read as values, in one query each: no model instance built for
    each (three for a supervision), nor Django's prefetch, about 2 ms less for 50 rows."""
    learners = list(learners)
    keys = [learner.pk for learner in learners]
    periods: dict[int, list[_PeriodLine]] = defaultdict(list)
    for learner_id, *period in CategoryPeriod.objects.filter(learner_id__in=keys).values_list(
        "learner_id", *_PeriodLine._fields
    ):
        periods[learner_id].append(_PeriodLine(*period))
    supervisions: dict[int, list[_SupervisionLine]] = defaultdict(list)
    for learner_id, start, end, first, last, company_id, company in Supervision.objects.filter(
        learner_id__in=keys
    ).values_list("learner_id", *_SUPERVISION_COLUMNS):
        contact = _ContactLine(first, last, company_id, _CompanyName(company))
        supervisions[learner_id].append(_SupervisionLine(start, end, contact))
    return _rows(
        learners,
        lambda learner: periods.get(learner.pk, ()),
        lambda learner: supervisions.get(learner.pk, ()),
        on,
    )


def _rows(
    learners: Iterable[Learner],
    periods_of: Callable[[Learner], Iterable[Any]],
    supervisions_of: Callable[[Learner], Iterable[Any]],
    on: date,
) -> list[LearnerRow]:
    """The rows of `learners`, given how to find each one's category periods (by start) and
    supervisions (the model's order)."""
    labels: dict[str, dict[str, str]] = {}
    rows = []
    for learner in learners:
        framework = learner.cohort.framework
        if framework not in labels:
            labels[framework] = dict(candidate_category_choices(framework))
        category = category_in_force(periods_of(learner), on) or ""
        running = tuple(s for s in supervisions_of(learner) if s.covers(on))
        rows.append(LearnerRow(learner, category, labels[framework].get(category, ""), running))
    return rows


# The columns of the learner list exports (CSV, XLSX): what the list pages show, nothing more.
LEARNER_LIST_COLUMNS = (
    ("learner.last_name", "Nom"),
    ("learner.first_name", "Prénom"),
    ("learner.cohort.name", "Promotion"),
    ("category_label", "Statut"),
    ("companies", "Entreprise"),
    ("supervisors", "Maître d'apprentissage / tuteur"),
    ("learner.email", "Courriel"),
    ("learner.phone", "Téléphone"),
)


def cohorts_with_counts(user: Any, *, taught: Taught | None = None) -> QuerySet[Cohort]:
    cohorts = visible_cohorts(user, taught=taught)
    if cohorts.query.is_empty():  # none within reach: no count to build
        return cohorts
    return cohorts.annotate(
        learner_count=Count("learners", filter=Q(learners__erased_on__isnull=True), distinct=True)
    )


def read_cohorts_with_counts(user: Any, *, taught: Taught | None = None) -> tuple[Cohort, ...]:
    """`cohorts_with_counts(user, taught=taught)`, read. None found: `user` is assigned to no
    cohort (those they teach are among those they see), which `taught_by` then knows for the
    rest of the request (a user object's, as `read_once` keeps), with no subquery to ask it. A
    deactivated account sees none whatever its assignments: nothing is told then."""
    # A cohort's line names it, its session and its learners; the pages reading these cohorts
    # ask of their centre its id alone: the centre is not joined.
    found = cohorts_with_counts(user, taught=taught).select_related(None)
    cohorts = () if found.query.is_empty() else tuple(found)
    if not cohorts and user.is_authenticated and user.is_active:
        read_once(user, "assigned_to_none", lambda: True)
    # Their learners counted: what `learner_counts` answers for them for the rest of the request.
    read_once(user, "learner_counts", lambda: {c.pk: c.learner_count for c in cohorts})
    return cohorts


def learner_counts(user: Any, cohort_ids: Iterable[int]) -> dict[int, int]:
    """Cohort id → how many learners (not erased) it holds, for `cohort_ids`: as the read of
    `user`'s cohorts counted them (`read_cohorts_with_counts`, earlier in the request), the
    others in one query (none when all were counted). A cohort without learners may be left out."""
    known: dict[int, int] = kept(user, "learner_counts", {})
    wanted = set(cohort_ids)
    missing = wanted - known.keys()
    counts = {pk: known[pk] for pk in wanted - missing}
    if missing:
        counts |= dict(
            Learner.objects.filter(cohort_id__in=missing, erased_on__isnull=True)
            .values_list("cohort_id")
            .annotate(count=Count("pk"))
        )
    return counts


def search_learners(user: Any, query: str, *, on: date, limit: int) -> list[LearnerRow]:
    """The rows of the learners `user` can reach whose name holds every word of `query`,
    accents and capitals aside ("theo dupre" finds Théo Dupré: `core.text`).

    By name only: searching by INE would tell a reader who may not see identifiers whom an INE
    belongs to.
    """
    learners = visible_learners(user, on=on).alias(
        folded_name=Folded(Concat("first_name", Value(" "), "last_name"))
    )
    for word in query.split():
        learners = learners.filter(folded_name__contains=fold(word))
    return read_rows(shown_rows(learners)[:limit], on=on)
