"""Writes of contracts, internship agreements and certificates: atomic, permission-checked
(`by` must be able to change the learner's record), validated by the engine, audited."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ndrc.companies import services as company_services
from ndrc.companies.models import Company, CompanyContact, ContactRole, Supervision
from ndrc.contracts import selectors
from ndrc.contracts.models import (
    Contract,
    ContractKind,
    InternshipAgreement,
    InternshipCertificate,
    InternshipReduction,
)
from ndrc.core import audit
from ndrc.core.permissions import Action, require
from ndrc.core.services import (
    apply_changes,
    create_and_record,
    delete_and_record,
    refuse_unknown_fields,
)
from ndrc.core.ui.formats import shown
from ndrc.documents.services import generate_document
from ndrc.learners.models import Learner
from ndrc.portfolio.tasks import refresh_dossier_checks_later
from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Message, message_data
from ndrc.regulation.framework import CURRENT_FRAMEWORK
from ndrc.regulation.internships import (
    agreement_requirements,
    period_weeks,
    required_practice,
    weeks_text,
    working_days,
)

CONTRACT_FIELDS = (
    "kind",
    "employer",
    "apprenticeship_master",
    "start",
    "end",
    "cycle_start",
    "weekly_hours",
    "conventional_minimum",
    "qualification",
    "credited_years",
    "plus_15_points",
    "disability",
    "age_exception",
    "previous_contract_end",
    "previous_diploma_obtained",
    "previous_same_employer",
    "previous_last_year_rate",
    "termination_date",
    "termination_cause",
    "prorogation_end",
)
AGREEMENT_FIELDS = (
    "host",
    "tutor",
    "start",
    "end",
    "weekly_hours",
    "clauses",
    "pedagogical_annex",
    "signed_on",
)


class WarningsToConfirm(ValidationError):
    """The engine found warnings the user has not confirmed yet (nothing was saved)."""


def _engine_error(error: InputError) -> ValidationError:
    # The engine names the field first ("field : message"); keep it on that field when it is one.
    field, _sep, message = str(error).partition(" : ")
    fields = {"age_exception", "previous_contract_end", "prorogation_end", "end"}
    if field in fields and message:
        return ValidationError({field: message})
    return ValidationError(str(error))


def _review(contract: Contract, *, confirm_warnings: bool) -> list[dict[str, Any]]:
    """Run the engine's checks: errors refuse, unconfirmed warnings ask for confirmation."""
    try:
        review = selectors.contract_review(contract)
    except InputError as error:
        raise _engine_error(error) from error
    if review.errors:
        raise ValidationError([shown(check.message) for check in review.errors])
    # The master's conditions are asked to confirm when a contract names its master (created,
    # or the master changed); on another change they are recorded, not asked again.
    names_master = (
        contract.pk is None
        or not Contract.objects.filter(
            pk=contract.pk, apprenticeship_master=contract.apprenticeship_master_id
        ).exists()
    )
    warnings = [c for c in review.warnings if names_master or c.rule not in selectors.MASTER_RULES]
    if warnings and not confirm_warnings:
        raise WarningsToConfirm([shown(check.message) for check in warnings])
    # Each message kept with its template, to be shown in the reader's language (`stored_text`).
    return [
        {
            "rule": c.rule, "allowed": c.allowed, "severity": c.severity, "message": c.message,
            "message_data": message_data(c.message) if isinstance(c.message, Message) else None,
        }
        for c in review.checks
    ]  # fmt: skip


# --- The supervision a contract or an agreement makes -------------------------------------------
# The master named on a contract, the tutor named on a signed internship agreement, supervises
# the learner for the record's dates: they reach the learner's pages while it runs, and lose them
# the day after it ends or is terminated. Entered once, on the contract or the agreement.


def _taken_over(
    *, learner: Learner, contact: CompanyContact, role: str, start: date, end: date
) -> Supervision | None:
    """A supervision of the learner by the same person, recorded by hand (by no contract nor
    agreement) and overlapping the record's dates: the record takes it over, with its own dates,
    instead of making a second one."""
    return (
        Supervision.objects.filter(
            learner=learner,
            contact=contact,
            role=role,
            contract__isnull=True,
            agreement__isnull=True,
            start__lte=end,
        )
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .order_by("start", "pk")
        .first()
    )


def _follow(
    record: Contract | InternshipAgreement,
    *,
    contact: CompanyContact,
    role: str,
    start: date,
    end: date,
    by: Any,
) -> None:
    """The record's supervision: made, taken over or changed to the record's person and dates."""
    supervision = record.supervision or _taken_over(
        learner=record.learner, contact=contact, role=role, start=start, end=end
    )
    supervision = company_services.follow_record(
        supervision=supervision,
        learner=record.learner,
        contact=contact,
        role=role,
        start=start,
        end=end,
        by=by,
    )
    if record.supervision_id != supervision.pk:
        before = audit.snapshot(record)
        record.supervision = supervision
        record.save(update_fields=["supervision"])
        audit.record_change(obj=record, by=by, before=before)


def _unfollow(record: Contract | InternshipAgreement, *, by: Any) -> None:
    """The record makes no supervision any more (an agreement no longer signed): it goes."""
    supervision = record.supervision
    if supervision is None:
        return
    before = audit.snapshot(record)
    record.supervision = None
    record.save(update_fields=["supervision"])
    audit.record_change(obj=record, by=by, before=before)
    company_services.delete_supervision(supervision=supervision, by=by)


def _follow_contract(contract: Contract, *, by: Any) -> None:
    # A professionalisation contract names a tutor, who may be declared a tutor only.
    master = contract.apprenticeship_master
    as_master = contract.kind == ContractKind.APPRENTICESHIP or master.is_apprenticeship_master
    role = ContactRole.APPRENTICESHIP_MASTER if as_master else ContactRole.INTERNSHIP_TUTOR
    _follow(contract, contact=master, role=role, start=contract.start, end=contract.last_day, by=by)


def _follow_agreement(agreement: InternshipAgreement, *, by: Any) -> None:
    if agreement.signed_on is None:
        _unfollow(agreement, by=by)
        return
    # From the signature: the tutor prepares the learner's coming (annexe pédagogique).
    _follow(
        agreement,
        contact=agreement.tutor,
        role=ContactRole.INTERNSHIP_TUTOR,
        start=min(agreement.signed_on, agreement.start),
        end=agreement.end,
        by=by,
    )


def _clean_contract(contract: Contract, *, confirm_warnings: bool) -> None:
    # The review is the engine's, stored with the contract: not a field the user fills.
    contract.full_clean(exclude=["review"])
    contract.review = _review(contract, confirm_warnings=confirm_warnings)


@transaction.atomic
def create_contract(
    *,
    learner: Learner,
    kind: str,
    employer: Company,
    apprenticeship_master: CompanyContact,
    start: date,
    end: date,
    cycle_start: date,
    by: Any,
    confirm_warnings: bool = False,
    **details: Any,
) -> Contract:
    """Record a contract after the engine's checks (age, dates, duration); `details` are the
    other fields of `CONTRACT_FIELDS` (weekly hours, conventional minimum, previous contract…).
    Without weekly hours, the legal working week on the first day. A contract is recorded once
    signed: its master supervises the learner for its dates."""
    require(by, Action.CHANGE, learner)
    unknown = sorted(set(details) - set(CONTRACT_FIELDS))
    if unknown:
        raise ValidationError({name: "Champ inconnu." for name in unknown})
    if details.get("weekly_hours") is None:
        details["weekly_hours"] = selectors.legal_weekly_hours(start)
    contract = Contract(
        learner=learner,
        kind=kind,
        employer=employer,
        apprenticeship_master=apprenticeship_master,
        start=start,
        end=end,
        cycle_start=cycle_start,
        **details,
    )
    clean = partial(_clean_contract, confirm_warnings=confirm_warnings)
    create_and_record(contract, by=by, clean=clean)
    _follow_contract(contract, by=by)
    # An apprenticeship contract is the apprentice's proof of practice in the E4/E6 dossiers.
    refresh_dossier_checks_later([learner])
    return contract


@transaction.atomic
def update_contract(
    *,
    contract: Contract,
    changes: Mapping[str, Any],
    by: Any,
    confirm_warnings: bool = False,
    version: str | None = None,
) -> Contract:
    """Change a contract (including its termination or prorogation), checked again; its
    supervision follows its master and its dates. `version`: the one the user's edit started
    from (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, contract)
    clean = partial(_clean_contract, confirm_warnings=confirm_warnings)
    apply_changes(
        contract, changes=changes, allowed=CONTRACT_FIELDS, by=by, clean=clean, version=version
    )
    _follow_contract(contract, by=by)
    refresh_dossier_checks_later([contract.learner_id])
    return contract


@transaction.atomic
def terminate_contract(*, contract: Contract, on: date, cause: str, by: Any) -> Contract:
    """Record the termination (rupture) of a contract on `on` (its last day) for `cause`."""
    return update_contract(
        contract=contract,
        changes={"termination_date": on, "termination_cause": cause},
        by=by,
        confirm_warnings=True,
    )


@transaction.atomic
def delete_contract(*, contract: Contract, by: Any) -> None:
    require(by, Action.DELETE, contract)
    supervision = contract.supervision
    delete_and_record(contract, by=by)
    if supervision is not None:
        company_services.delete_supervision(supervision=supervision, by=by)
    refresh_dossier_checks_later([contract.learner_id])


def _texts(values: Mapping[str, Any] | None, items, field: str) -> dict[str, str]:
    values = values or {}
    codes = {item.code for item in items}
    unknown = sorted(set(values) - codes)
    if unknown:
        raise ValidationError({field: f"Rubrique inconnue : {', '.join(unknown)}."})
    texts = {code: str(values.get(code, "")).strip() for code in sorted(codes)}
    missing = [item.label for item in items if not texts[item.code]]
    if missing:
        raise ValidationError(
            {field: _("À préciser (annexe III b) : %(items)s.") % {"items": " ; ".join(missing)}}
        )
    return texts


def _check_agreement(agreement: InternshipAgreement) -> None:
    """Refuse an agreement that breaks a limit of the engine, saying which and why."""
    if agreement.host.headcount is None:
        raise ValidationError(
            {
                "host": _(
                    "Effectif de « %(host)s » inconnu : renseignez-le pour vérifier le quota "
                    "de stagiaires (R. 124-10)."
                )
                % {"host": agreement.host}
            }
        )
    try:
        checks = selectors.agreement_checks(
            learner=agreement.learner,
            host=agreement.host,
            tutor=agreement.tutor,
            start=agreement.start,
            end=agreement.end,
            weekly_hours=agreement.weekly_hours,
            exclude_pk=agreement.pk,
        )
    except InputError as error:
        raise _engine_error(error) from error
    refused = [check for check in checks if not check.allowed]
    if refused:
        raise ValidationError(
            [
                _("Convention refusée : ") + " ".join(step.text for step in check.explanation)
                for check in refused
            ]
        )


def _clean_agreement(agreement: InternshipAgreement) -> None:
    agreement.full_clean()
    _check_agreement(agreement)


@transaction.atomic
def create_agreement(
    *,
    learner: Learner,
    host: Company,
    tutor: CompanyContact,
    start: date,
    end: date,
    clauses: Mapping[str, str],
    pedagogical_annex: Mapping[str, str],
    by: Any,
    weekly_hours: Decimal | None = None,
    signed_on: date | None = None,
) -> InternshipAgreement:
    """Record an internship agreement with its clauses and pedagogical annex (annexe III b),
    refused when the host's quota, the tutor's 3 interns, the 6 months per school year with one
    host or the 4 weeks of summer rest would be broken. Without `weekly_hours`, the legal
    working week on the first day. Once signed, its tutor supervises the learner from the
    signature to its last day."""
    require(by, Action.CHANGE, learner)
    requirements = agreement_requirements()
    agreement = InternshipAgreement(
        learner=learner,
        host=host,
        tutor=tutor,
        start=start,
        end=end,
        weekly_hours=selectors.legal_weekly_hours(start) if weekly_hours is None else weekly_hours,
        clauses=_texts(clauses, requirements.clauses, "clauses"),
        pedagogical_annex=_texts(
            pedagogical_annex, requirements.pedagogical_annex, "pedagogical_annex"
        ),
        signed_on=signed_on,
    )
    create_and_record(agreement, by=by, clean=_clean_agreement)
    _follow_agreement(agreement, by=by)
    # Its weeks count among the internship's planned ones in the E4/E6 dossiers.
    refresh_dossier_checks_later([learner])
    return agreement


@transaction.atomic
def update_agreement(
    *,
    agreement: InternshipAgreement,
    changes: Mapping[str, Any],
    by: Any,
    version: str | None = None,
) -> InternshipAgreement:
    """Change an agreement, checked again as `create_agreement`; `version`: the one the user's
    edit started from (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, agreement)
    refuse_unknown_fields(changes, AGREEMENT_FIELDS)
    requirements = agreement_requirements()
    changes = dict(changes)
    if "clauses" in changes:
        changes["clauses"] = _texts(changes["clauses"], requirements.clauses, "clauses")
    if "pedagogical_annex" in changes:
        changes["pedagogical_annex"] = _texts(
            changes["pedagogical_annex"], requirements.pedagogical_annex, "pedagogical_annex"
        )
    apply_changes(
        agreement,
        changes=changes,
        allowed=AGREEMENT_FIELDS,
        by=by,
        clean=_clean_agreement,
        version=version,
    )
    _follow_agreement(agreement, by=by)
    refresh_dossier_checks_later([agreement.learner_id])
    return agreement


@transaction.atomic
def record_certificate(
    *,
    agreement: InternshipAgreement,
    start: date,
    end: date,
    signed_on: date,
    signatory: str,
    by: Any,
) -> InternshipCertificate:
    """Record the internship certificate (dates and duration) the host signed (annexe III b)."""
    require(by, Action.CHANGE, agreement)
    if hasattr(agreement, "certificate"):
        raise ValidationError(_("Cette convention a déjà son attestation de stage."))
    certificate = InternshipCertificate(
        agreement=agreement, start=start, end=end, signed_on=signed_on, signatory=signatory.strip()
    )
    create_and_record(certificate, by=by, clean=_clean_certificate)
    refresh_dossier_checks_later([agreement.learner_id])
    return certificate


def _clean_certificate(certificate: InternshipCertificate) -> None:
    certificate.full_clean()
    agreement = certificate.agreement
    if certificate.start < agreement.start or certificate.end > agreement.end:
        raise ValidationError(
            {"start": _("Les dates de l'attestation doivent rester dans celles de la convention.")}
        )


def _check_reduction(reduction: InternshipReduction) -> None:
    """The engine's limits for the reduction as it will be saved (merged with anyone else's
    changes): its message is given on the field `weeks`."""
    reduction.full_clean()
    learner = reduction.learner
    category = learner.category_on(reduction.decided_on) or learner.current_category
    if category is None:
        raise ValidationError(
            {
                "decided_on": _("%(learner)s n'a pas de catégorie de candidat au %(day)s.")
                % {"learner": learner, "day": f"{reduction.decided_on:%d/%m/%Y}"}
            }
        )
    try:
        required_practice(category, reduced_to_weeks=reduction.weeks)
    except InputError as error:
        message = str(error).removeprefix("reduced_to_weeks : ")
        raise ValidationError({"weeks": message[:1].upper() + message[1:] + "."}) from error


@transaction.atomic
def set_internship_reduction(
    *,
    learner: Learner,
    weeks: int,
    reason: str,
    decided_on: date,
    by: Any,
    note: str = "",
    version: str | None = None,
) -> InternshipReduction:
    """Record (or change) the decided reduction of the learner's internship duration, for force
    majeure, a training adjustment or a positioning (annexe III b, III). The engine refuses a
    duration under its floor (8 weeks), above the category's duration, or for a category without
    an internship in weeks; its message is given on the field `weeks`. `version`: the one a
    change started from (`core.versions`)."""
    require(by, Action.CHANGE, learner)
    values = {"weeks": weeks, "reason": reason, "decided_on": decided_on, "note": note.strip()}
    existing = InternshipReduction.objects.filter(learner=learner).first()
    if existing is not None:
        reduction = apply_changes(
            existing,
            changes=values,
            allowed=values,
            by=by,
            clean=_check_reduction,
            version=version,
        )
    else:
        reduction = create_and_record(
            InternshipReduction(learner=learner, **values), by=by, clean=_check_reduction
        )
    refresh_dossier_checks_later([learner])
    return reduction


@transaction.atomic
def cancel_internship_reduction(*, reduction: InternshipReduction, by: Any) -> None:
    require(by, Action.CHANGE, reduction.learner)
    delete_and_record(reduction, by=by)
    refresh_dossier_checks_later([reduction.learner_id])


# --- Documents ------------------------------------------------------------------------------


def _sources(record: Any, **extra: Any) -> dict[str, Any]:
    return {
        "record": {
            "model": record._meta.label,
            "pk": record.pk,
            "snapshot": audit.snapshot(record),
        },
        "framework": CURRENT_FRAMEWORK,
        **extra,
    }


def issue_agreement_pdf(*, agreement: InternshipAgreement, by: Any):
    """The internship agreement with its pedagogical annex, as a stored PDF."""
    require(by, Action.VIEW, agreement)
    requirements = agreement_requirements()
    stipends = selectors.agreement_stipend(agreement)
    context = {
        "agreement": agreement,
        "learner": agreement.learner,
        "centre": agreement.learner.cohort.training_centre,
        "clauses": [(i.label, agreement.clauses.get(i.code, "")) for i in requirements.clauses],
        "annex": [
            (i.label, agreement.pedagogical_annex.get(i.code, ""))
            for i in requirements.pedagogical_annex
        ],
        "source": requirements.source,
        "stipends": stipends,
    }
    return generate_document(
        kind="internship_agreement",
        template_name="contracts/pdf/agreement.html",
        context=context,
        subject=agreement,
        sources=_sources(
            agreement,
            stipend_total=[str(s.total_minimum) for s in stipends],
            template_source=requirements.source,
        ),
        by=by,
        title=f"Convention de stage — {agreement.learner.full_name} — {agreement.host.name}",
    )


def issue_certificate_pdf(*, certificate: InternshipCertificate, by: Any):
    """The internship certificate (dates and duration), as a stored PDF."""
    require(by, Action.VIEW, certificate)
    days = working_days(certificate.start, certificate.end)
    context = {
        "certificate": certificate,
        "agreement": certificate.agreement,
        "learner": certificate.agreement.learner,
        "centre": certificate.agreement.learner.cohort.training_centre,
        "working_days": days,
        "weeks": weeks_text(period_weeks(certificate.start, certificate.end)),
    }
    return generate_document(
        kind="internship_certificate",
        template_name="contracts/pdf/certificate.html",
        context=context,
        subject=certificate,
        sources=_sources(certificate, working_days=days),
        by=by,
        title=f"Attestation de stage — {certificate.agreement.learner.full_name}",
    )


def issue_pay_schedule_pdf(*, contract: Contract, by: Any, on: date):
    """The apprentice's pay schedule month by month, as a stored PDF issued on `on`."""
    require(by, Action.VIEW, contract)
    schedule = selectors.pay_schedule(contract)
    context = {"contract": contract, "learner": contract.learner, "schedule": schedule, "on": on,
               "centre": contract.learner.cohort.training_centre}  # fmt: skip
    return generate_document(
        kind="pay_schedule",
        template_name="contracts/pdf/pay_schedule.html",
        context=context,
        subject=contract,
        sources=_sources(
            contract,
            issued_on=on,
            parameters=sorted({step.source for step in schedule.explanation}),
            total=str(schedule.total),
        ),
        by=by,
        title=f"Échéancier de rémunération — {contract.learner.full_name}",
    )
