"""Reads of CCF situations, filtered by who may see what (see docs/assessments.md).

- training manager of the centre: every situation; plans them, composes the commissions;
- a teacher in charge of the exam's bloc for the cohort: plans and composes too;
- exam office, teachers of the cohort: read, grades included;
- a commission member: the situations they sit in; grades only if responsible;
- the learner: their own situations; the grid, grade and observations once the commission
  confirmed it and the exam results of their session are published (the grade is a proposal to
  the jury: `ndrc.exams.selectors.results_published`);
- a tutor or master who does not sit: nothing (they never see CCF grades).
Only the responsible members of the commission rate the grid, propose and confirm the grade
(`may_grade`); an administrator is no exception.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from ndrc.assessments.models import (
    AssessmentSituation,
    CommissionMember,
    CriterionRating,
    EvaluationDocument,
    Exam,
    Status,
)
from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    allowed_actions,
    can,
    centres_where,
    get_record_for,
    is_administrator,
    rule,
)
from ndrc.exams.selectors import results_published
from ndrc.learners.models import Cohort, Learner, TeacherAssignment, categories_prefetch
from ndrc.learners.personal_data import withhold
from ndrc.learners.selectors import (
    is_own_record,
    is_staff_of,
    own_record,
    reaches_every_record_of,
    staff_centres,
    taught_by,
)
from ndrc.regulation.assessments import CcfRules, GridDecision, ccf_rules, check_grid, grid_criteria
from ndrc.regulation.errors import InputError


def rules_of(situation: AssessmentSituation) -> CcfRules:
    return ccf_rules(situation.exam, situation.framework)


def is_block_teacher(user: Any, cohort: Cohort, exam: str) -> bool:
    """`user` teaches `cohort` the bloc that `exam` assesses (E4: BC01, E6: BC03)."""
    block = ccf_rules(exam, cohort.framework).skill_block
    return TeacherAssignment.objects.filter(teacher=user, cohort=cohort, subject=block).exists()


def may_plan(user: Any, cohort: Cohort, exam: str) -> bool:
    """The training manager of the centre, an administrator, or the cohort's bloc teacher."""
    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    if cohort.training_centre_id in centres_where(user, Role.TRAINING_MANAGER):
        return True
    return is_block_teacher(user, cohort, exam)


def may_grade(
    user: Any,
    situation: AssessmentSituation,
    members: Iterable[CommissionMember] | None = None,
) -> bool:
    """Only a member of the commission responsible for the certifying evaluation (`members`:
    the commission's, when the caller read them: `commission_of`)."""
    if members is None:
        members = situation.commission_members.all()
    return user.is_authenticated and any(
        member.user_id == user.pk and member.responsible for member in members
    )


@rule(AssessmentSituation)
def _situation_rule(user: Any, action: Action, situation: AssessmentSituation) -> Access:
    staff = is_staff_of(user, situation.learner)
    return _situation_answer(user, action, situation, staff, situation.commission_members.all())


def _situation_answer(
    user: Any,
    action: Action,
    situation: AssessmentSituation,
    staff: bool,
    members: Iterable[CommissionMember],
) -> Access:
    """The rule, with `staff` (whether `user` works on the learner as staff) and the
    commission's `members` read."""
    learner = situation.learner
    member = next((m for m in members if m.user_id == user.pk), None)
    is_self = is_own_record(user, learner)
    if not staff and member is None and not is_self:
        return Access.HIDDEN
    if action == Action.VIEW:
        return Access.ALLOWED
    if action == Action.VIEW_GRADES:
        if staff or (member is not None and member.responsible):
            return Access.ALLOWED
        if is_self and situation.status == Status.GRADE_CONFIRMED and results_published(learner):
            return Access.ALLOWED
        return Access.DENIED
    if action in (Action.CHANGE, Action.DELETE):
        return Access.ALLOWED if may_plan(user, learner.cohort, situation.exam) else Access.DENIED
    return Access.DENIED


@rule(EvaluationDocument)
def _evaluation_document_rule(user: Any, action: Action, document: EvaluationDocument) -> Access:
    # The evaluation file is read with the grid, by who sees the grades; it is never changed.
    if action in (Action.VIEW, Action.VIEW_HISTORY):
        action = Action.VIEW_GRADES
    return _situation_rule(user, action, document.situation)


def get_evaluation_document_for(user: Any, pk: int) -> EvaluationDocument:
    """A document of an evaluation file if `user` sees the situation's grades (404 / 403)."""
    documents = EvaluationDocument.objects.select_related("situation__learner__cohort").filter(
        situation__in=visible_situations(user)
    )
    return get_record_for(user, documents, pk, Action.VIEW, not_found="Document introuvable.")


def _situations_for(user: Any) -> QuerySet[AssessmentSituation]:
    """Every situation with its learner and cohort; none for a visitor or a deactivated
    account."""
    base = AssessmentSituation.objects.select_related("learner", "learner__cohort")
    return base if user.is_authenticated and user.is_active else base.none()


def visible_situations(
    user: Any, *, learner: Learner | None = None
) -> QuerySet[AssessmentSituation]:
    """The situations `user` can reach (see the module). Given `learner` (read within `user`'s
    reach, with its cohort), those of the learner."""
    base = _situations_for(user)
    if learner is not None:
        base = base.filter(learner=learner)
        if reaches_every_record_of(user, learner):
            return base  # no condition to build nor compile
    if not user.is_authenticated or not user.is_active or is_administrator(user):
        return base  # none, or all
    centres = staff_centres(user)  # as `reaches_every_record_of` knows them
    return base.filter(
        Q(learner__cohort__training_centre_id__in=centres)
        | taught_by(user, "learner__cohort")
        | own_record(user, "learner__user")
        # A subquery, not a join to the commission's members: each situation comes once.
        | Q(pk__in=CommissionMember.objects.filter(user=user).values("situation_id"))
    )


def situation_permissions(
    user: Any,
    situation: AssessmentSituation,
    *actions: Action,
    members: Iterable[CommissionMember] | None = None,
) -> dict[str, bool]:
    """`can(user, action, situation)` for each of `actions`, keyed by its value: the
    relationships to the learner read once for all (the rule reads them at each call);
    `members`: the commission's, when the caller read them (`commission_of`)."""
    staff = is_staff_of(user, situation.learner)
    if members is None:
        members = situation.commission_members.all()

    def answer(user: Any, action: Action, situation: AssessmentSituation) -> Access:
        return _situation_answer(user, action, situation, staff, members)

    return allowed_actions(user, situation, actions, by_rule=answer)


def get_situation_with_permissions(
    user: Any, pk: int, *actions: Action
) -> tuple[AssessmentSituation, list[CommissionMember], dict[str, bool]]:
    """The situation `pk` if `user` may view it (Http404 otherwise), its commission's members
    (`commission_of`), and `situation_permissions` of `actions`: the relationships read once,
    and once only: a situation is within reach of whoever has a relationship to it (staff of the
    learner, commission member, the learner: `visible_situations` asks the same in SQL), so the
    record is read by its id and the rule's answer to viewing it says whether it is reached (as
    `learners.selectors.get_learner_with_permissions`): no reach condition built nor compiled."""
    # One row at most: no ordering to compile (`first()` would add the model's).
    found = _situations_for(user).filter(pk=pk).order_by()[:1]
    members = commission_of(pk) if found else []
    allowed = (
        situation_permissions(user, found[0], Action.VIEW, *actions, members=members)
        if found
        else {}
    )
    if not allowed.get(Action.VIEW):
        raise Http404("Situation d'évaluation introuvable.")
    return found[0], members, allowed


def get_situation_for(
    user: Any, pk: int, action: Action | str = Action.VIEW
) -> AssessmentSituation:
    """The situation `pk` if `user` may do `action`: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, visible_situations(user), pk, action, not_found="Situation d'évaluation introuvable."
    )


class PlanCell(NamedTuple):
    """A situation in a cohort's plan: what its cell shows (its day, its status) and links to."""

    pk: int
    date: date
    status: str


def situations_of_cohort(cohort: Cohort) -> dict[int, dict[str, PlanCell]]:
    """learner id → {"E4A": its cell, …} for the cohort's plan (the caller checked access):
    only what the plan shows is read, as rows (not a record each: a plan has hundreds), in no
    order."""
    plan: dict[int, dict[str, PlanCell]] = {}
    rows = (
        AssessmentSituation.objects.filter(learner__cohort=cohort)
        .order_by()
        .values_list("pk", "learner_id", "exam", "situation", "date", "status")
    )
    for pk, learner_id, exam, situation, day, status in rows:
        plan.setdefault(learner_id, {})[exam + situation] = PlanCell(pk, day, status)
    return plan


@dataclass(frozen=True)
class ToPlan:
    """A CCF situation a learner of a cohort in its final year takes and that is not planned."""

    learner: Any
    exam: str
    situation: str

    @property
    def label(self) -> str:
        return f"{self.exam} — Situation {self.situation}"


def situations_to_plan(
    learners: QuerySet, *, on: date, cohorts: Iterable[Cohort] | None = None
) -> list[ToPlan]:
    """The situations `learners` (those of cohorts in their final year on `on`, filtered by the
    caller) take in CCF (their category on `on`, annexe II c) and that are not planned yet, in a
    bounded number of queries. `cohorts`: the cohorts of `learners` when the caller read them
    already (the others are not looked at)."""
    from ndrc.assessments.services import sits_ccf  # a read, among the services' checks

    # Only the learners of cohorts in their final year are loaded (a centre's first years are
    # half of its learners): the cohorts are few, their year is read once each.
    if cohorts is None:
        cohorts = Cohort.objects.filter(pk__in=learners.values("cohort_id"))
    final_year = [cohort for cohort in cohorts if cohort.year_on(on) == 2]
    # Of those, only the learners lacking one of their framework's situations are loaded (the
    # plan read as rows): whether they take it in CCF is then their category's, below.
    in_final_year = learners.filter(cohort__in=final_year)
    planned = set(
        AssessmentSituation.objects.filter(learner__in=in_final_year).values_list(
            "learner_id", "exam", "situation"
        )
    )
    codes: dict[str, list[tuple[str, str]] | None] = {}
    for framework in {cohort.framework for cohort in final_year}:
        try:
            codes[framework] = [
                (exam, code)
                for exam in Exam.values
                for code in ccf_rules(exam, framework).situations
            ]
        except InputError:  # read as the loop below reads it
            codes[framework] = None
    lacking = [
        pk
        for pk, framework in in_final_year.values_list("pk", "cohort__framework")
        if codes[framework] is None
        or any((pk, exam, code) not in planned for exam, code in codes[framework])
    ]
    if not lacking:
        return []
    learners = (
        in_final_year.filter(pk__in=lacking)
        .select_related("cohort")
        .prefetch_related(categories_prefetch())
    )
    missing = []
    for learner in learners:
        for exam in Exam.values:
            if not sits_ccf(learner, exam, on):
                continue
            for code in ccf_rules(exam, learner.cohort.framework).situations:
                if (learner.pk, exam, code) not in planned:
                    missing.append(ToPlan(learner, exam, code))
    return missing


def grid_situations(user: Any, cohort: Cohort) -> list[AssessmentSituation]:
    """The cohort's situations whose filled grid `user` may print (they see its grades), with an
    evaluation file not purged yet, in the order of the cohort's plan."""
    situations = (
        visible_situations(user)
        .filter(learner__cohort=cohort, file_purged_on__isnull=True)
        .select_related("learner__cohort")
        .order_by("learner__last_name", "learner__first_name", "exam", "situation")
    )
    return [s for s in situations if can(user, Action.VIEW_GRADES, s)]


# Sitting in a commission is one of the ways to reach a situation (`visible_situations`): the
# two lists below ask it alone, not the others again (a join and a distinct rows' sort less).


def sitting_in(user: Any) -> QuerySet[AssessmentSituation]:
    """The situations whose commission `user` sits in, as responsible member or associate."""
    return _situations_for(user).filter(commission_members__user=user)


def graded_by(user: Any) -> QuerySet[AssessmentSituation]:
    """The situations `user` grades: those where they sit as a responsible member (`may_grade`)."""
    return _situations_for(user).filter(
        commission_members__user=user, commission_members__responsible=True
    )


def situations_to_grade(user: Any, *, on: date) -> QuerySet[AssessmentSituation]:
    """The situations `user` has to grade on `on`: held (grid and grade to enter), past but not
    marked held, or with a grade proposed and to confirm."""
    return graded_by(user).filter(
        Q(status__in=(Status.HELD, Status.GRADE_PROPOSED)) | Q(status=Status.PLANNED, date__lte=on)
    )


def own_situations(user: Any) -> QuerySet[AssessmentSituation]:
    """A learner's own situations (the grade is shown only once confirmed and the results
    published: see the module and `exams.selectors.own_results_published`)."""
    if not user.is_authenticated:
        return AssessmentSituation.objects.none()
    own = own_record(user, "learner__user")
    return AssessmentSituation.objects.filter(own).select_related("learner")


@dataclass(frozen=True)
class GridRow:
    competence: str
    competence_title: str
    code: str
    text: str
    level: str
    assessed: bool  # the critère belongs to a competence the situation assesses


def grid_of(
    situation: AssessmentSituation, ratings: Mapping[str, str] | None = None
) -> list[GridRow]:
    """The grid of a situation: every critère of the bloc with its rating (its ratings today,
    or `ratings`: those a grid was issued with), in the text's order."""
    rules = rules_of(situation)
    assessed = {c for group in rules.situation(situation.situation).assessed for c in group}
    levels = ratings_of(situation) if ratings is None else ratings
    return [
        GridRow(competence, title, code, text, levels.get(code, ""), competence in assessed)
        for competence, title, rows in grid_criteria(rules)
        for code, text in rows
    ]


def documents_of(situation: AssessmentSituation) -> QuerySet[EvaluationDocument, dict[str, Any]]:
    """The documents of the situation's evaluation file as its page lists them: their id and
    title only (not their files), in the order they were added."""
    # By its key, not through the situation's related manager (one less to set up).
    return EvaluationDocument.objects.filter(situation_id=situation.pk).values("pk", "title")


def ratings_of(situation: AssessmentSituation) -> dict[str, str]:
    ratings = CriterionRating.objects.filter(situation_id=situation.pk)  # as `documents_of`
    return dict(ratings.values_list("criterion", "level"))


def members_of(situation: AssessmentSituation) -> list[CommissionMember]:
    """The commission's members with their users, loaded once on the situation: the rules
    (`may_grade`, who sees the situation) and the commission's check read them from it. For
    a page only: a change of the commission afterwards is not seen on this situation object."""
    prefetch_related_objects([situation], Prefetch("commission_members", _members()))
    return list(situation.commission_members.all())


def commission_of(pk: int) -> list[CommissionMember]:
    """The members of the commission of the situation `pk`, with their users' names, in one
    query (no prefetch to set up: the caller passes them to the rules that read them)."""
    return list(_members().filter(situation_id=pk))


# What is read of a member's user: their name (the commission's list and check, the choice of
# who may join), not their account.
_MEMBER = ("situation", "user", "kind", "responsible", "reason")
_MEMBER_USER = ("user__username", "user__first_name", "user__last_name")


def _members() -> QuerySet[CommissionMember]:
    """The commission's members with their users' names (`members_of`, `commission_of`)."""
    return CommissionMember.objects.select_related("user").only(*_MEMBER, *_MEMBER_USER)


def grid_decision(
    situation: AssessmentSituation, ratings: Mapping[str, str] | None = None
) -> GridDecision | None:
    """The engine's completeness check of the grid (rated as today, or `ratings`); None for a
    situation without a grid."""
    rules = rules_of(situation)
    if not rules.situation(situation.situation).has_grid:
        return None
    return check_grid(
        rules, situation.situation, ratings_of(situation) if ratings is None else dict(ratings)
    )


@withhold(AssessmentSituation)
def _situation_withheld(situation: AssessmentSituation) -> tuple[str, ...]:
    """The grade and the commission's observations, before the results are published."""
    if results_published(situation.learner):
        return ()
    return ("grade", "observations")


@withhold(CriterionRating)
def _rating_withheld(rating: CriterionRating) -> tuple[str, ...]:
    return () if results_published(rating.situation.learner) else ("level",)
