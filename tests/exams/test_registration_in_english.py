"""A registration's check (the engine's problems and explanation) read in English, and in French
exactly as the engine wrote it."""

import html
import re
from datetime import date

from ndrc.exams import services
from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    english,
    english_catalogue,
    leftover_french,
    visible_text,
)


def _invalid_registration(demo, session):
    """A registration of the demo session open for registration (`open_session`: built once
    per run) that the engine refuses."""
    cohort = session.training_centre.cohorts.get(exam_session=2026)
    learner = cohort.learners.get(last_name="Henry")
    # Nothing covers U1-U3 in the whole form; UF1 chosen without a second language.
    data = services.RegistrationInput(form="whole", units=("U4", "U5", "U6", "UF1"), lv1="anglais")
    return services.register(
        session=session, learner=learner, data=data, on=date(2025, 11, 3), by=demo.users["examens"]
    )


def _explanation(response) -> str:
    page = html.unescape(response.content.decode())
    explanation = re.search(r'<ol class="explanation">(.*?)</ol>', page, flags=re.S).group(1)
    return re.sub(r'<span class="source">.*?</span>', " ", explanation, flags=re.S)


def test_a_registration_to_correct_reads_in_english(demo, client, open_session):
    registration = _invalid_registration(demo, open_session)
    assert [p["field"] for p in registration.problems] == ["units", "units", "units", "lv2"]
    english(client).force_login(demo.users["examens"])
    response = client.get(f"/examen/inscriptions/{registration.pk}/")
    page = visible_text(response)
    assert "Whole form: U1 is neither sat, nor exempted, nor covered by a valid carried grade." in (
        page
    )
    assert "UF1 (optional) chosen: modern language 2 is to be chosen." in page
    assert "Forme globale" not in page and "présentée" not in page
    assert leftover_french(page) == []
    explanation = _explanation(response)
    assert "Whole form: at this session the candidate sits every unit" in explanation
    assert "U4 sat at the 2026 session: E4, in-course assessment, 2 assessment situation(s)." in (
        explanation
    )
    assert "présentée" not in explanation and "Forme globale" not in explanation
    # The list of the session's registrations too.
    page = visible_text(client.get(f"/examen/sessions/{registration.session_id}/inscriptions/"))
    assert "UF1 (optional) chosen: modern language 2 is to be chosen." in page
    assert "langue vivante 2" not in page


def test_in_french_the_registration_reads_as_the_engine_wrote_it(demo, client, open_session):
    registration = _invalid_registration(demo, open_session)
    client.force_login(demo.users["examens"])
    response = client.get(f"/examen/inscriptions/{registration.pk}/")
    page = html.unescape(response.content.decode())
    for problem in registration.problems:
        assert problem["message"] in page
    assert "UF1 (facultative) choisie : la langue vivante 2 est à choisir." in page
    explanation = _explanation(response)
    for step in registration.explanation:
        assert step["text"] in explanation
