"""The public results page is served from Django's cache, and recomputed as soon as a figure
changes (an audited write, or an anonymous answer, which the audit trail does not record)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.indicators import services
from ndrc.indicators.models import Invitation
from ndrc.learners.models import Learner

PARIS = ZoneInfo("Europe/Paris")


def public(client, indicators):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/resultats/{indicators.centre.uai}/")
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    return page[page.index("<main") : page.index("</main>")], queries


def test_a_second_visit_reads_the_cache(indicators, client):
    first, computed = public(client, indicators)
    second, cached = public(client, indicators)
    assert second == first
    # Only the check that nothing changed: the centre, the latest audit entry, the latest
    # publication of exam results reached.
    assert len(cached) <= 3 < len(computed)
    assert not any("learners_learner" in q["sql"] for q in cached.captured_queries)


def test_an_audited_change_shows_at_once(indicators, client):
    page, _queries = public(client, indicators)
    assert "10 sortants, 4 en poursuite d'études" in page
    services.record_situation(
        learner=Learner.objects.get(last_name="Duval"),
        situation="further_studies",
        source="phone",
        observed_on=date(2026, 12, 5),
        by=indicators.users["responsable"],
    )
    page, _queries = public(client, indicators)
    assert "11 sortants, 5 en poursuite d'études" in page


def test_an_anonymous_answer_shows_at_once(indicators, client):
    admin, now = indicators.users["admin"], datetime(2026, 12, 5, 10, tzinfo=PARIS)
    survey = services.create_survey(
        centre=indicators.centre, kind="companies", year=2026, title="Relance entreprises",
        anonymous=True, closes_on=None, cohort=None, created_at=now, by=admin,
    )  # fmt: skip
    services.send_survey(survey=survey, base_url="http://testserver/", now=now, by=admin)
    page, _queries = public(client, indicators)
    assert "4 réponses, 3 satisfaites" in page
    invitation = Invitation.objects.filter(survey=survey).first()
    overall = survey.questions.get(overall=True)
    services.answer_questionnaire(invitation=invitation, answers={overall.pk: 4}, now=now)
    page, _queries = public(client, indicators)
    assert "5 réponses, 4 satisfaites" in page


def test_exam_results_show_from_their_publication_time(indicators, client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from ndrc.exams.models import ExamSession

    # The exam office published session 2025's results for a time still to come.
    now = timezone.now()
    ExamSession.objects.filter(year=2025).update(publication_at=now + timedelta(minutes=1))
    page, _queries = public(client, indicators)
    assert "13 présentés, 6 reçus" not in page
    # The time comes, with no write in between: the cached figures are not served any more.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(minutes=2))
    page, _queries = public(client, indicators)
    assert "13 présentés, 6 reçus" in page
