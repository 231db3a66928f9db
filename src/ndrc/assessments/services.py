"""Writes of CCF situations: plan, compose the commission, rate the grid, propose and confirm the
grade, keep the evaluation file and purge it. Keyword-only, atomic, audited, permission-checked.

The rules come from `ndrc.regulation.assessments`; a refused input raises `ValidationError`
(French, naming the field), a forbidden action `PermissionDenied`.
"""

import copy
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ndrc.assessments.models import (
    AssessmentSituation,
    CommissionMember,
    CriterionRating,
    EvaluationDocument,
    Level,
    MemberKind,
    Status,
)
from ndrc.assessments.selectors import (
    grid_decision,
    grid_of,
    grid_situations,
    may_grade,
    may_plan,
    ratings_of,
    rules_of,
)
from ndrc.core import audit
from ndrc.core.models import Role
from ndrc.core.permissions import Action, can
from ndrc.core.services import (
    apply_changes,
    create_and_record,
    delete_and_record,
    field_error,
)
from ndrc.core.ui.formats import shown
from ndrc.core.uploads import check_upload
from ndrc.core.versions import version_of
from ndrc.jobs.services import JobResult, Progress, ResultFile
from ndrc.learners.models import Cohort, Learner, TeacherAssignment
from ndrc.regulation.assessments import (
    REFUSED,
    RESPONSIBLE,
    CommissionDecision,
    ProposedMember,
    ccf_rules,
    check_commission,
    check_grid,
    check_member,
    check_situation_date,
    evaluation_file_retention,
    parse_grade,
)
from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Message
from ndrc.regulation.framework import load_framework

# --- Who is who to the candidate ---------------------------------------------------------------


def proposed_member(user: Any, learner: Learner, exam: str) -> ProposedMember:
    """Describe `user` by their ties to `learner`, for the engine's commission rules."""
    return proposed_members([user], learner, exam)[0]


def proposed_members(
    users: list[Any],
    learner: Learner,
    exam: str,
    *,
    assignments: Iterable[TeacherAssignment] | None = None,
) -> list[ProposedMember]:
    """Describe each of `users` by their ties to `learner`, for the engine's commission rules:
    in the same few queries whatever their number (`assignments`: the cohort's assignments of
    `users` at least, when the caller read them)."""
    if not users:
        return []
    block = ccf_rules(exam, learner.cohort.framework).skill_block
    pks = [user.pk for user in users]
    if assignments is None:
        assignments = TeacherAssignment.objects.filter(
            teacher_id__in=pks, cohort_id=learner.cohort_id
        )
    subjects: dict[int, set[str]] = defaultdict(set)  # the user's assignments to the cohort
    for assignment in assignments:
        subjects[assignment.teacher_id].add(assignment.subject)
    # Who among them teaches in the learner's centre, who is a company contact and whether they
    # supervise(d) the learner: one query, each user with their memberships and, a contact, the
    # learners of their supervisions (joins: no subquery to build), a row per pair of them.
    teachers: set[int] = set()
    contacts: dict[int, bool] = {}
    ties = get_user_model().objects.filter(pk__in=pks).order_by()
    for user_id, centre, role, contact, learner_id in ties.values_list(
        "pk",
        "memberships__training_centre_id",
        "memberships__role",
        "company_contact",
        "company_contact__supervisions__learner_id",
    ):
        if role == Role.TEACHER and centre == learner.cohort.training_centre_id:
            teachers.add(user_id)
        if contact is not None:
            contacts[user_id] = contacts.get(user_id, False) or learner_id == learner.pk
    proposed = []
    for user in users:
        kind = "professional" if user.pk in contacts and user.pk not in teachers else "teacher"
        proposed.append(
            ProposedMember(
                key=str(user.pk),
                name=user.get_full_name() or user.username,
                kind=kind,
                teaches_candidate=kind == "teacher" and bool(subjects[user.pk]),
                in_charge_of_block=kind == "teacher" and block in subjects[user.pk],
                involved_in_training=bool(contacts.get(user.pk)),
            )
        )
    return proposed


def block_teachers(
    learner: Learner, exam: str, *, assignments: Iterable[TeacherAssignment] | None = None
) -> list[tuple[str, str]]:
    """(key, name) of the learner's teachers in charge of the exam's bloc (`assignments`: the
    cohort's assignments to the bloc at least, with their teachers, when the caller read them)."""
    block = ccf_rules(exam, learner.cohort.framework).skill_block
    if assignments is None:
        assignments = TeacherAssignment.objects.filter(cohort_id=learner.cohort_id, subject=block)
        assignments = assignments.select_related("teacher").order_by("pk")
    return [
        (str(a.teacher_id), a.teacher.get_full_name() or a.teacher.username)
        for a in assignments
        if a.subject == block
    ]


def commission_decision(
    situation: AssessmentSituation, members: Iterable[CommissionMember] | None = None
) -> CommissionDecision:
    """The engine's check of the situation's commission as it stands (`members`: its members
    with their users, when the caller read them)."""
    if members is None:
        members = situation.commission_members.select_related("user")
    users = [member.user for member in members]
    learner, exam = situation.learner, situation.exam
    # The cohort's assignments of the members and those to the exam's bloc, in one query.
    block = ccf_rules(exam, learner.cohort.framework).skill_block
    assignments = list(
        TeacherAssignment.objects.filter(
            Q(teacher_id__in=[user.pk for user in users]) | Q(subject=block),
            cohort_id=learner.cohort_id,
        )
        .select_related("teacher")
        .only(
            "teacher",
            "subject",
            *(f"teacher__{n}" for n in ("first_name", "last_name", "username")),
        )
        .order_by("pk")
    )
    return check_commission(
        rules_of(situation),
        proposed_members(users, learner, exam, assignments=assignments),
        block_teachers=block_teachers(learner, exam, assignments=assignments),
    )


def sits_ccf(learner: Learner, exam: str, on: date) -> bool:
    """Does the learner's candidate category on `on` take `exam` in CCF (annexe II c)?"""
    framework = load_framework(learner.cohort.framework)
    category = learner.category_on(on)
    if category is None or category not in framework.candidate_categories:
        return False
    column = framework.candidate_categories[category].column
    form = framework.exams[exam].forms.get(column)
    return form is not None and form.form == "ccf"


def _require_plan(by: Any, cohort: Cohort, exam: str) -> None:
    if not may_plan(by, cohort, exam):
        raise PermissionDenied(
            _(
                "Seuls le responsable de formation et les enseignants en charge du bloc "
                "planifient les situations et composent la commission."
            )
        )


def _require_grader(by: Any, situation: AssessmentSituation) -> None:
    if not may_grade(by, situation):
        raise PermissionDenied(
            _(
                "Seuls les membres de la commission responsables de l'évaluation certificative "
                "renseignent la grille et la note."
            )
        )


def _require_not_graded(situation: AssessmentSituation) -> None:
    if situation.status in (Status.GRADE_PROPOSED, Status.GRADE_CONFIRMED):
        raise ValidationError(
            _("La note est déjà proposée ou confirmée : la situation ne peut plus être modifiée.")
        )


# --- Planning ----------------------------------------------------------------------------------


@transaction.atomic
def plan_situation(
    *,
    learner: Learner,
    exam: str,
    situation: str,
    date: date,
    by: Any,
    place: str = "",
    members: Iterable[Any] = (),
) -> AssessmentSituation:
    """Plan one CCF situation of a learner, with the commission members given (users)."""
    _require_plan(by, learner.cohort, exam)
    try:
        rules = ccf_rules(exam, learner.cohort.framework)
        rules.situation(situation)
    except InputError as error:
        raise field_error("exam", error) from error
    if learner.erased_on is not None:
        raise ValidationError(_("Les données de cet apprenant ont été effacées."))
    if not sits_ccf(learner, exam, date):
        raise field_error(
            "exam",
            _(
                "%(name)s ne passe pas %(exam)s en CCF à cette date (statut du candidat, "
                "annexe II c)."
            )
            % {"name": learner.full_name, "exam": exam},
        )
    try:
        check_situation_date(rules, training_year=learner.cohort.year_on(date))
    except InputError as error:
        raise field_error("date", error) from error
    record = create_and_record(
        AssessmentSituation(
            learner=learner,
            exam=exam,
            situation=situation,
            framework=learner.cohort.framework,
            date=date,
            place=place,
        ),
        by=by,
    )
    for user in members:
        _add_member(record, user, by=by)
    return record


@dataclass(frozen=True)
class CohortPlan:
    created: list[AssessmentSituation]
    skipped: list[tuple[Learner, str]]  # learner, why


@transaction.atomic
def plan_for_cohort(
    *,
    cohort: Cohort,
    exam: str,
    situation: str,
    date: date,
    by: Any,
    place: str = "",
    members: Iterable[Any] = (),
) -> CohortPlan:
    """Plan a situation for every learner of the cohort who takes `exam` in CCF on `date`.

    Learners already planned for it, or who take the exam in the final form, are skipped (and
    listed with the reason); any other refusal cancels the whole plan.
    """
    _require_plan(by, cohort, exam)
    members = list(members)
    planned = set(
        AssessmentSituation.objects.filter(
            learner__cohort=cohort, exam=exam, situation=situation
        ).values_list("learner_id", flat=True)
    )
    # The category history is read here and again by `plan_situation`: load it once.
    learners = (
        cohort.learners.filter(erased_on__isnull=True)
        .prefetch_related("category_periods")
        .order_by("last_name", "first_name")
    )
    created, skipped = [], []
    for learner in learners:
        if learner.pk in planned:
            skipped.append((learner, _("déjà prévue")))
        elif not sits_ccf(learner, exam, date):
            skipped.append((learner, _("passe l'épreuve en forme ponctuelle")))
        else:
            created.append(
                plan_situation(
                    learner=learner,
                    exam=exam,
                    situation=situation,
                    date=date,
                    place=place,
                    members=members,
                    by=by,
                )
            )
    return CohortPlan(created, skipped)


@transaction.atomic
def reschedule(
    *,
    situation: AssessmentSituation,
    date: date,
    place: str,
    by: Any,
    version: str | None = None,
) -> AssessmentSituation:
    """Change the date or place of a situation not yet graded (`version`: the one the user's
    edit started from, `core.versions`)."""
    _require_plan(by, situation.learner.cohort, situation.exam)
    _require_not_graded(situation)
    try:
        check_situation_date(
            rules_of(situation), training_year=situation.learner.cohort.year_on(date)
        )
    except InputError as error:
        raise field_error("date", error) from error
    return apply_changes(
        situation,
        changes={"date": date, "place": place},
        allowed=("date", "place"),
        by=by,
        version=version,
    )


# --- The commission ----------------------------------------------------------------------------


def _add_member(situation: AssessmentSituation, user: Any, *, by: Any) -> CommissionMember:
    proposed = proposed_member(user, situation.learner, situation.exam)
    decision = check_member(rules_of(situation), proposed)
    if decision.standing == REFUSED:
        raise ValidationError({"user": decision.text})
    if situation.commission_members.filter(user=user).exists():
        raise ValidationError(
            {"user": _("%(name)s siège déjà dans la commission.") % {"name": proposed.name}}
        )
    return create_and_record(
        CommissionMember(
            situation=situation,
            user=user,
            kind=MemberKind.PROFESSIONAL if proposed.kind == "professional" else MemberKind.TEACHER,
            responsible=decision.standing == RESPONSIBLE,
            reason=decision.text,
        ),
        by=by,
    )


@transaction.atomic
def add_member(*, situation: AssessmentSituation, user: Any, by: Any) -> CommissionMember:
    """Add a person to the commission; the engine decides whether they may sit and whether they
    are responsible for the certifying evaluation (never a company tutor)."""
    _require_plan(by, situation.learner.cohort, situation.exam)
    _require_not_graded(situation)
    return _add_member(situation, user, by=by)


@transaction.atomic
def remove_member(*, member: CommissionMember, by: Any) -> None:
    situation = member.situation
    _require_plan(by, situation.learner.cohort, situation.exam)
    _require_not_graded(situation)
    delete_and_record(member, by=by)


def _require_commission(situation: AssessmentSituation) -> None:
    decision = commission_decision(situation)
    if not decision.accepted:
        findings = " ".join(shown(finding.text) for finding in decision.findings)
        raise ValidationError(_("Commission non conforme : %(findings)s") % {"findings": findings})


@transaction.atomic
def mark_held(*, situation: AssessmentSituation, by: Any) -> AssessmentSituation:
    """Record that the situation took place (its commission must be conforming)."""
    _require_grader(by, situation)
    if situation.status != Status.PLANNED:
        raise ValidationError(_("La situation est déjà réalisée."))
    _require_commission(situation)
    return _set_status(situation, Status.HELD, by=by)


def _set_status(situation: AssessmentSituation, status: str, *, by: Any, **fields: Any):
    before = audit.snapshot(situation)
    situation.status = status
    for name, value in fields.items():
        setattr(situation, name, value)
    situation.full_clean()
    situation.save()
    situation.refresh_from_db()  # the audit shows values as stored (a grade as 12.50)
    audit.record_change(obj=situation, by=by, before=before)
    return situation


# --- The grid and the grade --------------------------------------------------------------------


@transaction.atomic
def rate_criterion(
    *, situation: AssessmentSituation, criterion: str, level: str, by: Any
) -> CriterionRating | None:
    """Rate one critère of the grid (`level` blank removes the rating). Audited."""
    _require_grader(by, situation)
    if situation.status not in (Status.HELD, Status.GRADE_PROPOSED):
        raise ValidationError(
            _(
                "La grille se renseigne une fois la situation réalisée et tant que la note "
                "n'est pas confirmée."
            )
        )
    rules = rules_of(situation)
    try:
        # The engine refuses an unknown critère or level, and a situation without a grid.
        check_grid(rules, situation.situation, {criterion: level or rules.levels[0].code})
    except InputError as error:
        raise ValidationError({"level": str(error)}) from error
    existing = situation.ratings.filter(criterion=criterion).first()
    if not level:
        if existing is not None:
            delete_and_record(existing, by=by)
        return None
    if existing is None:
        return create_and_record(
            CriterionRating(situation=situation, criterion=criterion, level=level), by=by
        )
    return apply_changes(existing, changes={"level": Level(level)}, allowed=("level",), by=by)


def _require_grid_complete(situation: AssessmentSituation) -> None:
    rules = rules_of(situation)
    if not rules.situation(situation.situation).has_grid:
        covering = [s.code for s in rules.situations.values() if situation.situation in s.covers]
        raise ValidationError(
            {
                "grade": _(
                    "La note de %(exam)s est proposée avec la grille de la situation "
                    "%(situations)s, qui couvre celle-ci."
                )
                % {"exam": situation.exam, "situations": ", ".join(covering)}
            }
        )
    decision = check_grid(rules, situation.situation, ratings_of(situation))
    if not decision.complete:
        raise ValidationError(
            {
                "grade": _(
                    "Grille incomplète : %(count)s critère(s) à évaluer (%(criteria)s) "
                    "avant de proposer la note."
                )
                % {"count": len(decision.missing), "criteria": ", ".join(decision.missing)}
            }
        )


@transaction.atomic
def propose_grade(
    *, situation: AssessmentSituation, grade: Any, by: Any, observations: str = ""
) -> AssessmentSituation:
    """The commission proposes a grade out of 20 once the grid is complete. Audited."""
    _require_grader(by, situation)
    if situation.status not in (Status.HELD, Status.GRADE_PROPOSED):
        raise ValidationError(
            _("Une note se propose une fois la situation réalisée et avant sa confirmation.")
        )
    _require_commission(situation)
    _require_grid_complete(situation)
    try:
        value = parse_grade(grade, on=situation.date).value
    except InputError as error:
        raise field_error("grade", error) from error
    return _set_status(
        situation,
        Status.GRADE_PROPOSED,
        by=by,
        grade=value,
        observations=observations,
        grade_proposed_by=by,
        grade_proposed_at=timezone.now(),
    )


# What a member reads before confirming: a new proposal (even of the same grade) changes it.
PROPOSAL_FIELDS = ("grade", "observations", "grade_proposed_by", "grade_proposed_at")


def proposal_version(situation: AssessmentSituation) -> str:
    """The version of the proposed grade shown to a member, to send back with the confirmation."""
    return version_of(situation, PROPOSAL_FIELDS)


@transaction.atomic
def confirm_grade(*, situation: AssessmentSituation, seen: str, by: Any) -> AssessmentSituation:
    """A responsible member confirms the proposed grade they `seen` (its `proposal_version`);
    refused when it was proposed again since. Grid and grade are then frozen."""
    _require_grader(by, situation)
    AssessmentSituation.objects.select_for_update().filter(pk=situation.pk).first()
    situation.refresh_from_db()
    if situation.status != Status.GRADE_PROPOSED:
        raise ValidationError(_("Aucune note proposée à confirmer."))
    if seen != proposal_version(situation):
        raise ValidationError(
            {
                "grade": _(
                    "La note proposée a changé depuis l'ouverture de la page (elle est "
                    "maintenant de %(grade)s / 20) : relisez-la avant de la confirmer."
                )
                % {"grade": situation.grade_text}
            }
        )
    _require_commission(situation)
    _require_grid_complete(situation)
    return _set_status(
        situation,
        Status.GRADE_CONFIRMED,
        by=by,
        grade_confirmed_by=by,
        grade_confirmed_at=timezone.now(),
    )


@transaction.atomic
def add_document(
    *, situation: AssessmentSituation, title: str, file: Any, by: Any
) -> EvaluationDocument:
    """Attach a document the commission used to the evaluation file."""
    if not (may_grade(by, situation) or may_plan(by, situation.learner.cohort, situation.exam)):
        raise PermissionDenied(_("Action réservée à la commission et au responsable de formation."))
    if situation.file_purged_on is not None:
        raise ValidationError(_("Le dossier d'évaluation a été purgé."))
    check_upload(file)
    return create_and_record(
        EvaluationDocument(
            situation=situation, title=title, file=file, added_by=by, added_at=timezone.now()
        ),
        by=by,
    )


# --- Retention of the evaluation file ----------------------------------------------------------


def file_retention(situation: AssessmentSituation, *, on: date, last: date | None = None):
    """The engine's retention decision for the candidate's file of this exam, on `on`.

    `last`: the date of the candidate's latest situation of the exam, when the caller has it
    (there is always one: `situation` itself); read here otherwise.
    """
    if last is None:
        last = (
            AssessmentSituation.objects.filter(learner=situation.learner, exam=situation.exam)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
    return evaluation_file_retention(
        exam_session=situation.learner.cohort.exam_session, last_situation=last, on=on
    )


@transaction.atomic
def purge_evaluation_files(*, on: date, by: Any = None) -> list[AssessmentSituation]:
    """Purge the evaluation files whose retention ended before `on`: the grid ratings, the
    documents and the generated grid PDFs are deleted (audited); the grade stays (a result)."""
    from ndrc.documents.models import GeneratedDocument

    purged = []
    situation_type = ContentType.objects.get_for_model(AssessmentSituation)
    # The latest situation of each candidate and exam, read once (a purge keeps the dates).
    latest = {
        (row["learner_id"], row["exam"]): row["last"]
        for row in AssessmentSituation.objects.order_by()
        .values("learner_id", "exam")
        .annotate(last=Max("date"))
    }
    for situation in AssessmentSituation.objects.filter(file_purged_on__isnull=True).select_related(
        "learner__cohort"
    ):
        last = latest[situation.learner_id, situation.exam]
        if not file_retention(situation, on=on, last=last).purge:
            continue
        for rating in situation.ratings.all():
            delete_and_record(rating, by=by)
        for document in situation.documents.all():
            document.file.delete(save=False)
            delete_and_record(document, by=by)
        for generated in GeneratedDocument.objects.filter(
            subject_type=situation_type, subject_id=str(situation.pk)
        ):
            generated.file.delete(save=False)
            delete_and_record(generated, by=by)
        purged.append(
            _set_status(situation, situation.status, by=by, file_purged_on=on, observations="")
        )
    return purged


# --- The filled grid as a PDF ------------------------------------------------------------------


# The layout of the grid PDF, kept in each grid's sources: 2 since it no longer shows the
# learner's INE, which teachers may not see (issue 10, hole 8). `reissue_grid_documents` renders
# again the grids of an earlier layout.
GRID_LAYOUT = 2
GRID_KIND = "ccf_assessment_grid"
GRID_TEMPLATE = "assessments/pdf/grid.html"


def grid_document(*, situation: AssessmentSituation, by: Any):
    """Render the situation's filled grid to PDF and keep it in its evaluation file."""
    from ndrc.documents.services import generate_document

    if not can(by, Action.VIEW_GRADES, situation):
        raise PermissionDenied(_("Action non autorisée pour votre rôle."))
    if situation.file_purged_on is not None:
        raise ValidationError(_("Le dossier d'évaluation a été purgé."))
    ratings = ratings_of(situation)
    return generate_document(
        kind=GRID_KIND,
        template_name=GRID_TEMPLATE,
        context=_grid_context(situation, ratings),
        subject=situation,
        sources=_grid_sources(situation, ratings),
        by=by,
        title=f"Grille {situation.exam} {situation.situation} — {situation.learner.full_name}",
    )


def _grid_context(situation: AssessmentSituation, ratings: dict[str, str]) -> dict[str, Any]:
    """What the grid template shows of `situation` rated `ratings`."""
    rules = rules_of(situation)
    framework = load_framework(situation.framework)
    levels = dict(Level.choices)
    return {
        "situation": situation,
        "learner": situation.learner,
        "cohort": situation.learner.cohort,
        "exam_title": framework.exams[situation.exam].title,
        "situation_rules": rules.situation(situation.situation),
        "skill_block": framework.skill_blocks[rules.skill_block],
        "members": list(situation.commission_members.select_related("user")),
        "rows": [(row, levels.get(row.level, "")) for row in grid_of(situation, ratings)],
        "levels": rules.levels,
        "levels_source": rules.levels_source,
        "grid_decision": grid_decision(situation, ratings),
    }


def _grid_sources(situation: AssessmentSituation, ratings: dict[str, str]) -> dict[str, Any]:
    """What a grid PDF is made from, kept with it."""
    return {
        "situation": situation.pk,
        "learner": situation.learner_id,
        "framework": situation.framework,
        "exam": situation.exam,
        "situation_code": situation.situation,
        "status": situation.status,
        "grade": situation.grade,
        "ratings": ratings,
        "date": situation.date,
        "layout": GRID_LAYOUT,
    }


def reissue_grid_documents(*, by: Any = None) -> tuple[list[Any], list[Any]]:
    """Render again, in place, every stored grid PDF of an earlier layout (one showing the
    learner's INE), as it was issued: the ratings, grade, status and date its sources kept, in
    today's layout (`documents.services.reissue_document`, audited). A grid already in today's
    layout is left as it is, so that running it twice re-issues nothing the second time.
    Returns the documents re-issued, and those left (their situation deleted)."""
    from ndrc.documents.models import GeneratedDocument
    from ndrc.documents.pdf import render_pdf
    from ndrc.documents.services import reissue_document

    reissued, left = [], []
    grids = GeneratedDocument.objects.filter(kind=GRID_KIND).order_by("pk")
    situations = AssessmentSituation.objects.select_related("learner__cohort__training_centre")
    for document in grids:
        sources = document.sources
        if sources.get("layout") == GRID_LAYOUT or not document.file:
            continue  # in today's layout, or its file removed (the learner's data erased)
        situation = situations.filter(pk=document.subject_id).first()
        if situation is None:  # its situation deleted: nothing to render it from
            left.append(document)
            continue
        issued = copy.copy(situation)  # as it was when the grid was issued
        issued.status = sources.get("status", situation.status)
        grade = sources.get("grade")
        issued.grade = Decimal(str(grade)) if grade is not None else None
        if sources.get("date"):
            issued.date = date.fromisoformat(sources["date"])
        ratings = sources.get("ratings", ratings_of(situation))
        pdf = render_pdf(GRID_TEMPLATE, _grid_context(issued, ratings))
        reissued.append(
            reissue_document(document, pdf=pdf, sources={**sources, "layout": GRID_LAYOUT}, by=by)
        )
    return reissued, left


# --- A cohort's filled grids in one ZIP, as a background job -----------------------------------


def build_cohort_grids(*, cohort: Cohort, by: Any, progress: Progress | None = None) -> JobResult:
    """Every filled grid of the cohort that `by` may print, each kept in its evaluation file
    (`grid_document`), and all of them in one ZIP. All or nothing: one grid refused, no grid kept.
    Runs as a background job (`ndrc.jobs`), reporting `progress(done, total)`."""
    situations = grid_situations(by, cohort)
    if not situations:
        raise ValidationError(
            _("Aucune grille CCF que vous puissiez imprimer dans cette promotion.")
        )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for done, situation in enumerate(situations):
            if progress:
                progress(done, len(situations), situation.learner.full_name)
            document = grid_document(situation=situation, by=by)
            with document.file.open("rb") as pdf:
                bundle.writestr(document.file.name.rsplit("/", 1)[-1], pdf.read())
        if progress:
            progress(len(situations), len(situations))
    name = f"grilles-ccf-{slugify(cohort.name)[:60] or cohort.pk}.zip"
    # Stored with the job in French, and its template: shown in the reader's language.
    return JobResult(
        summary=Message(
            gettext_noop(
                "%(count)s grille(s) CCF générée(s), chacune gardée dans son dossier d'évaluation."
            ),
            count=len(situations),
        ),
        file=ResultFile(name=name, content=archive.getvalue()),
    )
