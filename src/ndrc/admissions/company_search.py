"""Writes of the company search: offers (posted by a company through the public form, or
entered by the centre), candidates proposed to them, the candidate's applications to companies
and their outcome, and the employer's commitment (attestation d'engagement) before the contract.

A company follows its offer through a personal link (one per offer, e-mailed to its contact):
it sees the offer and the candidates the centre proposed on it, nothing else, and answers for
each. Same conventions as `services`: `by` None is the company acting through its link.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ndrc.admissions import emails
from ndrc.admissions.models import (
    STAGE_ORDER,
    Application,
    CompanyApplication,
    CompanyApplicationStatus,
    EmployerCommitment,
    Offer,
    OfferStatus,
    Stage,
)
from ndrc.admissions.services import (
    require_active,
    set_stage,
)
from ndrc.admissions.tokens import new_token
from ndrc.companies import services as company_services
from ndrc.companies.models import Company, CompanyContact
from ndrc.core import audit
from ndrc.core.models import TrainingCentre
from ndrc.core.permissions import Action, require
from ndrc.core.services import apply_changes, create_and_record, require_manager
from ndrc.core.validators import normalise_digits, normalise_phone, validate_siret

OFFER_FIELDS = (
    "company_name",
    "siret",
    "contact_name",
    "contact_email",
    "contact_phone",
    "position",
    "description",
    "city",
    "postal_code",
    "start_date",
)
# What a company may answer about a candidate proposed to it.
COMPANY_ANSWERS = (
    CompanyApplicationStatus.INTERVIEW,
    CompanyApplicationStatus.ACCEPTED,
    CompanyApplicationStatus.DECLINED_BY_COMPANY,
)


def _clean_offer(offer: Offer, *, on: date) -> None:
    errors: dict[str, list[str]] = {}
    offer.siret = normalise_digits(offer.siret)
    offer.contact_email = offer.contact_email.strip().lower()
    for name in ("company_name", "contact_name", "position", "city"):
        setattr(offer, name, " ".join(getattr(offer, name).split()))
    try:
        validate_siret(offer.siret)
    except ValidationError as error:
        errors.setdefault("siret", []).extend(error.messages)
    if offer.contact_phone:
        try:
            offer.contact_phone = normalise_phone(offer.contact_phone)
        except ValidationError as error:
            errors.setdefault("contact_phone", []).extend(error.messages)
    if offer.start_date and not on.replace(year=on.year - 1) <= offer.start_date:
        errors.setdefault("start_date", []).append(_("Date de début trop ancienne."))
    if offer.start_date and offer.start_date > on.replace(year=on.year + 2):
        errors.setdefault("start_date", []).append(_("Date de début plus de deux ans après."))
    try:
        offer.full_clean(exclude=list(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _offer_link_email(offer: Offer, token: str, *, link: str) -> None:
    emails.send_after_commit(
        to=offer.contact_email,
        subject=f"Votre offre « {offer.position} » — {offer.training_centre.name}",
        body=(
            f"Bonjour {offer.contact_name},\n\n"
            f"Votre offre « {offer.position} » est enregistrée par {offer.training_centre.name}."
            "\nCe lien personnel vous montre les candidats que le centre vous propose et vous "
            "permet de donner votre réponse :\n\n"
            f"{link.format(token=token)}\n\n"
            "Ne le transmettez qu'aux personnes qui recrutent avec vous.\n\n"
            f"{offer.training_centre.name}"
        ),
    )


def _new_offer(
    training_centre: TrainingCentre, fields: Mapping[str, Any], *, by: Any, on: date,
    now: datetime,
) -> tuple[Offer, str]:  # fmt: skip
    """Record an offer "to check" with its personal link; the offer and the link's token."""
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    token, token_digest = new_token()
    offer = Offer(
        training_centre=training_centre,
        status=OfferStatus.SUBMITTED,
        access_token_digest=token_digest,
        created_at=now,
        created_by=by,
        **fields,
    )
    create_and_record(offer, by=by, clean=lambda o: _clean_offer(o, on=on))
    return offer, token


@transaction.atomic
def submit_offer(
    *, training_centre: TrainingCentre, fields: Mapping[str, Any], link: str, on: date,
    now: datetime,
) -> Offer:  # fmt: skip
    """An offer posted through the public form: kept for the centre to check and publish, and
    the company's personal link sent to its contact."""
    offer, token = _new_offer(training_centre, fields, by=None, on=on, now=now)
    _offer_link_email(offer, token, link=link)
    return offer


@transaction.atomic
def create_offer(
    *,
    training_centre: TrainingCentre,
    by: Any,
    link: str,
    on: date,
    now: datetime,
    send_link: bool = True,
    **fields: Any,
) -> Offer:
    """An offer entered by the centre, published at once (the company linked by its SIRET)."""
    require_manager(by, training_centre)
    offer, token = _new_offer(training_centre, fields, by=by, on=on, now=now)
    publish_offer(offer=offer, by=by)
    if send_link:
        _offer_link_email(offer, token, link=link)
    return offer


@transaction.atomic
def update_offer(
    *,
    offer: Offer,
    changes: Mapping[str, Any],
    by: Any,
    on: date,
    version: str | None = None,
) -> Offer:
    """Change an offer (`version`: the one the user's edit started from, `core.versions`)."""
    require(by, Action.CHANGE, offer)
    return apply_changes(
        offer,
        changes=changes,
        allowed=OFFER_FIELDS,
        by=by,
        clean=lambda o: _clean_offer(o, on=on),
        version=version,
    )


@transaction.atomic
def publish_offer(*, offer: Offer, by: Any) -> Offer:
    """The centre checked the offer: it is linked to the company of its SIRET (created in the
    shared directory when new) and candidates may be proposed on it."""
    require(by, Action.CHANGE, offer)
    if offer.status not in (OfferStatus.SUBMITTED, OfferStatus.CLOSED):
        raise ValidationError(_("Cette offre est déjà publiée ou pourvue."))
    company = offer.company or Company.objects.filter(siret=offer.siret).first()
    if company is None:
        company = company_services.create_company(
            name=offer.company_name,
            siret=offer.siret,
            postal_code=offer.postal_code,
            city=offer.city,
            by=by,
        )
    return apply_changes(
        offer,
        changes={"company": company, "status": OfferStatus.PUBLISHED},
        allowed=("company", "status"),
        by=by,
    )


@transaction.atomic
def set_offer_status(*, offer: Offer, status: str, by: Any) -> Offer:
    """Mark an offer filled or closed (or published again, through `publish_offer`)."""
    require(by, Action.CHANGE, offer)
    status = OfferStatus(status)
    if status == OfferStatus.PUBLISHED:
        return publish_offer(offer=offer, by=by)
    if status == OfferStatus.SUBMITTED:
        raise ValidationError({"status": _("Une offre ne redevient pas « à valider ».")})
    return apply_changes(offer, changes={"status": status}, allowed=("status",), by=by)


@transaction.atomic
def send_offer_link(*, offer: Offer, link: str, by: Any) -> None:
    """A new personal link for the company, by e-mail; the previous one stops working."""
    require(by, Action.CHANGE, offer)
    before = audit.snapshot(offer)
    token, offer.access_token_digest = new_token()
    offer.save(update_fields=["access_token_digest"])
    audit.record_change(obj=offer, by=by, before=before)
    _offer_link_email(offer, token, link=link)


@transaction.atomic
def propose_candidate(
    *, application: Application, offer: Offer, by: Any, now: datetime, note: str = ""
) -> CompanyApplication:
    """The centre proposes a candidate on an offer: the company sees them through its link."""
    require(by, Action.CHANGE, application)
    require(by, Action.CHANGE, offer)
    require_active(application)
    if offer.training_centre_id != application.intake.training_centre_id:
        raise ValidationError({"offer": _("Cette offre a été déposée auprès d'un autre centre.")})
    if offer.status != OfferStatus.PUBLISHED:
        raise ValidationError({"offer": _("Publiez d'abord l'offre (elle est à valider).")})
    proposal = CompanyApplication(
        application=application,
        offer=offer,
        company_name=offer.company_name,
        status=CompanyApplicationStatus.PROPOSED,
        note=note.strip(),
        created_at=now,
        updated_at=now,
    )
    return create_and_record(proposal, by=by)


@transaction.atomic
def note_company_application(
    *,
    application: Application,
    company_name: str,
    status: str,
    by: Any,
    now: datetime,
    note: str = "",
) -> CompanyApplication:
    """An application the candidate made to a company outside the offers, noted by the centre."""
    require(by, Action.CHANGE, application)
    require_active(application)
    record = CompanyApplication(
        application=application,
        company_name=" ".join(company_name.split()),
        status=CompanyApplicationStatus(status),
        note=note.strip(),
        created_at=now,
        updated_at=now,
    )
    return create_and_record(record, by=by)


@transaction.atomic
def update_company_application(
    *, company_application: CompanyApplication, status: str, note: str, by: Any, now: datetime
) -> CompanyApplication:
    """The centre records the outcome of a candidate's application to a company."""
    require(by, Action.CHANGE, company_application.application)
    return apply_changes(
        company_application,
        changes={
            "status": CompanyApplicationStatus(status),
            "note": note.strip(),
            "updated_at": now,
        },
        allowed=("status", "note", "updated_at"),
        by=by,
    )


@transaction.atomic
def answer_proposal(
    *, offer: Offer, proposal_id: int, status: str, note: str, now: datetime
) -> CompanyApplication:
    """A company answers, through its link, about a candidate proposed on its offer: an
    interview planned, retained, or not retained. Only the proposals of this offer exist."""
    proposal = (
        CompanyApplication.objects.select_related("application")
        .filter(pk=proposal_id, offer=offer)
        .first()
    )
    if proposal is None:
        raise PermissionDenied(_("Ce candidat ne vous a pas été proposé."))
    status = CompanyApplicationStatus(status)
    if status not in COMPANY_ANSWERS:
        raise ValidationError({"status": _("Réponse non prévue.")})
    if offer.status != OfferStatus.PUBLISHED:
        raise ValidationError(_("Cette offre est close : adressez-vous au centre."))
    return apply_changes(
        proposal,
        changes={"status": status, "note": note.strip(), "updated_at": now},
        allowed=("status", "note", "updated_at"),
        by=None,
    )


@transaction.atomic
def record_commitment(
    *,
    application: Application,
    company: Company,
    position: str,
    contract_start: date,
    signatory_name: str,
    signed_on: date,
    by: Any,
    now: datetime,
    on: date,
    master: CompanyContact | None = None,
    new_master: Mapping[str, str] | None = None,
    company_application: CompanyApplication | None = None,
) -> EmployerCommitment:
    """The employer's commitment to hire the candidate (attestation d'engagement), with the
    apprenticeship master — an existing contact of the company, or a new one (`new_master`:
    first_name, last_name, email, job_title). The application reaches "company found"."""
    require(by, Action.CHANGE, application)
    require_active(application)
    if hasattr(application, "commitment"):
        raise ValidationError(_("Une attestation d'engagement est déjà enregistrée."))
    if STAGE_ORDER[application.stage] < STAGE_ORDER[Stage.ACCEPTED]:
        raise ValidationError(_("Le candidat doit d'abord être admis."))
    if signed_on > on:
        raise ValidationError({"signed_on": _("Date de signature dans le futur.")})
    if company_application is not None and company_application.application_id != application.pk:
        raise PermissionDenied(_("Cette candidature en entreprise est celle d'un autre candidat."))
    if master is None:
        if not new_master or not new_master.get("last_name"):
            raise ValidationError(
                {"master": _("Choisissez ou saisissez le maître d'apprentissage.")}
            )
        master = company_services.create_contact(
            company=company,
            first_name=new_master.get("first_name", ""),
            last_name=new_master["last_name"],
            email=new_master.get("email", ""),
            job_title=new_master.get("job_title", ""),
            is_apprenticeship_master=True,
            by=by,
        )
    elif master.company_id != company.pk or not master.is_apprenticeship_master:
        raise ValidationError(
            {"master": _("%(name)s n'est pas maître d'apprentissage de cette entreprise.")
             % {"name": master.full_name}}
        )  # fmt: skip
    commitment = EmployerCommitment(
        application=application,
        company_application=company_application,
        company=company,
        master=master,
        position=" ".join(position.split()),
        contract_start=contract_start,
        signatory_name=" ".join(signatory_name.split()),
        signed_on=signed_on,
        recorded_at=now,
    )

    create_and_record(commitment, by=by)
    if company_application is not None and (
        company_application.status != CompanyApplicationStatus.ACCEPTED
    ):
        update_company_application(
            company_application=company_application,
            status=CompanyApplicationStatus.ACCEPTED,
            note=company_application.note,
            by=by,
            now=now,
        )
    if STAGE_ORDER[application.stage] < STAGE_ORDER[Stage.COMPANY_FOUND]:
        set_stage(application, Stage.COMPANY_FOUND, by=by, now=now)
    return commitment


@transaction.atomic
def record_contract_signed(
    *, application: Application, signed_on: date, by: Any, now: datetime, on: date
) -> EmployerCommitment:
    """The apprenticeship contract is signed (after the commitment): "contract signed"; the
    offer it came from is filled."""
    require(by, Action.CHANGE, application)
    require_active(application)
    commitment = getattr(application, "commitment", None)
    if commitment is None:
        raise ValidationError(_("Enregistrez d'abord l'attestation d'engagement de l'employeur."))
    if signed_on > on:
        raise ValidationError({"signed_on": _("Date de signature dans le futur.")})
    if signed_on < commitment.signed_on:
        raise ValidationError({"signed_on": _("Le contrat se signe après l'attestation.")})
    apply_changes(
        commitment,
        changes={"contract_signed_on": signed_on},
        allowed=("contract_signed_on",),
        by=by,
    )
    if STAGE_ORDER[application.stage] < STAGE_ORDER[Stage.CONTRACT_SIGNED]:
        set_stage(application, Stage.CONTRACT_SIGNED, by=by, now=now)
    offer = commitment.company_application.offer if commitment.company_application else None
    if offer is not None and offer.status == OfferStatus.PUBLISHED:
        set_offer_status(offer=offer, status=OfferStatus.FILLED, by=by)
    return commitment
