"""A training manager creates an internship agreement that breaks the host's quota, in a real
browser (Playwright driving chromium), and sees why it is refused."""

import pytest
from playwright.sync_api import expect

from ndrc.contracts.demo import ANNEX, CLAUSES
from ndrc.core.demo import DEMO_PASSWORD


@pytest.fixture
def alternance(demo):
    from ndrc.contracts.demo import create_demo_alternance

    create_demo_alternance(demo)
    return demo


def test_a_manager_creates_an_agreement_over_the_quota_and_sees_why(live_server, alternance, page):
    vincent = alternance.learners["vincent"]
    page.goto(f"{live_server.url}/connexion/?next=/alternance/apprenant/{vincent.pk}/")
    page.locator("[name=username]").fill("responsable")
    page.locator("[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Adam Vincent")
    page.get_by_role("link", name="Nouvelle convention de stage").click()

    # Optique Bellecour has 18 employees (3 interns at once) and already hosts durand, leroy
    # and garcia from 12/01 to 20/02/2026, all with Marc Dubois.
    page.get_by_label("Organisme d'accueil").select_option(label="Optique Bellecour")
    page.get_by_label("Tuteur", exact=True).select_option(label="Marc Dubois (Optique Bellecour)")
    page.get_by_label("Premier jour").fill("2026-02-02")
    page.get_by_label("Dernier jour").fill("2026-02-13")
    for code, text in {**CLAUSES, **{f"annex_{k}": v for k, v in ANNEX.items()}}.items():
        name = code if code.startswith("annex_") else f"clause_{code}"
        page.locator(f"[name={name}]").fill(text)
    page.get_by_role("button", name="Vérifier et enregistrer").click()

    refusal = page.locator(".notice.error")
    expect(refusal.first).to_contain_text("Convention refusée")
    expect(page.locator("main")).to_contain_text(
        "4 stagiaire(s) la même semaine pour 3 autorisé(s)"
    )
    expect(page.locator("main")).to_contain_text("Effectif inférieur à 20 : au plus 3 stagiaires")
    # Nothing was saved: the learner still has no agreement.
    page.get_by_role("link", name="Adam Vincent").click()
    expect(page.locator("main")).to_contain_text("Aucune convention.")
