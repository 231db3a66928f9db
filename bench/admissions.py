"""Benchmark of admissions: the board of 1,000 applications, and the pages around it.

    .venv/bin/python bench/admissions.py [--count N] [--repeat R]

Runs on a fresh SQLite database in a temporary data folder (the default installation): a centre,
its training manager, a cohort and an open apprenticeship intake, then N applications (1,000 by
default) made through the services and spread over the stages (a third admitted without a
company: the L. 6222-12-1 deadline is computed on their cards). Then, as the training manager
through Django's test client (whole requests: middleware, template, database), it renders R
times (20 by default) the board, the list, the funnel and the page of candidates without a
contract, and prints for each the number of queries and the median (p50) and p95 server times.
The target of issue 18: the board of 1,000 applications under 300 ms with a number of queries
that does not grow with N (checked here against a board of N/10).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
ON = date(2026, 6, 15)
TARGET_MS = 300
STAGES = (
    "received",
    "information_meeting",
    "interview",
    "positioning",
    "accepted",
    "accepted",
    "accepted",
)


def setup():
    """A centre, its training manager, a cohort with places and an open intake."""
    from django.contrib.auth import get_user_model

    from ndrc.admissions import services
    from ndrc.core import services as core_services
    from ndrc.core.models import Role
    from ndrc.learners import services as learner_services

    admin = get_user_model().objects.create_superuser(username="bench-admin", password=None)
    centre = core_services.create_training_centre(
        name="Lycée Bench", uai="0691234S", siret="19690026000015", by=admin
    )
    manager = core_services.create_user(username="responsable", password=None, by=admin)
    core_services.grant_role(
        user=manager, training_centre=centre, role=Role.TRAINING_MANAGER, by=admin
    )
    cohort = learner_services.create_cohort(
        training_centre=centre,
        name="BTS NDRC 1",
        first_year_start=date(2026, 9, 7),
        exam_session=2028,
        by=admin,
    )
    services.set_places(cohort=cohort, places=30, by=manager)
    intake = services.create_intake(
        cohort=cohort,
        title="BTS NDRC en apprentissage",
        training_start=date(2026, 9, 7),
        default_category="apprenti_habilite",
        is_open=True,
        by=manager,
        now=datetime.combine(date(2026, 1, 5), clock(9), tzinfo=PARIS),
    )
    return manager, intake


def add_applications(manager, intake, numbers: range) -> None:
    """Applications made through the services, spread over the sources and the stages."""
    from ndrc.admissions import emails, services
    from ndrc.admissions.models import Source

    with emails.suppressed():  # a benchmark writes to no one
        _add(manager, intake, numbers, services, (Source.FORM, Source.PARCOURSUP, Source.CENTRE))


def _add(manager, intake, numbers: range, services, sources) -> None:
    for n in numbers:
        day = ON - timedelta(days=n % 120)
        now = datetime.combine(day, clock(10), tzinfo=PARIS)
        application = services.create_application(
            intake=intake,
            source=sources[n % 3],
            by=manager,
            on=ON,
            now=now,
            first_name=f"Prénom{n}",
            last_name=f"NOM{n}",
            birth_date=date(2006, 1 + n % 12, 1 + n % 28),
            email=f"candidat{n}@exemple.fr",
        )
        stage = STAGES[n % len(STAGES)]
        if stage != "received":
            services.move_application(
                application=application, stage=stage, by=manager, now=now + timedelta(days=3)
            )


def measure(client, url: str, repeat: int) -> tuple[int, float, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        reset_queries()  # the query log keeps 9,000 entries: start each request from empty
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            # As production receives it from its TLS proxy (debug off redirects plain HTTP).
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} : statut {response.status_code}")
        queries = len(captured)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return queries, statistics.median(times), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    os.environ["NDRC_DATA_DIR"] = tempfile.mkdtemp(prefix="ndrc-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client see each query (DEBUG-independent)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `ndrc serve` serves them

    from ndrc.admissions.models import Application

    small = max(args.count // 10, 1)
    start = time.perf_counter()
    manager, intake = setup()
    add_applications(manager, intake, range(small))
    client = Client()
    client.force_login(manager)
    small_queries, *_rest = measure(client, "/admission/tableau/", 2)
    add_applications(manager, intake, range(small, args.count))
    print(
        f"{Application.objects.count()} candidatures créées par les services en "
        f"{time.perf_counter() - start:.1f} s"
    )
    print(f"{'page':<30} {'requêtes':>9} {'p50 (ms)':>9} {'p95 (ms)':>9}")
    results = {}
    for label, url in (
        ("tableau", "/admission/tableau/"),
        ("liste (page 1)", "/admission/candidatures/"),
        ("entonnoir", "/admission/entonnoir/"),
        ("sans contrat", "/admission/sans-contrat/"),
    ):
        queries, p50, p95 = measure(client, url, args.repeat)
        results[label] = (queries, p50, p95)
        print(f"{label:<30} {queries:>9} {p50:>9.1f} {p95:>9.1f}")
    queries, p50, _p95 = results["tableau"]
    constant = queries == small_queries
    print(
        f"Tableau de {args.count} candidatures : p50 {p50:.0f} ms "
        f"(objectif < {TARGET_MS} ms : {'atteint' if p50 < TARGET_MS else 'NON atteint'}) ; "
        f"{queries} requêtes, {small_queries} pour {small} candidatures "
        f"({'constant' if constant else 'NON constant'})."
    )


if __name__ == "__main__":
    main()
