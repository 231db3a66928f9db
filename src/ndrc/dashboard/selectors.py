"""Reads of the pages that gather many apps: each role's dashboard, and the search.

Everything starts from the selectors of the apps (`visible_learners`, `visible_cohorts`,
`visible_companies`), so a page never shows a record its reader may not reach.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from ndrc.assessments.models import AssessmentSituation, Status
from ndrc.assessments.selectors import (
    ToPlan,
    own_situations,
    sitting_in,
    situations_to_grade,
    situations_to_plan,
    visible_situations,
)
from ndrc.companies.models import Company
from ndrc.companies.selectors import keep_running_supervisions, visible_companies
from ndrc.contracts.models import Contract, InternshipAgreement
from ndrc.contracts.selectors import (
    InternshipTotals,
    apprentices_without_contract,
    contracts_ending,
    contracts_terminated_in_month,
    internship_progress_lacking,
    visible_agreements,
    visible_contracts,
)
from ndrc.core.models import Role
from ndrc.core.permissions import centres_where, is_administrator, roles_of
from ndrc.core.ui.views import first_lines
from ndrc.dashboard.panels import ShownPanel, panels_for
from ndrc.exams.selectors import own_results_published
from ndrc.followup.selectors import keep_named_master, mastered_contracts
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.selectors import (
    LearnerRow,
    Taught,
    assignments_taught,
    cohorts_with_counts,
    keep_own_learner,
    learner_rows,
    manages_cohort,
    own_learner,
    read_cohorts_with_counts,
    shown_rows,
    visible_learners,
)
from ndrc.portfolio.models import ActivitySheet, DossierExam, SheetStatus
from ndrc.portfolio.selectors import (
    AT_RISK,
    ON_TRACK,
    PENALTY_RISK,
    UNCHECKED,
    CheckLines,
    DossierCheck,
    DossierNeeds,
    cohorts_dossiers,
    learner_dossier_needs,
    own_sheets,
    sheet_lines,
    sheets_to_attest,
    sheets_to_review,
)

# --- Dashboard: what needs each person's attention, with a link to act on it ----------------

# How far ahead the dashboard looks: a choice of the page, not a delay fixed by a text.
CCF_HORIZON_DAYS = 30
CONTRACT_HORIZON_DAYS = 60


@dataclass(frozen=True)
class ExamConformity:
    """The dossier checks of one exam (E4 or E6) for a cohort, on the dashboard's date: counted
    once in the background (`portfolio.selectors.cohorts_dossiers`), each line read when shown."""

    exam: str
    deadline: date | None
    on: date
    checks: CheckLines  # every learner's, those at risk first
    computed_at: datetime | None = None  # when counted (None: at this view)

    def _with(self, risk: str) -> CheckLines:
        return self.checks.with_risk(risk)

    @property
    def at_risk(self) -> Sequence[DossierCheck]:
        return self._with(AT_RISK)

    @property
    def penalised(self) -> Sequence[DossierCheck]:
        return self._with(PENALTY_RISK)

    @property
    def on_track(self) -> Sequence[DossierCheck]:
        return self._with(ON_TRACK)

    @property
    def unchecked(self) -> Sequence[DossierCheck]:
        return self._with(UNCHECKED)

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.on).days


@dataclass(frozen=True)
class CohortLine:
    """One cohort in the training manager's table: its learners and its dossiers at risk."""

    cohort: Cohort
    conformity: tuple[ExamConformity, ...]


class ManagerWatch:
    """What needs a training manager's attention across the cohorts they manage, each list the
    whole of it (the page shows its count first, then its first lines). Each list is read when
    first asked, in one query for all the cohorts: a list's own page (`views.manager_list`) reads
    that one alone."""

    def __init__(
        self,
        user: Any,
        cohorts: tuple[Cohort, ...],
        conformity: dict[int, tuple[ExamConformity, ...]],
        *,
        on: date,
    ) -> None:
        self.on = on
        self.cohorts = tuple(CohortLine(cohort, conformity[cohort.pk]) for cohort in cohorts)
        every = [exam for cohort in cohorts for exam in conformity[cohort.pk]]
        self.at_risk: Sequence[DossierCheck] = _joined([exam.at_risk for exam in every])
        self.penalised: Sequence[DossierCheck] = _joined([exam.penalised for exam in every])
        self._user, self._cohorts = user, cohorts
        self._in_cohorts = {"learner__cohort__in": cohorts}
        # The lists' queries, each run when its list is first read.
        self._contracts = (
            visible_contracts(user)
            .select_related(None)
            .select_related("learner", "employer")
            .only(*_MANAGER_CONTRACT_LINE)
            .filter(**self._in_cohorts)
            .order_by("end", "pk")
        )
        self._situations = (
            _with_learner(visible_situations(user))
            .only(*_SITUATION_LINE)
            .filter(**self._in_cohorts)
            .order_by("date", "pk")
        )
        self._learners = (
            visible_learners(user, on=on)
            .filter(cohort__in=cohorts)
            .select_related(None)
            .select_related("cohort")
            .only(*_MANAGER_LEARNER_LINE)
        )

    @cached_property
    def without_contract(self) -> tuple[Learner, ...]:
        return tuple(apprentices_without_contract(self._learners, on=self.on))

    @cached_property
    def contracts_ending(self) -> tuple[Contract, ...]:
        horizon = self.on + timedelta(days=CONTRACT_HORIZON_DAYS)
        return tuple(contracts_ending(self._contracts, start=self.on, end=horizon))

    @cached_property
    def contracts_terminated(self) -> tuple[Contract, ...]:
        return tuple(contracts_terminated_in_month(self._contracts, on=self.on))

    @cached_property
    def agreements_without_certificate(self) -> tuple[InternshipAgreement, ...]:
        return tuple(
            visible_agreements(self._user)
            .select_related(None)
            .select_related("learner", "host")
            .only(*_MANAGER_AGREEMENT_LINE)
            .filter(end__lt=self.on, certificate__isnull=True, **self._in_cohorts)
            .order_by("end", "pk")
        )

    @cached_property
    def to_plan(self) -> tuple[ToPlan, ...]:
        return tuple(situations_to_plan(self._learners, on=self.on, cohorts=self._cohorts))

    @cached_property
    def situations_soon(self) -> tuple[AssessmentSituation, ...]:
        horizon = self.on + timedelta(days=CCF_HORIZON_DAYS)
        return tuple(self._situations.filter(date__gte=self.on, date__lte=horizon))

    @cached_property
    def grades_to_confirm(self) -> tuple[AssessmentSituation, ...]:
        return tuple(self._situations.filter(status=Status.GRADE_PROPOSED))

    @property
    def dossiers(self) -> Sequence[DossierCheck]:
        """The dossiers at risk of NV, then those penalised."""
        return self.at_risk + self.penalised  # type: ignore[operator]

    @property
    def dossiers_counted_at(self) -> datetime | None:
        """When the dossiers were counted: the oldest of the cohorts' stored counts (None: every
        count was made at this view)."""
        return min(
            (e.computed_at for line in self.cohorts for e in line.conformity if e.computed_at),
            default=None,
        )

    @property
    def contracts_count(self) -> int:
        return len(self.contracts_ending) + len(self.contracts_terminated)


@dataclass(frozen=True)
class CohortSummary:
    """The exam office's cohort: the dossiers' conformity and the confirmed CCF grades."""

    cohort: Cohort
    conformity: tuple[ExamConformity, ...]
    confirmed_grades: tuple[AssessmentSituation, ...]


@dataclass(frozen=True)
class TeacherTasks:
    # The sheets to review: how many, and the first lines (the whole list has its own page).
    to_review_count: int
    to_review: tuple[ActivitySheet, ...]
    sitting_soon: tuple[AssessmentSituation, ...]
    # The situations to grade (`situations_to_grade`): how many, and the first lines.
    to_grade_count: int
    to_grade: tuple[AssessmentSituation, ...]


@dataclass(frozen=True)
class LearnerTasks:
    learner: Learner
    returned: tuple[ActivitySheet, ...]
    needs: tuple[DossierNeeds, ...]
    practice: InternshipTotals | None  # None: the category lacks no internship weeks
    next_situations: tuple[AssessmentSituation, ...]
    results: tuple[AssessmentSituation, ...]

    @property
    def needs_count(self) -> int:
        """What the dossiers lack: each exam's, and the internship's weeks."""
        return len(self.needs) + (1 if self.practice and self.practice.invalid_risk else 0)


@dataclass(frozen=True)
class SupervisorTasks:
    to_attest: tuple[ActivitySheet, ...]  # the first ones; the whole list: the portfolio's page
    to_attest_count: int
    contracts: tuple[Contract, ...]
    agreements: tuple[InternshipAgreement, ...]
    sitting: tuple[AssessmentSituation, ...]

    @property
    def running_count(self) -> int:
        return len(self.contracts) + len(self.agreements)


@dataclass(frozen=True)
class Dashboard:
    roles: tuple[str, ...]
    on: date | None = None
    cohorts: tuple[Cohort, ...] = ()
    # Learners reached without a cohort list: a learner's own record, a tutor's apprentices.
    learner_rows: tuple[LearnerRow, ...] = ()
    companies: tuple[Company, ...] = field(default=())
    own_record: Learner | None = None
    manager: ManagerWatch | None = None
    exam_office: tuple[CohortSummary, ...] = ()
    teacher: TeacherTasks | None = None
    learner: LearnerTasks | None = None
    supervisor: SupervisorTasks | None = None
    # The domain apps' own panels (`dashboard.panels.PANELS`).
    panels: tuple[ShownPanel, ...] = ()

    @property
    def ccf_days(self) -> int:
        return CCF_HORIZON_DAYS

    @property
    def contract_days(self) -> int:
        return CONTRACT_HORIZON_DAYS


def dashboard_for(user: Any, *, on: date) -> Dashboard:
    """What the home page shows a logged-in user: their cohorts and records, and per role what
    needs their attention on `on`, each list read through the apps' selectors (the page shows
    it as stored: `dashboard.stored`)."""
    roles = roles_of(user) | ({Role.ADMINISTRATOR} if is_administrator(user) else set())
    role_labels = tuple(label for value, label in Role.choices if value in roles)
    # A learner holding no other role reaches no cohort and no other learner: a cohort's list
    # is its staff's and teachers' (assigned while teachers: `learners.services.assign_teacher`),
    # other learners their teachers' and company contacts' (a contact's login holds their
    # roles: `accounts.services.accept`). Not looked for: two queries less on their dashboard.
    own_only = roles == {Role.LEARNER}
    # A teacher's assignments, read once: the cohorts they see and the sheets they review are
    # those of the assignments read (`taught_by`), with no subquery each.
    taught = assignments_taught(user) if Role.TEACHER in roles else None
    cohorts = () if own_only else read_cohorts_with_counts(user, taught=taught)
    rows: tuple[LearnerRow, ...] = ()
    companies: tuple[Company, ...] = ()
    if not cohorts and not own_only:
        # Every learner within reach, their own record among them (read here, not again): the
        # columns of a row, their login's, and what the panels reading the same learners through
        # the supervisions ask of them (their cohort's centre and first year: the bulletins, the
        # hours), not their contact details nor identifiers.
        reached = learner_rows(
            shown_rows(
                visible_learners(user, on=on),
                "user",
                "cohort__training_centre",
                "cohort__first_year_start",
            ),
            on=on,
        )
        keep_own_learner(user, [row.learner for row in reached])
        rows = tuple(row for row in reached if row.learner.user_id != user.pk)
    own = own_learner(user)
    if not cohorts:
        if not own_only and own is None:
            # The rows hold every learner within reach: those `user` supervises. Their
            # supervisions, read with the rows, are not read again by the lists and panels.
            keep_running_supervisions(user, [row.learner for row in rows], on=on)
        companies = tuple(visible_companies(user).only("name"))  # what a line shows

    managed = _managed(user, cohorts)
    exam_centres = centres_where(user, Role.EXAM_OFFICE)
    examined = tuple(c for c in cohorts if c.training_centre_id in exam_centres)
    watched = [*managed, *(c for c in examined if c not in managed)]
    conformity = _conformity(user, watched, on=on) if watched else {}
    return Dashboard(
        role_labels,
        on,
        cohorts,
        rows,
        companies,
        own,
        manager=ManagerWatch(user, managed, conformity, on=on) if managed else None,
        exam_office=_exam_office_summary(user, examined, conformity) if examined else (),
        teacher=_teacher_tasks(user, on=on, taught=taught) if taught is not None else None,
        learner=_learner_tasks(user, own, on=on) if own is not None else None,
        supervisor=(
            _supervisor_tasks(user, on=on)
            if roles & {Role.APPRENTICESHIP_MASTER, Role.INTERNSHIP_TUTOR}
            else None
        ),
        panels=panels_for(user, roles, on=on),
    )


def _managed(user: Any, cohorts: tuple[Cohort, ...]) -> tuple[Cohort, ...]:
    """The cohorts among `cohorts` that `user` manages (all of them for an administrator)."""
    return tuple(c for c in cohorts if manages_cohort(user, c))


def _conformity(
    user: Any, cohorts: list[Cohort], *, on: date
) -> dict[int, tuple[ExamConformity, ...]]:
    """The E4 and E6 dossier checks of the cohorts, by cohort id: counted once in the background
    and read on `on` (`portfolio.selectors.cohorts_dossiers`), in a few queries for all the
    cohorts whatever their learners."""
    found = cohorts_dossiers(user, cohorts, on=on)
    return {
        cohort.pk: tuple(
            ExamConformity(
                exam,
                found[(cohort.pk, exam)].deadline,
                on,
                found[(cohort.pk, exam)].lines,
                found[(cohort.pk, exam)].computed_at,
            )
            for exam in DossierExam.values
        )
        for cohort in cohorts
    }


def _joined(lines: list[Sequence[DossierCheck]]) -> Sequence[DossierCheck]:
    """The lines of every cohort and exam, in order, read only when shown."""
    return sum(lines[1:], lines[0]) if lines else ()  # type: ignore[arg-type]


def _by_cohort(records: QuerySet) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for record in records:
        grouped[record.learner.cohort_id].append(record)
    return grouped


def _exam_office_summary(
    user: Any, cohorts: tuple[Cohort, ...], conformity: dict[int, tuple[ExamConformity, ...]]
) -> tuple[CohortSummary, ...]:
    confirmed = _by_cohort(
        _with_learner(visible_situations(user))
        .only(*_SITUATION_LINE, "learner__cohort")  # a line, and the cohort it is listed in
        .filter(learner__cohort__in=cohorts, status=Status.GRADE_CONFIRMED)
    )
    return tuple(
        CohortSummary(cohort, conformity[cohort.pk], tuple(confirmed[cohort.pk]))
        for cohort in cohorts
    )


def _with_learner(rows: QuerySet) -> QuerySet:
    """`rows` joined to their learner alone: a line of the teacher's or the company's lists
    names the learner, and reads nothing of the cohort, the company or the people named."""
    return rows.select_related(None).select_related("learner")


# What a line of the teacher's and the supervisor's lists shows of a situation (of a sheet:
# `portfolio.selectors.sheet_lines`; the writers of `dashboard_folding`): the rest of the row is
# not read.
_LEARNER_NAMED = ("learner", "learner__first_name", "learner__last_name")
_SITUATION_LINE = ("exam", "situation", "date", "place", "status", "grade", *_LEARNER_NAMED)
# What a line of the supervisor's running contracts and agreements shows: the learner, the
# contract's kind, the dates (a contract's last day: `Contract.last_day`).
_CONTRACT_LINE = ("kind", "start", "end", "prorogation_end", "termination_date", *_LEARNER_NAMED)
_AGREEMENT_LINE = ("start", "end", *_LEARNER_NAMED)
# What a line of the training manager's contracts and agreements shows (`dashboard/items/`): the
# learner, the employer or host, the last day.
_MANAGER_CONTRACT_LINE = (
    "employer__name", "end", "prorogation_end", "termination_date", *_LEARNER_NAMED,
)  # fmt: skip
_MANAGER_AGREEMENT_LINE = ("host__name", "end", *_LEARNER_NAMED)
# What a line of the training manager's lists of learners shows (their name and cohort), and what
# the rules choosing them read of their cohort (`assessments.services.sits_ccf`: its framework).
_MANAGER_LEARNER_LINE = ("first_name", "last_name", "cohort__name", "cohort__framework")


def _teacher_tasks(user: Any, *, on: date, taught: Taught) -> TeacherTasks:
    horizon = on + timedelta(days=CCF_HORIZON_DAYS)
    sheets = sheet_lines(sheets_to_review(user, taught=taught))
    to_review, to_review_count = first_lines(sheets)
    situations = _with_learner(situations_to_grade(user, on=on)).only(*_SITUATION_LINE)
    to_grade, to_grade_count = first_lines(situations)
    sitting = _with_learner(sitting_in(user)).only(*_SITUATION_LINE)
    return TeacherTasks(
        to_review_count=to_review_count,
        to_review=to_review,
        sitting_soon=tuple(sitting.filter(date__gte=on, date__lte=horizon)),
        to_grade_count=to_grade_count,
        to_grade=to_grade,
    )


# What the learner's lists read of their sheets (a returned one's line, the kinds the dossiers
# lack: `portfolio.selectors.coverage.dossier_needs`) and of their situations (a line): not the
# sheet's analyses nor the situation's observations.
_OWN_SHEET = ("exam", "title", "status", "nature", "network_type", "real_network_experience")
_OWN_SITUATION = ("exam", "situation", "date", "place", "status", "grade")


def _learner_tasks(user: Any, learner: Learner, *, on: date) -> LearnerTasks:
    # A line names no learner: no join read.
    situations = own_situations(user).select_related(None).only(*_OWN_SITUATION)
    # Every sheet of the learner, once: the returned ones are listed, the validated ones say
    # what the dossiers lack. A line shows the sheet's exam, title and comments: no join.
    sheets = list(
        own_sheets(user)
        .select_related(None)
        .only(*_OWN_SHEET)
        .annotate(comment_count=Count("comments", distinct=True))
    )
    return LearnerTasks(
        learner=learner,
        returned=tuple(sheet for sheet in sheets if sheet.status == SheetStatus.RETURNED),
        needs=tuple(need for need in learner_dossier_needs(learner, sheets) if not need.complete),
        practice=internship_progress_lacking(learner, on=on),
        next_situations=tuple(situations.filter(date__gte=on).order_by("date")),
        # CCF grades are proposals to the jury: shown once the session's results are published.
        results=tuple(situations.filter(status=Status.GRADE_CONFIRMED))
        if own_results_published(user)
        else (),
    )


def _supervisor_tasks(user: Any, *, on: date) -> SupervisorTasks:
    sheets = sheet_lines(sheets_to_attest(user, on=on))
    to_attest, to_attest_count = first_lines(sheets)
    # Those their follow-up page lists and their dashboard counts (`mastered_contracts`).
    contracts = tuple(_with_learner(mastered_contracts(user, on=on)).only(*_CONTRACT_LINE))
    keep_named_master(user, contracts)  # the follow-up's panel does not ask it again
    return SupervisorTasks(
        to_attest=to_attest,
        to_attest_count=to_attest_count,
        contracts=contracts,
        agreements=tuple(
            _with_learner(visible_agreements(user))
            .filter(tutor__user=user, end__gte=on)
            .only(*_AGREEMENT_LINE)
            .order_by("start")
        ),
        sitting=tuple(_with_learner(sitting_in(user)).only(*_SITUATION_LINE).filter(date__gte=on)),
    )


_CONTRACTS_HEADING = lazy(
    lambda: (
        gettext("Contrats se terminant dans les %(days)s jours ou rompus ce mois-ci")
        % {"days": CONTRACT_HORIZON_DAYS}
    ),
    str,
)()

# The training manager's lists, by the name of their address: the `ManagerWatch` attribute, the
# writer of one line (`dashboard_folding.LINES`) or its template, and the heading of the page
# that shows the whole list.
MANAGER_LISTS: dict[str, tuple[str, str, Any]] = {
    "sans-contrat": (
        "without_contract",
        "manager_without_contract",
        gettext_lazy("Apprentis sans contrat en cours"),
    ),
    "dossiers": (
        "dossiers",
        "manager_dossiers",
        gettext_lazy("Dossiers E4 et E6 non valides (NV) ou pénalisés"),
    ),
    "contrats-a-echeance": (
        "contracts_ending",
        "manager_contracts_ending",
        _CONTRACTS_HEADING,
    ),
    "contrats-rompus": (
        "contracts_terminated",
        "manager_contracts_terminated",
        _CONTRACTS_HEADING,
    ),
    "stages": (
        "agreements_without_certificate",
        "dashboard/items/agreement_without_certificate.html",
        gettext_lazy("Stages terminés sans attestation"),
    ),
    "ccf-a-planifier": ("to_plan", "manager_to_plan", gettext_lazy("CCF")),
    "notes-a-confirmer": (
        "grades_to_confirm",
        "dashboard/items/grade_to_confirm.html",
        gettext_lazy("CCF"),
    ),
    "ccf-a-venir": ("situations_soon", "dashboard/items/situation_soon.html", gettext_lazy("CCF")),
}


def manager_watch_for(user: Any, *, on: date) -> ManagerWatch | None:
    """The training manager's part of the dashboard alone (None: `user` manages no cohort)."""
    cohorts = _managed(user, tuple(cohorts_with_counts(user)))
    if not cohorts:
        return None
    return ManagerWatch(user, cohorts, _conformity(user, list(cohorts), on=on), on=on)
