"""The engine's sentences of a CCF situation (the grid's completeness) read in English, and in
French as the engine wrote them."""

import re

from django.urls import reverse

from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    english,
    english_catalogue,
)


def _grid_status(client, situation) -> str:
    page = client.get(reverse("assessments:situation", args=[situation.pk])).text
    status = re.search(r'<p id="grid-status"[^>]*>(.*?)</p>', page, re.S).group(1)
    return " ".join(status.split())


def test_the_grid_completeness_reads_in_english(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]  # C1 rated, C4 not
    english(client).force_login(ccf.users["enseignant"])
    status = _grid_status(client, situation)
    assert "Grid incomplete: 3 criterion/criteria to rate before proposing a grade." in status
    assert re.search(
        r"Competences BC01-C\d( \+ BC01-C\d)*: \d+ criterion/criteria rated of", status
    )
    assert "Grille" not in status and "critère" not in status


def test_in_french_the_grid_completeness_reads_as_the_engine_wrote_it(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    client.force_login(ccf.users["enseignant"])
    status = _grid_status(client, situation)
    assert "Grille incomplète : 3 critère(s) à évaluer avant de proposer une note." in status
