"""A cohort's page asks once whether the reader sees the cohort and may change it, and reads
its learners in a fixed number of queries (issue 12)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.learners import services


def _queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_cohorts_page_asks_once_whether_the_reader_sees_it(demo, client):
    client.force_login(demo.users["responsable"])
    cohort = demo.second_year
    path = f"/apprenants/promotions/{cohort.pk}/"
    before = _queries(client, path)
    # Found among the cohorts the manager sees, never asked again (not for the rule, not for
    # the buttons of who may change it); their buttons still shown.
    assert sum('1 AS "a" FROM "learners_cohort"' in q for q in before) == 0
    assert "Nouvel apprenant" in client.get(path).text
    _more_learners(demo, cohort, 3)
    assert len(_queries(client, path)) <= len(before)
    assert client.get(path).text.count("Inscrit Nouvel") == 3


def _relationship_reads(queries: list[str]) -> int:
    """The queries reading a reader's relationships to a learner: whether they teach the
    learner's cohort, whether they supervise the learner."""
    return sum(
        q.startswith('SELECT 1 AS "a" FROM "learners_teacherassignment"')
        or (
            q.startswith('SELECT 1 AS "a" FROM "learners_learner"') and "companies_supervision" in q
        )
        for q in queries
    )


def _more_learners(demo, cohort, count: int) -> None:
    for day in range(1, count + 1):
        services.create_learner(
            cohort=cohort, first_name=f"Nouvel{day}", last_name="Inscrit",
            birth_date=date(2005, 1, day), category="scolaire",
            category_start=cohort.first_year_start, on=date(2026, 1, 10),
            by=demo.users["admin"],
        )  # fmt: skip


def test_a_learners_record_asks_the_manager_and_the_learner_no_relationship(demo, client):
    learner = demo.learners["bernard"]  # the « apprenant » account's record
    pages = [f"/apprenants/{learner.pk}/", f"/portfolio/apprenants/{learner.pk}/"]
    # The centre's manager may do everything on the record, the learner read all of it: whether
    # they also teach the cohort or supervise the learner would add nothing, and is not asked.
    # A teacher of the cohort: whether they teach it, asked once for every question of the page
    # (a supervisor reads less than a teacher: not asked).
    before = {}
    for login, reads in (("responsable", 0), ("apprenant", 0), ("enseignant", 1)):
        client.force_login(demo.users[login])
        for path in pages:
            queries = _queries(client, path)
            assert _relationship_reads(queries) == reads, (login, path)
            before[login, path] = len(queries)
    _more_learners(demo, learner.cohort, 3)
    for (login, path), count in before.items():
        client.force_login(demo.users[login])
        assert len(_queries(client, path)) <= count, (login, path)
    assert learner.full_name in client.get(pages[0]).text


def test_a_learners_record_asks_their_master_whether_they_supervise_them_never_whether_they_teach(
    demo, client
):
    learner = demo.learners["bernard"]  # an apprentice of the « maitre » account
    client.force_login(demo.users["maitre"])
    # A master holds no teacher role: assigned to no cohort (`assign_teacher`), not asked it.
    for path in (
        f"/apprenants/{learner.pk}/",
        f"/portfolio/apprenants/{learner.pk}/",
        f"/alternance/apprenant/{learner.pk}/",
    ):
        queries = _queries(client, path)
        teaches = 'SELECT 1 AS "a" FROM "learners_teacherassignment"'
        assert not any(q.startswith(teaches) for q in queries), path
        assert _relationship_reads(queries) == 1, path  # whether they supervise the learner
    assert learner.full_name in client.get(f"/apprenants/{learner.pk}/").text


def _reach_conditions(queries: list[str]) -> int:
    """The queries reading a learner's contracts, agreements or CCF situations under a condition
    of who reaches them (joined to the learners' table for it)."""
    records = (
        "contracts_contract",
        "contracts_internshipagreement",
        "assessments_assessmentsituation",
    )
    return sum(
        any(q.startswith(f'SELECT "{table}"') for table in records) and '"learners_learner"' in q
        for q in queries
    )


def test_a_learners_record_reads_their_records_without_a_reach_for_the_staff_and_themselves(
    demo, client
):
    learner = demo.learners["bernard"]  # the « apprenant » account's record, an apprentice
    path = f"/apprenants/{learner.pk}/"
    # The centre's manager and the learner reach every record of the learner: the contracts,
    # agreements and situations are read as the learner's, with no condition to compile; a
    # teacher of the cohort reads them under their reach.
    for login, conditions in (("responsable", 0), ("apprenant", 0), ("enseignant", 3)):
        client.force_login(demo.users[login])
        assert _reach_conditions(_queries(client, path)) == conditions, login
        assert learner.full_name in client.get(path).text, login
