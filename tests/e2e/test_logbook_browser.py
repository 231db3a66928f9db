"""The apprenticeship logbook in a real browser: the apprentice writes an activity, the master
validates the period from their own login, the referent teacher comments, and the apprentice
reads both (Playwright driving Debian's chromium against the live server)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from ndrc.core.demo import DEMO_PASSWORD

ON = date(2026, 12, 4)


@pytest.fixture
def logbook(demo, session_cookie, monkeypatch):
    from ndrc.contracts.demo import create_demo_alternance
    from ndrc.followup.demo import create_demo_followup
    from ndrc.followup.models import Logbook

    create_demo_alternance(demo)
    create_demo_followup(demo)
    monkeypatch.setattr("ndrc.followup.views.today", lambda: ON)
    logbook = Logbook.objects.get(learner=demo.learners["bernard"])
    december = logbook.periods.get(start=date(2026, 12, 1))
    cookies = {login: session_cookie(demo.users[login]) for login in ("apprenant", "enseignant")}
    return logbook.pk, december.pk, cookies


def test_the_apprentice_writes_the_master_validates_the_teacher_comments(
    live_server, logbook, new_page
):
    logbook_pk, december_pk, cookies = logbook
    url = f"{live_server.url}/suivi/livret/{logbook_pk}/"
    period = f"#period-{december_pk}"

    apprentice = new_page(cookies["apprenant"])
    apprentice.goto(url)
    apprentice.get_by_label("Date").fill("2026-12-03")
    apprentice.get_by_label("Activité réalisée").fill("Salon de l'habitat : accueil du stand")
    apprentice.get_by_label("Ce que j'ai fait").fill("Accueil, démonstrations, 14 contacts.")
    apprentice.get_by_text("Activités et compétences du référentiel").click()
    apprentice.get_by_label("P1-A3 — ").check()
    apprentice.get_by_role("button", name="Noter l'activité").click()
    expect(apprentice.locator(".messages")).to_contain_text("Activité notée dans le livret.")
    expect(apprentice.locator(period)).to_contain_text("Salon de l'habitat : accueil du stand")
    expect(apprentice.locator(period)).to_contain_text("P1-A3")
    expect(
        apprentice.locator(period).get_by_role("button", name="Valider la période")
    ).to_have_count(0)

    # Sophie Laurent logs in herself and finds the period to validate on her page.
    master = new_page()
    master.goto(f"{live_server.url}/connexion/?next=/suivi/")
    master.get_by_label("Nom d’utilisateur").fill("maitre")
    master.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    master.get_by_role("button", name="Se connecter").click()
    expect(master).to_have_url(f"{live_server.url}/suivi/maitre/")
    expect(master.locator("main")).to_contain_text("Lucas Bernard")
    expect(master.locator("main")).not_to_contain_text("Hugo Robert")
    master.goto(url)
    block = master.locator(period)
    block.get_by_label("Appréciation du maître d'apprentissage").fill(
        "Très bon accueil des visiteurs ; relances à faire dans la semaine."
    )
    block.get_by_role("button", name="Valider la période").click()
    expect(master.locator(".messages")).to_contain_text("Période validée.")
    expect(master.locator(period)).to_contain_text("validée par Sophie Laurent le 04/12/2026")

    # Paul Girard, the referent, comments.
    teacher = new_page(cookies["enseignant"])
    teacher.goto(url)
    teacher.locator(period).get_by_text("Commenter la période").click()
    teacher.locator(period).get_by_label("Commentaire de l'enseignant référent").fill(
        "Belle expérience à reprendre dans une fiche E4."
    )
    teacher.locator(period).get_by_role("button", name="Enregistrer le commentaire").click()
    expect(teacher.locator(".messages")).to_contain_text("Commentaire enregistré.")

    # The apprentice reads both; the validated period no longer takes changes.
    apprentice.reload()
    block = apprentice.locator(period)
    expect(block).to_contain_text("Très bon accueil des visiteurs")
    expect(block).to_contain_text("Belle expérience à reprendre dans une fiche E4.")
    expect(block.get_by_role("button", name="Retirer")).to_have_count(0)
