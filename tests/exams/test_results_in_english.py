"""The jury's stored decisions read in English with the English interface (each step of the
explanation and each detail of the relevé kept with its template), in French exactly as the
engine wrote them."""

import html
import re

from ndrc.exams.models import Decision
from ndrc.exams.selectors import lines_of
from ndrc.regulation.explanation import Message
from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    english,
    english_catalogue,
    leftover_french,
)


def _explanation(response) -> str:
    page = response.content.decode()  # the tags taken out before "&lt;" reads "<"
    decision = re.search(r'<ol class="explanation">(.*?)</ol>', page, flags=re.S).group(1)
    decision = re.sub(r'<span class="source">.*?</span>', " ", decision, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", decision)))


def test_a_decision_reads_in_english_on_the_candidates_file(client, deliberated, office):
    colin = deliberated.registrations.get(learner__last_name="Colin")
    english(client).force_login(office)
    explanation = _explanation(client.get(f"/examen/inscriptions/{colin.pk}/jury/"))
    assert "Units obtained (grade ≥ 10)" in explanation
    assert "Unités obtenues" not in explanation and "Moyenne" not in explanation
    assert leftover_french(explanation) == []


def test_in_french_a_decision_reads_as_the_engine_wrote_it(client, deliberated, office):
    colin = deliberated.registrations.get(learner__last_name="Colin")
    client.force_login(office)
    explanation = _explanation(client.get(f"/examen/inscriptions/{colin.pk}/jury/"))
    decision = Decision.objects.filter(registration=colin).first()
    for step in decision.explanation:
        assert " ".join(html.unescape(step["text"]).split()) in explanation
    assert "Unités obtenues" in explanation


def test_the_details_of_a_stored_releve_keep_their_template(deliberated):
    barbier = deliberated.registrations.get(learner__last_name="Barbier")
    lines = lines_of(Decision.objects.filter(registration=barbier).first())
    details = [line.detail for line in lines if line.detail]
    # U5's parts, as the engine wrote them, and a message the English interface translates.
    assert any(detail.startswith("partie écrite ") for detail in details)
    assert all(isinstance(detail, Message) for detail in details)
