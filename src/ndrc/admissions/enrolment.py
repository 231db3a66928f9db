"""Enrolment: one action turns an accepted applicant into a learner of a cohort (through the
learners app's services, nothing typed again) and, when the employer is known, drafts the
apprenticeship contract (through the contracts app's services: parties, dates, master, and the
pay of the engine with the years credited by the positioning).

"L'admission sera définitivement validée par la signature d'un contrat et sous réserve de
places disponibles": the cohort's places are checked under a lock, so two enrolments at the
same moment cannot take the last place twice.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ndrc.admissions.models import (
    Application,
    CohortPlaces,
    EmployerCommitment,
    Route,
    Stage,
)
from ndrc.admissions.services import require_active, set_stage
from ndrc.companies import services as company_services
from ndrc.companies.models import ContactRole
from ndrc.contracts import selectors as contract_selectors
from ndrc.contracts import services as contract_services
from ndrc.contracts.models import Contract, ContractKind
from ndrc.core.permissions import Action, require
from ndrc.core.services import require_manager
from ndrc.learners import services as learner_services
from ndrc.learners.models import Cohort, Learner
from ndrc.regulation.contracts import ContractReview, PaySchedule
from ndrc.regulation.errors import InputError
from ndrc.regulation.pay import add_months
from ndrc.regulation.start_without_contract import check_start_without_contract

ENROLLABLE = (Stage.ACCEPTED, Stage.COMPANY_FOUND, Stage.CONTRACT_SIGNED)


def cycle_end(cohort: Cohort, *, extra_years: int = 0) -> date:
    """The last day of the cohort's training cycle (up to its exam session's year, plus the
    years a positioning adds), the day a contract for it ends."""
    years = cohort.exam_session - cohort.first_year_start.year + extra_years
    return add_months(cohort.first_year_start, 12 * years) - timedelta(days=1)


@dataclass(frozen=True)
class ContractDraft:
    """The contract enrolment would record, as the engine sees it."""

    contract: Contract
    review: ContractReview | None
    schedule: PaySchedule | None
    problem: str


def draft_contract(
    application: Application, *, cohort: Cohort, commitment: EmployerCommitment
) -> ContractDraft:
    """The contract drafted from what is known, unsaved, with the engine's checks and pay."""
    positioning = getattr(application, "positioning", None)
    contract = Contract(
        kind=ContractKind.APPRENTICESHIP,
        learner=Learner(
            first_name=application.first_name,
            last_name=application.last_name,
            birth_date=application.birth_date,
        ),
        employer=commitment.company,
        apprenticeship_master=commitment.master,
        start=commitment.contract_start,
        end=cycle_end(cohort, extra_years=positioning.extra_years if positioning else 0),
        cycle_start=application.intake.training_start,
        credited_years=positioning.credited_years if positioning else 0,
        disability=application.has_recognised_disability,
    )
    try:
        review = contract_selectors.contract_review(contract)
        schedule = contract_selectors.pay_schedule(contract)
    except InputError as error:
        return ContractDraft(contract, None, None, str(error))
    return ContractDraft(contract, review, schedule, "")


@dataclass(frozen=True)
class Places:
    places: int | None
    taken: int

    @property
    def left(self) -> int | None:
        return None if self.places is None else max(self.places - self.taken, 0)


def places_of(cohort: Cohort, *, lock: bool = False) -> Places:
    """The cohort's capacity and the learners already in it (erased people aside)."""
    rows = CohortPlaces.objects.filter(cohort=cohort)
    if lock:
        rows = rows.select_for_update()
    row = rows.first()
    taken = Learner.objects.filter(cohort=cohort, erased_on__isnull=True).count()
    return Places(row.places if row else None, taken)


@dataclass(frozen=True)
class Enrolment:
    learner: Learner
    contract: Contract | None


@transaction.atomic
def enrol(
    *,
    application: Application,
    cohort: Cohort,
    category: str,
    category_start: date,
    with_contract: bool,
    by: Any,
    on: date,
    now: datetime,
    confirm_warnings: bool = False,
) -> Enrolment:
    """Make the applicant a learner of `cohort` with `category` from `category_start`; with
    `with_contract`, the employer's commitment gives the supervision and the contract. All or
    nothing: a contract the engine refuses (or whose warnings are not confirmed) enrols no one.
    """
    require(by, Action.CHANGE, application)
    require_manager(by, cohort.training_centre)
    require_active(application)
    if application.learner_id:
        raise ValidationError(_("Ce candidat est déjà inscrit."))
    if application.stage not in ENROLLABLE:
        raise ValidationError(_("Seul un candidat admis s'inscrit."))
    if cohort.training_centre_id != application.intake.training_centre_id:
        raise ValidationError({"cohort": _("Cette promotion appartient à un autre centre.")})
    commitment = getattr(application, "commitment", None)
    if with_contract and commitment is None:
        raise ValidationError(
            {"with_contract": _("Pas d'attestation d'engagement : pas de contrat à préparer.")}
        )
    if not with_contract and application.intake.route == Route.APPRENTICESHIP:
        rule = check_start_without_contract(
            birth_date=application.birth_date,
            training_start=application.intake.training_start,
            on=on,
            has_recognised_disability=application.has_recognised_disability,
        )
        if not rule.allowed:
            # L. 6222-12-1: past its period (or outside its ages), no training without a contract.
            raise ValidationError(
                {"with_contract": [violation.message for violation in rule.violations]}
            )
    places = places_of(cohort, lock=True)
    if places.places is None:
        raise ValidationError(
            {"cohort": _("Capacité de la promotion non renseignée : indiquez ses places.")}
        )
    if places.taken >= places.places:
        raise ValidationError(
            {"cohort": _("Promotion complète : %(places)s places, %(taken)s inscrits.")
             % {"places": places.places, "taken": places.taken}}
        )  # fmt: skip
    adaptation = getattr(application, "adaptation", None)
    learner = learner_services.create_learner(
        cohort=cohort,
        first_name=application.first_name,
        last_name=application.last_name,
        birth_date=application.birth_date,
        category=category,
        category_start=category_start,
        on=on,
        ine=application.ine,
        parcoursup_number=application.parcoursup_number,
        email=application.email,
        phone=application.phone,
        street=application.street,
        postal_code=application.postal_code,
        city=application.city,
        guardian_name=application.guardian_name,
        guardian_email=application.guardian_email,
        guardian_phone=application.guardian_phone,
        accommodation=adaptation.exam_accommodation if adaptation else "",
        extra_time=adaptation.extra_time if adaptation else False,
        by=by,
    )
    contract = None
    if with_contract:
        draft = draft_contract(application, cohort=cohort, commitment=commitment).contract
        company_services.start_supervision(
            learner=learner,
            contact=commitment.master,
            role=ContactRole.APPRENTICESHIP_MASTER,
            start=commitment.contract_start,
            by=by,
        )
        contract = contract_services.create_contract(
            learner=learner,
            kind=draft.kind,
            employer=draft.employer,
            apprenticeship_master=draft.apprenticeship_master,
            start=draft.start,
            end=draft.end,
            cycle_start=draft.cycle_start,
            credited_years=draft.credited_years,
            disability=draft.disability,
            confirm_warnings=confirm_warnings,
            by=by,
        )
    application.learner = learner
    application.save(update_fields=["learner"])
    set_stage(application, Stage.ENROLLED, by=by, now=now)
    return Enrolment(learner, contract)


def suggested_cohort(application: Application, cohorts: list[Cohort]) -> Cohort:
    """The intake's cohort, or — when the positioning credits a year — the cohort of the same
    framework that is then in its next year."""
    intake = application.intake
    positioning = getattr(application, "positioning", None)
    if positioning is None or not positioning.credited_years:
        return intake.cohort
    year = 1 + positioning.credited_years
    for cohort in cohorts:
        if (
            cohort.framework == intake.cohort.framework
            and cohort.year_on(intake.training_start) == year
        ):
            return cohort
    return intake.cohort


def may_enrol(application: Application) -> bool:
    return application.learner_id is None and application.stage in ENROLLABLE
