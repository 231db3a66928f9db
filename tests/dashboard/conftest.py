"""Fixtures of the pages' tests: the apps' demo records read as the apps' own tests read them
(built once per test run, put back in each test: tests/conftest.py), and the whole demo put back
once for the modules that walk it as each role."""

import contextlib

import pytest
from django.db import transaction
from django.test import override_settings

from tests import snapshot
from tests.exams.conftest import (  # noqa: F401 (fixtures: the demo's exam session, its jury)
    deliberated,
    office,
    session,
)
from tests.indicators.conftest import (  # noqa: F401 (fixtures: the demo's indicators)
    indicators,
    indicators_rows,
)


@pytest.fixture(scope="session")
def put_back_for_the_module(django_db_setup, django_db_blocker):
    """`with put_back_for_the_module(rows, on=day, media=folder):` the rows (a snapshot:
    tests/snapshot.py) put back once for a module's tests instead of once for each, in a
    transaction rolled back at the module's end, within which each test's own (pytest-django's
    `db`) undoes its writes; optionally `on` a given day (the views' and the access rules'
    date) and with the files written in `media`."""

    @contextlib.contextmanager
    def put_back(rows, *, on=None, media=None):
        with contextlib.ExitStack() as stack:
            patch = stack.enter_context(pytest.MonkeyPatch.context())
            if on is not None:
                patch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: on)
            if media is not None:
                stack.enter_context(override_settings(MEDIA_ROOT=media))
            stack.enter_context(django_db_blocker.unblock())
            stack.enter_context(transaction.atomic())
            snapshot.restore(rows)
            yield
            transaction.set_rollback(True)

    return put_back


@pytest.fixture(scope="module")
def crawled_demo(put_back_for_the_module, whole_demo_rows, tmp_path_factory):
    """The whole demo (tests/conftest.py) on the crawler's day (tests/dashboard/test_crawler.py:
    `ON`), its PDFs issued in a folder of the module: put back once for the module, each
    test's writes undone by its own transaction."""
    from ndrc.demo.population import create_demo_population
    from tests.dashboard.test_crawler import ON

    media = tmp_path_factory.mktemp("media")
    with put_back_for_the_module(whole_demo_rows, on=ON, media=media):
        yield create_demo_population()


@pytest.fixture
def computed_at_each_view(monkeypatch):
    """Each view of the dashboard computes it, as the first view after a change of a record
    does (`dashboard.stored`): for the tests of what that computation reads and shows, not of
    the stored page's one read."""
    from django.utils import translation

    from ndrc.dashboard import stored

    def computed(user, *, on):
        return stored._computed(user, on=on, language=translation.get_language(), changes=0)

    monkeypatch.setattr("ndrc.dashboard.views.dashboard_page", computed)
