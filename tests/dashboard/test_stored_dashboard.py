"""Dashboards are computed once and stored until a record changes (issue 12): every reader's at
their view; the training manager's and the exam office's also ahead, by a background job, and
their page says when. What is stored is what the selectors and templates give at that moment,
in each language; a dashboard computed before a change, of another day, or before results due
to be published is never shown.

The demo (`ndrc demo`) seen on Monday 4 January 2027, as in test_dashboard.py: Emma Petit's E4
situation A is on 12 January (within the 30 days the dashboard looks ahead), Hugo Robert's
contract runs to the summer."""

import contextlib
import contextvars
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from ndrc.contracts.models import Contract
from ndrc.contracts.services import terminate_contract
from ndrc.dashboard.models import RecordChanges, StoredDashboard
from ndrc.dashboard.selectors import dashboard_for
from ndrc.dashboard.stored import (
    _refresh_after_commit,
    content_html,
    refresh_dashboards,
    store_dashboards,
)
from ndrc.learners.services import update_learner
from tests.dashboard.test_dashboard import with_records
from tests.exams.test_results import _run_to_publication

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


def _computed_now(user, stored: StoredDashboard) -> str:
    """`user`'s dashboard computed now for the day, language and moment of `stored`."""
    with translation.override(stored.language):
        dashboard = dashboard_for(user, on=stored.on)
        return content_html(user, dashboard, computed_at=stored.computed_at)


def _with_a_worker(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _ran_the_queued_refresh() -> None:
    """What the worker does with the refresh queued (one, for every reader)."""
    (queued,) = DBTaskResult.objects.filter(task_path=refresh_dashboards.module_path)
    assert queued.args_kwargs["kwargs"] == {}
    store_dashboards()
    queued.delete()


def _count(html: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}"><strong>(\d+)</strong>', html).group(1))


def test_the_page_shows_the_stored_figures_those_computed_now_and_when(population, client):
    for login in ("responsable", "examens"):
        user = population.users[login]
        for language in ("fr", "en"):
            stored = StoredDashboard.objects.get(user=user, language=language)
            assert stored.on == ON
            assert stored.html == _computed_now(user, stored)
        html = _page(client, user)
        assert 'data-figures="stored"' in html
        assert StoredDashboard.objects.get(user=user, language="fr").html in html
        assert re.search(r"Chiffres calculés le \d\d/\d\d/\d{4} à \d\d:\d\d", html)
    assert 'data-role="training_manager"' in _page(client, population.users["responsable"])


@pytest.mark.parametrize("login", ["enseignant", "apprenant", "maitre", "tuteur"])
def test_another_reader_s_dashboard_is_stored_at_their_view_and_read_once(
    population, client, login
):
    user = population.users[login]
    assert not StoredDashboard.objects.filter(user=user).exists()  # not computed ahead
    html = _page(client, user)
    stored = StoredDashboard.objects.get(user=user)
    assert (stored.language, stored.on) == ("fr", ON)
    assert stored.html in html and stored.html == _computed_now(user, stored)
    assert 'data-figures="live"' in html and "Chiffres calculés" not in html
    with CaptureQueriesContext(connection) as captured:
        assert stored.html in client.get("/").text
    # The session, the login, its roles (the menu) and the stored dashboard: not one record.
    assert len(captured) <= 5
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "learners_learner" not in read and "portfolio_activitysheet" not in read


def test_a_change_refreshes_the_figures_once_committed(
    population, client, settings, django_capture_on_commit_callbacks
):
    _with_a_worker(settings)
    manager = population.users["responsable"]
    before = _count(_page(client, manager), "contracts")
    computed = StoredDashboard.objects.get(user=manager, language="fr").computed_at
    robert = Contract.objects.get(learner=population.learners["robert"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        terminate_contract(
            contract=robert, on=date(2027, 1, 2), cause="mutual_agreement",
            by=population.users["admin"],
        )  # fmt: skip
    # The refresh was queued once the change was committed, for the worker.
    assert _refresh_after_commit in callbacks
    _ran_the_queued_refresh()
    stored = StoredDashboard.objects.get(user=manager, language="fr")
    assert stored.computed_at > computed
    assert stored.html == _computed_now(manager, stored)
    html = _page(client, manager)
    assert 'data-figures="stored"' in html and stored.html in html
    assert _count(html, "contracts") == before + 1
    assert "Hugo Robert : contrat chez Télécom Saône Services rompu le 02/01/2027" in html


def test_until_the_job_has_run_the_page_never_shows_the_figures_before_the_change(
    population, client
):
    manager = population.users["responsable"]
    before = _count(_page(client, manager), "contracts")
    robert = Contract.objects.get(learner=population.learners["robert"])
    terminate_contract(
        contract=robert, on=date(2027, 1, 2), cause="mutual_agreement",
        by=population.users["admin"],
    )  # fmt: skip
    # Not committed (the test's transaction), the job not run: the view computes them.
    html = _page(client, manager)
    assert _count(html, "contracts") == before + 1
    assert StoredDashboard.objects.get(user=manager, language="fr").html in html


def test_a_change_made_while_a_dashboard_is_computed_is_shown_at_the_next_view(
    population, client, monkeypatch
):
    """Another request changes a record while this view computes the dashboard from the records
    read before (written, not yet stored): what it stores is not shown once the change is
    made."""
    manager, admin = population.users["responsable"], population.users["admin"]
    update_learner(
        learner=population.learners["bernard"], changes={"city": "Bron"}, on=ON, by=admin
    )
    robert = Contract.objects.get(learner=population.learners["robert"])
    written_from_the_records_before = content_html

    def written_while_changed(user, dashboard, *, computed_at):
        html = written_from_the_records_before(user, dashboard, computed_at=computed_at)
        contextvars.Context().run(  # another request's context
            terminate_contract, contract=robert, on=date(2027, 1, 2), cause="mutual_agreement",
            by=admin,
        )  # fmt: skip
        monkeypatch.setattr("ndrc.dashboard.stored.content_html", content_html)
        return html

    monkeypatch.setattr("ndrc.dashboard.stored.content_html", written_while_changed)
    before = _count(_page(client, manager), "contracts")
    html = client.get("/").text
    assert _count(html, "contracts") == before + 1
    assert "Hugo Robert : contrat chez Télécom Saône Services rompu le 02/01/2027" in html


def test_the_figures_of_another_day_are_never_shown(population, client, today):
    manager = population.users["responsable"]
    assert "Emma Petit" in _section(_page(client, manager), "ccf-a-venir")
    today["on"] = date(2027, 1, 13)  # the day after her situation: no longer to come
    html = _page(client, manager)
    assert "Emma Petit" not in _section(html, "ccf-a-venir")
    stored = StoredDashboard.objects.get(user=manager, language="fr")
    assert stored.on == date(2027, 1, 13)
    assert stored.html in html
    assert stored.html == _computed_now(manager, stored)


def test_a_dashboard_missing_is_computed_in_the_language_read_only(population, client, today):
    """The reader whose dashboard is not stored waits for that of their language, not for the
    other language's too."""
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
    with django_assert_max_num_queries(5):
        html = client.get("/").text
    assert 'data-figures="stored"' in html


def test_a_bulk_operation_queues_one_refresh(
    population, settings, django_capture_on_commit_callbacks
):
    """Many services in one transaction (an import, the demo's build), each in a savepoint of
    it, with a worker: one refresh queued for the commit, not one a service (each asking the
    queue whether one waits already); each change counted."""
    _with_a_worker(settings)
    counted = RecordChanges.objects.get().count
    admin = population.users["admin"]
    robert = Contract.objects.get(learner=population.learners["robert"])
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        terminate_contract(contract=robert, on=date(2027, 1, 2), cause="mutual_agreement", by=admin)
        for learner in list(population.learners.values())[:3]:
            update_learner(learner=learner, changes={"city": "Villeurbanne"}, on=ON, by=admin)
    assert callbacks.count(_refresh_after_commit) == 1
    assert RecordChanges.objects.get().count > counted + 3


def test_a_change_rolled_back_takes_its_queued_refresh_with_it(
    population, settings, django_capture_on_commit_callbacks
):
    """The next change queues one."""
    _with_a_worker(settings)
    admin, learner = population.users["admin"], population.learners["bernard"]
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with contextlib.suppress(RuntimeError), transaction.atomic():
            update_learner(learner=learner, changes={"city": "Bron"}, on=ON, by=admin)
            raise RuntimeError
        update_learner(learner=learner, changes={"city": "Vénissieux"}, on=ON, by=admin)
    assert callbacks.count(_refresh_after_commit) == 1


def test_a_dashboard_stored_before_results_are_published_is_not_shown_after(
    client, deliberated, office, monkeypatch
):
    aubert = deliberated.registrations.get(learner__last_name="Aubert")
    day = timezone.localdate()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    at = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    _run_to_publication(deliberated, office, at)
    html = _page(client, aubert.learner.user)
    assert "résultats non publiés" in html
    assert StoredDashboard.objects.get(user=aubert.learner.user).until == at
    monkeypatch.setattr("django.utils.timezone.now", lambda: at + timedelta(minutes=1))
    html = client.get("/").text
    assert "résultats non publiés" not in html and "<strong>Admis</strong>" in html
