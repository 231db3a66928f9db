"""List pages read each relation once for all their rows: more learners, no more queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.assessments.demo import create_demo_assessments
from ndrc.contracts.demo import create_demo_alternance
from ndrc.learners import services
from ndrc.portfolio.demo import create_portfolio_demo

PAGES = {
    "promotion": "/apprenants/promotions/{cohort}/",
    "alternance": "/alternance/",
    "couverture de la promotion": "/portfolio/promotions/{cohort}/couverture/",
    "plan CCF de la promotion": "/evaluations/promotions/{cohort}/",
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("page", PAGES)
def test_five_more_learners_in_the_cohort_cost_the_manager_no_more_queries(
    demo, client, django_assert_max_num_queries, page
):
    create_demo_assessments(demo)
    create_portfolio_demo(demo)
    create_demo_alternance(demo)
    client.force_login(demo.users["responsable"])
    path = PAGES[page].format(cohort=demo.second_year.pk)
    with CaptureQueriesContext(connection) as demo_queries:
        assert client.get(path).status_code == 200
    for day in range(1, 6):
        services.create_learner(
            cohort=demo.second_year,
            first_name=f"Nouvel{day}",
            last_name="Inscrit",
            birth_date=date(2005, 1, day),
            category="scolaire",
            category_start=demo.second_year.first_year_start,
            on=date(2026, 1, 10),
            by=demo.users["admin"],
        )
    with django_assert_max_num_queries(len(demo_queries)):
        assert client.get(path).status_code == 200
