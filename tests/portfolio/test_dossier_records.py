"""The dossier check reads its proofs where they are recorded (internship certificates and
apprenticeship contracts at the alternance, certificates of employment here), and the training
manager records the rest of a learner's dossier on its page.

Hand computations: a week is 5 working days (Monday–Friday) between the certificate's first and
last day (docs/internships.md); the requirement is annexe III b; the NV causes annexe II d, 4.1.
Demo deadline of the E4 and E6 dossiers: 31/03/2027.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ndrc.contracts import services as contract_services
from ndrc.contracts.demo import ANNEX, CLAUSES
from ndrc.contracts.models import Contract, InternshipReduction
from ndrc.core.models import AuditEntry
from ndrc.learners.services import change_category
from ndrc.portfolio.models import EmploymentCertificate, ExamDossier
from ndrc.portfolio.selectors import PENALTY_RISK, check_learner_dossier

pytestmark = pytest.mark.django_db

BEFORE = date(2026, 9, 14)
DEADLINE = date(2027, 3, 31)


def codes(check):
    return [finding.code for finding in check.findings]


def figure(html, name):
    """The text of the element marked `data-figure="name"` on a page."""
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, f"no figure {name}"
    return match.group(1).strip()


def dossier_url(learner, exam="E4"):
    return reverse("portfolio:learner_dossier", args=[learner.pk, exam])


# --- Proofs come from the alternance records ------------------------------------------------


def test_a_certificate_recorded_at_the_alternance_ends_the_practice_too_short_finding(
    portfolio, client_of
):
    leroy = portfolio.learners["leroy"]
    # Before: one certificate, Mon 12/01 – Fri 20/02/2026 = 30 working days = 6 weeks < 16.
    check = check_learner_dossier(leroy, "E4", on=BEFORE, deadline=DEADLINE)
    assert "practice_too_short" in codes(check)
    manager = client_of(portfolio.users["responsable"])
    agreement = contract_services.create_agreement(
        learner=leroy,
        host=portfolio.companies["assur"],
        tutor=portfolio.contacts["fabre"],
        start=date(2026, 3, 2),
        end=date(2026, 5, 8),
        clauses=CLAUSES,
        pedagogical_annex=ANNEX,
        by=portfolio.users["responsable"],
    )
    # The manager records the host's certificate on the agreement page of the alternance:
    # Mon 02/03 – Fri 08/05/2026 = 10 weeks = 50 working days.
    response = manager.post(
        reverse("contracts:agreement", args=[agreement.pk]),
        {
            "start": "2026-03-02",
            "end": "2026-05-08",
            "signed_on": "2026-05-08",
            "signatory": "Hugo Fabre",
        },
    )
    assert response.status_code == 302
    check = check_learner_dossier(leroy, "E4", on=BEFORE, deadline=DEADLINE)
    # 6 + 10 = 16 ≥ 16: the duration is met. Her only sheet is a draft: penalised, not NV;
    # not filed nor visaed yet: to do before the deadline.
    assert "practice_too_short" not in codes(check)
    assert check.risk == PENALTY_RISK
    durations = [s.text for s in check.result.explanation if s.rule == "practice_duration"]
    assert durations == ["Durée de stage attestée : 6 + 10 = 16 semaine(s) ≥ 16 semaines requises."]


def test_an_apprentice_with_a_contract_is_not_asked_for_an_internship_certificate(portfolio):
    bernard = portfolio.learners["bernard"]
    check = check_learner_dossier(bernard, "E4", on=BEFORE, deadline=DEADLINE)
    # apprenti_habilite → the contract copy replaces the internship certificates (annexe III b,
    # II.2); his contract with Rhône Distribution is recorded at the alternance.
    assert not {"no_certificate", "practice_too_short"} & set(codes(check))
    proof = [s.text for s in check.result.explanation if s.rule == "proof"]
    assert proof[-1].endswith("1 fournie(s).")
    contract = Contract.objects.get(learner=bernard)
    contract_services.delete_contract(contract=contract, by=portfolio.users["responsable"])
    check = check_learner_dossier(bernard, "E4", on=BEFORE, deadline=DEADLINE)
    assert "no_certificate" in codes(check)


def test_the_alternance_page_and_the_dossier_pages_show_the_same_weeks(portfolio, client_of):
    durand = portfolio.learners["durand"]
    manager = client_of(portfolio.users["responsable"])
    alternance = manager.get(reverse("contracts:learner", args=[durand.pk])).content.decode()
    dossier = manager.get(dossier_url(durand)).content.decode()
    # 6 + 6 = 12 weeks certified, 16 required, nothing planned.
    for html in (alternance, dossier):
        assert figure(html, "certified") == "12 semaines"
        assert figure(html, "required") == "16 semaines"
        assert figure(html, "with-planned") == "12 semaines"
    cohort = manager.get(
        reverse("portfolio:cohort_conformity", args=[portfolio.second_year.pk, "E4"])
    ).content.decode()
    row = cohort[cohort.index("Nathan Durand") :]
    assert figure(row, "certified") == "12 attestées sur 16"
    # The cohort page leads to the learner's dossier page, the alternance page too.
    assert dossier_url(durand) in cohort
    assert dossier_url(durand) in alternance


# --- The manager records the rest of the dossier --------------------------------------------


def test_the_manager_records_the_filing_and_the_visa(portfolio, client_of):
    bernard = portfolio.learners["bernard"]
    manager = client_of(portfolio.users["responsable"])
    response = manager.post(
        reverse("portfolio:dossier_filing", args=[bernard.pk, "E4"]),
        {"deposited_on": "2027-03-20", "signed": "on"},
    )
    assert response.status_code == 302
    filing = ExamDossier.objects.get(learner=bernard, exam="E4")
    assert (filing.deposited_on, filing.signed) == (date(2027, 3, 20), True)
    assert AuditEntry.objects.filter(object_id=str(filing.pk), action="create").exists()
    page = manager.get(dossier_url(bernard)).content.decode()
    assert "Déposé le 20/03/2027." in page
    # Filed in time and visaed: nothing left to do but the missing event sheet (penalty).
    check = check_learner_dossier(bernard, "E4", on=BEFORE, deadline=DEADLINE)
    assert (codes(check), check.pending) == (["sheets_missing"], [])


def test_a_reduction_under_eight_weeks_is_refused_with_the_engines_message(portfolio, client_of):
    durand = portfolio.learners["durand"]
    manager = client_of(portfolio.users["responsable"])
    url = reverse("portfolio:dossier_reduction", args=[durand.pk, "E4"])
    data = {"weeks": "6", "reason": "force_majeure", "decided_on": "2026-09-01", "note": ""}
    response = manager.post(url, data)
    assert response.status_code == 400
    assert "La durée réduite ne peut être inférieure à 8 semaines (reçu 6)." in (
        response.content.decode()
    )
    assert not InternshipReduction.objects.filter(learner=durand).exists()
    # 12 weeks: 8 ≤ 12 ≤ 16, recorded; his 12 certified weeks now meet it, for E4 and E6.
    response = manager.post(url, dict(data, weeks="12"))
    assert response.status_code == 302
    reduction = InternshipReduction.objects.get(learner=durand)
    assert AuditEntry.objects.filter(object_id=str(reduction.pk), action="create").exists()
    for exam in ("E4", "E6"):
        check = check_learner_dossier(durand, exam, on=BEFORE, deadline=DEADLINE)
        assert "practice_too_short" not in codes(check)
    alternance = manager.get(reverse("contracts:learner", args=[durand.pk])).content.decode()
    assert figure(alternance, "required").startswith("12 semaines")
    # Cancelled: 16 weeks again.
    manager.post(reverse("portfolio:dossier_reduction_cancel", args=[durand.pk, "E4"]))
    check = check_learner_dossier(durand, "E4", on=BEFORE, deadline=DEADLINE)
    assert "practice_too_short" in codes(check)


def test_an_apprentice_has_no_internship_to_reduce(portfolio, client_of):
    bernard = portfolio.learners["bernard"]
    response = client_of(portfolio.users["responsable"]).post(
        reverse("portfolio:dossier_reduction", args=[bernard.pk, "E4"]),
        {"weeks": "8", "reason": "positioning", "decided_on": "2026-09-01"},
    )
    assert response.status_code == 400
    assert "Cette catégorie n&#x27;a pas de durée de stage en semaines à réduire." in (
        response.content.decode()
    )


def test_a_candidate_on_experience_proves_it_by_certificates_of_employment(portfolio, client_of):
    garcia = portfolio.learners["garcia"]
    manager_user = portfolio.users["responsable"]
    change_category(learner=garcia, category="experience", start=date(2026, 9, 1), by=manager_user)
    # On experience (annexe III b, II.5) his internship certificate proves nothing: NV.
    check = check_learner_dossier(garcia, "E4", on=BEFORE, deadline=DEADLINE)
    assert "no_certificate" in codes(check)
    manager = client_of(manager_user)
    response = manager.post(
        reverse("portfolio:employment_certificate_add", args=[garcia.pk, "E4"]),
        {
            "company": portfolio.companies["rhone"].pk,
            "months_full_time": "36",
            "months_part_time": "0",
            "note": "Vendeur, 2022-2025",
        },
    )
    assert response.status_code == 302
    certificate = EmploymentCertificate.objects.get(learner=garcia)
    assert certificate.months_full_time == Decimal(36)
    # One certificate attesting time: proof given; not signed → certificate_unsigned (NV).
    check = check_learner_dossier(garcia, "E4", on=BEFORE, deadline=DEADLINE)
    assert "no_certificate" not in codes(check)
    assert "certificate_unsigned" in codes(check)
    response = manager.post(
        reverse("portfolio:employment_certificate_delete", args=[certificate.pk, "E4"])
    )
    assert response.status_code == 302
    assert not EmploymentCertificate.objects.filter(learner=garcia).exists()
    assert AuditEntry.objects.filter(object_id=str(certificate.pk), action="delete").exists()


# --- Who may do what ------------------------------------------------------------------------


def test_teachers_and_the_learner_read_the_dossier_page_but_only_the_manager_writes(
    portfolio, client_of
):
    bernard = portfolio.learners["bernard"]
    filing_url = reverse("portfolio:dossier_filing", args=[bernard.pk, "E4"])
    for login in ("enseignant", "apprenant", "examens"):
        client = client_of(portfolio.users[login])
        page = client.get(dossier_url(bernard))
        assert page.status_code == 200
        assert 'id="filing-form"' not in page.content.decode()
        assert client.post(filing_url, {"deposited_on": "2027-03-20"}).status_code == 403
    assert not ExamDossier.objects.filter(learner=bernard).exists()
    manager_page = client_of(portfolio.users["responsable"]).get(dossier_url(bernard))
    assert 'id="filing-form"' in manager_page.content.decode()


def test_company_tutors_and_other_teachers_do_not_reach_the_dossier(portfolio, client_of):
    durand = portfolio.learners["durand"]
    # Marc Dubois supervises Durand: he sees the learner but not his grades and dossier → 403.
    tutor = client_of(portfolio.users["tuteur"])
    assert tutor.get(dossier_url(durand)).status_code == 403
    # The 1st-year teacher does not reach a 2nd-year learner; the tutor not another's → 404.
    assert client_of(portfolio.users["enseignante"]).get(dossier_url(durand)).status_code == 404
    bernard = portfolio.learners["bernard"]
    assert client_of(portfolio.users["tuteur"]).get(dossier_url(bernard)).status_code == 404
    certificate = EmploymentCertificate.objects.create(learner=durand, months_full_time=6)
    url = reverse("portfolio:employment_certificate_delete", args=[certificate.pk, "E4"])
    assert client_of(portfolio.users["enseignant"]).post(url).status_code == 403
    assert EmploymentCertificate.objects.filter(pk=certificate.pk).exists()


def test_the_demo_reduction_of_garcia_is_shown_and_applied(portfolio):
    # Positioning: 10 weeks required instead of 16; 6 certified (12/01 – 20/02/2026) < 10.
    check = check_learner_dossier(portfolio.learners["garcia"], "E4", on=BEFORE, deadline=DEADLINE)
    assert check.practice.certified.required.minimum_weeks == 10
    assert "6 semaine(s) de stage, requis : 10 semaines" in check.findings[0].text
