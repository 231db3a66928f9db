"""The pages of each role at a real centre's size: queries, server time, and response times
under many clients at once.

    .venv/bin/python bench/pages.py [--clients 20] [--requests 5] [--data DIR]
    NDRC_DATABASE_URL=postgresql://…/empty_database .venv/bin/python bench/pages.py

Builds, through the services, a centre of 12 cohorts and 380 learners (contracts, internship
agreements, about 3,500 activity sheets and 760 CCF situations: `bench/centre.py`) in a fresh
database (a temporary data folder on SQLite, or the database of NDRC_DATABASE_URL; `--data DIR`
keeps the SQLite folder and builds only once), then:

1. opens each page as the role that uses it, in this process (debug off), and prints its status,
   its number of SQL queries, its server time and its CPU time (medians of `--repeat` views
   after one), the CPU time also as a multiple of the trivial page's (below); the dashboards
   also as computed at the first view after a change of a record ("recalculé": they are
   stored until then, `dashboard.stored`);
2. starts `ndrc serve` (gunicorn, 3 processes of 4 threads) on it, and for each page has
   `--clients` clients load it `--requests` times each at once, just after doing the same on a
   trivial page (`/referentiel/`, the framework's index, read from files: the session, the login
   and its roles its only queries): prints the median and the 95th percentile of the response
   times, and the 95th percentile as a multiple of the trivial page's loaded just before.

Targets (issue 12): every page under 150 ms of server time, and its 95th percentile under 20
clients at most 3 times the trivial page's.
"""

import argparse
import gc
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import serve

NDRC = Path(sys.executable).with_name("ndrc")
TRIVIAL = "/referentiel/"


def pages(built) -> list[tuple[str, str, str]]:
    """(login, page, path) of the pages measured."""
    from ndrc.assessments.models import AssessmentSituation
    from ndrc.contracts.models import Contract

    cohort = built.cohorts[0]
    learner = built.learners[0]  # grand-apprenant, an apprentice of grand-maitre
    student = next(lr for lr in built.learners if lr.cohort_id == cohort.pk and lr.pk % 10 > 3)
    situation = AssessmentSituation.objects.filter(learner__cohort=cohort).first()
    contract = Contract.objects.filter(learner=learner).first()
    manager = "grand-responsable"
    found = [
        (manager, "tableau de bord", "/"),
        (manager, "liste des dossiers", "/tableau-de-bord/dossiers/"),
        (manager, "suivi en entreprise", "/suivi/"),
        (manager, "apprenants", "/apprenants/"),
        (manager, "promotions", "/apprenants/promotions/"),
        (manager, "promotion", f"/apprenants/promotions/{cohort.pk}/"),
        (manager, "dossier d'un apprenant", f"/apprenants/{learner.pk}/"),
        (manager, "entreprises", "/entreprises/"),
        (manager, "alternance", "/alternance/"),
        (manager, "alternance d'un apprenant", f"/alternance/apprenant/{student.pk}/"),
        (manager, "contrat", f"/alternance/contrats/{contract.pk}/" if contract else ""),
        (manager, "portfolio", "/portfolio/"),
        (manager, "portfolio d'un apprenant", f"/portfolio/apprenants/{learner.pk}/"),
        (manager, "carte de couverture", f"/portfolio/promotions/{cohort.pk}/couverture/"),
        (manager, "conformité E4", f"/portfolio/promotions/{cohort.pk}/conformite/E4/"),
        (manager, "évaluations", "/evaluations/"),
        (manager, "plan des CCF", f"/evaluations/promotions/{cohort.pk}/"),
        (manager, "situation de CCF", f"/evaluations/situations/{situation.pk}/"),
        (manager, "recherche", "/recherche/?q=dupre"),
        (manager, "comptes", "/comptes/"),
        ("grand-enseignant", "tableau de bord", "/"),
        ("grand-enseignant", "portfolio", "/portfolio/"),
        ("grand-examens", "tableau de bord", "/"),
        ("grand-apprenant", "tableau de bord", "/"),
        ("grand-apprenant", "mon portfolio", f"/portfolio/apprenants/{learner.pk}/"),
        ("grand-maitre", "tableau de bord", "/"),
        ("grand-tuteur", "tableau de bord", "/"),
    ]
    return [page for page in found if page[2]]


def server_times(
    found, *, repeat: int, recomputed: bool = False
) -> list[tuple[str, str, str, int, int, float, float]]:
    """(login, page, path, status, queries, median ms, median CPU ms) of each page, in this
    process: the CPU time is this process's alone, what counts when the machine is loaded.
    `recomputed`: the login's stored dashboard forgotten before each view, as after a change of
    a record (`dashboard.stored`)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ndrc.dashboard.models import StoredDashboard

    clients = {}
    results = []
    # As `ndrc serve` does once its application is loaded: what start-up made is left out of
    # the collector's rounds.
    gc.collect()
    gc.freeze()
    for login, page, path in found:
        if login not in clients:
            clients[login] = Client()
            clients[login].force_login(get_user_model().objects.get(username=login))
        client = clients[login]
        client.get(path, secure=True)  # warm-up: templates, framework data
        times, cpu, queries, status = [], [], 0, 0
        for _ in range(repeat):
            if recomputed:
                StoredDashboard.objects.filter(user__username=login).delete()
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                status = client.get(path, secure=True).status_code
                cpu.append(time.process_time() - start_cpu)
                times.append(time.perf_counter() - start)
            queries = len(captured)
        results.append(
            (
                login, page, path, status, queries,
                statistics.median(times) * 1000, statistics.median(cpu) * 1000,
            )
        )  # fmt: skip
    return results


def fetch(base: str, path: str, cookies: dict, data: dict | None = None):
    """`bench/serve.py`'s request, with time for the slowest pages under load."""
    return serve.fetch(base, path, cookies, data, timeout=300)


def log_in(base: str, login: str, password: str) -> dict:
    cookies: dict = {}
    _, body = fetch(base, "/connexion/", cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    fetch(base, "/connexion/", cookies,
          {"csrfmiddlewaretoken": token, "username": login, "password": password})  # fmt: skip
    return cookies


def under_load(base: str, path: str, cookies: dict, *, clients: int, requests: int):
    """(median, 95th percentile) in ms of `clients` clients loading `path` `requests` times, after
    one load each not counted (every server process has read its templates and data)."""
    times: list[float] = []
    failures: list[int] = []

    def client(count: int, kept: list[float]) -> None:
        for _ in range(count):
            start = time.perf_counter()
            status, _ = fetch(base, path, dict(cookies))
            kept.append(time.perf_counter() - start)
            if status != 200:
                failures.append(status)

    for count, kept in ((1, []), (requests, times)):
        threads = [threading.Thread(target=client, args=(count, kept)) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    times.sort()
    if failures:
        print(f"  {path}: {len(failures)} failed requests ({sorted(set(failures))})")
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def _as_the_worker_would(built) -> None:
    """Store the E4/E6 dossier checks and their cohorts' counts, and the training manager's and
    exam office's dashboards, the services queued for the background worker (not run here), and
    empty the queue: the pages read them as they would once the worker ran."""
    from django_tasks_db.models import DBTaskResult

    from ndrc.learners.models import Cohort, Learner
    from ndrc.portfolio.models import StoredCohortDossiers, StoredDossierCheck
    from ndrc.portfolio.services import store_cohort_dossiers, store_dossier_checks

    queued = DBTaskResult.objects.filter(task_path__endswith="refresh_dossier_checks")
    if (
        StoredDossierCheck.objects.count() < 2 * len(built.learners)
        or StoredCohortDossiers.objects.count() < 2 * len(built.cohorts)
        or queued.exists()
    ):
        start = time.perf_counter()
        count = store_dossier_checks(learners=Learner.objects.filter(erased_on__isnull=True))
        counted = store_cohort_dossiers(cohorts=Cohort.objects.all())
        queued.delete()
        print(
            f"{count} dossier checks and {counted} cohort counts stored (the worker's job) in "
            f"{time.perf_counter() - start:.0f} s"
        )
    try:
        from ndrc.dashboard.stored import store_dashboards
    except ImportError:  # before issue 12's stored dashboards
        return
    start = time.perf_counter()
    count = store_dashboards()
    DBTaskResult.objects.filter(task_path__endswith="refresh_dashboards").delete()
    print(f"{count} dashboards stored (the worker's job) in {time.perf_counter() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", help="SQLite data folder, kept (built once)")
    parser.add_argument("--no-load", action="store_true", help="server times only")
    options = parser.parse_args()
    folder = options.data or tempfile.mkdtemp(prefix="ndrc-bench-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_")}
    env.update(NDRC_DATA_DIR=folder, NDRC_DEBUG="false", NDRC_BEHIND_PROXY="true",
               NDRC_ALLOWED_HOSTS="127.0.0.1,testserver", NDRC_WORKERS="3",
               NDRC_THREADS="4", NDRC_SECRET_KEY=secrets.token_urlsafe(50))  # fmt: skip
    if os.environ.get("NDRC_DATABASE_URL"):
        env["NDRC_DATABASE_URL"] = os.environ["NDRC_DATABASE_URL"]
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ndrc.settings"

    import django

    django.setup()
    from centre import BENCH_PASSWORD, build_centre, load_centre
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    built = load_centre()
    if built is None:
        from django.db import transaction

        start = time.perf_counter()
        with transaction.atomic():
            built = build_centre(on=timezone.localdate())
        print(f"centre built through the services in {time.perf_counter() - start:.0f} s")
    print(built.summary())
    _as_the_worker_would(built)
    from django.db import connection

    print(f"database: {connection.vendor}")
    found = pages(built)
    print(f"\n{'role':<20} {'page':<28} {'status':>6} {'queries':>7} {'server ms':>9}", end="")
    print(f" {'CPU ms':>6} {'CPU × trivial':>13}")
    trivial = (found[0][0], "page triviale", TRIVIAL)
    measured = server_times([trivial, *found], repeat=options.repeat)
    trivial_cpu = measured[0][6]
    # The dashboards as stored, then as computed at the first view after a change.
    dashboards = [(login, "tableau de bord recalculé", path) for login, page, path in found
                  if path == "/"]  # fmt: skip
    measured += server_times(dashboards, repeat=options.repeat, recomputed=True)
    for login, page, _path, status, queries, ms, cpu in measured:
        print(f"{login:<20} {page:<28} {status:>6} {queries:>7} {ms:>9.0f} {cpu:>6.1f}", end="")
        print(f" {cpu / trivial_cpu:>13.1f}")
    if options.no_load:
        return
    from django.db import connections

    connections.close_all()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603  (this environment's own ndrc)
        [str(NDRC), "serve", "--bind", f"127.0.0.1:{port}", "--no-collectstatic"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                fetch(base, "/connexion/", {})
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        sessions = {login: log_in(base, login, BENCH_PASSWORD) for login, *_ in found}
        load = {"clients": options.clients, "requests": options.requests}
        # The trivial page loaded just before each page, as the same login: the two compared
        # on the same state of the machine (its speed drifts by tens of percent in minutes).
        print(f"\n{options.clients} clients × {options.requests} requests; trivial page "
              f"{TRIVIAL}, loaded just before each page")  # fmt: skip
        print(f"{'role':<20} {'page':<28} {'p50 ms':>7} {'p95 ms':>7} {'trivial p95':>11}", end="")
        print(f" {'p95 × trivial':>13}")
        for login, page, path in found:
            trivial = under_load(base, TRIVIAL, sessions[login], **load)
            p50, p95 = under_load(base, path, sessions[login], **load)
            print(f"{login:<20} {page:<28} {p50:>7.0f} {p95:>7.0f} {trivial[1]:>11.0f}", end="")
            print(f" {p95 / trivial[1]:>13.1f}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
