"""The Content-Security-Policy header, and pages that need no inline script or style."""

import re

import pytest

from ndrc.core.ui.middleware import DEFAULT_POLICY

INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\sstyle=|\son[a-z]+=", re.I)


def test_every_response_carries_the_content_security_policy(db, client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert policy == DEFAULT_POLICY
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy


@pytest.mark.parametrize("role", ["responsable", "tuteur"])
def test_the_pages_have_no_inline_script_or_style(demo, client, role):
    client.force_login(demo.users[role])
    bernard, durand = demo.learners["bernard"], demo.learners["durand"]
    paths = [
        "/",
        "/recherche/?q=Du",
        "/apprenants/",
        "/entreprises/",
        f"/apprenants/{durand.pk}/",
        "/examen/simulateur/",
        "/referentiel/",
    ]
    if role == "responsable":
        paths += [
            f"/apprenants/promotions/{demo.second_year.pk}/",
            f"/apprenants/{bernard.pk}/modifier/",
            f"/entreprises/{demo.companies['rhone'].pk}/modifier/",
        ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not INLINE.search(response.text), (path, INLINE.search(response.text))


def test_the_login_page_has_no_inline_script_either(db, client):
    assert not INLINE.search(client.get("/connexion/").text)


def test_the_session_and_csrf_cookies_are_not_readable_by_scripts(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_no_template_shown_in_a_browser_has_an_inline_script_or_style():
    # Pages not rendered above (a sheet with attachments, a commission) count too; only the PDF
    # templates, which WeasyPrint renders on the server, may carry styles.
    from pathlib import Path

    import ndrc

    root = Path(ndrc.__file__).parent
    found = []
    for template in root.glob("**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if template.name == "print_base.html" or '"documents/print_base.html"' in text:
            continue
        if INLINE.search(text):
            found.append(str(template.relative_to(root)))
    assert found == []
