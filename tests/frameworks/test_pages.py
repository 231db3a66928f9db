"""The référentiel pages: a visitor browses units and exams, pôles, blocs, in French."""

import html
import re

import pytest

from ndrc.regulation.framework import load_framework


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def test_the_index_links_to_the_three_parts_of_the_framework(client):
    page = text_of(client.get("/referentiel/"))
    assert "Pôles d'activités" in page
    assert "Blocs de compétences" in page
    assert "Unités et épreuves" in page


def test_the_units_page_lists_units_with_coefficients_and_a_students_exams(client):
    response = client.get("/referentiel/unites/")
    page = text_of(response)
    assert response.status_code == 200
    assert "Relation client et négociation-vente" in page
    # Default category: scolaire, column A: E4 in CCF, E1 written 4 h.
    assert "Colonne A du règlement d'examen" in page
    assert "CCF, 2 situations d'évaluation" in page
    assert "Ponctuelle écrite" in page and "4 h" in page


def test_a_distance_candidate_sees_e4_as_an_oral_with_preparation(client):
    page = text_of(client.get("/referentiel/unites/", {"category": "distance"}))
    assert "Colonne C du règlement d'examen" in page
    assert "CCF" not in page.split("Colonne C")[1].split("Justification")[0]
    assert "Ponctuelle orale" in page and "40 min" in page and "1 h" in page


def test_extra_time_shows_the_extended_durations_and_its_source(client):
    page = text_of(
        client.get("/referentiel/unites/", {"category": "experience", "extra_time": "on"})
    )
    assert "avec majoration de temps" in page
    assert "5 h 20" in page  # E1: 240 + 80 = 320 min
    assert "D351-27" in page


def test_the_category_selector_answers_htmx_with_the_table_only(client):
    response = client.get(
        "/referentiel/unites/", {"category": "fpc_public_ccf"}, headers={"HX-Request": "true"}
    )
    page = text_of(response)
    assert "<html" not in page
    assert 'id="exam-plan"' in page
    assert "CCF, 3 situations d'évaluation" in page  # E1 in column B


def test_an_unknown_category_is_shown_next_to_the_selector_in_french(client):
    response = client.get("/referentiel/unites/", {"category": "libre"})
    page = text_of(response)
    assert response.status_code == 400
    assert "Catégorie inconnue : « libre »" in page
    assert "Colonne " not in page


def test_the_activity_areas_page_lists_the_three_poles(client):
    framework = load_framework()
    page = text_of(client.get("/referentiel/poles/"))
    for area in framework.activity_areas.values():
        assert area.title in page
    assert len(framework.activity_areas) == 3


def test_a_pole_shows_its_activities_tasks_and_expected_results(client):
    area = load_framework().activity_areas["P1"]
    activity = area.activities[0]
    page = text_of(client.get("/referentiel/poles/P1/"))
    assert "Tâches" in page and "Résultats attendus" in page
    assert activity.title in page
    assert activity.tasks[0] in page
    assert activity.expected_results[0] in page


def test_the_skill_blocks_page_lists_the_three_blocs(client):
    framework = load_framework()
    page = text_of(client.get("/referentiel/blocs/"))
    assert len(framework.skill_blocks) == 3
    for block in framework.skill_blocks.values():
        assert block.title in page


def test_a_bloc_shows_competences_sub_competences_criteria_and_knowledge(client):
    block = load_framework().skill_blocks["BC01"]
    page = text_of(client.get("/referentiel/blocs/BC01/"))
    competence = block.competences[0]
    sub = competence.sub_competences[0]
    assert competence.title in page
    assert sub.title in page
    assert sub.performance_criteria[0].text in page
    assert "Savoirs associés" in page
    assert block.associated_knowledge[0].text in page


@pytest.mark.parametrize("url", ["/referentiel/poles/P9/", "/referentiel/blocs/BC09/"])
def test_an_unknown_code_is_a_404(client, url):
    assert client.get(url).status_code == 404
