"""The interface speaks French first; English only when the user picks it in the footer."""

from django.conf import settings
from django.utils import translation


def test_an_english_browser_still_gets_the_french_interface(client):
    response = client.get("/examen/simulateur/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_django_own_messages_are_french_by_default(client):
    response = client.get(
        "/examen/simulateur/?category=scolaire&session=&form=whole",
        HTTP_ACCEPT_LANGUAGE="en-US",
    )
    assert "Ce champ est obligatoire." in response.content.decode()


def test_choosing_english_in_the_footer_switches_the_language(client):
    response = client.post("/langue/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(
        "/examen/simulateur/?category=scolaire&session=&form=whole",
    )
    assert response["Content-Language"] == "en"
    assert "This field is required." in response.content.decode()


def test_an_unknown_language_in_the_cookie_falls_back_to_french(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "fr"


def test_a_request_in_english_leaves_no_language_behind_in_its_thread(client):
    """Django serves many requests in one thread: the language one request chose must not be
    the next one's (nor that of code running between requests)."""
    translation.activate("fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/")["Content-Language"] == "en"
    assert translation.get_language() == "fr"
