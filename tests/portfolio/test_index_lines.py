"""The portfolio's first page reads what its lines show: a sheet's learner, exam and title (not
its texts, its company, the learner's cohort), a cohort's name and session (not its centre), a
learner's own record by its key alone."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _queries(client, path: str = "/portfolio/") -> tuple[str, list[str]]:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_teachers_lines_read_no_text_of_a_sheet_nor_a_cohorts_centre(portfolio, client_of):
    response, queries = _queries(client_of(portfolio.users["enseignant"]))
    assert response.status_code == 200
    assert "Fiches soumises à relire" in response.text
    sheets = [sql for sql in queries if sql.startswith('SELECT "portfolio_activitysheet"')]
    assert sheets and not any('"upstream_analysis"' in sql for sql in sheets)
    assert not any('"learners_cohort"."name"' in sql for sql in sheets)
    cohorts = [sql for sql in queries if sql.startswith('SELECT "learners_cohort"')]
    assert cohorts and not any('"core_trainingcentre"' in sql for sql in cohorts)
    assert len(re.findall(r'<a href="/portfolio/promotions/\d+/couverture/">', response.text)) == 1


def test_a_masters_sheets_to_attest_read_no_text_and_a_learner_goes_to_their_own(
    portfolio, client_of
):
    response, queries = _queries(client_of(portfolio.users["tuteur"]))
    assert "Semaine du dépistage" in response.text
    assert not any('"upstream_analysis"' in sql for sql in queries)
    learner = portfolio.users["apprenant"]
    response, queries = _queries(client_of(learner))
    assert response.status_code == 302
    assert response.url == f"/portfolio/apprenants/{learner.learner.pk}/"
    assert not any('"learners_learner"."birth_date"' in sql for sql in queries)


def test_a_learners_portfolio_asks_a_supervision_only_within_its_sheets_query(portfolio, client_of):
    # Who attests a sheet (a contact supervising its learner, about their company) is asked in
    # the sheets' query by whoever has not read their supervisions for the page: a learner, the
    # training manager. One query more each before.
    learner = portfolio.users["apprenant"].learner
    for login in ("apprenant", "responsable"):
        response, queries = _queries(
            client_of(portfolio.users[login]), f"/portfolio/apprenants/{learner.pk}/"
        )
        assert response.status_code == 200 and learner.full_name in response.text
        assert not any(sql.startswith('SELECT "companies_supervision"') for sql in queries)
