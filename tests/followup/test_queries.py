"""The follow-up's pages and selectors read a number of rows that grows with the centre, but
run a number of queries that does not: adding apprentices (with their contract, logbook,
entries and visits) adds no query."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.contracts import services as contract_services
from ndrc.followup import selectors, services
from ndrc.learners import services as learner_services
from ndrc.learners.models import Learner
from tests.followup.conftest import ON

pytestmark = pytest.mark.django_db


def add_apprentices(population, count: int, *, start: int = 0) -> None:
    """`count` more 2nd-year apprentices of Sophie Laurent, followed by Paul Girard, each with
    an open logbook, an entry, a visit reported and one planned."""
    admin, paul = population.users["admin"], population.users["enseignant"]
    cohort = population.second_year
    for n in range(start, start + count):
        learner = learner_services.create_learner(
            cohort=cohort, first_name=f"Prénom{n}", last_name=f"Nom{n}",
            birth_date=date(2005, 1, 1 + n % 28), category="apprenti_habilite",
            category_start=cohort.first_year_start, on=date(2025, 9, 1), by=admin,
        )  # fmt: skip
        contract = contract_services.create_contract(
            learner=learner, kind="apprenticeship", employer=population.companies["rhone"],
            apprenticeship_master=population.contacts["laurent"], start=date(2025, 9, 1),
            end=date(2027, 8, 31), cycle_start=cohort.first_year_start, confirm_warnings=True,
            by=admin,
        )  # fmt: skip
        services.assign_referent(learner=learner, teacher=paul, since=ON, by=admin)
        logbook = services.open_logbook(contract=contract, on=ON, by=admin)
        services.add_entry(
            logbook=logbook, day=date(2026, 11, 3), title="Prospection", on=ON, by=admin
        )
        visit = services.plan_visit(
            learner=learner, planned_on=date(2026, 10, 6), mode="phone", by=paul
        )
        services.report_visit(
            visit=visit, held_on=date(2026, 10, 6), answers={"actions": "Suite."}, on=ON,
            by=paul, difficulty=n % 2 == 0,
        )  # fmt: skip
        services.plan_visit(learner=learner, planned_on=date(2026, 12, 14), mode="video", by=paul)


def count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


@pytest.mark.parametrize(
    ("login", "path"),
    [
        ("responsable", "/suivi/"),
        ("responsable", "/"),
        ("enseignant", "/suivi/"),
        ("enseignant", "/suivi/visites/"),
        ("maitre", "/suivi/maitre/"),
    ],
)
def test_pages_run_as_many_queries_with_more_apprentices(followup, client_of, today, login, path):
    client = client_of(followup.users[login])
    assert client.get(path).status_code == 200  # warm the caches (ContentTypes, roles)
    before = count(lambda: client.get(path))
    add_apprentices(followup, 3)
    after = count(lambda: client.get(path))
    assert after == before, f"{path}: {before} queries, then {after} with 3 more apprentices"


def test_risks_and_the_overview_are_constant(followup):
    manager = followup.users["responsable"]
    selectors.manager_overview(manager, on=ON)  # warm the caches (roles)
    risks = count(lambda: selectors.risks(Learner.objects.all(), on=ON))
    overview = count(lambda: selectors.manager_overview(manager, on=ON))
    add_apprentices(followup, 4)
    found = selectors.risks(Learner.objects.all(), on=ON)
    assert sum(1 for risks_ in found.values() for r in risks_ if r.code == "visit_difficulty") == 3
    assert count(lambda: selectors.risks(Learner.objects.all(), on=ON)) == risks
    assert count(lambda: selectors.manager_overview(manager, on=ON)) == overview
