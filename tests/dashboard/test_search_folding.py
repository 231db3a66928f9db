"""The search finds "theo" and "dupre" for Théo Dupré: accents and capitals aside, the same on
SQLite and on PostgreSQL (`core.text`: one table of letters, applied by the database)."""

import re

import pytest
from django.db.models import Value

from ndrc.core.models import TrainingCentre
from ndrc.core.text import Folded, fold


def found(client, query: str) -> list[str]:
    page = client.get("/recherche/", {"q": query}, headers={"HX-Request": "true"}).text
    return [" ".join(name.split()) for name in re.findall(r'/apprenants/\d+/">([^<]+)<', page)]


@pytest.mark.parametrize(
    "query",
    ["lefevre", "LEFEVRE", "Lefèvre", "louise lefevre", "lefe"],
)
def test_a_learner_is_found_whatever_the_accents_and_capitals_typed(demo, client, query):
    client.force_login(demo.users["responsable"])
    assert found(client, query) == ["Lefèvre Louise"]


def test_every_word_must_match_and_accents_in_the_query_are_folded_too(demo, client):
    client.force_login(demo.users["responsable"])
    assert found(client, "inès moreau") == ["Moreau Inès"]
    assert found(client, "ines MOREAU") == ["Moreau Inès"]
    assert found(client, "ines bernard") == []


def test_a_company_is_found_by_its_name_or_city_without_accents(demo, client):
    client.force_login(demo.users["responsable"])
    page = client.get("/recherche/", {"q": "saone"}).text
    assert "Télécom Saône Services" in page
    page = client.get("/recherche/", {"q": "telecom"}).text
    assert "Télécom Saône Services" in page


@pytest.mark.django_db
def test_the_database_folds_text_as_python_does():
    texts = ["Théo Dupré", "ÉLISE CHEVALIER", "Cœur Æther", "Ñandú Øster", "Zoë", "Ł", "l'Hôpital"]
    TrainingCentre.objects.create(name="x", uai="0691234S", siret="19690026000015")
    query = TrainingCentre.objects.all()
    for text in texts:
        in_database = query.annotate(folded=Folded(Value(text))).values_list("folded", flat=True)
        assert in_database.get() == fold(text), text
    assert fold("Théo Dupré") == "theo dupre"
