"""From admitted to enrolled: the employer's commitment before the contract, one action that
makes the learner (nothing typed again) and drafts the contract with the engine's pay and the
positioning's credited years, the cohort's places, and what flows to the exam registration."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ndrc.admissions import company_search, enrolment, selectors, services
from ndrc.admissions.models import Stage
from ndrc.contracts.models import Contract
from ndrc.contracts.selectors import pay_schedule
from ndrc.contracts.services import WarningsToConfirm
from ndrc.core.models import Role
from ndrc.learners.models import Learner
from tests import factories
from tests.admissions.conftest import ON, START, at


@pytest.fixture
def employer():
    company = factories.company()
    return company, factories.contact(company, first_name="Sophie", last_name="Laurent")


def admit(application, manager):
    services.move_application(application=application, stage=Stage.ACCEPTED, by=manager, now=at(ON))


def commit(application, manager, employer, *, start=START):
    company, master = employer
    return company_search.record_commitment(
        application=application,
        company=company,
        master=master,
        position="Conseiller de vente",
        contract_start=start,
        signatory_name="Sophie Laurent",
        signed_on=ON,
        by=manager,
        now=at(ON),
        on=ON,
    )


def test_the_commitment_needs_an_admitted_candidate_and_moves_to_company_found(
    applicant, manager, employer
):
    application = applicant()
    with pytest.raises(ValidationError, match="admis"):
        commit(application, manager, employer)
    admit(application, manager)
    commit(application, manager, employer)
    application.refresh_from_db()
    assert application.stage == Stage.COMPANY_FOUND
    with pytest.raises(ValidationError):
        company_search.record_contract_signed(
            application=application, signed_on=date(2026, 6, 1), by=manager, now=at(ON), on=ON
        )  # before the commitment's signature
    company_search.record_contract_signed(
        application=application, signed_on=ON, by=manager, now=at(ON), on=ON
    )
    application.refresh_from_db()
    assert application.stage == Stage.CONTRACT_SIGNED


def test_enrolment_makes_the_learner_and_drafts_the_contract_with_the_credited_year(
    applicant, manager, employer, centre, cohort, client
):
    application = applicant(ine="090412345AB", parcoursup_number="4821093")
    services.decide_positioning(
        application=application,
        credited_years=1,
        extra_years=0,
        exempted_units=["U1"],
        qualifications=["bts"],
        reasons="Titulaire d'un BTS MCO.",
        decided_on=ON,
        by=manager,
        on=ON,
    )
    admit(application, manager)
    commit(application, manager, employer)
    second_year = factories.cohort(centre, name="BTS NDRC 2", start=date(2025, 9, 1), session=2027)
    services.set_places(cohort=second_year, places=30, by=manager)
    cohorts = [cohort, second_year]
    assert enrolment.suggested_cohort(application, cohorts) == second_year

    result = enrolment.enrol(
        application=application,
        cohort=second_year,
        category="apprenti_habilite",
        category_start=START,
        with_contract=True,
        by=manager,
        on=date(2026, 9, 7),
        now=at(date(2026, 9, 7)),
        confirm_warnings=True,
    )
    learner = result.learner
    assert (learner.first_name, learner.last_name, learner.birth_date) == (
        "Maëlle",
        "Fontaine",
        date(2007, 3, 14),
    )
    assert (learner.ine, learner.parcoursup_number, learner.email) == (
        "090412345AB",
        "4821093",
        "maelle.fontaine@example.fr",
    )
    assert learner.current_category == "apprenti_habilite"
    contract = Contract.objects.get(learner=learner)
    assert contract.employer == employer[0] and contract.apprenticeship_master == employer[1]
    assert contract.start == START and contract.end == date(2027, 8, 31)
    assert contract.credited_years == 1
    # The engine's pay: 19 years old in September 2026 (18–20 bracket), contract year 1 + 1
    # credited = 2nd year of the table: 51 % (D. 6222-26).
    first_month = pay_schedule(contract).months[0]
    assert first_month.contract_year == 2 and first_month.rate == Decimal("0.51")
    assert learner.supervisions.get().contact == employer[1]
    application.refresh_from_db()
    assert application.stage == Stage.ENROLLED and application.learner == learner
    # The exam registration reads the positioning from the learner.
    summary = selectors.positioning_for([learner])[learner.pk]
    assert summary.exempted_units == ("U1",) and summary.qualifications == ("bts",)
    assert summary.credited_years == 1
    # The learner's page shows it too.
    client.force_login(manager)
    page = client.get(reverse("learners:detail", args=[learner.pk])).content.decode()
    section = page.split("data-positioning")[1].split("</section>")[0]
    assert "U1" in section and "bts" in section


def test_an_exemption_without_its_title_is_refused_by_the_engine_s_rule(applicant, manager):
    with pytest.raises(ValidationError) as error:
        services.decide_positioning(
            application=applicant(),
            credited_years=0,
            extra_years=0,
            exempted_units=["U3"],
            qualifications=["bts"],
            reasons="Titulaire d'un BTS.",
            decided_on=ON,
            by=manager,
            on=ON,
        )
    assert "la dispense de U3 demande un titre" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.decide_positioning(
            application=applicant(email="b@example.fr"),
            credited_years=0,
            extra_years=0,
            exempted_units=["U4"],
            qualifications=["bts"],
            reasons="?",
            decided_on=ON,
            by=manager,
            on=ON,
        )
    assert "U4 ne peut pas faire l'objet d'une dispense" in str(error.value)


def test_the_cohort_s_places_are_enforced(applicant, manager, cohort):
    services.set_places(cohort=cohort, places=1, by=manager)
    factories.learner(cohort)
    application = applicant()
    admit(application, manager)
    with pytest.raises(ValidationError, match="Promotion complète : 1 places, 1 inscrits"):
        enrolment.enrol(
            application=application,
            cohort=cohort,
            category="apprenti_habilite",
            category_start=START,
            with_contract=False,
            by=manager,
            on=ON,
            now=at(ON),
        )
    assert not Learner.objects.filter(last_name="Fontaine").exists()


def test_a_contract_whose_warnings_are_not_confirmed_enrols_no_one(applicant, manager, employer):
    application = applicant()
    admit(application, manager)
    # Starting four months after the cycle: a warning of the contracts' engine (L. 6222-12-1).
    commit(application, manager, employer, start=date(2027, 1, 11))
    with pytest.raises(WarningsToConfirm):
        enrolment.enrol(
            application=application,
            cohort=application.intake.cohort,
            category="apprenti_habilite",
            category_start=START,
            with_contract=True,
            by=manager,
            on=ON,
            now=at(ON),
        )
    assert not Learner.objects.exists() and not Contract.objects.exists()
    application.refresh_from_db()
    assert application.stage == Stage.COMPANY_FOUND


def test_the_referent_s_adaptations_are_restricted_and_flow_to_the_learner(
    applicant, manager, centre, client
):
    referent = factories.person("referente", role=Role.TEACHER, training_centre=centre)
    services.designate_referent(training_centre=centre, user=referent, by=manager)
    application = applicant(has_recognised_disability=True, wants_disability_contact=True)
    with pytest.raises(PermissionDenied):
        services.record_adaptation(
            application=application,
            needs="x",
            training_adaptations="",
            exam_accommodation="",
            extra_time=False,
            by=manager,
            now=at(ON),
        )
    services.record_adaptation(
        application=application,
        needs="Trouble de l'attention (confidentiel)",
        training_adaptations="Place au premier rang",
        exam_accommodation="Tiers-temps aux épreuves écrites",
        extra_time=True,
        by=referent,
        now=at(ON),
    )
    url = reverse("admissions:application", args=[application.pk])
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Place au premier rang" in page and "Trouble de l" not in page
    client.force_login(referent)
    assert "Trouble de l" in client.get(url).content.decode()
    # The referent reads but does not move applications.
    response = client.post(
        reverse("admissions:move", args=[application.pk]), {"stage": "interview"}
    )
    assert response.status_code == 403

    admit(application, manager)
    learner = enrolment.enrol(
        application=application,
        cohort=application.intake.cohort,
        category="apprenti_habilite",
        category_start=START,
        with_contract=False,
        by=manager,
        on=ON,
        now=at(ON),
    ).learner
    assert learner.accommodation == "Tiers-temps aux épreuves écrites" and learner.extra_time


def test_the_enrol_page_shows_the_draft_contract_and_its_pay(
    manager_client, applicant, manager, employer
):
    application = applicant()
    admit(application, manager)
    commit(application, manager, employer)
    page = manager_client.get(reverse("admissions:enrol", args=[application.pk])).content.decode()
    assert "Le contrat qui sera préparé" in page and "Rémunération minimale" in page
    assert "07/09/2026" in page and "06/09/2028" in page  # two years of cycle
    response = manager_client.post(
        reverse("admissions:enrol", args=[application.pk]),
        {
            "cohort": application.intake.cohort.pk,
            "category": "apprenti_habilite",
            "category_start": "2026-09-07",
            "with_contract": "on",
        },
    )
    learner = Learner.objects.get(last_name="Fontaine")
    assert response.status_code == 302 and response["Location"] == f"/apprenants/{learner.pk}/"
    assert Contract.objects.filter(learner=learner).exists()


def test_without_a_contract_enrolment_follows_the_l6222_12_1_rule(applicant, manager):
    application = applicant()
    admit(application, manager)

    def enrol(on):
        return enrolment.enrol(
            application=application,
            cohort=application.intake.cohort,
            category="apprenti_habilite",
            category_start=START,
            with_contract=False,
            by=manager,
            on=on,
            now=at(on),
        )

    # Cycle from 07/09/2026: three months without an employer, to 06/12/2026.
    with pytest.raises(ValidationError, match="la période sans employeur a pris fin le 06/12/2026"):
        enrol(date(2026, 12, 7))
    assert enrol(date(2026, 12, 6)).contract is None
