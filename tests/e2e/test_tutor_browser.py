"""An internship tutor logs in through /connexion/ in a real browser and sees only their interns."""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from ndrc.core.demo import DEMO_PASSWORD

# Playwright's sync API runs an event loop in this thread, and Django then refuses database
# access from what it sees as async context (SynchronousOnlyOperation) — the demo fixture and
# live_server's setup included. The tests only drive the browser, so allow it for this module.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]

pytestmark = pytest.mark.browser


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # A French-speaking user: Django's own labels ("Nom d’utilisateur") follow the browser.
        page = browser.new_page(locale="fr-FR")
        page.set_default_timeout(10_000)
        violations = []
        # A Content-Security-Policy violation shows as a console error: the pages must have none.
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        yield page
        browser.close()
        assert violations == []


def test_a_tutor_logs_in_and_sees_only_their_interns(live_server, demo, page):
    page.goto(f"{live_server.url}/apprenants/")
    expect(page).to_have_url(f"{live_server.url}/connexion/?next=/apprenants/")
    page.get_by_label("Nom d’utilisateur").fill("tuteur")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(f"{live_server.url}/apprenants/")
    table = page.locator("table.learners tbody")
    expect(table.locator("tr")).to_have_count(3)
    expect(table).to_contain_text("Durand Nathan")
    expect(table).to_contain_text("Leroy Léa")
    expect(table).to_contain_text("Morel Raphaël")
    expect(table).not_to_contain_text("Bernard")

    # Live search among what the tutor may reach only: Bernard is Sophie Laurent's apprentice.
    page.goto(f"{live_server.url}/recherche/")
    page.get_by_label("Nom d'un apprenant, entreprise, SIRET ou commune").fill("Bernard")
    expect(page.locator("#search-results")).to_contain_text("Aucun apprenant trouvé.")
    page.get_by_label("Nom d'un apprenant, entreprise, SIRET ou commune").fill("Leroy")
    expect(page.locator("#search-results")).to_contain_text("Leroy Léa")

    page.get_by_role("link", name="Leroy Léa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Léa Leroy")
    expect(page.locator("main")).not_to_contain_text(demo.learners["leroy"].ine)

    response = page.goto(f"{live_server.url}/apprenants/{demo.learners['bernard'].pk}/")
    assert response.status == 404
