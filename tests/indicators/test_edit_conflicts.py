"""Two people correct the same year's figures (issue 10, hole 3): the training manager and an
administrator, each from the page they opened; as for a learner's record
(tests/core/test_edit_conflicts.py). A count of a status is a field of its own: one's count and
the other's note merge."""

import html

from django.urls import reverse

from ndrc.indicators.models import YearFigures
from tests.core.test_edit_conflicts import (
    conflict_then_knowing_save,
    merged_beside,
    nothing_saved_without_version,
)
from tests.forms import form_data

URL = reverse("indicators:figures_edit", args=[2024])
ENROLLED = "apprentice__enrolled"


def _figures():
    return YearFigures.objects.get(year=2024)


def _enrolled():
    return str(_figures().statuses.get(status="apprentice").enrolled)


def test_two_people_correct_the_same_count(indicators):
    conflict_then_knowing_save(URL, ENROLLED, "40", "41", _enrolled)(indicators)


def test_a_count_and_the_note_corrected_by_two_people_merge(indicators):
    read = lambda: (_enrolled(), _figures().note)  # noqa: E731
    merged_beside(URL, ENROLLED, "40", "note", "Résultats académiques", read)(indicators)


def test_a_figures_form_without_its_version_saves_nothing(indicators):
    nothing_saved_without_version(URL, ENROLLED, "40", _enrolled)(indicators)


def test_entering_a_year_already_recorded_does_not_overwrite_it(indicators, client):
    """The page « Saisir » starts no version: a year already recorded is corrected from its own
    page, not overwritten from there."""
    client.force_login(indicators.users["responsable"])
    new = reverse("indicators:figures_new")
    data = form_data(client.get(new).text, having="year")
    before = _enrolled()
    response = client.post(new, {**data, "year": "2024", ENROLLED: "40"})
    assert response.status_code == 400
    assert "Les chiffres de la session 2024 sont déjà saisis" in html.unescape(response.text)
    assert _enrolled() == before
