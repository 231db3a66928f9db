"""The list of all learners comes a page at a time: every learner is reached, once."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.learners import services
from ndrc.learners.models import Learner


def _names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/apprenants/\d+/">([^<]+)</a></td>', html)


def test_the_learners_list_is_paginated_and_every_learner_is_reached(demo, client):
    cohort = demo.second_year
    services.create_learners(  # sixty, in one call: their dossiers are checked once, not 60 times
        cohort=cohort,
        learners=[
            {
                "first_name": f"Inscrit{day}",
                "last_name": "Zèbre",
                "birth_date": date(2005, 1 + day // 28, 1 + day % 28),
                "category": "scolaire",
                "category_start": cohort.first_year_start,
            }
            for day in range(1, 61)
        ],
        on=date(2026, 1, 10),
        by=demo.users["admin"],
    )
    total = Learner.objects.filter(erased_on__isnull=True).count()
    assert total > 50
    client.force_login(demo.users["responsable"])

    first = client.get("/apprenants/").text
    assert len(_names(first)) == 50
    assert f"Apprenants 1 à 50 sur {total}" in first
    assert "Page 1 sur 2" in first and 'href="?page=2" rel="next">Suivante ›</a>' in first
    second = client.get("/apprenants/?page=2").text
    assert 'href="?page=1" rel="prev">‹ Précédente</a>' in second
    seen = _names(first) + _names(second)
    assert len(seen) == len(set(seen)) == total

    # The other parameters of the address stay in the links between the pages.
    kept = client.get("/apprenants/?promotion=2&page=1").text
    assert 'href="?promotion=2&amp;page=2" rel="next">' in kept


def test_the_export_still_holds_every_learner(demo, client):
    client.force_login(demo.users["responsable"])
    rows = client.get("/apprenants/export.csv").content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) - 1 == Learner.objects.filter(erased_on__isnull=True).count()


def test_a_page_of_learners_is_read_with_their_count(demo, client):
    """The page's learners and how many there are in all, in one query (issue 12): no COUNT
    of the learners apart; a page past the last still shows the last one."""
    client.force_login(demo.users["responsable"])
    total = Learner.objects.filter(erased_on__isnull=True).count()
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/apprenants/").text
    learner_reads = [
        q["sql"] for q in captured.captured_queries if 'FROM "learners_learner"' in q["sql"]
    ]
    assert len(learner_reads) == 1, learner_reads
    assert len(_names(html)) == min(total, 50)
    past = client.get("/apprenants/?page=99").text
    assert _names(past) == _names(html)  # fewer than 50 learners: the last page is the first
