"""A learner writes and tags an activity sheet; the teacher validates it and sees the coverage
map change (Playwright driving Debian's chromium against the live server)."""

import pytest
from playwright.sync_api import expect

CRITERION = "BC01-C3-S3-PC1"  # not covered by the demo sheets of Lucas Bernard


@pytest.fixture
def sessions(demo, session_cookie):
    from ndrc.portfolio.demo import create_portfolio_demo

    create_portfolio_demo(demo)
    cookies = {login: session_cookie(demo.users[login]) for login in ("apprenant", "enseignant")}
    return cookies, demo.learners["bernard"].pk


def test_a_learner_writes_a_sheet_and_the_teacher_sees_the_coverage_change(
    live_server, sessions, new_page
):
    cookies, learner_pk = sessions
    coverage_url = f"{live_server.url}/portfolio/apprenants/{learner_pk}/couverture/"

    learner = new_page(cookies["apprenant"])
    learner.goto(f"{live_server.url}/portfolio/")
    learner.get_by_role("link", name="Nouvelle fiche E4").click()
    learner.get_by_label("Intitulé de l'activité").fill("Salon des vins de Villeurbanne")
    learner.get_by_label("Début").fill("2026-09-12")
    learner.get_by_label("Entreprise").select_option(label="Rhône Distribution")
    learner.get_by_label("Nature de l'activité").select_option("event")
    learner.get_by_label("Contexte réel").fill("Stand de Rhône Distribution au salon.")
    learner.get_by_label("Analyse en amont (ciblage, prospection)").fill("Invitations ciblées.")
    learner.get_by_label(
        "Analyse de l'information (marché, clientèle, secteur, veille, partage)"
    ).fill("Fichier des visiteurs partagé.")
    learner.get_by_label("Analyse réflexive").fill("Bonne affluence, stand trop petit.")
    learner.get_by_role("button", name="Enregistrer").click()
    expect(learner.locator(".messages")).to_contain_text("Fiche enregistrée en brouillon.")

    # The tags are on the edit page the learner lands on.
    learner.locator(f"#id_tag-{CRITERION}").select_option("performed")
    learner.get_by_role("button", name="Enregistrer").click()
    expect(learner.locator("#sheet-tags")).to_contain_text(CRITERION)
    learner.get_by_role("button", name="Soumettre à l'enseignant").click()
    expect(learner.locator("#sheet-status")).to_have_text("Soumise")

    teacher = new_page(cookies["enseignant"])
    teacher.goto(coverage_url)
    expect(teacher.locator(f"tr#{CRITERION}")).to_have_attribute("data-state", "missing")
    # Demo: 5 performed, 2 observed, 41 missing (tests/portfolio/test_coverage.py).
    expect(teacher.locator("#coverage-counts")).to_contain_text("5 réalisé(s)")

    teacher.goto(f"{live_server.url}/portfolio/")
    teacher.get_by_role("link", name="Lucas Bernard — Salon des vins de Villeurbanne").click()
    teacher.get_by_label("Commentaire").fill("Très bien, pensez au bilan chiffré.")
    teacher.get_by_role("button", name="Valider la fiche").click()
    expect(teacher.locator("#sheet-status")).to_have_text("Validée")

    teacher.goto(coverage_url)
    expect(teacher.locator(f"tr#{CRITERION}")).to_have_attribute("data-state", "performed")
    expect(teacher.locator(f"tr#{CRITERION}")).to_contain_text("Salon des vins de Villeurbanne")
    expect(teacher.locator("#coverage-counts")).to_contain_text("6 réalisé(s)")
