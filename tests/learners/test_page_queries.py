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
    for day in (1, 2, 3):
        services.create_learner(
            cohort=cohort, first_name=f"Nouvel{day}", last_name="Inscrit",
            birth_date=date(2005, 1, day), category="scolaire",
            category_start=cohort.first_year_start, on=date(2026, 1, 10),
            by=demo.users["admin"],
        )  # fmt: skip
    assert len(_queries(client, path)) <= len(before)
    assert client.get(path).text.count("Inscrit Nouvel") == 3
