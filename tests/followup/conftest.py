"""Fixtures of the follow-up tests: the whole demo as `ndrc demo` makes it (the people, then
every app's records: CCF situations, portfolio, contracts, follow-up), on the demo's day (Friday
4 December 2026)."""

from datetime import date

import pytest

ON = date(2026, 12, 4)


@pytest.fixture
def followup(whole_demo):
    """The demo population with its CCF situations, portfolio, contracts and follow-up."""
    return whole_demo


@pytest.fixture
def today(monkeypatch):
    """Pages see the demo's day: time enters in the views (core.permissions.today)."""
    monkeypatch.setattr("ndrc.followup.views.today", lambda: ON)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)
    return ON


def logbook_of(population, key):
    from ndrc.followup.models import Logbook

    return Logbook.objects.get(learner=population.learners[key])
