"""A learner writes and tags an activity sheet; the teacher validates it and sees the coverage
map change (Playwright driving Debian's chromium against the live server)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
CRITERION = "BC01-C3-S3-PC1"  # not covered by the demo sheets of Lucas Bernard

pytestmark = pytest.mark.browser


@pytest.fixture
def sessions(live_server, demo, settings):
    # All database work happens before Playwright starts its event loop (Django refuses
    # database access from a thread with a running loop): the session cookies of the learner
    # and of his teacher, and the learner's id.
    from ndrc.portfolio.demo import create_portfolio_demo

    create_portfolio_demo(demo)
    cookies = {}
    for login in ("apprenant", "enseignant"):
        client = Client()
        client.force_login(demo.users[login])
        cookies[login] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies, demo.learners["bernard"].pk


@pytest.fixture
def browser(sessions):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def logged_in(browser, live_server, cookie):
    context = browser.new_context()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_learner_writes_a_sheet_and_the_teacher_sees_the_coverage_change(
    live_server, sessions, browser
):
    cookies, learner_pk = sessions
    coverage_url = f"{live_server.url}/portfolio/apprenants/{learner_pk}/couverture/"

    learner = logged_in(browser, live_server, cookies["apprenant"])
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

    teacher = logged_in(browser, live_server, cookies["enseignant"])
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
