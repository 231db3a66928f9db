"""A training manager follows a background job in a real browser: the page shows its progress
while a real database worker runs it, then its failure, in French, and stops asking."""

import threading

import pytest
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from ndrc.jobs.services import start_job
from tests.jobs import functions


@pytest.fixture
def queued_job(live_server, demo, settings, tmp_path):
    """A job queued in the database (set up before the browser starts, see conftest)."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    functions.HALF_WAY.clear()
    functions.CARRY_ON.clear()
    return start_job(
        functions.wait_half_way_then_refuse,
        by=demo.users["responsable"],
        title="Grilles CCF — BTS NDRC 2e année",
        training_centre=demo.centre,
    )


@pytest.fixture
def worker(queued_job):
    """One `ndrc db_worker`, in a thread of its own, that runs the queued job and stops."""

    def run() -> None:
        try:
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="browser-test",
                excluded_queue_names=[],
            ).run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    yield thread
    functions.CARRY_ON.set()
    if thread.ident is not None:
        thread.join(timeout=30)
        assert not thread.is_alive()


@pytest.fixture
def manager_cookie(demo, session_cookie):
    return session_cookie(demo.users["responsable"])


def test_a_manager_sees_a_jobs_progress_then_its_failure(
    queued_job, worker, manager_cookie, new_page, live_server
):
    page = new_page(manager_cookie)
    page.goto(f"{live_server.url}{queued_job.get_absolute_url()}")
    status = page.locator("#job-status")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grilles CCF — BTS NDRC 2e année")
    expect(status).to_contain_text("En attente")

    worker.start()
    assert functions.HALF_WAY.wait(timeout=20)
    # The page asks again every second: the progress of the running job appears by itself.
    expect(status).to_contain_text("En cours — 1 sur 3", timeout=10_000)
    expect(status).to_contain_text("Grille 1 sur 3")
    expect(status.locator("progress")).to_have_attribute("value", "1")

    functions.CARRY_ON.set()
    expect(status).to_contain_text("Échouée", timeout=10_000)
    expect(status.get_by_role("alert")).to_have_text(
        "La grille de Durand Nathan est incomplète : rien n'a été enregistré."
    )
    expect(status).to_contain_text("Interrompue à 2 sur 3.")
    expect(status).not_to_have_attribute("hx-trigger", "every 1s")
    expect(page.get_by_role("link", name="Télécharger le résultat")).to_have_count(0)
