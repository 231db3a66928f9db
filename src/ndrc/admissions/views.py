"""The centre's pages of admissions (training manager, disability referent, administrator).

Reads go through `admissions.selectors` and `admissions.access` (404 out of reach, 403 when
the role may not), writes through the services (`services`, `company_search`, `enrolment`,
`parcoursup`). Time enters here: `timezone.localdate()` and `timezone.now()`.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from ndrc.admissions import company_search, enrolment, parcoursup, selectors, services
from ndrc.admissions.access import (
    get_application_for,
    get_intake_for,
    get_offer_for,
    managed_centres,
    may_manage,
    may_record_adaptation,
    may_use_admissions,
    visible_applications,
)
from ndrc.admissions.forms import (
    AdaptationForm,
    ApplicationForm,
    BulkMoveForm,
    CloseForm,
    CommitmentForm,
    CompanyApplicationForm,
    CriterionForm,
    DocumentForm,
    EnrolForm,
    FilterForm,
    IntakeForm,
    InterviewForm,
    MoveForm,
    PositioningForm,
    ProposeForm,
    ReferentForm,
    SignedForm,
    StaffOfferForm,
    StageSettingForm,
    StatusForm,
    UploadForm,
)
from ndrc.admissions.models import (
    Adaptation,
    CompanyApplication,
    CompanyApplicationStatus,
    DisabilityReferent,
    EmailStep,
    Intake,
    InterviewCriterion,
    OfferStatus,
    Outcome,
    ParcoursupUpload,
    Source,
)
from ndrc.admissions.tokens import link_template
from ndrc.companies.selectors import visible_companies, visible_contacts
from ndrc.contracts.services import WarningsToConfirm
from ndrc.core.audit import acting_as
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import Action, can
from ndrc.core.selectors import history_of
from ndrc.core.tabular import TabularError
from ndrc.core.ui.forms import add_service_errors
from ndrc.core.ui.history import history_rows
from ndrc.core.ui.views import form_page, paginated, submit
from ndrc.imports.services import Progress
from ndrc.jobs.services import start_job
from ndrc.learners.models import Cohort
from ndrc.regulation.explanation import Message

STREAM_MARK = "<!-- import-stream -->"  # where the streamed report goes (imports' convention)


# ---------------------------------------------------------------------------------------------
# Helpers


def _require_admissions(user: Any) -> None:
    if not may_use_admissions(user):
        raise PermissionDenied(_("Les admissions sont réservées à l'équipe du centre."))


def _require_manager(user: Any) -> None:
    if not may_manage(user):
        raise PermissionDenied(_("Action réservée au responsable de formation."))


def _centres(user: Any):
    managed = managed_centres(user)
    centres = TrainingCentre.objects.all()
    return centres if managed is None else centres.filter(pk__in=managed)


def _cohorts(user: Any):
    return Cohort.objects.filter(training_centre__in=_centres(user)).select_related(
        "training_centre"
    )


def _back_to(application_pk: int) -> str:
    return reverse("admissions:application", args=[application_pk])


def _form_page(request: HttpRequest, template: str, context: dict, form: Any) -> HttpResponse:
    status = 400 if form.is_bound else 200
    return render(request, template, {"form": form, **context}, status=status)


# ---------------------------------------------------------------------------------------------
# Intakes


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require_admissions(request.user)
    on = timezone.localdate()
    intakes = selectors.intakes_with_counts(request.user)
    places = {i.cohort_id: enrolment.places_of(i.cohort) for i in intakes}
    context = {
        "intakes": [(i, places[i.cohort_id]) for i in intakes],
        "panel": selectors.manager_panel(request.user, on=on),
        "centres": _centres(request.user) if may_manage(request.user) else [],
        "may_manage": may_manage(request.user),
    }
    return render(request, "admissions/index.html", context)


@login_required
def intake_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = IntakeForm(request.POST or None, cohorts=_cohorts(request.user))

    @transaction.atomic  # the intake and its cohort's places, or neither
    def create() -> Intake:
        data = dict(form.cleaned_data)
        places = data.pop("places")
        intake = services.create_intake(by=request.user, now=timezone.now(), **data)
        services.set_places(cohort=intake.cohort, places=places, by=request.user)
        return intake

    if response := submit(
        request,
        form,
        create,
        success=_("La session de recrutement est créée."),
        then=lambda intake: reverse("admissions:intake", args=[intake.pk]),
    ):
        return response
    return _form_page(request, "admissions/intake_form.html", {}, form)


@login_required
def intake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    intake = get_intake_for(request.user, pk)
    places = enrolment.places_of(intake.cohort)
    form = IntakeForm(
        request.POST or None, cohorts=_cohorts(request.user), intake=intake, places=places.places
    )

    def save() -> None:
        services.update_intake_settings(
            intake=intake,
            changes=form.changes(),
            places=form.cleaned_data["places"],
            by=request.user,
            version=form.version(),
        )

    if response := submit(
        request, form, save, success=_("La session est enregistrée."), then=request.path
    ):
        return response
    context = {
        "intake": intake,
        "places": places,
        "public_url": request.build_absolute_uri(
            reverse("admissions:apply", args=[intake.public_key])
        ),
        "accepts": services.intake_accepts(intake, on=timezone.localdate()),
        "uploads": ParcoursupUpload.objects.filter(intake=intake)[:10],
        "may_change": can(request.user, Action.CHANGE, intake),
    }
    return _form_page(request, "admissions/intake_detail.html", context, form)


@login_required
@require_POST
def intake_open(request: HttpRequest, pk: int) -> HttpResponse:
    intake = get_intake_for(request.user, pk, Action.CHANGE)
    is_open = request.POST.get("open") == "1"
    try:
        services.update_intake(intake=intake, changes={"is_open": is_open}, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Le formulaire public est ouvert.")
            if is_open
            else _("Le formulaire public est fermé."),
        )
    return redirect("admissions:intake", pk=intake.pk)


# ---------------------------------------------------------------------------------------------
# Board and list


def _filters(request: HttpRequest, labels: dict[str, str]) -> tuple[FilterForm, selectors.Filters]:
    intakes = list(selectors.visible_intakes(request.user))
    form = FilterForm(request.GET or None, intakes=intakes, labels=labels)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, selectors.Filters(
            intake=data["intake"],
            source=data["source"],
            stage=data["stage"],
            outcome=data["outcome"] if "outcome" in request.GET else Outcome.ACTIVE,
            query=data["query"].strip(),
            alert=data["alert"],
        )
    return form, selectors.Filters()


def _labels(user: Any) -> dict[str, str]:
    managed = managed_centres(user)
    return selectors.stage_labels(managed if managed is not None else ())


def _move_in_the_background(
    request: HttpRequest, applications: list, stage: str, reason: str, label: str
) -> HttpResponse:
    """A board move of many applications: a background job, followed on its page."""
    centres = {application.intake.training_centre_id for application in applications}
    job = start_job(
        services.move_applications,
        by=request.user,
        title=Message(
            gettext_noop("Candidatures vers « %(stage)s » (%(count)s)"),
            stage=str(label),
            count=len(applications),
        ),
        arguments={
            "application_ids": [application.pk for application in applications],
            "stage": stage,
            "reason": reason,
            "now": timezone.now(),
        },
        # Its centre's managers follow it too (one centre: a manager's board).
        training_centre=applications[0].intake.training_centre if len(centres) == 1 else None,
        return_url=request.get_full_path(),
    )
    return redirect(job.get_absolute_url())


@login_required
def board(request: HttpRequest) -> HttpResponse:
    _require_admissions(request.user)
    labels = _labels(request.user)
    filter_form, filters = _filters(request, labels)
    move_form = BulkMoveForm(
        request.POST or None,
        labels=labels,
        applications=visible_applications(request.user).filter(outcome=Outcome.ACTIVE),
    )
    if request.method == "POST":
        if move_form.is_valid():
            chosen = list(move_form.cleaned_data["applications"])
            stage, reason = move_form.cleaned_data["stage"], move_form.cleaned_data["reason"]
            if len(chosen) > services.MOVES_IN_A_REQUEST:
                return _move_in_the_background(request, chosen, stage, reason, labels[stage])
            refused = services.bulk_move(
                applications=chosen, stage=stage, by=request.user, now=timezone.now(), reason=reason
            )
            moved = len(chosen) - len(refused)
            if moved:
                messages.success(
                    request, _("%(count)s candidature(s) déplacée(s).") % {"count": moved}
                )
            for application, reason in refused:
                messages.error(request, f"{application.full_name} : {reason}")
            return redirect(request.get_full_path())
        for error in move_form.errors.values():
            messages.error(request, " ".join(error))
    on = timezone.localdate()
    data = selectors.board(request.user, filters, on=on)
    context = {
        "board": data,
        "filter_form": filter_form,
        "move_form": BulkMoveForm(
            labels=data.labels, applications=move_form.fields["applications"].queryset
        ),
        "may_manage": may_manage(request.user),
    }
    return render(request, "admissions/board.html", context)


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    _require_admissions(request.user)
    filter_form, filters = _filters(request, _labels(request.user))
    page, params = paginated(request, selectors.listed_applications(request.user, filters))
    listing = selectors.application_list(
        request.user, filters, list(page.object_list), on=timezone.localdate()
    )
    context = {"listing": listing, "page": page, "params": params, "filter_form": filter_form}
    return render(request, "admissions/application_list.html", context)


# ---------------------------------------------------------------------------------------------
# An application


@login_required
def application_create(request: HttpRequest, intake_pk: int) -> HttpResponse:
    intake = get_intake_for(request.user, intake_pk, Action.CHANGE)
    form = ApplicationForm(request.POST or None)

    if response := submit(
        request,
        form,
        lambda: services.create_application(
            intake=intake,
            by=request.user,
            on=timezone.localdate(),
            now=timezone.now(),
            **form.cleaned_data,
        ),
        success=_("La candidature est enregistrée."),
        then=lambda application: _back_to(application.pk),
    ):
        return response
    title = _("Nouvelle candidature — %(intake)s") % {"intake": intake.title}
    return form_page(
        request, form, title=title, back_url=reverse("admissions:intake", args=[intake.pk])
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    on = timezone.localdate()
    file = selectors.application_file(request.user, application, on=on)
    may_change = can(request.user, Action.CHANGE, application)
    context = {
        "file": file,
        "application": application,
        "may_change": may_change,
        "may_adapt": may_record_adaptation(request.user, application),
        "move_form": MoveForm(labels=file.labels, initial={"stage": application.stage}),
        "close_form": CloseForm(),
        "document_form": DocumentForm(),
        "propose_form": ProposeForm(offers=selectors.proposable_offers(application)),
        "company_form": CompanyApplicationForm(),
        "signed_form": SignedForm(initial={"signed_on": on}),
        "may_enrol": enrolment.may_enrol(application),
        "status_choices": CompanyApplicationStatus.choices,
        "history": history_rows(
            history_of(application, *(m for m, _label in file.moves)).select_related("content_type")
        )
        if may_change
        else [],
    }
    return render(request, "admissions/application_detail.html", context)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk, Action.CHANGE)
    form = ApplicationForm(request.POST or None, application=application)

    if response := submit(
        request,
        form,
        lambda: services.update_application(
            application=application,
            changes=form.changes(),
            by=request.user,
            on=timezone.localdate(),
            version=form.version(),
        ),
        success=_("La candidature est enregistrée."),
        then=_back_to(pk),
    ):
        return response
    title = _("Modifier la candidature de %(name)s") % {"name": application.full_name}
    return form_page(request, form, title=title, back_url=_back_to(pk))


def _post_on_application(
    request: HttpRequest, pk: int, form: Any, call: Callable[[Any], Any], message: str
) -> HttpResponse:
    """A small form posted from the application's page: the service's refusal comes back as
    a message on that page."""
    application = get_application_for(request.user, pk, Action.CHANGE)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_back_to(pk))
    try:
        call(application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(_back_to(pk))


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    form = MoveForm(request.POST, labels=_labels(request.user))
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: services.move_application(
            application=a,
            stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            now=timezone.now(),
        ),
        _("La candidature a changé d'étape."),
    )


@login_required
@require_POST
def application_close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: services.close_application(
            application=a,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            now=timezone.now(),
        ),
        _("La candidature est close."),
    )


@login_required
@require_POST
def application_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    form = SignedForm({"signed_on": timezone.localdate()})  # no field to read: always valid
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: services.reopen_application(application=a, by=request.user, now=timezone.now()),
        _("La candidature est rouverte."),
    )


@login_required
@require_POST
def application_link(request: HttpRequest, pk: int) -> HttpResponse:
    form = SignedForm({"signed_on": timezone.localdate()})
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: services.send_personal_link(
            application=a, link=link_template(request, "admissions:follow"), by=request.user
        ),
        _("Un nouveau lien personnel est envoyé au candidat ; l'ancien ne fonctionne plus."),
    )


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: services.add_document(
            application=a,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            by=request.user,
            now=timezone.now(),
        ),
        _("La pièce est ajoutée au dossier."),
    )


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A document of an application: for the centre's staff only, always as a download."""
    application = get_application_for(request.user, pk)
    document = get_object_or_404(application.documents.all(), pk=document_pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk, Action.CHANGE)
    criteria = selectors.criteria_of(application.intake.training_centre_id)
    on = timezone.localdate()
    form = InterviewForm(request.POST or None, criteria=criteria, initial={"held_on": on})

    if response := submit(
        request,
        form,
        lambda: services.record_interview(
            application=application,
            held_on=form.cleaned_data["held_on"],
            levels=form.levels(),
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            by=request.user,
            now=timezone.now(),
            on=on,
        ),
        success=_("L'entretien est enregistré."),
        then=_back_to(pk),
    ):
        return response
    return _form_page(request, "admissions/interview.html", {"application": application}, form)


@login_required
def positioning(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk, Action.CHANGE)
    on = timezone.localdate()
    record = getattr(application, "positioning", None) or services.positioning_default(
        application, on=on
    )
    form = PositioningForm(
        request.POST or None, framework=application.intake.cohort.framework, record=record
    )

    if response := submit(
        request,
        form,
        lambda: services.decide_positioning(
            application=application,
            by=request.user,
            on=on,
            version=form.version(),
            **{name: form.cleaned_data[name] for name in services.POSITIONING_FIELDS},
        ),
        success=_("Le positionnement est enregistré."),
        then=_back_to(pk),
    ):
        return response
    return _form_page(request, "admissions/positioning.html", {"application": application}, form)


@login_required
def adaptation(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk)
    if not may_record_adaptation(request.user, application):
        raise PermissionDenied(_("Réservé au référent handicap du centre."))
    record = getattr(application, "adaptation", None) or Adaptation(application=application)
    form = AdaptationForm(request.POST or None, record=record)

    if response := submit(
        request,
        form,
        lambda: services.record_adaptation(
            application=application,
            by=request.user,
            now=timezone.now(),
            version=form.version(),
            **{name: form.cleaned_data[name] for name in services.ADAPTATION_FIELDS},
        ),
        success=_("Les aménagements sont enregistrés."),
        then=_back_to(pk),
    ):
        return response
    return _form_page(request, "admissions/adaptation.html", {"application": application}, form)


# ---------------------------------------------------------------------------------------------
# Companies, commitment, contract, enrolment


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk, Action.CHANGE)
    form = ProposeForm(request.POST, offers=selectors.proposable_offers(application))
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: company_search.propose_candidate(
            application=a,
            offer=form.cleaned_data["offer"],
            note=form.cleaned_data["note"],
            by=request.user,
            now=timezone.now(),
        ),
        _("Le candidat est proposé à l'entreprise."),
    )


@login_required
@require_POST
def company_application_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = CompanyApplicationForm(request.POST)
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: company_search.note_company_application(
            application=a, by=request.user, now=timezone.now(), **form.cleaned_data
        ),
        _("La candidature en entreprise est notée."),
    )


@login_required
@require_POST
def company_application_update(request: HttpRequest, pk: int, ca_pk: int) -> HttpResponse:
    form = StatusForm(request.POST)
    application = get_application_for(request.user, pk, Action.CHANGE)
    record = get_object_or_404(CompanyApplication, pk=ca_pk, application=application)
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: company_search.update_company_application(
            company_application=record, by=request.user, now=timezone.now(), **form.cleaned_data
        ),
        _("La suite de la candidature en entreprise est enregistrée."),
    )


@login_required
def commitment(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk, Action.CHANGE)
    on = timezone.localdate()
    proposals = application.company_applications.select_related("offer__company")
    accepted = proposals.filter(status="accepted").first()
    initial = {"signed_on": on, "company_application": accepted}
    if accepted is not None and accepted.offer is not None:
        initial.update(position=accepted.offer.position, contract_start=accepted.offer.start_date)
    form = CommitmentForm(
        request.POST or None,
        initial=initial,
        proposals=proposals,
        companies=visible_companies(request.user),
        masters=visible_contacts(request.user).filter(is_apprenticeship_master=True),
    )

    def record() -> None:
        data = form.cleaned_data
        company_search.record_commitment(
            application=application,
            company=data["company"],
            company_application=data["company_application"],
            master=data["master"],
            new_master=form.new_master(),
            position=data["position"],
            contract_start=data["contract_start"],
            signatory_name=data["signatory_name"],
            signed_on=data["signed_on"],
            by=request.user,
            now=timezone.now(),
            on=on,
        )

    if response := submit(
        request,
        form,
        record,
        success=_("L'attestation d'engagement de l'employeur est enregistrée."),
        then=_back_to(pk),
    ):
        return response
    return _form_page(request, "admissions/commitment.html", {"application": application}, form)


@login_required
@require_POST
def contract_signed(request: HttpRequest, pk: int) -> HttpResponse:
    form = SignedForm(request.POST)
    return _post_on_application(
        request,
        pk,
        form,
        lambda a: company_search.record_contract_signed(
            application=a,
            signed_on=form.cleaned_data["signed_on"],
            by=request.user,
            now=timezone.now(),
            on=timezone.localdate(),
        ),
        _("La signature du contrat est enregistrée."),
    )


@login_required
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk, Action.CHANGE)
    on = timezone.localdate()
    cohorts = list(
        _cohorts(request.user).filter(training_centre=application.intake.training_centre)
    )
    suggested = enrolment.suggested_cohort(application, cohorts)
    commitment_record = getattr(application, "commitment", None)
    form = EnrolForm(
        request.POST or None,
        cohorts=_cohorts(request.user).filter(training_centre=application.intake.training_centre),
        framework=application.intake.cohort.framework,
        initial={
            "cohort": suggested,
            "category": application.intake.default_category,
            "category_start": application.intake.training_start,
            "with_contract": commitment_record is not None,
        },
    )
    warnings: list[str] = []

    def run() -> None:
        result = enrolment.enrol(
            application=application, by=request.user, on=on, now=timezone.now(), **form.cleaned_data
        )
        form.learner = result.learner

    if request.method == "POST" and form.is_valid():
        try:
            run()
        except WarningsToConfirm as error:
            warnings = error.messages
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s est inscrit(e) dans la promotion.") % {"name": application.full_name},
            )
            return redirect("learners:detail", pk=form.learner.pk)
    cohort = (
        form.cleaned_data.get("cohort")
        if form.is_bound and hasattr(form, "cleaned_data")
        else suggested
    )
    draft = None
    if commitment_record is not None:
        draft = enrolment.draft_contract(
            application, cohort=cohort or suggested, commitment=commitment_record
        )
    context = {
        "application": application,
        "places": enrolment.places_of(cohort or suggested),
        "draft": draft,
        "warnings": warnings,
        "may_enrol": enrolment.may_enrol(application),
    }
    status = 400 if form.is_bound else 200
    return render(request, "admissions/enrol.html", {"form": form, **context}, status=status)


# ---------------------------------------------------------------------------------------------
# Duplicates


@login_required
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    _require_admissions(request.user)
    return render(
        request,
        "admissions/duplicates.html",
        {"pairs": selectors.possible_duplicates(request.user)},
    )


@login_required
@require_POST
def merge(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    survivor = get_application_for(request.user, pk, Action.CHANGE)
    absorbed = get_application_for(request.user, other_pk, Action.CHANGE)
    pair = next(
        (d for d in selectors.possible_duplicates(request.user) if set(d.ids) == {pk, other_pk}),
        None,
    )
    matched_on = pair.matched_on if pair else _("fusion décidée par le centre")
    try:
        services.merge_applications(
            survivor=survivor,
            absorbed=absorbed,
            matched_on=matched_on,
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Les deux candidatures sont fusionnées."))
    return redirect(_back_to(survivor.pk))


# ---------------------------------------------------------------------------------------------
# Parcoursup


@login_required
def parcoursup_upload(request: HttpRequest, intake_pk: int) -> HttpResponse:
    intake = get_intake_for(request.user, intake_pk, Action.CHANGE)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            kept = parcoursup.keep_upload(
                intake=intake,
                data=upload.read(),
                filename=upload.name,
                by=request.user,
                now=timezone.now(),
            )
        except TabularError as error:
            form.add_error("file", error.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("admissions:parcoursup", pk=kept.pk)
    return _form_page(request, "admissions/parcoursup_upload.html", {"intake": intake}, form)


def _get_upload(request: HttpRequest, pk: int) -> ParcoursupUpload:
    upload = (
        ParcoursupUpload.objects.select_related("intake")
        .filter(pk=pk, created_by=request.user)
        .first()
    )
    if upload is None:
        raise Http404("Import introuvable.")
    return upload


def _stream(
    request: HttpRequest, upload: ParcoursupUpload, *, apply: bool
) -> StreamingHttpResponse:
    """The upload's page, its report streamed as the lines are worked through."""
    events = parcoursup.run_upload(
        upload, apply=apply, on=timezone.localdate(), now=timezone.now(), by=request.user
    )
    page = render_to_string(
        "admissions/parcoursup_job.html",
        {"upload": upload, "streaming": True, "apply": apply},
        request=request,
    )
    head, tail = page.split(STREAM_MARK)
    user, origin = request.user, f"{request.method} {request.path}"

    def body() -> Iterator[str]:
        yield head
        with acting_as(user, origin):
            for event in events:
                if isinstance(event, Progress):
                    yield render_to_string("imports/_progress.html", {"progress": event})
                else:
                    context = {"report": event, "upload": upload, "apply": apply}
                    yield render_to_string(
                        "admissions/_parcoursup_report.html", context, request=request
                    )
        yield tail

    return StreamingHttpResponse(body(), content_type="text/html; charset=utf-8")


@login_required
@require_GET
def parcoursup_job(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(request, pk)
    if upload.applied_at is not None:
        return render(request, "admissions/parcoursup_job.html", {"upload": upload})
    return _stream(request, upload, apply=False)


@login_required
@require_POST
def parcoursup_apply(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(request, pk)
    if upload.applied_at is not None:
        messages.info(request, _("Cet import a déjà été appliqué."))
        return redirect("admissions:parcoursup", pk=upload.pk)
    return _stream(request, upload, apply=True)


@login_required
@require_POST
def parcoursup_discard(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(request, pk)
    intake_pk = upload.intake_id
    if upload.applied_at is None:
        upload.delete()
        messages.info(request, _("Import abandonné : le fichier a été supprimé."))
    return redirect("admissions:intake", pk=intake_pk)


# ---------------------------------------------------------------------------------------------
# The centre's settings: stages and e-mails, interview grid, disability referents


def _centre_for_settings(request: HttpRequest) -> TrainingCentre:
    _require_manager(request.user)
    centres = _centres(request.user)
    wanted = request.GET.get("centre") or request.POST.get("centre")
    centre = centres.filter(pk=wanted).first() if wanted and wanted.isdigit() else centres.first()
    if centre is None:
        raise Http404("Centre introuvable.")
    return centre


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    centre = _centre_for_settings(request)
    settings_by_step = selectors.stage_settings(centre.pk)
    forms_by_step = {
        step: StageSettingForm(
            request.POST if request.POST.get("step") == step else None,
            instance=setting,
            prefix=step,
        )
        for step, setting in settings_by_step.items()
    }
    if request.method == "POST":
        step = request.POST.get("step", "")
        form = forms_by_step.get(step)
        if form is None:
            raise Http404("Étape inconnue.")

        def save() -> None:
            values = {name: form.cleaned_data[name] for name in services.STAGE_SETTING_FIELDS}
            services.save_stage_setting(
                training_centre=centre, step=step, by=request.user, version=form.version(), **values
            )

        url = f"{reverse('admissions:settings')}?centre={centre.pk}#etape-{step}"
        if response := submit(request, form, save, success=_("L'étape est enregistrée."), then=url):
            return response
    users = (
        get_user_model()
        .objects.filter(
            memberships__training_centre=centre,
            memberships__role__in=[Role.TRAINING_MANAGER, Role.TEACHER, Role.EXAM_OFFICE],
            is_active=True,
        )
        .distinct()
    )
    context = {
        "centre": centre,
        "centres": _centres(request.user),
        "steps": [(step, EmailStep(step).label, forms_by_step[step]) for step in forms_by_step],
        "placeholders": services.emails.PLACEHOLDERS,
        "criteria": selectors.criteria_of(centre.pk, active_only=False),
        "criterion_form": CriterionForm(),
        "referents": selectors.referents_of(centre.pk),
        "referent_form": ReferentForm(users=users),
        "public_offer_url": request.build_absolute_uri(
            reverse("admissions:offer_form", args=[centre.uai])
        ),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "admissions/settings.html", context, status=status)


@login_required
@require_POST
def criterion_save(request: HttpRequest, criterion_pk: int | None = None) -> HttpResponse:
    centre = _centre_for_settings(request)
    criterion = None
    if criterion_pk is not None:
        criterion = get_object_or_404(InterviewCriterion, pk=criterion_pk, training_centre=centre)
    form = CriterionForm(request.POST)
    url = f"{reverse('admissions:settings')}?centre={centre.pk}#grille"
    if form.is_valid():
        try:
            services.save_criterion(
                training_centre=centre, criterion=criterion, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La grille d'entretien est enregistrée."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(url)


@login_required
@require_POST
def criteria_defaults(request: HttpRequest) -> HttpResponse:
    centre = _centre_for_settings(request)
    added = services.install_default_criteria(training_centre=centre, by=request.user)
    messages.success(request, _("%(count)s critère(s) ajouté(s) à la grille.") % {"count": added})
    return redirect(f"{reverse('admissions:settings')}?centre={centre.pk}#grille")


@login_required
@require_POST
def referent_add(request: HttpRequest) -> HttpResponse:
    centre = _centre_for_settings(request)
    users = get_user_model().objects.filter(memberships__training_centre=centre).distinct()
    form = ReferentForm(request.POST, users=users)
    if form.is_valid():
        try:
            services.designate_referent(
                training_centre=centre, user=form.cleaned_data["user"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Le référent handicap est désigné."))
    return redirect(f"{reverse('admissions:settings')}?centre={centre.pk}#referents")


@login_required
@require_POST
def referent_remove(request: HttpRequest, referent_pk: int) -> HttpResponse:
    centre = _centre_for_settings(request)
    referent = get_object_or_404(DisabilityReferent, pk=referent_pk, training_centre=centre)
    services.remove_referent(referent=referent, by=request.user)
    messages.success(request, _("Le référent handicap est retiré."))
    return redirect(f"{reverse('admissions:settings')}?centre={centre.pk}#referents")


# ---------------------------------------------------------------------------------------------
# Offers


@login_required
@require_GET
def offers(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    status = request.GET.get("etat", "")
    if status not in OfferStatus.values:
        status = ""
    context = {
        "offers": selectors.offers_with_counts(request.user, status=status),
        "status": status,
        "statuses": OfferStatus.choices,
        "centres": [
            (c, request.build_absolute_uri(reverse("admissions:offer_form", args=[c.uai])))
            for c in _centres(request.user)
        ],
    }
    return render(request, "admissions/offers.html", context)


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    centre = _centres(request.user).first()
    if centre is None:
        raise Http404("Centre introuvable.")
    form = StaffOfferForm(request.POST or None)

    if response := submit(
        request,
        form,
        lambda: company_search.create_offer(
            training_centre=centre,
            by=request.user,
            link=link_template(request, "admissions:company_offer"),
            on=timezone.localdate(),
            now=timezone.now(),
            send_link=form.cleaned_data["send_link"],
            **form.offer(),
        ),
        success=_("L'offre est publiée."),
        then=lambda offer: reverse("admissions:offer", args=[offer.pk]),
    ):
        return response
    title = _("Nouvelle offre d'entreprise")
    return form_page(request, form, title=title, back_url=reverse("admissions:offers"))


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for(request.user, pk)
    form = StaffOfferForm(request.POST or None, offer=offer)
    if response := submit(
        request,
        form,
        lambda: company_search.update_offer(
            offer=offer,
            changes=form.changes(),
            by=request.user,
            on=timezone.localdate(),
            version=form.version(),
        ),
        success=_("L'offre est enregistrée."),
        then=request.path,
    ):
        return response
    context = {
        "offer": offer,
        "proposals": selectors.proposals_of(offer),
        "statuses": [s for s in OfferStatus.choices if s[0] != OfferStatus.SUBMITTED],
    }
    return _form_page(request, "admissions/offer_detail.html", context, form)


@login_required
@require_POST
def offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for(request.user, pk, Action.CHANGE)
    try:
        company_search.set_offer_status(
            offer=offer, status=request.POST.get("status", ""), by=request.user
        )
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("L'état de l'offre est enregistré."))
    return redirect("admissions:offer", pk=offer.pk)


@login_required
@require_POST
def offer_link(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for(request.user, pk, Action.CHANGE)
    company_search.send_offer_link(
        offer=offer, link=link_template(request, "admissions:company_offer"), by=request.user
    )
    messages.success(
        request, _("Un nouveau lien est envoyé à l'entreprise ; l'ancien ne fonctionne plus.")
    )
    return redirect("admissions:offer", pk=offer.pk)


# ---------------------------------------------------------------------------------------------
# Funnel and deadlines


@login_required
@require_GET
def funnel(request: HttpRequest) -> HttpResponse:
    from ndrc.admissions.chart import funnel_charts

    _require_admissions(request.user)
    intakes = list(selectors.visible_intakes(request.user))
    wanted = request.GET.get("session", "")
    intake = next((i for i in intakes if str(i.pk) == wanted), None)
    data = selectors.funnel(request.user, intake=intake.pk if intake else None)
    sources = dict(Source.choices)
    measures = [m for m, _label in selectors.MEASURES]
    totals = data.totals
    context = {
        "charts": funnel_charts(data),
        "measures": selectors.MEASURES,
        "legend": [(m, label, totals[m]) for m, label in selectors.MEASURES],
        "table": [
            {
                "week": week,
                "source": sources[source],
                "values": [counts.get(m, 0) for m in measures],
            }
            for week, source, counts in data.rows
        ],
        "source_totals": [
            {"source": sources[s], "values": [data.by_source(s)[m] for m in measures]}
            for s in data.sources
        ],
        "totals": [totals[m] for m in measures],
        "intakes": intakes,
        "intake": intake,
    }
    return render(request, "admissions/funnel.html", context)


@login_required
@require_GET
def deadlines(request: HttpRequest) -> HttpResponse:
    _require_admissions(request.user)
    on = timezone.localdate()
    context = {
        "rows": selectors.without_contract(request.user, on=on),
        "on": on,
        "alert_days": selectors.alert_days(),
    }
    return render(request, "admissions/deadlines.html", context)
