"""A learner's averages explain themselves in the reader's language: the engine's formula
(`regulation.gradebook_averages`, a `Message`) through the catalogue; French as it wrote it."""

import html
import re

from tests.dashboard.test_english import english, english_catalogue  # noqa: F401


def _explanations(response) -> list[str]:
    page = html.unescape(response.content.decode())
    return re.findall(r'<p class="source">(.*?)</p>', page, flags=re.S)


def test_a_learners_averages_are_explained_in_english(year, client):
    client.force_login(year.users["apprenant"])
    french = " ".join(_explanations(client.get("/notes/mes-notes/")))
    rounded = french.count(", arrondie à ")
    assert rounded >= 3
    explained = " ".join(_explanations(english(client).get("/notes/mes-notes/")))
    assert explained.count(", rounded to ") == rounded and "arrondie" not in explained
