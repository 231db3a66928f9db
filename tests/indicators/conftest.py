"""The indicators' fixtures: the demo population with its three sessions of indicators (built
once per test run, put back in each test), exam results given by hand, a clean cache."""

import pytest
from django.core.cache import cache
from django.db import transaction

from tests import snapshot
from tests.once import once


@pytest.fixture(scope="session")
def indicators_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per test run (tests/once.py)."""
    from ndrc.demo.population import create_demo_population
    from ndrc.indicators.demo import create_demo_indicators

    def build():
        with django_db_blocker.unblock(), transaction.atomic():
            rows = snapshot.take(lambda: create_demo_indicators(create_demo_population()))
            transaction.set_rollback(True)
        return rows

    return once(tmp_path_factory, "demo-indicators", build)


@pytest.fixture
def indicators(db, indicators_rows):
    """The demo population (`ndrc demo`) with its indicators: sessions 2024 and 2025 recorded by
    hand, session 2026 from ndrc's own records (its exam results recorded)."""
    from ndrc.demo.population import create_demo_population

    snapshot.restore(indicators_rows)
    return create_demo_population()


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def exam_results(monkeypatch):
    """Exam results given by hand, in place of the published sessions' (`exams.selectors.
    candidate_results`, which the demo's session 2025 exercises): `exam_results.add(learner,
    year, category, present=…, admitted=…)` registers a candidate's result, so that a test
    states the facts it counts without running a session through the jury."""
    from ndrc.indicators import selectors

    class Results(list):
        def add(self, learner, year, category, *, present=True, admitted=False):
            self.append(selectors.CandidateResult(learner.pk, year, category, present, admitted))

    results = Results()

    def exam_candidates(*, learner_ids, years):
        wanted, in_years = set(learner_ids), set(years)
        return [r for r in results if r.learner_id in wanted and r.year in in_years]

    monkeypatch.setattr(selectors, "exam_candidates", exam_candidates)
    return results


def login(client, population, username):
    client.force_login(population.users[username])
    return client
