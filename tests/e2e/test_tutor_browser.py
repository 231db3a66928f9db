"""An internship tutor logs in through /connexion/ in a real browser and sees only their interns."""

from playwright.sync_api import expect

from ndrc.core.demo import DEMO_PASSWORD


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
