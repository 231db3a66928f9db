"""Pages of the teaching year: gradebooks and their marks grid, a learner's marks, periods,
bulletins, the class council, the livret scolaire and the progress on the compétences.
Thin: validate, call one service or selector, render. Time enters here (Europe/Paris)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ndrc.core.permissions import Access, Action, can, is_manager
from ndrc.core.selectors import centres_of
from ndrc.core.ui.forms import VERSION, add_service_errors, labelled_errors, posted_record_or_404
from ndrc.core.ui.views import submit
from ndrc.core.versions import EditConflict, version_of
from ndrc.gradebook import selectors, services
from ndrc.gradebook.forms import (
    AssessmentForm,
    CoefficientForm,
    CouncilForm,
    GradebookForm,
    PeriodForm,
    ReferentForm,
    ReportForm,
    SchoolYearForm,
    SettingsForm,
    TextForm,
)
from ndrc.gradebook.models import (
    Appreciation,
    Decision,
    ExamOpinion,
    Period,
    RecordAppreciation,
    RecordObservations,
    Referent,
)
from ndrc.jobs.services import start_job
from ndrc.learners.models import Learner
from ndrc.learners.selectors import get_cohort_for, get_learner_for, is_own_record, visible_cohorts
from ndrc.regulation.explanation import Message

# How many characters a pasted column may hold (a class of 35 needs a few hundred).
MAX_COLUMN_BYTES = 20_000


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _period(request: HttpRequest, cohort, *, default_today: bool = True) -> Period | None:
    """The period asked for (`?periode=`), else the one of today; None for "every assessment"."""
    value = request.GET.get("periode", "")
    periods = selectors.periods_of(cohort)
    if value == "tout":
        return None
    if value:
        for period in periods:
            if str(period.pk) == value:
                return period
        raise Http404(_("Période introuvable."))
    return selectors.period_on(cohort, timezone.localdate()) if default_today else None


def _cohort_period(request: HttpRequest, cohort_pk: int, period_pk: int):
    cohort = get_cohort_for(request.user, cohort_pk)
    period = get_object_or_404(Period, pk=period_pk, training_centre_id=cohort.training_centre_id)
    return cohort, period


# --- Home of the area ----------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    cohorts = list(visible_cohorts(user))
    own = selectors.own_gradebooks(user).order_by("cohort__name", "module")
    learner = Learner.objects.filter(user=user, erased_on__isnull=True).first()
    if not cohorts and learner is not None:
        return redirect("gradebook:my_marks")
    if not cohorts and not own:
        # An apprenticeship master or tutor: the bulletins the centre shares with them, if any.
        supervised = selectors.supervised_bulletins(user, on=timezone.localdate())
        return render(request, "gradebook/supervised.html", {"supervised": supervised})
    return render(
        request,
        "gradebook/index.html",
        {
            "cohorts": cohorts,
            "own": own,
            "manages": is_manager(user),
        },
    )


@login_required
def cohort_page(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, cohort_pk)
    user = request.user
    gradebooks = cohort.gradebooks.select_related("teacher").order_by("module", "pk")
    referent = Referent.objects.filter(cohort=cohort).select_related("teacher").first()
    form = ReferentForm(
        request.POST or None,
        cohort=cohort,
        initial={"teacher": referent.teacher if referent else None},
    )
    manages = selectors.manages_cohort(user, cohort)
    if request.method == "POST" and not manages:
        raise PermissionDenied
    if response := submit(
        request,
        form,
        lambda: services.set_referent(
            cohort=cohort, teacher=form.cleaned_data["teacher"], by=user, version=form.version()
        ),
        success=_("Référent enregistré."),
        then=reverse("gradebook:cohort", args=[cohort.pk]),
    ):
        return response
    return render(
        request,
        "gradebook/cohort.html",
        {
            "cohort": cohort,
            "gradebooks": gradebooks,
            "periods": selectors.periods_of(cohort),
            "learners": selectors.cohort_learners(cohort),
            "referent": referent,
            "referent_form": form if manages else None,
            "may_open": bool(selectors.teachable_modules(user, cohort)),
            "may_lead": selectors.may_lead_council(user, cohort),
        },
        status=400 if form.errors else 200,
    )


# --- Gradebooks ----------------------------------------------------------------------------------


@login_required
def gradebook_create(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, cohort_pk)
    modules = selectors.teachable_modules(request.user, cohort)
    if not modules:
        raise PermissionDenied(_("Vous n'êtes pas affecté à cette promotion."))
    manages = selectors.manages_cohort(request.user, cohort)
    form = GradebookForm(request.POST or None, modules=modules, cohort=cohort, manages=manages)
    if response := submit(
        request,
        form,
        lambda: services.open_gradebook(
            cohort=cohort,
            module=form.cleaned_data["module"],
            teacher=form.cleaned_data.get("teacher") or request.user,
            coefficient=form.cleaned_data["coefficient"],
            by=request.user,
        ),
        success=_("Carnet de notes ouvert."),
        then=lambda gradebook: reverse("gradebook:gradebook", args=[gradebook.pk]),
    ):
        return response
    return render(
        request,
        "gradebook/form.html",
        {"form": form, "cohort": cohort, "title": _("Ouvrir un carnet de notes")},
        status=400 if form.errors else 200,
    )


@login_required
def gradebook_page(request: HttpRequest, pk: int) -> HttpResponse:
    gradebook = selectors.get_gradebook_for(request.user, pk)
    period = _period(request, gradebook.cohort)
    grid = selectors.gradebook_grid(gradebook, period=period, on=timezone.localdate())
    return render(
        request,
        "gradebook/gradebook.html",
        {
            "gradebook": gradebook,
            "grid": grid,
            "period": period,
            "periods": selectors.periods_of(gradebook.cohort),
            "may_change": can(request.user, Action.CHANGE, gradebook),
            "coefficient_form": CoefficientForm(
                initial={"coefficient": gradebook.coefficient}, gradebook=gradebook
            ),
        },
    )


@login_required
@require_POST
def gradebook_coefficient(request: HttpRequest, pk: int) -> HttpResponse:
    gradebook = selectors.get_gradebook_for(request.user, pk, Action.CHANGE)
    form = CoefficientForm(request.POST, gradebook=gradebook)
    if form.is_valid():
        try:
            services.update_gradebook(
                gradebook=gradebook,
                coefficient=form.cleaned_data["coefficient"],
                by=request.user,
                version=form.version(),
            )
        except ValidationError as error:
            # A conflict names both coefficients: the page shows the other's, to keep or retype.
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Coefficient enregistré."))
    elif form.non_field_errors():  # no version: the page is to be opened again
        messages.error(request, " ".join(form.non_field_errors()))
    else:
        messages.error(request, _("Coefficient invalide : un nombre positif est attendu."))
    return redirect("gradebook:gradebook", pk=gradebook.pk)


def _assessment_form_page(request, gradebook, form, *, assessment=None) -> HttpResponse:
    return render(
        request,
        "gradebook/assessment_form.html",
        {"form": form, "gradebook": gradebook, "assessment": assessment},
        status=400 if form.errors else 200,
    )


@login_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    gradebook = selectors.get_gradebook_for(request.user, pk, Action.CHANGE)
    form = AssessmentForm(
        request.POST or None,
        framework=gradebook.cohort.framework,
        initial={"date": timezone.localdate()},
    )
    if response := submit(
        request,
        form,
        lambda: services.create_assessment(
            gradebook=gradebook,
            competences=form.competences(),
            by=request.user,
            **form.assessment_fields(),
        ),
        success=_("Évaluation ajoutée : saisissez les notes."),
        then=reverse("gradebook:gradebook", args=[gradebook.pk]),
    ):
        return response
    return _assessment_form_page(request, gradebook, form)


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_assessment_for(request.user, pk, Action.CHANGE)
    gradebook = assessment.gradebook
    initial = {
        "title": assessment.title,
        "date": assessment.date,
        "kind": assessment.kind,
        "scale": assessment.scale,
        "weight": assessment.weight,
        **{f"competence-{t.competence}": t.level for t in assessment.competences.all()},
    }
    form = AssessmentForm(
        request.POST or None,
        framework=gradebook.cohort.framework,
        initial=initial,
        assessment=assessment,
    )
    if response := submit(
        request,
        form,
        lambda: services.update_assessment(
            assessment=assessment,
            changes=form.assessment_fields(),
            competences=form.competences(),
            by=request.user,
            version=form.version(),
        ),
        success=_("Évaluation modifiée."),
        then=reverse("gradebook:gradebook", args=[gradebook.pk]),
    ):
        return response
    return _assessment_form_page(request, gradebook, form, assessment=assessment)


@login_required
@require_POST
def assessment_publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_assessment_for(request.user, pk, Action.CHANGE)
    published = request.POST.get("published") == "1"
    services.publish_assessment(assessment=assessment, published=published, by=request.user)
    if published:
        messages.success(request, _("Notes publiées : chaque apprenant voit la sienne."))
    else:
        messages.success(request, _("Notes retirées de la vue des apprenants."))
    return redirect("gradebook:gradebook", pk=assessment.gradebook_id)


@login_required
@require_POST
def assessment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_assessment_for(request.user, pk, Action.CHANGE)
    gradebook_pk = assessment.gradebook_id
    services.delete_assessment(assessment=assessment, by=request.user)
    messages.success(request, _("Évaluation supprimée."))
    return redirect("gradebook:gradebook", pk=gradebook_pk)


def _grid_update(request, assessment, learners, *, error: str = "", status: int = 200):
    """The cells, averages and column figures that changed, swapped in place (htmx)."""
    period = _period(request, assessment.gradebook.cohort)
    on = timezone.localdate()
    cells = selectors.cell_updates(assessment, learners, period=period, on=on)
    in_period = period is None or period.covers(assessment.date)
    return render(
        request,
        "gradebook/_grid_update.html",
        {
            "assessment": assessment,
            "cells": cells,
            "column": selectors.column_of(assessment, on=on) if in_period else None,
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def mark_save(request: HttpRequest, pk: int, learner_pk: int) -> HttpResponse:
    """htmx: save one cell of the grid; answers the cell, the learner's average and the column's
    figures (or the refusal, the cell left as typed)."""
    assessment = selectors.get_assessment_for(request.user, pk, Action.CHANGE)
    learner = get_object_or_404(
        Learner, pk=learner_pk, cohort_id=assessment.gradebook.cohort_id, erased_on__isnull=True
    )
    raw = request.POST.get("value")
    try:
        if raw is None:  # an emptied cell sends "" (the mark removed); a post without it, nothing
            raise ValidationError(_("aucune note reçue, rien n'a été enregistré."))
        services.enter_mark(assessment=assessment, learner=learner, raw=raw, by=request.user)
    except ValidationError as error:
        message = f"{learner.full_name} : {' '.join(error.messages)}"
        return render(
            request,
            "gradebook/_grid_error.html",
            {"assessment": assessment, "learner": learner, "raw": raw or "", "error": message},
            status=422,
        )
    return _grid_update(request, assessment, [learner])


@login_required
@require_POST
def column_save(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: a column pasted from a spreadsheet, from one learner down: all or nothing."""
    assessment = selectors.get_assessment_for(request.user, pk, Action.CHANGE)
    text = request.POST.get("values", "")
    try:
        if len(text) > MAX_COLUMN_BYTES:
            raise ValueError
        rows = json.loads(text)
        pairs = [(int(learner_pk), str(raw)) for learner_pk, raw in rows]
    except (ValueError, TypeError):
        return _grid_update(
            request, assessment, [], error=_("Colonne collée illisible."), status=422
        )
    learners = {
        learner.pk: learner
        for learner in Learner.objects.filter(
            pk__in=[p for p, _raw in pairs],
            cohort_id=assessment.gradebook.cohort_id,
            erased_on__isnull=True,
        )
    }
    if len(learners) != len({p for p, _raw in pairs}):
        raise Http404(_("Apprenant introuvable."))
    values = [(learners[p], raw) for p, raw in pairs]
    try:
        services.enter_column(assessment=assessment, values=values, by=request.user)
    except ValidationError as error:
        return _grid_update(
            request,
            assessment,
            [],
            error=_("Rien n'a été enregistré. ") + " ".join(error.messages),
            status=422,
        )
    return _grid_update(request, assessment, [learner for learner, _raw in values])


@login_required
def appreciations(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """The gradebook's appreciations of a period, one per learner, each saved as it is typed."""
    gradebook = selectors.get_gradebook_for(request.user, pk)
    period = get_object_or_404(
        Period, pk=period_pk, training_centre_id=gradebook.cohort.training_centre_id
    )
    grid = selectors.gradebook_grid(gradebook, period=period, on=period.end)
    texts = dict(
        Appreciation.objects.filter(gradebook=gradebook, period=period).values_list(
            "learner_id", "text"
        )
    )
    rows = [(row, texts.get(row.learner.pk, "")) for row in grid.rows]
    return render(
        request,
        "gradebook/appreciations.html",
        {
            "gradebook": gradebook,
            "period": period,
            "rows": rows,
            "may_change": can(request.user, Action.CHANGE, gradebook),
        },
    )


def _save_as_typed(request: HttpRequest, form, target: str, write, version_now=None, allowed=True):
    """htmx: a text typed in a page saved as it goes: `write(cleaned_data)` if the form is
    valid; the answer says "saved" or the refusal, in place (422 when refused).

    A form with its version (`VersionMixin`): the answer also replaces the page's version, by
    `version_now()` after a save (the next change goes on from it), by the record's present one
    after a conflict (each field named, both values: changing it again keeps the user's).
    Not `allowed`: refused (403) before the form is read."""
    if not allowed:
        raise PermissionDenied
    error, version = "", None
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except EditConflict as conflict:
            add_service_errors(form, conflict)
            error = " ".join(labelled_errors(form))
            version = form.data[form.add_prefix(VERSION)]
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            version = version_now() if version_now else None
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    return render(
        request,
        "gradebook/_saved.html",
        {
            "error": error,
            "target": target,
            "version": version,
            "version_field": form[VERSION] if version else None,
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def appreciation_save(request: HttpRequest, pk: int, period_pk: int, learner_pk: int):
    gradebook = selectors.get_gradebook_for(request.user, pk, Action.CHANGE)
    period = get_object_or_404(
        Period, pk=period_pk, training_centre_id=gradebook.cohort.training_centre_id
    )
    learner = get_object_or_404(Learner, pk=learner_pk, cohort_id=gradebook.cohort_id)
    present = lambda: selectors.written_text(  # noqa: E731
        Appreciation, gradebook=gradebook, learner=learner, period=period
    )
    form = TextForm(request.POST, learner=learner, present=present(), auto_id=f"%s-{learner.pk}")
    return _save_as_typed(
        request,
        form,
        f"saved-{learner.pk}",
        lambda data: services.write_appreciation(
            gradebook=gradebook,
            learner=learner,
            period=period,
            text=data["text"],
            by=request.user,
            version=form.version(),
        ),
        version_now=lambda: selectors.text_version(learner, present()),
    )


# --- A learner's own marks -----------------------------------------------------------------------


def _own_learner(request: HttpRequest) -> Learner:
    learner = Learner.objects.filter(user=request.user, erased_on__isnull=True).first()
    if learner is None:
        raise Http404(_("Aucun dossier d'apprenant n'est lié à votre compte."))
    return learner


@login_required
def my_marks(request: HttpRequest) -> HttpResponse:
    learner = _own_learner(request)
    period = _period(request, learner.cohort, default_today=False)
    return render(
        request,
        "gradebook/my_marks.html",
        {
            "learner": learner,
            "period": period,
            "periods": selectors.periods_of(learner.cohort),
            "gradebooks": selectors.learner_marks(
                learner, period=period, published_only=True, on=timezone.localdate()
            ),
        },
    )


@login_required
def learner_bulletins(request: HttpRequest, learner_pk: int) -> HttpResponse:
    """The bulletins of a learner a reader may see (all for staff; published ones otherwise)."""
    learner = get_object_or_404(
        Learner.objects.select_related("cohort"), pk=learner_pk, erased_on__isnull=True
    )
    periods = [
        p
        for p in selectors.periods_of(learner.cohort)
        if selectors.report_access(request.user, Action.VIEW, learner, p) is Access.ALLOWED
    ]
    is_self = is_own_record(request.user, learner)
    if not (periods or is_self or selectors.is_staff_of(request.user, learner.cohort)):
        raise Http404(_("Apprenant introuvable."))
    return render(
        request, "gradebook/learner_bulletins.html", {"learner": learner, "periods": periods}
    )


@login_required
def my_bulletins(request: HttpRequest) -> HttpResponse:
    return redirect("gradebook:learner_bulletins", learner_pk=_own_learner(request).pk)


# --- Periods and the centre's settings -----------------------------------------------------------


def _managed_centre(request: HttpRequest):
    centres = [c for c in centres_of(request.user) if is_manager(request.user, c)]
    if not centres:
        raise PermissionDenied(_("Page réservée au responsable de formation."))
    wanted = request.GET.get("centre") or request.POST.get("centre")
    for centre in centres:
        if str(centre.pk) == wanted:
            return centre, centres
    return centres[0], centres


@login_required
def periods(request: HttpRequest) -> HttpResponse:
    centre, centres = _managed_centre(request)
    settings_form = SettingsForm(initial=selectors.settings_values(centre), centre=centre)
    period_form = PeriodForm()
    year_form = SchoolYearForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "settings":
                settings_form = SettingsForm(request.POST, centre=centre)
                if not settings_form.is_valid():
                    raise ValidationError(_("Réglages invalides."))
                services.save_settings(
                    training_centre=centre,
                    by=request.user,
                    version=settings_form.version(),
                    **settings_form.changes(),
                )
            elif action == "period":
                period_form = PeriodForm(request.POST)
                if not period_form.is_valid():
                    raise ValidationError(_("Période invalide."))
                services.create_period(
                    training_centre=centre, by=request.user, **period_form.cleaned_data
                )
            elif action == "year":
                year_form = SchoolYearForm(request.POST)
                if not year_form.is_valid():
                    raise ValidationError(_("Date de rentrée invalide."))
                services.create_school_year(
                    training_centre=centre, by=request.user, **year_form.cleaned_data
                )
            elif action == "delete":
                period = posted_record_or_404(
                    Period.objects.filter(training_centre=centre), request.POST, "period"
                )
                services.delete_period(period=period, by=request.user)
            else:
                raise Http404
        except ValidationError as error:
            form = {"settings": settings_form, "period": period_form, "year": year_form}.get(action)
            if form is not None and form.is_bound and not form.errors:
                add_service_errors(form, error)
            elif form is None or not form.is_bound:
                messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("Enregistré."))
            return redirect(f"{request.path}?centre={centre.pk}")
    return render(
        request,
        "gradebook/periods.html",
        {
            "centre": centre,
            "centres": centres,
            "periods": Period.objects.filter(training_centre=centre),
            "settings_form": settings_form,
            "period_form": period_form,
            "year_form": year_form,
        },
        status=status,
    )


# --- Bulletins -----------------------------------------------------------------------------------


@login_required
def cohort_bulletins(request: HttpRequest, cohort_pk: int, period_pk: int) -> HttpResponse:
    cohort, period = _cohort_period(request, cohort_pk, period_pk)
    reports = selectors.cohort_reports(cohort, period)
    return render(
        request,
        "gradebook/cohort_bulletins.html",
        {
            "cohort": cohort,
            "period": period,
            "reports": reports,
            "manages": selectors.manages_cohort(request.user, cohort),
        },
    )


@login_required
@require_POST
def cohort_bulletins_publish(request: HttpRequest, cohort_pk: int, period_pk: int):
    cohort, period = _cohort_period(request, cohort_pk, period_pk)
    if not selectors.manages_cohort(request.user, cohort):
        raise PermissionDenied
    council = services.prepare_council(cohort=cohort, period=period, by=request.user)
    published = request.POST.get("published") == "1"
    services.publish_reports(council=council, published=published, by=request.user)
    if published:
        messages.success(request, _("Bulletins publiés aux apprenants."))
    else:
        messages.success(request, _("Bulletins retirés de la vue des apprenants."))
    return redirect("gradebook:cohort_bulletins", cohort_pk=cohort.pk, period_pk=period.pk)


@login_required
@require_POST
def cohort_bulletins_pdf(request: HttpRequest, cohort_pk: int, period_pk: int):
    """Every bulletin of the cohort's period in one PDF: a background job, followed on its page."""
    cohort, period = _cohort_period(request, cohort_pk, period_pk)
    council = selectors.council_of(cohort, period) or services.prepare_council(
        cohort=cohort, period=period, by=request.user
    )
    job = start_job(
        services.build_cohort_bulletins,
        by=request.user,
        title=Message(
            gettext_noop("Bulletins %(period)s — %(cohort)s"),
            period=period.name,
            cohort=cohort.name,
        ),
        arguments={"council": council},
        training_centre=cohort.training_centre,
        return_url=reverse("gradebook:cohort_bulletins", args=[cohort.pk, period.pk]),
    )
    return redirect(job.get_absolute_url())


def _bulletin_learner(request: HttpRequest, learner_pk: int, period_pk: int):
    learner = get_object_or_404(
        Learner.objects.select_related("cohort"), pk=learner_pk, erased_on__isnull=True
    )
    period = get_object_or_404(
        Period, pk=period_pk, training_centre_id=learner.cohort.training_centre_id
    )
    if selectors.report_access(request.user, Action.VIEW, learner, period) is not Access.ALLOWED:
        raise Http404(_("Bulletin introuvable."))
    return learner, period


@login_required
def bulletin(request: HttpRequest, learner_pk: int, period_pk: int) -> HttpResponse:
    learner, period = _bulletin_learner(request, learner_pk, period_pk)
    reports = selectors.cohort_reports(learner.cohort, period)
    return render(
        request,
        "gradebook/bulletin.html",
        {"bulletin": reports.bulletin(learner), "council": reports.council},
    )


@login_required
@require_POST
def bulletin_pdf(request: HttpRequest, learner_pk: int, period_pk: int) -> HttpResponse:
    learner, period = _bulletin_learner(request, learner_pk, period_pk)
    document = services.bulletin_document(learner=learner, period=period, by=request.user)
    return redirect("documents:download", pk=document.pk)


# --- The class council ---------------------------------------------------------------------------


@login_required
def council(request: HttpRequest, cohort_pk: int, period_pk: int) -> HttpResponse:
    """The screen of the meeting: learner by learner, marks, appreciations, absences, alerts;
    the general appreciation and the decision saved as they are typed."""
    cohort, period = _cohort_period(request, cohort_pk, period_pk)
    may_lead = selectors.may_lead_council(request.user, cohort)
    record = selectors.council_of(cohort, period)
    if record is None and may_lead:
        record = services.prepare_council(cohort=cohort, period=period, by=request.user)
    form = CouncilForm(request.POST or None, instance=record)
    if request.method == "POST" and (not may_lead or record is None):
        raise PermissionDenied
    if response := submit(
        request,
        form,
        lambda: services.update_council(
            council=record, changes=form.changes(), by=request.user, version=form.version()
        ),
        success=_("Conseil de classe enregistré."),
        then=reverse("gradebook:council", args=[cohort.pk, period.pk]),
    ):
        return response
    calendars = selectors.calendars_of(cohort)
    reports = selectors.cohort_reports(
        cohort,
        period,
        learners=selectors.council_learners(cohort),
        council=record,
        contexts=calendars,
    )
    reports.risks = selectors.risks_of(
        reports.learners, on=timezone.localdate(), contexts=calendars
    )
    final_year = cohort.year_on(period.start) == 2
    entries = []
    for item in reports.bulletins():
        report = item.report
        report_form = None  # the lines are typed by who leads the council only
        if may_lead:
            initial = {
                "general_appreciation": report.general_appreciation if report else "",
                "decision": report.decision if report else "",
                "exam_opinion": report.exam_opinion if report else "",
            }
            report_form = ReportForm(
                initial=initial,
                final_year=final_year,
                prefix=f"l{item.learner.pk}",
                learner=item.learner,
                values=initial,
            )
        entries.append(
            (
                item,
                report_form,
                reports.risks.get(item.learner.pk, []),
            )
        )
    return render(
        request,
        "gradebook/council.html",
        {
            "cohort": cohort,
            "period": period,
            "council": record,
            "form": form if may_lead else None,
            "entries": entries,
            "reports": reports,
            "may_lead": may_lead,
            "final_year": final_year,
            # Translated once for the page, not once per learner's line.
            "decisions": [(code, str(label)) for code, label in Decision.choices],
            "opinions": [(code, str(label)) for code, label in ExamOpinion.choices],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def council_entry(request: HttpRequest, cohort_pk: int, period_pk: int, learner_pk: int):
    """htmx: one learner's general appreciation, decision and opinion, saved as typed."""
    cohort, period = _cohort_period(request, cohort_pk, period_pk)
    learner = get_object_or_404(Learner, pk=learner_pk, cohort=cohort, erased_on__isnull=True)
    final_year = cohort.year_on(period.start) == 2
    line = lambda: selectors.report_values(learner, period)  # noqa: E731
    form = ReportForm(
        request.POST,
        final_year=final_year,
        prefix=f"l{learner.pk}",
        learner=learner,
        values=line(),
    )
    # The whole line is posted each time, with its version: only the user's changes are saved.
    return _save_as_typed(
        request,
        form,
        f"saved-{learner.pk}",
        lambda data: services.write_report(
            learner=learner,
            period=period,
            changes=form.changes(),
            by=request.user,
            version=form.version(),
        ),
        version_now=lambda: version_of(learner, selectors.REPORT_FIELDS, values=line()),
        allowed=selectors.may_lead_council(request.user, cohort),
    )


@login_required
@require_POST
def council_minutes(request: HttpRequest, cohort_pk: int, period_pk: int) -> HttpResponse:
    cohort, period = _cohort_period(request, cohort_pk, period_pk)
    record = selectors.council_of(cohort, period)
    if record is None:
        raise Http404(_("Conseil de classe introuvable."))
    document = services.council_minutes_document(
        council=record, on=timezone.localdate(), by=request.user
    )
    return redirect("documents:download", pk=document.pk)


# --- Livret scolaire and progress on the compétences ---------------------------------------------


def _reads_own(request: HttpRequest, learner: Learner) -> bool:
    """A learner reading their own livret or progress sees published marks only."""
    return not selectors.is_staff_of(request.user, learner.cohort)


@login_required
def school_record(request: HttpRequest, learner_pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    published_only = _reads_own(request, learner)
    record = selectors.school_record(learner, published_only=published_only)
    teaches = set(
        request.user.gradebooks.filter(cohort_id=learner.cohort_id).values_list("module", flat=True)
    )
    manages = selectors.manages_cohort(request.user, learner.cohort)
    writable = {
        code
        for code, _t, _c, _o, modules in selectors.record_lines(learner.cohort)
        if manages or teaches & set(modules)
    }
    return render(
        request,
        "gradebook/school_record.html",
        {
            "record": record,
            "learner": learner,
            "writable": writable if not published_only else set(),
            "may_lead": selectors.may_lead_council(request.user, learner.cohort),
            "show_ine": can(request.user, Action.VIEW_IDENTIFIERS, learner),
        },
    )


def _may(require, **kwargs) -> bool:
    """Whether `require(**kwargs)` lets the user act (a service's check, not raising; its
    other refusals are the service's to give, in place)."""
    try:
        require(**kwargs)
    except PermissionDenied:
        return False
    except ValidationError:
        return True
    return True


@login_required
@require_POST
def record_appreciation_save(request: HttpRequest, learner_pk: int, unit: str) -> HttpResponse:
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    present = lambda: selectors.written_text(RecordAppreciation, learner=learner, unit=unit)  # noqa: E731
    form = TextForm(request.POST, learner=learner, present=present(), auto_id=f"%s-{unit}")
    return _save_as_typed(
        request,
        form,
        f"saved-{unit}",
        lambda data: services.write_record_appreciation(
            learner=learner, unit=unit, text=data["text"], by=request.user, version=form.version()
        ),
        version_now=lambda: selectors.text_version(learner, present()),
        allowed=_may(
            services.require_record_appreciation_writer, learner=learner, unit=unit, by=request.user
        ),
    )


@login_required
@require_POST
def record_observations_save(request: HttpRequest, learner_pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    present = lambda: selectors.written_text(RecordObservations, learner=learner)  # noqa: E731
    form = TextForm(request.POST, learner=learner, present=present(), auto_id="%s-observations")
    return _save_as_typed(
        request,
        form,
        "saved-observations",
        lambda data: services.write_record_observations(
            learner=learner, text=data["text"], by=request.user, version=form.version()
        ),
        version_now=lambda: selectors.text_version(learner, present()),
        allowed=selectors.may_lead_council(request.user, learner.cohort),
    )


@login_required
@require_POST
def school_record_pdf(request: HttpRequest, learner_pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    document = services.school_record_document(
        learner=learner, by=request.user, published_only=_reads_own(request, learner)
    )
    return redirect("documents:download", pk=document.pk)


@login_required
def competences(request: HttpRequest, learner_pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    blocks = selectors.competence_progress(
        learner, published_only=_reads_own(request, learner), on=timezone.localdate()
    )
    return render(request, "gradebook/competences.html", {"learner": learner, "blocks": blocks})
