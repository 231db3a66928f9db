"""The whole path of admissions in a real browser: a person applies through the public form and
confirms her e-mail with her personal link; the training manager moves her through the stages;
a company posts an offer through its public form; the manager publishes it and proposes the
candidate; the company retains her through its own link; the manager records the employer's
commitment and the signed contract, then enrols her — the learner and her contract are made."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from ndrc.admissions import services
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def admissions(db, settings):
    settings.ADMISSIONS_MIN_SECONDS = 0
    start = timezone.localdate() + timedelta(days=21)
    centre = factories.centre()
    manager = factories.manager_of(centre)
    cohort = factories.cohort(centre, start=start, session=start.year + 2)
    services.set_places(cohort=cohort, places=24, by=manager)
    intake = services.create_intake(
        cohort=cohort,
        title="BTS NDRC en apprentissage",
        training_start=start,
        default_category="apprenti_habilite",
        is_open=True,
        by=manager,
        now=timezone.now(),
    )
    return {"centre": centre, "manager": manager, "intake": intake, "start": start}


@pytest.fixture
def manager_cookie(admissions, session_cookie):
    return session_cookie(admissions["manager"])


def last_link(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0)


def test_from_the_public_form_to_the_enrolled_apprentice_with_a_contract(
    live_server, admissions, manager_cookie, tmp_path, new_page
):
    intake, start = admissions["intake"], admissions["start"]
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)

    # 1. She applies through the public form, without an account.
    applicant = new_page()
    applicant.goto(f"{live_server.url}/admission/candidater/{intake.public_key}/")
    applicant.get_by_label("Prénom").fill("Maëlle")
    applicant.get_by_label("Nom", exact=True).fill("Fontaine")
    applicant.get_by_label("Date de naissance").fill("2007-03-14")
    applicant.get_by_label("Courriel", exact=True).fill("maelle.fontaine@example.fr")
    applicant.get_by_label("Téléphone", exact=True).fill("06 11 22 33 44")
    applicant.get_by_label("Projet et motivation").fill("La vente et la relation client.")
    applicant.get_by_label("CV").set_input_files(str(cv))
    applicant.get_by_label("J'accepte que le centre traite").check()
    applicant.get_by_role("button", name="Envoyer ma candidature").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Candidature envoyée")

    # 2. Her personal link, by e-mail, confirms her address and shows her file.
    link = last_link(r"http://[^\s]+/admission/suivi/[^\s/]+/")
    applicant.goto(link)
    applicant.get_by_role("button", name="Je confirme mon adresse électronique").click()
    expect(applicant.locator("main")).to_contain_text("Adresse électronique confirmée.")
    expect(applicant.locator("main")).to_contain_text("Candidature reçue")
    expect(applicant.locator("main")).to_contain_text("cv.pdf")

    # 3. The training manager moves her through the stages.
    manager = new_page(manager_cookie)
    manager.goto(f"{live_server.url}/admission/tableau/")
    card = manager.locator(".board-column[data-stage=received] li.card", has_text="Fontaine")
    card.get_by_role("checkbox").check()
    manager.get_by_label("Déplacer la sélection vers").select_option(label="Réunion d'information")
    manager.get_by_role("button", name="Déplacer").click()
    expect(manager.locator(".board-column[data-stage=information_meeting]")).to_contain_text(
        "FONTAINE Maëlle"
    )
    manager.get_by_role("link", name="FONTAINE Maëlle").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Maëlle Fontaine")
    manager.get_by_label("Nouvelle étape").select_option(label="Entretien")
    manager.get_by_role("button", name="Changer d'étape").click()
    manager.get_by_role("link", name="Saisir un entretien").click()
    manager.get_by_label("Avis", exact=True).select_option(label="Avis favorable")
    manager.get_by_label("Motifs de l'avis").fill("Projet clair, très motivée.")
    manager.get_by_role("button", name="Enregistrer l'entretien").click()
    expect(manager.locator("main")).to_contain_text("Projet clair, très motivée.")
    manager.get_by_label("Nouvelle étape").select_option(label="Admis, en recherche d'entreprise")
    manager.get_by_role("button", name="Changer d'étape").click()
    stage = manager.locator("[data-stage]").first
    expect(stage).to_contain_text("Admis, en recherche d'entreprise")
    application_url = manager.url
    # Admitted without an employer: the L. 6222-12-1 deadline is shown.
    expect(manager.locator(".deadline-box")).to_contain_text("sans employeur jusqu'au")

    # 4. A company posts an offer through the centre's public form.
    company = new_page()
    company.goto(f"{live_server.url}/admission/entreprise/{admissions['centre'].uai}/offre/")
    company.get_by_label("Raison sociale").fill("Le Fournil des Pentes")
    company.get_by_label("SIRET").fill("802 345 678 00006")
    company.get_by_label("Personne à contacter").fill("Jean Roussel")
    company.get_by_label("Courriel du contact").fill("jean.roussel@fournil.example.fr")
    company.get_by_label("Poste").fill("Vendeur-conseil")
    company.get_by_label("Lieu de travail (commune)").fill("Lyon")
    company.get_by_label("Code postal").fill("69001")
    company.get_by_label("Début souhaité").fill(start.isoformat())
    company.get_by_role("button", name="Déposer l'offre").click()
    expect(company.get_by_role("heading", level=1)).to_have_text("Offre déposée")
    company_link = last_link(r"http://[^\s]+/admission/entreprise/suivi/[^\s/]+/")

    # 5. The manager publishes it and proposes the candidate.
    manager.goto(f"{live_server.url}/admission/offres/")
    manager.get_by_role("link", name="Vendeur-conseil").click()
    manager.get_by_role("button", name="Valider et publier").click()
    expect(manager.locator("[data-offer-status]")).to_contain_text("Publiée")
    manager.goto(application_url)
    manager.get_by_label("Offre", exact=True).select_option(index=1)
    manager.get_by_label("Note pour l'entreprise").fill("Très motivée, disponible de suite.")
    manager.get_by_role("button", name="Proposer le candidat").click()
    expect(manager.locator(".company-applications")).to_contain_text("Le Fournil des Pentes")

    # 6. The company sees her (and only the candidates proposed to it) and retains her.
    company.goto(company_link)
    expect(company.locator(".proposal")).to_have_count(1)
    expect(company.locator(".proposal")).to_contain_text("Maëlle Fontaine")
    company.get_by_label("Votre réponse").select_option(label="Retenu par l'entreprise")
    company.get_by_role("button", name="Répondre").click()
    expect(company.locator("main")).to_contain_text("Votre réponse est transmise au centre.")

    # 7. The employer's commitment, then the signed contract.
    manager.goto(application_url)
    expect(manager.locator(".company-applications")).to_contain_text("Retenu par l'entreprise")
    manager.get_by_role("link", name="Attestation d'engagement de l'employeur").click()
    manager.get_by_label("ou nouveau maître : prénom").fill("Jean")
    manager.get_by_label("nom", exact=True).fill("Roussel")
    manager.get_by_label("Signataire pour l'employeur").fill("Jean Roussel, gérant")
    manager.get_by_role("button", name="Enregistrer l'attestation").click()
    expect(manager.locator("[data-commitment]")).to_contain_text("Le Fournil des Pentes")
    expect(manager.locator("[data-stage]").first).to_contain_text("Entreprise trouvée")
    manager.get_by_role("button", name="Enregistrer la signature du contrat").click()
    expect(manager.locator("[data-stage]").first).to_contain_text("Contrat signé")

    # 8. Enrolment: one action, the draft contract with the engine's pay, then the learner.
    manager.get_by_role("link", name="Inscrire").click()
    expect(manager.locator("[data-draft-contract]")).to_contain_text("Le Fournil des Pentes")
    expect(manager.locator("[data-draft-contract]")).to_contain_text("Rémunération minimale")
    manager.get_by_role("button", name="Inscrire").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Maëlle Fontaine")
    expect(manager.locator("main")).to_contain_text("Jean Roussel")
    manager.goto(application_url)
    expect(manager.locator("[data-stage]").first).to_contain_text("Inscrit")
    manager.locator("main").get_by_role("link", name="alternance", exact=True).click()
    expect(manager.locator("main")).to_contain_text("Le Fournil des Pentes")

    # Her own link now says she is enrolled.
    applicant.goto(link)
    expect(applicant.locator("[data-stage]")).to_have_text("Inscrit")
