"""Alternance pages: validate input, call one service or selector, render."""

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.companies.models import CompanyContact
from ndrc.contracts import selectors, services
from ndrc.contracts.forms import AgreementForm, CertificateForm, ContractForm
from ndrc.contracts.models import Contract
from ndrc.core.permissions import Action
from ndrc.core.ui.forms import add_service_errors
from ndrc.core.ui.views import counted_page, submit
from ndrc.documents.selectors import documents_about
from ndrc.learners.models import Learner
from ndrc.learners.selectors import (
    get_learner_for,
    get_learner_with_permissions,
    reached_among,
)


class _LearnerName(NamedTuple):
    first_name: str
    last_name: str
    full_name = Learner.full_name  # as the learner's record writes it


class _ContactName(NamedTuple):
    first_name: str
    last_name: str
    full_name = CompanyContact.full_name


class ContractLine(NamedTuple):
    """What the alternance list shows of a contract (`contract_rows`): a row, not a model
    instance built to be read once."""

    pk: int
    kind: str
    start: date
    end: date
    prorogation_end: date | None
    termination_date: date | None
    employer_name: str
    learner_id: int
    learner: _LearnerName
    last_day = Contract.last_day


class AgreementLine(NamedTuple):
    """What the alternance list shows of an agreement (`agreement_rows`)."""

    pk: int
    start: date
    end: date
    host_name: str
    tutor_first_name: str
    tutor_last_name: str
    certificate_id: int | None
    learner_id: int
    learner: _LearnerName

    @property
    def tutor(self) -> _ContactName:
        return _ContactName(self.tutor_first_name, self.tutor_last_name)


class LearnerContractLine(NamedTuple):
    """What a learner's alternance page shows of their contract (`learner_contract_lines`)."""

    pk: int
    kind: str
    start: date
    end: date
    prorogation_end: date | None
    termination_date: date | None
    employer_name: str
    last_day = Contract.last_day


class LearnerAgreementLine(NamedTuple):
    """What a learner's alternance page shows of their agreement (`learner_agreement_lines`)."""

    pk: int
    start: date
    end: date
    host_name: str
    certificate_id: int | None


# What a learner's alternance page reads of each of their contracts and agreements (its lines'
# fields): no learner, no tutor, nothing its paragraphs do not show.
LEARNER_CONTRACT_COLUMNS = (
    "pk", "kind", "start", "end", "prorogation_end", "termination_date", "employer__name",
)  # fmt: skip
LEARNER_AGREEMENT_COLUMNS = ("pk", "start", "end", "host__name", "certificate__id")

# What the alternance lists read of each contract and agreement (their lines' fields), then of
# its learner: names, and centre (where the reader may reach them all, known without a query).
CONTRACT_COLUMNS = (
    "pk", "kind", "start", "end", "prorogation_end", "termination_date", "employer__name",
    "learner_id",
)  # fmt: skip
AGREEMENT_COLUMNS = (
    "pk", "start", "end", "host__name", "tutor__first_name", "tutor__last_name",
    "certificate__id", "learner_id",
)  # fmt: skip
LEARNER_COLUMNS = ("learner__first_name", "learner__last_name", "learner__cohort__training_centre")


def _lines(page: Page, line: Callable[..., Any]) -> dict[int, int]:
    """`page`'s rows made lines in place, `line(*fields, learner)`; returns each learner's id →
    their centre's id."""
    centre_of, rows = {}, page.object_list
    page.object_list = []
    for *fields, first_name, last_name, centre in rows:
        centre_of[fields[-1]] = centre
        page.object_list.append(line(*fields, _LearnerName(first_name, last_name)))
    return centre_of


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    contracts = counted_page(
        selectors.visible_contracts(user)
        .order_by("learner__last_name", "learner__first_name", "pk")
        .values_list(*CONTRACT_COLUMNS, *LEARNER_COLUMNS),
        request.GET.get("contrats"),
    )
    agreements = counted_page(
        selectors.visible_agreements(user)
        .order_by("-start", "pk")
        .values_list(*AGREEMENT_COLUMNS, *LEARNER_COLUMNS),
        request.GET.get("conventions"),
    )
    shown = _lines(contracts, ContractLine) | _lines(agreements, AgreementLine)
    context = {
        "contracts": contracts,
        "agreements": agreements,
        # A link to a learner's pages only where the reader reaches the learner, not only the
        # record.
        "reachable": reached_among(user, shown),
    }
    return render(request, "contracts/index.html", context)


@login_required
def learner(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person, allowed = get_learner_with_permissions(user, pk)
    contracts = selectors.visible_contracts(user, learner=person).values_list(
        *LEARNER_CONTRACT_COLUMNS
    )
    agreements = selectors.visible_agreements(user, learner=person).values_list(
        *LEARNER_AGREEMENT_COLUMNS
    )
    # Time enters here: the learner's category is read for today (Europe/Paris).
    context = {
        "learner": person,
        "contracts": [LearnerContractLine(*row) for row in contracts],
        "agreements": [LearnerAgreementLine(*row) for row in agreements],
        "progress": selectors.internship_progress(person, on=timezone.localdate()),
        "can_change": allowed[Action.CHANGE],
        "can_see_dossiers": allowed[Action.VIEW_GRADES],
    }
    return render(request, "contracts/learner.html", context)


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.get_contract_for(request.user, pk)
    allowed = selectors.record_permissions(request.user, contract)
    context = {
        "contract": contract,
        "review": selectors.stored_review(contract),
        "schedule": selectors.pay_schedule(contract),
        "documents": documents_about(contract),
        "can_change": allowed["change"],
        "learner_reachable": allowed["learner"],
    }
    return render(request, "contracts/contract_detail.html", context)


def _contract_form(request, *, person, contract=None) -> HttpResponse:
    # Time enters here: the legal working week in force today is the hours' default.
    today = timezone.localdate()
    form = ContractForm(request.POST or None, instance=contract, user=request.user, on=today)
    if contract is None and not form.is_bound:
        form.initial["cycle_start"] = person.cohort.first_year_start
    warnings = []
    if form.is_bound and form.is_valid():
        confirm = form.cleaned_data["confirm_warnings"]
        try:
            if contract is None:
                details = form.details()
                contract = services.create_contract(
                    learner=person, by=request.user, confirm_warnings=confirm, **details
                )
            else:
                services.update_contract(
                    contract=contract, changes=form.details(), by=request.user,
                    confirm_warnings=confirm, version=form.version(),
                )  # fmt: skip
        except services.WarningsToConfirm as error:
            warnings = error.messages
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contrat enregistré."))
            return redirect("contracts:contract", pk=contract.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "learner": person, "contract": contract, "warnings": warnings}
    return render(request, "contracts/contract_form.html", context, status=status)


@login_required
def contract_create(request: HttpRequest, learner_pk: int) -> HttpResponse:
    person = get_learner_for(request.user, learner_pk, Action.CHANGE)
    return _contract_form(request, person=person)


@login_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.get_contract_for(request.user, pk, Action.CHANGE)
    return _contract_form(request, person=contract.learner, contract=contract)


@login_required
@require_POST
def pay_schedule_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.get_contract_for(request.user, pk)
    document = services.issue_pay_schedule_pdf(
        contract=contract, by=request.user, on=timezone.localdate()
    )
    return redirect("documents:download", pk=document.pk)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk)
    certificate = getattr(agreement, "certificate", None)
    allowed = selectors.record_permissions(request.user, agreement)
    can_change = allowed["change"]
    form = None
    if can_change and certificate is None:
        form = CertificateForm(
            request.POST or None,
            initial={"start": agreement.start, "end": agreement.end, "signed_on": agreement.end},
        )
        if response := submit(
            request,
            form,
            lambda: services.record_certificate(
                agreement=agreement, by=request.user, **form.cleaned_data
            ),
            success=_("Attestation de stage enregistrée."),
            then=reverse("contracts:agreement", args=[agreement.pk]),
        ):
            return response
    context = {
        "agreement": agreement,
        "certificate": certificate,
        "stipends": selectors.agreement_stipend(agreement),
        "documents": documents_about(agreement),
        "certificate_documents": documents_about(certificate) if certificate else [],
        "can_change": can_change,
        "form": form,
        # A tutor reads the agreement naming them after it ended, no longer the learner's pages.
        "learner_reachable": allowed["learner"],
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "contracts/agreement_detail.html", context, status=status)


def _agreement_form(request, *, person, agreement=None) -> HttpResponse:
    form = AgreementForm(
        request.POST or None, agreement=agreement, user=request.user, on=timezone.localdate()
    )

    def save():
        if agreement is None:
            return services.create_agreement(
                learner=person, by=request.user, **form.service_arguments()
            )
        return services.update_agreement(
            agreement=agreement,
            changes=form.service_arguments(),
            by=request.user,
            version=form.version(),
        )

    if response := submit(
        request,
        form,
        save,
        success=_("Convention de stage enregistrée."),
        then=lambda saved: reverse("contracts:agreement", args=[saved.pk]),
    ):
        return response
    context = {"form": form, "learner": person, "agreement": agreement}
    return render(
        request, "contracts/agreement_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
def agreement_create(request: HttpRequest, learner_pk: int) -> HttpResponse:
    person = get_learner_for(request.user, learner_pk, Action.CHANGE)
    return _agreement_form(request, person=person)


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk, Action.CHANGE)
    return _agreement_form(request, person=agreement.learner, agreement=agreement)


@login_required
@require_POST
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk)
    document = services.issue_agreement_pdf(agreement=agreement, by=request.user)
    return redirect("documents:download", pk=document.pk)


@login_required
@require_POST
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.get_agreement_for(request.user, pk)
    certificate = getattr(agreement, "certificate", None)
    if certificate is None:
        messages.error(request, _("Aucune attestation enregistrée pour cette convention."))
        return redirect("contracts:agreement", pk=agreement.pk)
    document = services.issue_certificate_pdf(certificate=certificate, by=request.user)
    return redirect("documents:download", pk=document.pk)
