"""A training manager imports a cohort file in a real browser (Playwright driving chromium)."""

from pathlib import Path

from playwright.sync_api import expect

from ndrc.core.demo import DEMO_PASSWORD

PARCOURSUP = Path(__file__).parent.parent / "imports" / "files" / "parcoursup_admissions.csv"


def test_a_manager_uploads_a_cohort_file_previews_confirms_and_sees_the_learners(
    live_server, demo, page
):
    cohort = demo.first_year
    page.goto(f"{live_server.url}/imports/")
    # Not logged in: the login page, then back to the imports.
    page.locator("#id_username").fill("responsable")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name=f"Importer dans « {cohort.name} »").click()
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(str(PARCOURSUP))
    page.get_by_label("Statut des nouveaux apprenants").select_option("scolaire")
    page.get_by_role("button", name="Voir l'aperçu").click()

    report = page.locator("#import-report")
    expect(report.get_by_role("heading")).to_have_text("Aperçu : rien n'est encore enregistré")
    expect(report.locator(".count-created")).to_have_text("5")
    expect(report).to_contain_text("FONTAINE Maëlle")
    expect(report).to_contain_text("Date de naissance : 14/03/2007", ignore_case=True)
    expect(page.locator(".import-progress").last).to_be_hidden()  # the report replaced it

    report.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator("#import-report h2")).to_have_text("Import appliqué")
    expect(page.locator("#import-report .count-created")).to_have_text("5")

    page.get_by_role("link", name="Voir la promotion").click()
    for name in ("FONTAINE", "N'DIAYE", "LE GALL", "BENSAÏD", "DA SILVA"):
        expect(page.get_by_role("main")).to_contain_text(name)
