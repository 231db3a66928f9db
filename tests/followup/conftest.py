"""Fixtures of the follow-up tests: the whole demo as `ndrc demo` makes it (the people, then
every app's records: CCF situations, portfolio, contracts, follow-up), on the demo's day (Friday
4 December 2026)."""

from datetime import date

import pytest
from django.db import transaction

from tests import snapshot

ON = date(2026, 12, 4)


@pytest.fixture(scope="session")
def followup_rows(django_db_setup, django_db_blocker):
    """The rows of the whole demo, built through the services once per test process."""
    from ndrc.demo.population import create_demo

    with django_db_blocker.unblock(), transaction.atomic():
        rows = snapshot.take(create_demo)
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def followup(db, followup_rows):
    """The demo population with its CCF situations, portfolio, contracts and follow-up."""
    from ndrc.demo.population import create_demo_population

    snapshot.restore(followup_rows)
    return create_demo_population()


@pytest.fixture
def today(monkeypatch):
    """Pages see the demo's day: time enters in the views (core.permissions.today)."""
    monkeypatch.setattr("ndrc.followup.views.today", lambda: ON)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)
    return ON


def logbook_of(population, key):
    from ndrc.followup.models import Logbook

    return Logbook.objects.get(learner=population.learners[key])
