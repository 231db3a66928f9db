"""CCF pages: a cohort's plan, a situation (commission, grid, grade), a learner's own results,
and the filled grid as a PDF. Thin: validate, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ndrc.assessments import selectors, services
from ndrc.assessments.forms import DocumentForm, GradeForm, MemberForm, PlanForm, RescheduleForm
from ndrc.assessments.models import (
    AssessmentSituation,
    CommissionMember,
    Exam,
    Level,
    SituationCode,
    Status,
)
from ndrc.core.permissions import Action
from ndrc.core.ui.forms import posted_record_or_404
from ndrc.core.ui.views import paginated, submit
from ndrc.exams.selectors import own_results_published
from ndrc.jobs.services import start_job
from ndrc.learners.selectors import get_cohort_for, learners_of_cohort, visible_cohorts
from ndrc.regulation.explanation import Message

COLUMNS = [(e, s) for e in Exam.values for s in SituationCode.values]


def _name(user) -> str:
    return user.get_full_name() or user.username


@login_required
def index(request: HttpRequest) -> HttpResponse:
    cohorts = visible_cohorts(request.user)
    own = selectors.own_situations(request.user)
    if not cohorts.exists() and own.exists():
        return redirect("assessments:my_results")
    sitting = selectors.sitting_in(request.user)
    return render(
        request,
        "assessments/index.html",
        {"cohorts": cohorts, "sitting": sitting.order_by("date")},
    )


@login_required
def to_grade(request: HttpRequest) -> HttpResponse:
    """The situations the teacher has to grade, a page at a time (the dashboard shows the
    first)."""
    situations = selectors.situations_to_grade(request.user, on=timezone.localdate())
    page, params = paginated(request, situations)
    return render(request, "assessments/to_grade.html", {"page": page, "params": params})


@login_required
def cohort_plan(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk)
    may_plan = any(selectors.may_plan(request.user, cohort, exam) for exam in Exam.values)
    form = PlanForm(request.POST or None, cohort=cohort)
    status = 200
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan = services.plan_for_cohort(cohort=cohort, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                status = 400
            else:
                messages.success(
                    request,
                    _("%(count)s situation(s) planifiée(s).") % {"count": len(plan.created)},
                )
                for learner, why in plan.skipped:
                    messages.info(request, f"{learner.full_name} : {why}")
                return redirect("assessments:cohort", pk=cohort.pk)
        else:
            status = 400
    plan = selectors.situations_of_cohort(cohort)
    # Only their names are shown: not their cohort (known).
    learners = learners_of_cohort(request.user, cohort).select_related(None)
    rows = [
        (learner, [plan.get(learner.pk, {}).get(e + s) for e, s in COLUMNS]) for learner in learners
    ]
    return render(
        request,
        "assessments/cohort.html",
        {
            "cohort": cohort,
            "columns": COLUMNS,
            "rows": rows,
            "form": form if may_plan else None,
        },
        status=status,
    )


# What the situation's page asks of its reader, beside viewing it.
_PAGE_ACTIONS = (Action.CHANGE, Action.VIEW_GRADES)


def _situation_context(
    request: HttpRequest,
    situation: AssessmentSituation,
    reschedule_form: RescheduleForm | None = None,
    members: list[CommissionMember] | None = None,
    allowed: dict[str, bool] | None = None,
) -> dict:
    """`members` (`selectors.commission_of`) and `allowed` (`situation_permissions` of the
    change and the grades), when the caller has them."""
    user = request.user
    # Read once for the rules below and the page: the members, the ratings.
    if members is None:
        members = selectors.members_of(situation)
    if allowed is None:
        allowed = selectors.situation_permissions(user, situation, *_PAGE_ACTIONS)
    may_change = allowed[Action.CHANGE] and situation.status in (Status.PLANNED, Status.HELD)
    may_grade = selectors.may_grade(user, situation, members)
    may_rate = may_grade and situation.status in (Status.HELD, Status.GRADE_PROPOSED)
    may_confirm = may_grade and situation.status == Status.GRADE_PROPOSED
    sees_grades = allowed[Action.VIEW_GRADES]
    rules = selectors.rules_of(situation)
    situation_rules = rules.situation(situation.situation)
    # The grid and its check are shown to who sees the grades alone.
    shows_grid = sees_grades and situation_rules.has_grid
    ratings = selectors.ratings_of(situation) if shows_grid else {}
    return {
        "situation": situation,
        "learner": situation.learner,
        "members": members,
        "commission": services.commission_decision(situation, members),
        "commission_text": rules.commission_text,
        "commission_note": rules.commission_note,
        "situation_rules": situation_rules,
        "grid": selectors.grid_of(situation, ratings) if shows_grid else [],
        "grid_complete": selectors.grid_decision(situation, ratings) if shows_grid else None,
        "levels": Level.choices,
        "sees_grades": sees_grades,
        "may_change": may_change,
        "may_grade": may_grade,
        "may_mark_held": may_grade and situation.status == Status.PLANNED,
        "may_rate": may_rate,
        "may_confirm": may_confirm,
        # Sent back with a confirmation: for who may confirm alone.
        "proposal_version": services.proposal_version(situation) if may_confirm else "",
        "member_form": MemberForm(situation=situation, members=members) if may_change else None,
        "reschedule_form": (
            reschedule_form or RescheduleForm(situation=situation)
            if may_change and situation.status == Status.PLANNED
            else None
        ),
        "grade_form": GradeForm(
            initial={"grade": situation.grade, "observations": situation.observations}
        )
        if may_rate
        else None,
        "documents": selectors.documents_of(situation) if sees_grades else [],
        "document_form": DocumentForm(),
        # The evaluation file's keeping, shown with the file: to who sees the grades alone.
        "retention": services.file_retention(situation, on=timezone.localdate())
        if sees_grades
        else None,
    }


@login_required
def situation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    situation, members, allowed = selectors.get_situation_with_permissions(
        request.user, pk, *_PAGE_ACTIONS
    )
    context = _situation_context(request, situation, members=members, allowed=allowed)
    return render(request, "assessments/situation.html", context)


@login_required
@require_POST
def situation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One write on a situation; a refusal comes back as a message on the situation page."""
    situation = selectors.get_situation_for(request.user, pk)
    user = request.user
    reschedule_form = None
    try:
        if action == "commission":
            form = MemberForm(request.POST, situation=situation)
            if not form.is_valid():
                raise ValidationError(_("Choisissez une personne de la liste."))
            member = services.add_member(
                situation=situation, user=form.cleaned_data["user"], by=user
            )
            done = _("%(name)s siège dans la commission.") % {"name": _name(member.user)}
        elif action == "retirer":
            member = posted_record_or_404(situation.commission_members, request.POST, "member")
            services.remove_member(member=member, by=user)
            done = _("%(name)s ne siège plus dans la commission.") % {"name": _name(member.user)}
        elif action == "reporter":
            # Refused: the form comes back with what was typed, each error next to its field.
            form = reschedule_form = RescheduleForm(request.POST, situation=situation)
            if saved := submit(
                request,
                form,
                lambda: services.reschedule(
                    situation=situation,
                    date=form.cleaned_data["date"],
                    place=form.cleaned_data["place"],
                    version=form.version(),
                    by=user,
                ),
                success=_("Date et lieu enregistrés."),
                then=reverse("assessments:situation", args=[situation.pk]),
            ):
                return saved
            raise ValidationError(_("Date et lieu non enregistrés : voyez le formulaire."))
        elif action == "realisee":
            services.mark_held(situation=situation, by=user)
            done = _("Situation marquée réalisée : la grille peut être remplie.")
        elif action == "note":
            form = GradeForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Saisissez une note."))
            services.propose_grade(situation=situation, by=user, **form.cleaned_data)
            done = _("Note proposée : la commission doit encore la confirmer.")
        elif action == "confirmer":
            # What the page showed: refused when the grade was proposed again since.
            seen = request.POST.get("seen", "")
            services.confirm_grade(situation=situation, seen=seen, by=user)
            done = _("Note confirmée : elle est proposée au jury.")
        elif action == "document":
            form = DocumentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Titre et fichier sont requis."))
            services.add_document(situation=situation, by=user, **form.cleaned_data)
            done = _("Document joint au dossier d'évaluation.")
        else:
            return HttpResponse(status=404)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        context = _situation_context(request, situation, reschedule_form)
        return render(request, "assessments/situation.html", context, status=400)
    messages.success(request, done)
    return redirect("assessments:situation", pk=situation.pk)


@login_required
@require_POST
def rate(request: HttpRequest, pk: int, criterion: str) -> HttpResponse:
    """htmx: rate one critère; returns the grid row (or the error in it)."""
    situation = selectors.get_situation_for(request.user, pk)
    error = None
    try:
        services.rate_criterion(
            situation=situation,
            criterion=criterion,
            level=request.POST.get("level", ""),
            by=request.user,
        )
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    row = next((r for r in selectors.grid_of(situation) if r.code == criterion), None)
    if row is None:
        return HttpResponse(status=404)
    context = {
        "row": row,
        "situation": situation,
        "levels": Level.choices,
        "may_rate": True,
        "error": error,
        # The grid's completeness above the grid follows each rating (an out-of-band swap).
        "grid_complete": selectors.grid_decision(situation),
        "oob": True,
    }
    return render(request, "assessments/_rated.html", context, status=400 if error else 200)


@login_required
@require_POST
def grid_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate the filled grid as a PDF, kept in the evaluation file with what it was made from
    (documents app), then send the reader to its checked download. A POST: it stores and audits."""
    situation = selectors.get_situation_for(request.user, pk, Action.VIEW_GRADES)
    try:
        document = services.grid_document(situation=situation, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("assessments:situation", pk=situation.pk)
    return redirect("documents:download", pk=document.pk)


@login_required
@require_POST
def cohort_grids(request: HttpRequest, pk: int) -> HttpResponse:
    """Every filled grid of the cohort in one ZIP: a background job, followed on its page."""
    cohort = get_cohort_for(request.user, pk)
    if not selectors.grid_situations(request.user, cohort):
        messages.error(
            request, _("Aucune grille CCF que vous puissiez imprimer dans cette promotion.")
        )
        return redirect("assessments:cohort", pk=cohort.pk)
    job = start_job(
        services.build_cohort_grids,
        by=request.user,
        title=Message(gettext_noop("Grilles CCF — %(cohort)s"), cohort=str(cohort)),
        arguments={"cohort": cohort},
        training_centre=cohort.training_centre,
        return_url=reverse("assessments:cohort", args=[cohort.pk]),
    )
    return redirect(job.get_absolute_url())


@login_required
def evaluation_document(request: HttpRequest, pk: int) -> FileResponse:
    """A document of a situation's evaluation file, for those who see its grades."""
    document = selectors.get_evaluation_document_for(request.user, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    situations = selectors.own_situations(request.user).order_by("date")
    published = own_results_published(request.user)
    return render(
        request,
        "assessments/my_results.html",
        {"situations": situations, "published": published},
    )
