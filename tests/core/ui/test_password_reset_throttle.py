"""The password reset form is rate-limited like the login: it cannot be used to flood a mailbox."""

from django.core import mail

from ndrc.core.demo import DEMO_PASSWORD

REFUSED = "Trop de demandes de réinitialisation du mot de passe. Réessayez dans 15 minutes."


def ask_reset(client, email, address="203.0.113.7"):
    return client.post("/mot-de-passe/oubli/", {"email": email}, REMOTE_ADDR=address)


def test_after_five_requests_for_one_address_the_sixth_is_refused_and_sends_nothing(demo, client):
    for _request in range(5):
        assert ask_reset(client, "tuteur@example.fr").status_code == 302
    assert len(mail.outbox) == 5
    response = ask_reset(client, "TUTEUR@example.fr", address="198.51.100.4")
    assert response.status_code == 429
    assert REFUSED in response.text
    assert len(mail.outbox) == 5
    # The login is counted apart: the tutor still logs in.
    login = {"username": "tuteur", "password": DEMO_PASSWORD}
    assert client.post("/connexion/", login, REMOTE_ADDR="203.0.113.7").status_code == 302


def test_an_unknown_address_is_limited_too_so_the_answer_tells_nothing(db, client):
    for _request in range(5):
        assert ask_reset(client, "personne@example.fr").status_code == 302
    response = ask_reset(client, "personne@example.fr")
    assert response.status_code == 429
    assert REFUSED in response.text


def test_twenty_requests_from_one_client_block_it_but_not_the_others(db, client):
    for number in range(20):
        assert ask_reset(client, f"personne{number}@example.fr").status_code == 302
    assert ask_reset(client, "autre@example.fr").status_code == 429
    assert ask_reset(client, "autre@example.fr", address="192.0.2.44").status_code == 302


def test_failed_logins_do_not_use_up_the_reset_requests_of_a_client(demo, client):
    for _attempt in range(20):
        client.post(
            "/connexion/", {"username": "x", "password": "mauvais"}, REMOTE_ADDR="203.0.113.7"
        )
    assert ask_reset(client, "tuteur@example.fr").status_code == 302
    assert len(mail.outbox) == 1
