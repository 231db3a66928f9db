"""The whole demo of `ndrc demo` (every app's records, in RECORDS' order): the public results
page shows the three sessions, session 2025 from the exam session published in the exams app."""

import html
import re

from ndrc.exams.models import ExamSession, SessionState


def test_the_public_page_of_the_whole_demo_reads_the_published_session(whole_demo, client):
    population = whole_demo
    session = ExamSession.objects.get(training_centre=population.centre, year=2025)
    assert session.state == SessionState.PUBLISHED
    assert ExamSession.objects.get(training_centre=population.centre, year=2026).state == (
        SessionState.GRADING  # the exams demo's session, left for the exam office to run
    )
    page = client.get(f"/resultats/{population.centre.uai}/").content.decode()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "46,15 %" in text and "13 présentés, 6 reçus" in text
    for year in ("2024", "2025", "2026"):
        assert f"Session {year}" in text
    assert "Lefebvre" not in text  # an admitted candidate of 2025: no name on the public page
