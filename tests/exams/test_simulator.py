"""The deliberation simulator: a student types grades and reads the jury's decision, explained."""

import html
import re
from decimal import Decimal

import pytest

URL = "/examen/simulateur/"

# Hand computation (arrêté du 19 février 2018, annexe II c; U5 = (2 × 7 + 2 × 13) / 4 = 10):
# 3 × 8 + 3 × 12.5 + 3 × 10 + 5 × 11 + 4 × 10 + 3 × 14 = 24 + 37.5 + 30 + 55 + 40 + 42 = 228.5
# 228.5 / 21 = 10.8809… → "10.88", admitted.
PASSING = {
    "category": "scolaire",
    "session": "2026",
    "form": "whole",
    "lv1": "anglais",
    "grade_U1": "8",
    "grade_U2": "12,5",
    "grade_U3": "10",
    "grade_U4": "11",
    "grade_U5_written": "7",
    "grade_U5_practical": "13",
    "grade_U6": "14",
}


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def test_the_empty_simulator_shows_a_french_form_and_no_decision(client):
    response = client.get(URL)
    page = text_of(response)
    assert response.status_code == 200
    assert "Simulateur de délibération" in page
    assert '<label for="id_grade_U5_written">U5 — partie écrite</label>' in page
    assert "Catégorie de candidat" in page
    assert "data-decision" not in page


def test_a_student_with_an_average_of_10_88_is_admitted_with_the_explanation(client):
    response = client.get(URL, PASSING)
    page = text_of(response)
    assert response.status_code == 200
    assert 'data-decision="admitted"' in page and "Admis" in page
    assert "10.88" in page
    assert "228.5" in page and "/ 21" in page
    assert "annexe II c" in page  # the explanation cites its sources


def test_a_low_u4_grade_turns_the_decision_to_failed(client):
    # 228.5 − 5 × (11 − 2) = 183.5; 183.5 / 21 = 8.73… and (5 × 2 + 4 × 10 + 3 × 14) / 12 = 7.66…
    # < 10: not eligible for the épreuves de contrôle.
    response = client.get(URL, {**PASSING, "grade_U4": "2"})
    page = text_of(response)
    assert 'data-decision="failed"' in page and "Ajourné" in page
    assert "8.73" in page


def test_an_unjustified_absence_means_the_diploma_cannot_be_awarded(client):
    page = text_of(client.get(URL, {**PASSING, "grade_U3": "abs"}))
    assert 'data-decision="failed"' in page


def test_an_empty_unit_shows_the_grade_still_needed_to_reach_10(client):
    # Without U6: 228.5 − 42 = 186.5 points; (186.5 + 3 × g) / 21 ≥ 10 ⇔ g ≥ 23.5 / 3 = 7.83…
    response = client.get(URL, {**PASSING, "grade_U6": ""})
    needed = {item.unit: item for item in response.context["needed"]}
    assert needed["U6"].reachable
    assert Decimal("7.83") <= needed["U6"].grade <= Decimal("8")
    assert "Note encore nécessaire pour atteindre 10 de moyenne" in text_of(response)


def test_an_exemption_without_a_qualifying_title_is_rejected(client):
    page = text_of(client.get(URL, {**PASSING, "grade_U1": "", "exemptions": ["U1"]}))
    assert 'data-decision="rejected"' in page and "Inscription irrecevable" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("21", "La note 21 est hors de l'échelle : elle doit être comprise entre 0 et 20."),
        ("abc", "« abc » n'est pas une note"),
        ("-1", "hors de l'échelle"),
    ],
)
def test_an_invalid_grade_is_shown_next_to_its_field_and_decides_nothing(client, typed, message):
    response = client.get(URL, {**PASSING, "grade_U4": typed})
    page = text_of(response)
    assert response.status_code == 400
    error = re.search(r'<p class="field-error" id="id_grade_U4-error"[^>]*>(.*?)</p>', page)
    assert error and message in error.group(1)
    assert "data-decision" not in page


def test_htmx_gets_the_result_and_the_cleared_field_errors_only(client):
    response = client.get(URL, PASSING, headers={"HX-Request": "true"})
    page = text_of(response)
    assert "<html" not in page
    assert 'id="result"' in page and 'data-decision="admitted"' in page
    assert 'id="id_grade_U4-error" role="alert" hx-swap-oob="true"></p>' in page


def test_htmx_with_an_invalid_grade_clears_the_old_result_and_swaps_the_error_in(client):
    response = client.get(URL, {**PASSING, "grade_U1": "21"}, headers={"HX-Request": "true"})
    page = text_of(response)
    assert "HX-Reswap" not in response  # the result area is replaced, not left as it was
    result = page[page.index('id="result"') : page.index("</section>")]
    assert "data-decision" not in result  # no decision left from the valid input before
    assert "Corrigez les champs signalés" in result
    assert "hors de l'échelle" in page and 'hx-swap-oob="true"' in page


def test_a_learner_starts_from_their_own_category_and_session(client, demo):
    client.force_login(demo.users["apprenant"])  # Lucas Bernard, apprentice, session 2027
    page = text_of(client.get(URL))
    assert re.search(r'<option value="apprenti_habilite" selected>', page)
    assert re.search(r'name="session" value="2027"', page)
