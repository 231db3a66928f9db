"""The training manager invites a teacher in a real browser; the teacher receives the e-mail,
chooses a password through its link, and logs in with the role."""

import re

from django.core import mail
from playwright.sync_api import expect

from ndrc.core.demo import DEMO_PASSWORD

PASSWORD = "Un mot de passe solide 2026"


def test_a_teacher_invited_on_the_pages_sets_a_password_and_logs_in(live_server, demo, page):
    url = live_server.url
    page.goto(f"{url}/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("responsable")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name="Comptes").click()
    page.get_by_role("link", name="Inviter une personne de l'équipe").click()
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Garnier")
    page.get_by_label("Adresse électronique").fill("ines.garnier@example.fr")
    page.get_by_label("Rôle").select_option("teacher")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main")).to_contain_text("L'invitation est envoyée.")
    expect(page.locator("main")).to_contain_text("ines.garnier@example.fr")  # pending

    (message,) = mail.outbox
    assert message.to == ["ines.garnier@example.fr"]
    link = re.search(r"https?://[^/\s]+(/comptes/invitation/[^/\s]+/)", message.body).group(1)

    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{url}{link}")
    expect(page.locator("main")).to_contain_text("comme Enseignant")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()

    page.get_by_label("Nom d’utilisateur").fill("ines.garnier@example.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("body")).to_contain_text("Inès Garnier")
    expect(page.locator('[data-role="teacher"]')).to_be_visible()
    # The link served once.
    page.goto(f"{url}{link}")
    expect(page.locator("main")).to_contain_text("Invitation non valable")
