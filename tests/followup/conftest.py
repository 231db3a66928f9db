"""Fixtures of the follow-up tests: the whole demo population as `ndrc demo` makes it, on the
demo's day (Friday 4 December 2026)."""

from datetime import date

import pytest

ON = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Generated PDFs go to a folder of the test, not to var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def followup(demo):
    """The demo population with its CCF situations, portfolio, contracts and follow-up."""
    from ndrc.assessments.demo import create_demo_assessments
    from ndrc.contracts.demo import create_demo_alternance
    from ndrc.followup.demo import create_demo_followup
    from ndrc.portfolio.demo import create_portfolio_demo

    create_demo_assessments(demo)
    create_portfolio_demo(demo)
    create_demo_alternance(demo)
    create_demo_followup(demo)
    return demo


@pytest.fixture
def today(monkeypatch):
    """Pages see the demo's day: time enters in the views (core.permissions.today)."""
    monkeypatch.setattr("ndrc.followup.views.today", lambda: ON)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)
    return ON


@pytest.fixture
def client_of(client):
    """`client_of(user)`: a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def logbook_of(population, key):
    from ndrc.followup.models import Logbook

    return Logbook.objects.get(learner=population.learners[key])
