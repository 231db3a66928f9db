"""The public pages of admissions, without a login: apply to an intake, follow one's own file
through a personal link, post an offer as a company and follow the candidates proposed on it.

They resist abuse: each submission is counted per e-mail and per client address over a window
(`core.ui.throttle`, its own scopes), a request larger than `ADMISSIONS_MAX_REQUEST_BYTES` is
refused before it is read, a form filled by a robot (hidden field, too fast) is answered as if
it had worked and records nothing, and Django's CSRF check applies. A personal link opens one
record; its pages are not cached, not indexed, and send no referrer to other sites.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ndrc.admissions import company_search, services
from ndrc.admissions.access import application_by_token, offer_by_token
from ndrc.admissions.forms import (
    AnswerForm,
    ApplyForm,
    DocumentForm,
    PublicOfferForm,
    WithdrawForm,
)
from ndrc.admissions.models import CompanyApplication, Intake, Outcome
from ndrc.admissions.selectors import proposals_of, stage_labels
from ndrc.admissions.tokens import link_template
from ndrc.core.models import TrainingCentre
from ndrc.core.ui import throttle
from ndrc.core.ui.forms import add_service_errors

APPLY_SCOPE = "candidature:"
OFFER_SCOPE = "offre:"
DOCUMENT_SCOPE = "piece:"


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page opened by a personal link: never cached, never indexed. Its address leaves the
    site in no Referer header: the site's policy is "same-origin" (a stricter "no-referrer"
    would make the browser send `Origin: null`, which the CSRF check refuses)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _too_large(request: HttpRequest) -> HttpResponse | None:
    """413 for a request larger than the public forms accept, before it is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.ADMISSIONS_MAX_REQUEST_BYTES:
        return render(
            request,
            "admissions/public_refused.html",
            {"message": _("Envoi trop volumineux : réduisez la taille des pièces jointes.")},
            status=413,
        )
    return None


def _throttled(request: HttpRequest, *, key: str, scope: str) -> HttpResponse | None:
    """429 when this e-mail or this address has sent too much lately; else count this one."""
    now = timezone.now()
    address = throttle.client_address(request)
    if throttle.is_blocked(username=key, address=address, now=now, scope=scope):
        minutes = int(throttle.window().total_seconds() // 60)
        return render(
            request,
            "admissions/public_refused.html",
            {
                "message": _(
                    "Trop d'envois depuis cette adresse. Réessayez dans %(minutes)s minutes."
                )
                % {"minutes": minutes}
            },
            status=429,
        )
    throttle.record_failure(username=key, address=address, now=now, scope=scope)
    return None


# ---------------------------------------------------------------------------------------------
# Applicants


@require_http_methods(["GET"])
def centre_page(request: HttpRequest, uai: str) -> HttpResponse:
    """A centre's open intakes and its offer form, for its website to link to."""
    centre = get_object_or_404(TrainingCentre, uai=uai.upper())
    on = timezone.localdate()
    intakes = [
        i
        for i in Intake.objects.filter(training_centre=centre, is_open=True)
        if services.intake_accepts(i, on=on)
    ]
    return render(request, "admissions/public_centre.html", {"centre": centre, "intakes": intakes})


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, key: str) -> HttpResponse:
    intake = get_object_or_404(
        Intake.objects.select_related("training_centre", "cohort"), public_key=key
    )
    now, on = timezone.now(), timezone.localdate()
    if not services.intake_accepts(intake, on=on):
        return render(request, "admissions/apply_closed.html", {"intake": intake}, status=410)
    if request.method == "POST":
        refused = _too_large(request) or _throttled(
            request, key=request.POST.get("email", ""), scope=APPLY_SCOPE
        )
        if refused is not None:
            return refused
    form = ApplyForm(request.POST or None, request.FILES or None, now=now)
    if request.method == "POST" and form.is_valid():
        if form.is_robot():
            return redirect("admissions:apply_done", key=intake.public_key)
        try:
            services.submit_application(
                intake=intake,
                fields=form.personal(),
                documents=form.documents(),
                link=link_template(request, "admissions:follow"),
                on=on,
                now=now,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("admissions:apply_done", key=intake.public_key)
    status = 400 if form.is_bound else 200
    return render(request, "admissions/apply.html", {"intake": intake, "form": form}, status=status)


@require_http_methods(["GET"])
def apply_done(request: HttpRequest, key: str) -> HttpResponse:
    intake = get_object_or_404(Intake, public_key=key)
    return render(request, "admissions/apply_done.html", {"intake": intake})


@private
@require_http_methods(["GET"])
def follow(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's own file: where it stands, its documents, what comes next."""
    application = application_by_token(token)
    labels = stage_labels([application.intake.training_centre_id])
    moves = [m for m in application.moves.all() if m.from_stage != m.to_stage]
    context = {
        "application": application,
        "token": token,
        "labels": labels,
        "stage_label": labels[application.stage],
        "moves": [(m, labels[m.to_stage]) for m in moves],
        "documents": application.documents.all(),
        "document_form": DocumentForm(),
        "withdraw_form": WithdrawForm(),
        "active": application.outcome == Outcome.ACTIVE,
        "max_documents": services.MAX_DOCUMENTS,
    }
    return render(request, "admissions/follow.html", context)


@private
@require_POST
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    application = application_by_token(token)
    services.confirm_email(application=application, now=timezone.now())
    messages.success(request, _("Merci : votre adresse électronique est confirmée."))
    return redirect("admissions:follow", token=token)


@private
@require_POST
def follow_document(request: HttpRequest, token: str) -> HttpResponse:
    application = application_by_token(token)
    refused = _too_large(request) or _throttled(
        request, key=application.email, scope=DOCUMENT_SCOPE
    )
    if refused is not None:
        return refused
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                by=None,
                now=timezone.now(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La pièce est ajoutée à votre dossier."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("admissions:follow", token=token)


@private
@require_POST
def follow_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    application = application_by_token(token)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.close_application(
                application=application,
                outcome=Outcome.WITHDRAWN,
                reason=form.cleaned_data["reason"],
                by=None,
                now=timezone.now(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre candidature est retirée."))
    else:
        messages.error(request, _("Indiquez pourquoi vous retirez votre candidature."))
    return redirect("admissions:follow", token=token)


# ---------------------------------------------------------------------------------------------
# Companies


@require_http_methods(["GET", "POST"])
def offer_form(request: HttpRequest, uai: str) -> HttpResponse:
    """A company posts an offer to a centre (no account needed)."""
    centre = get_object_or_404(TrainingCentre, uai=uai.upper())
    now, on = timezone.now(), timezone.localdate()
    if request.method == "POST":
        refused = _too_large(request) or _throttled(
            request, key=request.POST.get("contact_email", ""), scope=OFFER_SCOPE
        )
        if refused is not None:
            return refused
    form = PublicOfferForm(request.POST or None, now=now)
    if request.method == "POST" and form.is_valid():
        if form.is_robot():
            return redirect("admissions:offer_done", uai=centre.uai)
        try:
            company_search.submit_offer(
                training_centre=centre,
                fields=form.offer(),
                link=link_template(request, "admissions:company_offer"),
                on=on,
                now=now,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("admissions:offer_done", uai=centre.uai)
    status = 400 if form.is_bound else 200
    return render(
        request, "admissions/offer_form.html", {"centre": centre, "form": form}, status=status
    )


@require_http_methods(["GET"])
def offer_done(request: HttpRequest, uai: str) -> HttpResponse:
    centre = get_object_or_404(TrainingCentre, uai=uai.upper())
    return render(request, "admissions/offer_done.html", {"centre": centre})


@private
@require_http_methods(["GET"])
def company_offer(request: HttpRequest, token: str) -> HttpResponse:
    """The company's page: its offer and the candidates the centre proposed on it, only."""
    offer = offer_by_token(token)
    context = {
        "offer": offer,
        "token": token,
        "proposals": [(p, AnswerForm(prefix=str(p.pk))) for p in proposals_of(offer)],
    }
    return render(request, "admissions/company_offer.html", context)


@private
@require_POST
def company_answer(request: HttpRequest, token: str, proposal_pk: int) -> HttpResponse:
    offer = offer_by_token(token)
    # Only the candidates proposed on this offer exist for this link.
    proposal = get_object_or_404(CompanyApplication, pk=proposal_pk, offer=offer)
    form = AnswerForm(request.POST, prefix=str(proposal.pk))
    if form.is_valid():
        try:
            company_search.answer_proposal(
                offer=offer,
                proposal_id=proposal.pk,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre réponse est transmise au centre."))
    else:
        messages.error(request, _("Choisissez votre réponse."))
    return redirect("admissions:company_offer", token=token)
