"""Benchmark of the follow-up: the training manager's dashboards for a centre of 300 apprentices.

    .venv/bin/python bench/followup.py [--apprentices 300] [--repeat 30]
    NDRC_DATABASE_URL=postgresql://…/empty_db .venv/bin/python bench/followup.py

Builds, through the services (audited, checked), a centre of N apprentices in 10 cohorts with
their contracts, referent teachers (10), logbooks (one period per month of the contract), 20
logbook entries (spread over the months of the contract so far) and 2 follow-up visits each
(one reported, one planned) — 6,000 entries and 600 visits for 300 apprentices —, half of
them first, then the other half. It counts the queries of the training manager's pages after
each half (the count must not change), then times them (Django test client, whole request:
views, selectors, template) and prints p50 / p95 against the target of issue 14 (< 300 ms
p95), with the Python process's CPU time of each request (on SQLite, what the request costs
whatever the machine's load; the load is printed). On SQLite by default in a temporary data
folder; on PostgreSQL when NDRC_DATABASE_URL names an empty database (it is migrated).
Figures: README.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ON = date(2026, 12, 4)
TARGET_MS = 300
PAGES = ("/suivi/", "/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apprentices", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    arguments = parser.parse_args()

    if not os.environ.get("NDRC_DATABASE_URL"):
        os.environ["NDRC_DATA_DIR"] = tempfile.mkdtemp(prefix="ndrc-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from unittest import mock

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    call_command("migrate", verbosity=0)
    # Debug off, as in production, but plain HTTP and static files from the source folders,
    # as the tests run (tests/conftest.py): the pages' own work is what is measured.
    override_settings(
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        STATIC_ROOT=None,
        WHITENOISE_USE_FINDERS=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    engine = connection.vendor
    population = Population()
    half = arguments.apprentices // 2
    started = time.perf_counter()
    population.add(half)
    client = Client()
    client.force_login(population.manager)
    with mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: ON):
        first = {path: _queries(client, path, CaptureQueriesContext, connection) for path in PAGES}
        population.add(arguments.apprentices - half)
        built = time.perf_counter() - started
        second = {path: _queries(client, path, CaptureQueriesContext, connection) for path in PAGES}
        print(
            f"{engine} — {population.count} apprentis, {population.entries} activités de livret, "
            f"{population.visits} visites (construits en {built:.0f} s par les services)"
        )
        print(f"  charge de la machine : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs")
        for path in PAGES:
            times, cpu = [], []
            for _ in range(3):
                client.get(path)  # warm-up
            for _ in range(arguments.repeat):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                _check(response)
            p50, p95 = _percentiles(times)
            cpu50, cpu95 = _percentiles(cpu)
            constant = first[path] == second[path]
            met = "atteint" if p95 < TARGET_MS and constant else "NON atteint"
            print(
                f"  {path:<8} requêtes {first[path]} ({half} apprentis) → {second[path]} "
                f"({population.count}) {'constant' if constant else 'VARIABLE'} ; "
                f"p50 {p50:.0f} ms, p95 {p95:.0f} ms — objectif < {TARGET_MS} ms : {met} "
                f"(temps processeur de Python : p50 {cpu50:.0f} ms, p95 {cpu95:.0f} ms)"
            )
        # The home page gathers every app's dashboard; the follow-up's part of it alone:
        from ndrc.followup.selectors import dashboard_panel

        times = []
        for _ in range(arguments.repeat):
            start = time.perf_counter()
            dashboard_panel(population.manager, on=ON)
            times.append((time.perf_counter() - start) * 1000)
        p50, p95 = _percentiles(times)
        print(
            f"  dont la part du suivi en entreprise sur / (followup.selectors.dashboard_panel) : "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
        )


def _percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[max(0, round(0.95 * len(values)) - 1)]


def _queries(client, path, capture, connection) -> int:
    client.get(path)
    with capture(connection) as queries:
        response = client.get(path)
    _check(response)
    return len(queries)


def _check(response) -> None:
    if response.status_code != 200:
        raise SystemExit(f"page en erreur : {response.status_code}")


class Population:
    """A centre built through the services, grown by `add`."""

    def __init__(self) -> None:
        from ndrc.core.models import Role
        from tests import factories

        self.centre = factories.centre()
        self.manager = factories.manager_of(self.centre)
        self.admin = factories.administrator()
        self.teachers = [
            factories.person(f"prof{n}", role=Role.TEACHER, training_centre=self.centre,
                             first_name="Prof", last_name=f"N{n:02d}")
            for n in range(10)
        ]  # fmt: skip
        self.cohorts = [
            factories.cohort(self.centre, name=f"BTS NDRC {n}", start=start, session=session)
            for n in range(5)
            for start, session in ((date(2025, 9, 1), 2027), (date(2026, 9, 1), 2028))
        ]
        self.companies = []
        self.count = self.entries = self.visits = 0

    def _company(self, n: int):
        from ndrc.companies import services as company_services
        from tests import factories

        siret = _siret(n)
        company = factories.company(
            name=f"Entreprise {n}", siret=siret, headcount=50, street=f"{n} rue du Commerce",
            postal_code=f"{69001 + n % 9}", city="Lyon",
        )  # fmt: skip
        masters = [
            company_services.create_contact(
                company=company,
                first_name="Maître",
                last_name=f"{n}-{m}",
                is_apprenticeship_master=True,
                by=self.admin,
            )
            for m in range(3)
        ]
        return company, masters

    def add(self, count: int) -> None:
        from ndrc.contracts import services as contract_services
        from ndrc.followup import services
        from ndrc.learners import services as learner_services

        for n in range(self.count, self.count + count):
            if n // 6 >= len(self.companies):
                self.companies.append(self._company(len(self.companies)))
            company, masters = self.companies[n // 6]
            cohort = self.cohorts[n % len(self.cohorts)]
            learner = learner_services.create_learner(
                cohort=cohort, first_name=f"Prénom{n}", last_name=f"Nom{n:04d}",
                birth_date=date(2006, 1 + n % 12, 1 + n % 28), category="apprenti_habilite",
                category_start=cohort.first_year_start, on=cohort.first_year_start, by=self.admin,
            )  # fmt: skip
            contract = contract_services.create_contract(
                learner=learner, kind="apprenticeship", employer=company,
                apprenticeship_master=masters[n % 6 // 2], start=cohort.first_year_start,
                end=date(cohort.exam_session, 8, 31), cycle_start=cohort.first_year_start,
                confirm_warnings=True, by=self.admin,
            )  # fmt: skip
            teacher = self.teachers[n % len(self.teachers)]
            services.assign_referent(learner=learner, teacher=teacher, since=ON, by=self.manager)
            logbook = services.open_logbook(contract=contract, on=contract.start, by=self.admin)
            # 20 entries spread over the months of the contract up to the day, as written.
            span = (ON - contract.start).days
            for k in range(20):
                day = contract.start + timedelta(days=span * (2 * k + 1) // 40)
                services.add_entry(
                    logbook=logbook, day=day, title=f"Activité {k}", activities=["P1-A1"],
                    competences=["BC01-C1"], on=ON, by=self.admin,
                )  # fmt: skip
                self.entries += 1
            held = services.plan_visit(
                learner=learner, planned_on=date(2026, 10, 1 + n % 28), mode="on_site", by=teacher
            )
            services.report_visit(
                visit=held, held_on=held.planned_on, answers={"actions": "Point d'étape."},
                difficulty=n % 25 == 0, on=ON, by=teacher,
            )  # fmt: skip
            services.plan_visit(
                learner=learner, planned_on=date(2027, 1, 4 + n % 20), mode="video", by=teacher
            )
            self.visits += 2
        self.count += count


def _siret(n: int) -> str:
    """A SIRET with a valid Luhn key."""
    from ndrc.core.validators import luhn_ok

    body = f"{500000000 + n:09d}{1:04d}"
    return next(body + str(key) for key in range(10) if luhn_ok(body + str(key)))


if __name__ == "__main__":
    main()
