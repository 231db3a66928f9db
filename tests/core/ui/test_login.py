"""Logging in at /connexion/, out at /deconnexion/, password reset by e-mail, rate limiting."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from ndrc.core.demo import DEMO_PASSWORD
from ndrc.core.ui.models import LoginFailure


def login(client, username, password, address="203.0.113.7"):
    return client.post(
        "/connexion/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_login_page_is_in_french(db, client):
    html = client.get("/connexion/").text
    assert "Connexion" in html
    assert "Mot de passe oublié ?" in html


def test_a_tutor_logs_in_and_lands_on_their_dashboard_then_logs_out(demo, client):
    response = login(client, "tuteur", DEMO_PASSWORD)
    assert response.status_code == 302
    assert "Les apprenants que vous encadrez" in client.get(response["Location"]).text
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert client.get("/apprenants/").status_code == 302  # back to the login page


def test_a_wrong_password_is_refused_in_french(demo, client):
    response = login(client, "tuteur", "mauvais")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.text


def test_after_five_failures_even_the_right_password_is_refused_for_fifteen_minutes(demo, client):
    for _attempt in range(5):
        assert login(client, "tuteur", "mauvais").status_code == 200
    response = login(client, "tuteur", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes." in response.text
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out by these five failures.
    assert login(client, "maitre", DEMO_PASSWORD).status_code == 302


def test_the_limit_is_per_username_whatever_the_case_or_the_address(demo, client):
    for attempt in range(5):
        login(
            client,
            "TUTEUR" if attempt % 2 else "tuteur",
            "mauvais",
            address=f"198.51.100.{attempt}",
        )
    assert login(client, "tuteur", DEMO_PASSWORD, address="192.0.2.1").status_code == 429


def test_failures_older_than_the_window_no_longer_count(demo, client):
    for _attempt in range(5):
        login(client, "tuteur", "mauvais")
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert login(client, "tuteur", DEMO_PASSWORD).status_code == 302


def test_an_address_trying_many_usernames_is_stopped_after_twenty_failures(demo, client):
    for attempt in range(20):
        login(client, f"inconnu{attempt}", "mauvais", address="203.0.113.9")
    assert login(client, "tuteur", DEMO_PASSWORD, address="203.0.113.9").status_code == 429
    assert login(client, "tuteur", DEMO_PASSWORD, address="203.0.113.10").status_code == 302


def test_a_successful_login_forgets_the_usernames_failures(demo, client):
    for _attempt in range(4):
        login(client, "tuteur", "mauvais")
    assert login(client, "tuteur", DEMO_PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="tuteur").exists()


def test_a_forgotten_password_is_reset_through_the_link_sent_by_email(demo, client):
    response = client.post("/mot-de-passe/oubli/", {"email": "tuteur@example.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "ndrc : choisir un nouveau mot de passe"
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/nouveau/" in line)
    response = client.get(link.split("testserver", 1)[1], follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Un-nouveau-mot-2026", "new_password2": "Un-nouveau-mot-2026"}
    )
    assert response.status_code == 302
    assert login(client, "tuteur", "Un-nouveau-mot-2026").status_code == 302


def test_an_unknown_email_gets_the_same_answer_and_no_message(db, client):
    response = client.post("/mot-de-passe/oubli/", {"email": "personne@example.fr"})
    assert response.status_code == 302
    assert mail.outbox == []
