"""The learners' list, the search and a cohort's dossier conformity read of each learner what
their lines show (their name, their cohort): not their contact details nor their cohort's
centre, whose columns the pages paid for on every line (issue 12)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _learner_reads(client, path: str) -> tuple[list[str], str]:
    """The queries reading the learners the reader reaches (not erased), and the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    queries = [q["sql"] for q in captured.captured_queries]
    reads = [
        sql
        for sql in queries
        if sql.startswith('SELECT "learners_learner"."id"') and '"erased_on" IS NULL' in sql
    ]
    assert reads, path
    return reads, response.text


def _selected(sql: str) -> str:
    return sql.split(" FROM ", 1)[0]


def test_the_learners_list_reads_the_name_and_cohort_its_rows_show(demo, client):
    client.force_login(demo.users["responsable"])
    learner = demo.learners["bernard"]
    reads, page = _learner_reads(client, "/apprenants/")
    for sql in reads:
        assert '"learners_learner"."email"' not in _selected(sql)
        assert '"learners_learner"."birth_date"' not in _selected(sql)
        assert '"core_trainingcentre"' not in sql
    assert f"{learner.last_name} {learner.first_name}</a>" in page
    assert learner.cohort.name in page


def test_the_search_reads_the_names_and_asks_the_folded_name_in_its_condition_only(demo, client):
    client.force_login(demo.users["responsable"])
    learner = demo.learners["bernard"]
    reads, page = _learner_reads(client, f"/recherche/?q={learner.last_name.lower()}")
    (sql,) = reads
    assert '"learners_learner"."email"' not in _selected(sql)
    assert '"core_trainingcentre"' not in sql
    # The folded name (core.text.Folded): a function of ndrc's on SQLite, translate() on
    # PostgreSQL.
    folded = "ndrc_fold(" if connection.vendor == "sqlite" else "translate("
    assert folded not in _selected(sql) and folded in sql
    assert f"{learner.last_name} {learner.first_name}</a>" in page


def test_a_cohorts_dossier_conformity_reads_the_names_of_its_learners(demo, client):
    client.force_login(demo.users["responsable"])
    learner = demo.learners["bernard"]
    reads, page = _learner_reads(
        client, f"/portfolio/promotions/{learner.cohort_id}/conformite/E4/"
    )
    for sql in reads:
        assert '"learners_learner"."email"' not in _selected(sql)
        assert '"learners_learner"."guardian_name"' not in _selected(sql)
    assert f">{learner.full_name}</a>" in page


def test_a_cohorts_page_reads_the_names_its_rows_show(demo, client):
    client.force_login(demo.users["responsable"])
    learner = demo.learners["bernard"]
    reads, page = _learner_reads(client, f"/apprenants/promotions/{learner.cohort_id}/")
    for sql in reads:
        assert '"learners_learner"."email"' not in _selected(sql)
        assert '"learners_learner"."birth_date"' not in _selected(sql)
        assert '"core_trainingcentre"' not in sql
    assert f"{learner.last_name} {learner.first_name}</a>" in page
    # The export still holds their contact details.
    export = client.get(f"/apprenants/promotions/{learner.cohort_id}/export.csv")
    assert learner.email in export.content.decode("utf-8-sig")
