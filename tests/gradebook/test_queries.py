"""The teaching year's pages read a constant number of queries, whatever the number of learners
and assessments (a cohort of 35 × 40 assessments is the benchmark: bench/gradebook.py)."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.gradebook import services
from ndrc.gradebook.models import Period
from tests import factories
from tests.gradebook.conftest import assessment


def _grow(klass, *, learners: int, assessments: int) -> None:
    for index in range(learners):
        learner = factories.learner(klass.cohort, first_name=f"Nouveau{index}", last_name="Élève")
        klass.learners.append(learner)
    for index in range(assessments):
        test = assessment(klass, f"Devoir {index}", day=date(2026, 9, 10) + timedelta(days=index))
        services.enter_column(
            assessment=test,
            values=[
                (learner, str(8 + (n + index) % 10)) for n, learner in enumerate(klass.learners)
            ],
            by=klass.teacher,
        )
        services.publish_assessment(assessment=test, published=True, by=klass.teacher)
    for learner in klass.learners:
        services.write_appreciation(
            gradebook=klass.gradebook,
            learner=learner,
            period=klass.semester,
            text="Bien.",
            by=klass.teacher,
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _counts(client, klass, *, warm: bool) -> dict[str, int]:
    """The queries of each page, read by the manager (the learner their own marks); `warm`: once
    read a first time, to warm the caches (roles, content types)."""
    arnaud = klass.learners[0]
    cohort, period, gradebook = klass.cohort, klass.semester, klass.gradebook
    urls = {
        "gradebook": f"/notes/carnets/{gradebook.pk}/?periode={period.pk}",
        "bulletins": f"/notes/promotions/{cohort.pk}/bulletins/{period.pk}/",
        "bulletin": f"/notes/apprenants/{arnaud.pk}/bulletins/{period.pk}/",
        "council": f"/notes/promotions/{cohort.pk}/conseil/{period.pk}/",
        "appreciations": f"/notes/carnets/{gradebook.pk}/appreciations/{period.pk}/",
        "livret": f"/notes/apprenants/{arnaud.pk}/livret/",
        "competences": f"/notes/apprenants/{arnaud.pk}/competences/",
        "my_marks": "/notes/mes-notes/?periode=tout",
    }
    counts = {}
    for page, url in urls.items():
        client.force_login(klass.learner_user if page == "my_marks" else klass.manager)
        if warm:
            client.get(url)
        counts[page] = _count(client, url)
    return counts


def test_each_page_reads_as_many_queries_for_a_bigger_class(klass, client):
    # Every page counted on the small class, then on the bigger one (grown once for all).
    services.prepare_council(cohort=klass.cohort, period=klass.semester, by=klass.manager)
    _grow(klass, learners=1, assessments=2)
    small = _counts(client, klass, warm=True)
    _grow(klass, learners=6, assessments=5)
    assert _counts(client, klass, warm=False) == small


def test_the_council_reads_its_learners_record_and_calendar_once(whole_demo, client):
    # The bulletins, the attendance totals and the follow-up alerts of the meeting's screen are
    # about the same learners: loaded once with all each reads, as the council's record and the
    # cohort's calendar (attendance over the period, and over the year for the alerts) are.
    cohort = whole_demo.second_year
    semester = Period.objects.get(name="Semestre 2 2025-2026")
    client.force_login(get_user_model().objects.get(username="responsable"))
    url = f"/notes/promotions/{cohort.pk}/conseil/{semester.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    assert 'class="risks"' in page.content.decode()  # an alert: the attendance of the year read
    reads = [query["sql"] for query in queries.captured_queries]
    assert sum(sql.startswith('SELECT "learners_learner"."id"') for sql in reads) == 1
    assert sum(sql.startswith('SELECT "gradebook_classcouncil"."id"') for sql in reads) == 1
    assert sum(sql.startswith('SELECT "timetable_trainingcalendar"."id"') for sql in reads) == 1


def test_the_bulletins_read_the_cohorts_learners_once(klass, client):
    # A learner's bulletin and the cohort's: the learners read for the averages are those whose
    # attendance is totalled (their cohort at hand, their categories read alone), with more
    # learners as with fewer.
    services.prepare_council(cohort=klass.cohort, period=klass.semester, by=klass.manager)
    _grow(klass, learners=1, assessments=1)
    arnaud = klass.learners[0]
    urls = (
        f"/notes/apprenants/{arnaud.pk}/bulletins/{klass.semester.pk}/",
        f"/notes/promotions/{klass.cohort.pk}/bulletins/{klass.semester.pk}/",
    )
    client.force_login(klass.manager)

    def reads(url: str) -> list[str]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    before = [reads(url) for url in urls]
    _grow(klass, learners=3, assessments=1)
    for url, earlier in zip(urls, before, strict=True):
        later = reads(url)
        # The learners of the page (the bulletin's one, then the cohort's), nothing more.
        learners = [sql for sql in later if sql.startswith('SELECT "learners_learner"."id"')]
        assert len(learners) == (2 if "apprenants" in url else 1), url
        assert len(later) == len(earlier), url
