"""What a new app plugs into the top of the house shows where it should: its menu entries to
the users they name, its dashboard panel to the roles it names, when it has something to say."""

import re

import pytest

from ndrc.core.models import Role
from ndrc.dashboard import panels


def menu_of(client, user=None) -> list[str]:
    if user is not None:
        client.force_login(user)
    page = client.get("/referentiel/").text
    nav = re.search(r'<nav aria-label="Navigation principale">(.*?)</nav>', page, re.S).group(1)
    return re.findall(r">([^<]+)</a>", nav)


def test_a_visitor_sees_the_public_pages_only(db, client):
    assert menu_of(client) == ["Référentiel", "Simulateur de délibération"]


def test_each_role_sees_the_menu_entries_made_for_it(demo, client):
    learner = menu_of(client, demo.users["apprenant"])
    assert "Mon dossier" in learner and "Portfolio" in learner
    # A learner's lists and searches would hold only themselves.
    assert "Apprenants" not in learner and "Rechercher" not in learner
    assert "Entreprises" not in learner and "Imports" not in learner
    teacher = menu_of(client, demo.users["enseignant"])
    assert "Entreprises" in teacher and "Imports" not in teacher
    assert "Imports" in menu_of(client, demo.users["responsable"])


@pytest.fixture
def shown_panel(settings, tmp_path, monkeypatch):
    """An app's panel for teachers, saying how many things it found; `found` sets them."""
    (tmp_path / "panel.html").write_text('<section data-panel="test">{{ panel|length }}</section>')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    found = []

    def read(user, *, on):
        return list(found)

    panel = panels.Panel("panel.html", read, frozenset({Role.TEACHER}))
    monkeypatch.setattr(panels, "PANELS", (panel,))
    return found


@pytest.mark.usefixtures("computed_at_each_view")  # the panel added by code, not by a record
def test_an_apps_panel_shows_to_the_roles_it_names_when_it_has_something(demo, client, shown_panel):
    client.force_login(demo.users["enseignant"])
    assert 'data-panel="test"' not in client.get("/").text
    shown_panel.extend(["a sheet", "a situation"])
    assert '<section data-panel="test">2</section>' in client.get("/").text
    client.force_login(demo.users["apprenant"])
    assert 'data-panel="test"' not in client.get("/").text


def test_masters_and_tutors_see_no_entry_leading_to_nothing_for_them(demo, client):
    from ndrc.gradebook import services as gradebook_services

    master = menu_of(client, demo.users["maitre"])
    tutor = menu_of(client, demo.users["tuteur"])
    # No exam session is theirs, and bulletins only when the centre shares them.
    for menu in (master, tutor):
        assert "Examens" not in menu and "Notes et bulletins" not in menu
        assert "Alternance" in menu and "Évaluations" in menu
    # A master follows their apprentice (logbook, hours); a student's internship has neither.
    assert "Suivi en entreprise" in master and "Émargement" in master
    assert "Suivi en entreprise" not in tutor and "Émargement" not in tutor
    gradebook_services.save_settings(
        training_centre=demo.centre,
        period_kind="semester",
        share_reports_with_masters=True,
        by=demo.users["responsable"],
    )
    assert "Notes et bulletins" in menu_of(client, demo.users["maitre"])
    assert "Notes et bulletins" in menu_of(client, demo.users["tuteur"])
    # The staff keep them: the teacher their gradebooks, the exam office its sessions.
    assert "Notes et bulletins" in menu_of(client, demo.users["enseignant"])
    assert "Examens" not in menu_of(client, demo.users["enseignant"])
    assert "Examens" in menu_of(client, demo.users["examens"])
    assert "Suivi en entreprise" not in menu_of(client, demo.users["examens"])
