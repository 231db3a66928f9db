"""The training manager's and the exam office's dashboard sections are computed by a background
job and stored (issue 12): the page shows them with when they were computed; they are those the
selectors give at that moment, in each language; a change of a record refreshes them once it
is committed (the tests run the jobs at once); figures of another day are never shown.

The demo (`ndrc demo`) seen on Monday 4 January 2027, as in test_dashboard.py: Emma Petit's E4
situation A is on 12 January (within the 30 days the dashboard looks ahead), Hugo Robert's
contract runs to the summer."""

import contextlib
import re
from datetime import date

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from ndrc.contracts.models import Contract
from ndrc.contracts.services import terminate_contract
from ndrc.dashboard.models import StoredDashboard
from ndrc.dashboard.selectors import dashboard_for
from ndrc.dashboard.stored import _refresh_after_commit, sections_html, store_dashboards
from ndrc.learners.services import update_learner
from tests.dashboard.test_dashboard import with_records

ON = date(2027, 1, 4)


@pytest.fixture
def today(monkeypatch):
    """The views' date, `ON` unless a test moves it."""
    day = {"on": ON}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day["on"])
    return day


@pytest.fixture
def population(demo, settings, tmp_path, today, built_once):
    """test_dashboard.py's population, its dashboards stored on `ON` as the worker leaves them
    (both built once per run, put back in each test: tests/conftest.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with_records(demo, built_once)

    def stored_on_the_day():
        store_dashboards()

    built_once(stored_on_the_day)
    return demo


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.text


def _computed_now(user, *, on: date, language: str = "fr") -> str:
    with translation.override(language):
        return sections_html(dashboard_for(user, on=on))


def _count(html: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}"><strong>(\d+)</strong>', html).group(1))


def test_the_page_shows_the_stored_figures_those_computed_now_and_when(population, client):
    for login in ("responsable", "examens"):
        user = population.users[login]
        for language in ("fr", "en"):
            stored = StoredDashboard.objects.get(user=user, language=language)
            assert stored.on == ON
            assert stored.html == _computed_now(user, on=ON, language=language)
        html = _page(client, user)
        assert 'data-figures="stored"' in html
        assert StoredDashboard.objects.get(user=user, language="fr").html in html
        assert re.search(r"Chiffres calculés le \d\d/\d\d/\d{4} à \d\d:\d\d", html)
    assert 'data-role="training_manager"' in _page(client, population.users["responsable"])


def test_a_change_refreshes_the_figures_once_committed(
    population, client, django_capture_on_commit_callbacks
):
    manager = population.users["responsable"]
    before = _count(_page(client, manager), "contracts")
    computed = StoredDashboard.objects.get(user=manager, language="fr").computed_at
    robert = Contract.objects.get(learner=population.learners["robert"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        terminate_contract(
            contract=robert, on=date(2027, 1, 2), cause="mutual_agreement",
            by=population.users["admin"],
        )  # fmt: skip
    # The refresh was queued to run once the change is committed (run then: the jobs run at once).
    assert _refresh_after_commit in callbacks
    stored = StoredDashboard.objects.get(user=manager, language="fr")
    assert stored.computed_at > computed
    assert stored.html == _computed_now(manager, on=ON)
    html = _page(client, manager)
    assert 'data-figures="stored"' in html
    assert _count(html, "contracts") == before + 1
    assert "Hugo Robert : contrat chez Télécom Saône Services rompu le 02/01/2027" in html


def test_until_the_job_has_run_the_page_never_shows_the_figures_before_the_change(population):
    manager = population.users["responsable"]
    robert = Contract.objects.get(learner=population.learners["robert"])
    terminate_contract(
        contract=robert, on=date(2027, 1, 2), cause="mutual_agreement",
        by=population.users["admin"],
    )  # fmt: skip
    # Not committed (the test's transaction): the figures are forgotten, the job not run yet.
    assert not StoredDashboard.objects.filter(user=manager).exists()


def test_the_figures_of_another_day_are_never_shown(population, client, today):
    manager = population.users["responsable"]
    assert "Emma Petit" in _section(_page(client, manager), "ccf-a-venir")
    today["on"] = date(2027, 1, 13)  # the day after her situation: no longer to come
    html = _page(client, manager)
    assert "Emma Petit" not in _section(html, "ccf-a-venir")
    stored = StoredDashboard.objects.get(user=manager, language="fr")
    assert stored.on == date(2027, 1, 13)
    assert stored.html in html
    assert stored.html == _computed_now(manager, on=date(2027, 1, 13))


def test_sections_missing_are_computed_in_the_language_read_only(population, client, today):
    """Where the jobs run within the request (no worker), the reader whose sections are not
    stored waits for those of their language, not for the other language's too."""
    manager = population.users["responsable"]
    today["on"] = date(2027, 1, 13)  # those stored are of another day
    html = _page(client, manager)
    stored = StoredDashboard.objects.get(user=manager, on=date(2027, 1, 13))
    assert stored.language == "fr" and stored.html in html
    assert not StoredDashboard.objects.filter(user=manager, language="en", on=today["on"]).exists()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").text
    assert StoredDashboard.objects.get(user=manager, language="en", on=today["on"]).html in english


def _section(html: str, name: str) -> str:
    """The list of the situations to come (after its heading, up to the cohorts' table)."""
    start = html.index("Situations des 30 prochains jours")
    return html[start : html.index('class="cohort-lines"', start)]


def test_the_stored_page_needs_a_few_queries(population, client, django_assert_max_num_queries):
    _page(client, population.users["responsable"])
    with django_assert_max_num_queries(8):
        html = client.get("/").text
    assert 'data-figures="stored"' in html


def test_a_bulk_operation_queues_one_refresh(
    population, settings, django_capture_on_commit_callbacks
):
    """Many services in one transaction (an import, the demo's build), each in a savepoint of
    it, with a worker: one refresh queued for the commit, not one a service (each asking the
    queue whether one waits already)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    admin = population.users["admin"]
    robert = Contract.objects.get(learner=population.learners["robert"])
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        terminate_contract(contract=robert, on=date(2027, 1, 2), cause="mutual_agreement", by=admin)
        for learner in list(population.learners.values())[:3]:
            update_learner(learner=learner, changes={"city": "Villeurbanne"}, on=ON, by=admin)
    assert callbacks.count(_refresh_after_commit) == 1
    assert not StoredDashboard.objects.exists()  # forgotten at once, until the refresh


def test_a_change_rolled_back_takes_its_queued_refresh_with_it(
    population, settings, django_capture_on_commit_callbacks
):
    """The next change queues one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    admin, learner = population.users["admin"], population.learners["bernard"]
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with contextlib.suppress(RuntimeError), transaction.atomic():
            update_learner(learner=learner, changes={"city": "Bron"}, on=ON, by=admin)
            raise RuntimeError
        update_learner(learner=learner, changes={"city": "Vénissieux"}, on=ON, by=admin)
    assert callbacks.count(_refresh_after_commit) == 1
