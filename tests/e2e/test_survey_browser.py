"""A leaver answers the six-month survey, and a learner the satisfaction questionnaire, through
their personal links in a real browser (Playwright driving chromium); the training manager then
sees the situation and the response rate."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect


@pytest.fixture
def links(demo):
    """The demo's indicators, and a learners' questionnaire of session 2027 sent by e-mail: the
    personal links of Eva Lemoine (six-month survey, 2026) and Nathan Durand (questionnaire)."""
    from ndrc.indicators import services
    from ndrc.indicators.demo import create_demo_indicators
    from ndrc.indicators.models import Invitation

    create_demo_indicators(demo)
    now = datetime(2026, 12, 5, 10, tzinfo=ZoneInfo("Europe/Paris"))
    survey = services.create_survey(
        centre=demo.centre, kind="learners", year=2027, title="Votre avis à mi-parcours",
        anonymous=True, closes_on=None, cohort=None, created_at=now, by=demo.users["admin"],
    )  # fmt: skip
    services.send_survey(
        survey=survey, base_url="http://testserver/", now=now, by=demo.users["admin"]
    )
    return {
        "six_months": Invitation.objects.get(
            survey__kind="six_months", learner__last_name="Lemoine"
        ).token,
        "questionnaire": Invitation.objects.get(survey=survey, learner__last_name="Durand").token,
        "survey": survey.pk,
    }


@pytest.fixture
def manager_cookie(demo, session_cookie):
    return session_cookie(demo.users["responsable"])


def test_a_leaver_and_a_learner_answer_through_their_links(
    live_server, demo, links, manager_cookie, new_page
):
    page = new_page()

    page.goto(f"{live_server.url}/enquete/{links['six_months']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre situation six mois après le BTS (session 2026)"
    )
    page.get_by_label("En emploi", exact=True).check()
    page.get_by_label("Si vous êtes en emploi : quel contrat ?").select_option(label="CDI")
    page.get_by_label("Cet emploi est-il en lien avec votre formation ?").select_option(label="Oui")
    page.get_by_label("Employeur et poste, ou formation suivie (facultatif)").fill(
        "Sport Vallée, vendeuse"
    )
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.locator("main")).to_contain_text("Merci, vos réponses sont enregistrées.")
    page.goto(f"{live_server.url}/enquete/{links['six_months']}/")
    expect(page.locator("main")).to_contain_text("Vous avez déjà répondu à cette enquête.")

    page.goto(f"{live_server.url}/enquete/{links['questionnaire']}/")
    expect(page.locator("main")).to_contain_text("Vos réponses sont anonymes")
    page.get_by_role("button", name="Envoyer mes réponses").click()  # nothing chosen
    expect(page.locator(".field-error").first).to_contain_text("Ce champ est obligatoire.")
    overall = page.get_by_role(
        "group", name="Globalement, êtes-vous satisfait(e) de votre formation ? *"
    )
    overall.get_by_label("Très satisfait(e)").check()
    page.get_by_label("Qu'aimeriez-vous voir amélioré ?").fill("Plus de mises en situation.")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.locator("main")).to_contain_text("Merci, vos réponses sont enregistrées.")

    manager = new_page(manager_cookie)
    manager.goto(f"{live_server.url}/indicateurs/sorties/2026/")
    row = manager.get_by_role("row").filter(has_text="Eva Lemoine")
    expect(row).to_contain_text("En emploi (CDI)")
    expect(row).to_contain_text("Enquête en ligne")
    manager.goto(f"{live_server.url}/indicateurs/enquetes/{links['survey']}/")
    expect(manager.locator("main")).to_contain_text("1 sur 15")
    expect(manager.locator("main")).to_contain_text("Plus de mises en situation.")
