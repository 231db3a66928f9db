"""The training manager's and the exam office's dashboards count every cohort's E4 and E6
dossiers from counts the background job stores (issue 12): after each kind of change, once the
job has run, the pages show what checking every dossier at that moment shows — and say when
the dossiers were checked. Deadline of the demo's second year: 31/03/2027."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ndrc.dashboard.models import StoredDashboard
from ndrc.learners import services as learners
from ndrc.portfolio import services as portfolio
from ndrc.portfolio.models import ActivitySheet, StoredCohortDossiers, StoredDossierCheck

BEFORE = date(2027, 1, 4)
AFTER = date(2027, 4, 1)  # the day after the demo's deadline
PAGES = {"responsable": ("/", "/tableau-de-bord/dossiers/"), "examens": ("/",)}


@pytest.fixture
def today(monkeypatch):
    """The views' date, `BEFORE` unless a test moves it."""
    day = {"on": BEFORE}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day["on"])
    return day


@pytest.fixture
def centre(portfolio, today, built_once):
    """Every dossier checked and counted, and the dashboards stored, as the worker and the daily
    timer leave them (built once per run, put back in each test)."""

    def checked_and_stored():
        call_command("refresh-dossier-checks", verbosity=0)
        call_command("refresh-dashboards", stdout=StringIO())

    built_once(checked_and_stored)
    return portfolio


def _reads(client_of, population, pages=PAGES) -> dict:
    """What each reader sees of the dossiers: the counts, each cohort's figures and the lines."""
    seen = {}
    for login, paths in pages.items():
        client = client_of(population.users[login])
        for path in paths:
            html = client.get(path).content.decode()
            seen[(login, path)] = {
                "counts": re.findall(r'data-count="(\w+)"[^>]*>(?:<strong>)?(\d+)', html),
                "cohorts": re.findall(r'data-exam="(E\d)"[^>]*data-at-risk="(\d+)"', html),
                "at risk": re.findall(r'data-at-risk="(\d+)"', html),
                "lines": re.findall(r'data-dossier="([^"]+)"', html),
                "findings": re.findall(r'data-finding="(\w+)"', html),
                "stored": 'data-counted=""' not in html,
            }
    return seen


def _as_stored_and_as_checked_now(client_of, population) -> tuple[dict, dict]:
    """The pages read from the stored counts, then with nothing stored (every dossier checked by
    the engine at the view)."""
    stored = _reads(client_of, population)
    with transaction.atomic():
        StoredCohortDossiers.objects.all().delete()
        StoredDossierCheck.objects.all().delete()
        checked = _reads(client_of, population)
        transaction.set_rollback(True)
    return stored, checked


def _same(client_of, population) -> dict:
    stored, checked = _as_stored_and_as_checked_now(client_of, population)
    manager = stored[("responsable", "/")]
    assert manager["stored"], "the dashboard did not read the stored counts"
    assert not checked[("responsable", "/")]["stored"]
    for reader in stored:
        assert {k: v for k, v in stored[reader].items() if k != "stored"} == {
            k: v for k, v in checked[reader].items() if k != "stored"
        }, reader
    return _managers(stored)


def _managers(seen: dict) -> dict:
    manager = seen[("responsable", "/")]
    return {**manager, "whole list": seen[("responsable", "/tableau-de-bord/dossiers/")]["lines"]}


def _as_stored_before(client_of, population) -> dict:
    """What the training manager reads from the stored counts as the fixture leaves them: that
    every reader's pages then show what checking every dossier shows is
    `test_the_stored_counts_are_those_of_every_dossier_checked_now`'s, not checked again here."""
    manager = {"responsable": PAGES["responsable"]}
    return _managers(_reads(client_of, population, manager))


def test_the_dashboard_says_when_the_dossiers_were_checked(centre, client_of):
    html = client_of(centre.users["responsable"]).get("/").content.decode()
    assert "Dossiers contrôlés le " in html
    StoredCohortDossiers.objects.all().delete()
    html = client_of(centre.users["responsable"]).get("/").content.decode()
    assert "Dossiers contrôlés à l'instant." in html


def test_the_stored_counts_are_those_of_every_dossier_checked_now(centre, client_of):
    manager = _same(client_of, centre)
    assert manager["lines"]  # the demo has dossiers at risk: the comparison compares something


def test_after_the_deadline_the_stored_counts_read_dossiers_not_filed_as_nv(
    centre, client_of, today
):
    before = _as_stored_before(client_of, centre)
    today["on"] = AFTER
    after = _same(client_of, centre)
    assert after["counts"] != before["counts"]


def test_a_sheet_validated_attested_and_a_dossier_filed_are_counted_again(
    centre, client_of, django_capture_on_commit_callbacks
):
    before = _as_stored_before(client_of, centre)
    bernard = centre.learners["bernard"]
    event = ActivitySheet.objects.get(learner=bernard, nature="event")
    with django_capture_on_commit_callbacks(execute=True):
        portfolio.validate_sheet(sheet=event, on=BEFORE, by=centre.users["enseignant"])
        portfolio.attest_sheet(sheet=event, on=BEFORE, by=centre.users["maitre"])
        portfolio.record_exam_dossier(
            learner=bernard,
            exam="E4",
            deposited_on=date(2027, 1, 2),
            signed=True,
            by=centre.users["responsable"],
        )
    after = _same(client_of, centre)
    assert f"{bernard.pk}-E4" in before["whole list"]
    assert f"{bernard.pk}-E4" not in after["whole list"]


def test_a_deadline_moved_is_counted_again(centre, client_of, django_capture_on_commit_callbacks):
    before = _as_stored_before(client_of, centre)
    with django_capture_on_commit_callbacks(execute=True):
        portfolio.set_dossier_deadline(
            cohort=centre.second_year,
            exam="E4",
            deadline=date(2027, 1, 1),
            by=centre.users["responsable"],
        )
    assert _same(client_of, centre)["counts"] != before["counts"]


def test_a_learner_added_moved_or_changing_category_is_counted_again(
    centre, client_of, django_capture_on_commit_callbacks
):
    manager = centre.users["responsable"]
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = learners.create_learner(
            cohort=centre.second_year,
            first_name="Théo",
            last_name="Nouveau",
            birth_date=date(2005, 3, 1),
            category="scolaire",
            category_start=centre.second_year.first_year_start,
            on=BEFORE,
            by=manager,
        )
    assert f"{newcomer.pk}-E4" in _same(client_of, centre)["whole list"]
    with django_capture_on_commit_callbacks(execute=True):
        learners.update_learner(
            learner=centre.learners["durand"],
            changes={"cohort": centre.first_year},
            on=BEFORE,
            by=manager,
        )
    _same(client_of, centre)
    # The cohort left was counted again too, without him.
    for stored in StoredCohortDossiers.objects.filter(cohort=centre.second_year):
        assert centre.learners["durand"].pk not in [line[0] for line in stored.lines]
    with django_capture_on_commit_callbacks(execute=True):
        learners.change_category(
            learner=centre.learners["bernard"], category="scolaire", start=BEFORE, by=manager
        )
    _same(client_of, centre)


def test_with_stored_counts_more_learners_cost_no_more_queries(
    centre, client_of, django_capture_on_commit_callbacks
):
    client = client_of(centre.users["responsable"])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    StoredDashboard.objects.all().delete()  # the first view computes the sections
    before = count()
    with django_capture_on_commit_callbacks(execute=True):
        learners.create_learners(
            cohort=centre.second_year,
            learners=[
                {
                    "first_name": f"Nouvel{day}",
                    "last_name": "Inscrit",
                    "birth_date": date(2005, 1, day),
                    "category": "scolaire",
                    "category_start": centre.second_year.first_year_start,
                }
                for day in range(1, 6)
            ],
            on=BEFORE,
            by=centre.users["responsable"],
        )
    assert _reads(client_of, centre)[("responsable", "/")]["stored"]
    assert count() <= before
