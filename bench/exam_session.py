"""Benchmark of an exam session: deliberation, documents and the jury's table.

    .venv/bin/python bench/exam_session.py [--count 1000] [--table 150] [--repeat 20]

Runs on a fresh SQLite database in a temporary data folder (the default installation). Builds,
through the services, a centre with its exam office, a cohort of N learners (1,000), the
session of 2026, their registrations (checked by the engine) and their grades (imported from one
CSV file, as an exam office would), then measures what users wait on (targets of issue 15):
1. the whole session deliberated and stored (a decision per candidate with its record, framework
   version, explanation and relevé): under 5 s;
2. after the épreuves de contrôle and the sign-off, the session's documents — every relevé de
   notes, the attestations, the procès-verbal — in the one background job that makes them
   (`session_documents_job`, queued by `ndrc.jobs` and run here as a worker runs it): at least
   10 documents per second;
3. the jury's table page for a session of 150 candidates (`--table`), through the Django test
   client, p50 and p95 of `--repeat` renders: under 300 ms, with as many queries as for 10
   candidates.
Figures are in the README and docs/exam-session.md.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

CATEGORIES = ("scolaire", "apprenti_habilite", "fpc_public")
HEADER = "N° candidat;U1;U2;U3;U4;U5 écrit;U5 pratique;U6"


def grades_line(number: str, n: int) -> str:
    # Three profiles, in turn: admitted (12s), resit eligible (9s, professional 11s), failed (6s).
    profile = n % 3
    general, professional = {0: (12, 13), 1: (7, 11), 2: (6, 6)}[profile]
    return f"{number};{general};{general};{general};{professional};{professional};" \
        f"{professional};{professional}"  # fmt: skip


def _cpu() -> float:
    """CPU time of this process and of its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(action):
    """The result, the wall time and the CPU time (the machine may be shared)."""
    start, cpu = time.perf_counter(), _cpu()
    result = action()
    return result, time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--table", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()

    os.environ["NDRC_DATA_DIR"] = tempfile.mkdtemp(prefix="ndrc-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    # The page is timed as the tests render it: static files from the source folders (no
    # `collectstatic` in a throwaway data folder), HTTPS given by the client (`secure=True`).
    from django.test.utils import override_settings

    override_settings(
        STATIC_ROOT=None,
        WHITENOISE_USE_FINDERS=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ndrc.core.audit import acting_as
    from ndrc.core.models import Role
    from ndrc.exams import services
    from ndrc.exams.documents import session_documents_job
    from ndrc.exams.models import Decision, SessionState
    from ndrc.jobs import services as jobs
    from ndrc.jobs.models import State
    from tests import factories

    centre = factories.centre()
    office = factories.person("examens", role=Role.EXAM_OFFICE, training_centre=centre)
    factories.manager_of(centre)
    start = time.perf_counter()

    def session_of(year: int, count: int, name: str):
        cohort = factories.cohort(centre, name=name, start=date(year - 2, 9, 1), session=year)
        learners = [
            factories.learner(
                cohort,
                category=CATEGORIES[n % 3],
                first_name=f"Prénom{n}",
                last_name=f"NOM{n:05d}",
                category_start=cohort.first_year_start,
            )
            for n in range(count)
        ]
        session = services.create_session(
            training_centre=centre,
            year=year,
            registration_deadline=date(year - 1, 11, 30),
            president=office,
            by=office,
        )
        data = services.RegistrationInput(units=("U1", "U2", "U3", "U4", "U5", "U6"), lv1="anglais")
        services.register_cohort(
            session=session,
            lines=[(learner, data) for learner in learners],
            on=date(year - 1, 11, 15),
            by=office,
        )
        for state in (SessionState.REGISTRATION_CLOSED, SessionState.GRADING):
            services.change_state(session=session, to=state, by=office)
        numbers = session.registrations.order_by("number").values_list("number", flat=True)
        grades = "\r\n".join(
            [HEADER, *(grades_line(number, n) for n, number in enumerate(numbers))]
        )
        services.import_grades(
            session=session, data=grades.encode(), filename="notes.csv", by=office
        )
        services.change_state(session=session, to=SessionState.JURY, by=office)
        return session

    with acting_as(office, "bench"):
        session = session_of(2026, arguments.count, "Promotion du banc d'essai")
        built = time.perf_counter() - start
        print(f"{arguments.count} candidats, SQLite ({os.environ['NDRC_DATA_DIR']})")
        print(f"  population, inscriptions et notes (services)  {built:7.1f} s")

        decisions, seconds, cpu = timed(
            lambda: services.deliberate_session(session=session, by=office)
        )
        met = "atteint" if seconds < 5 else "NON ATTEINT"
        print(
            f"1. délibération et enregistrement de {len(decisions)} candidats : {seconds:.2f} s "
            f"(CPU {cpu:.2f} s) (objectif < 5 s : {met})"
        )

        services.sign_off(session=session, by=office)
        for registration in session.registrations.filter(
            decisions__decision="resit_eligible"
        ).distinct():
            services.set_resit_grades(
                registration=registration, grades={"U1": Decimal(12)}, by=office
            )
        services.deliberate_resits(session=session, by=office)
        services.sign_off(session=session, by=office)
        services.publish(session=session, at=timezone.now() - timedelta(minutes=1), by=office)

        job = jobs.start_job(
            session_documents_job,
            by=office,
            title="Documents de la session",
            arguments={"session": session},
            training_centre=centre,
        )
        _none, seconds, cpu = timed(lambda: jobs.run(job.pk))  # what `ndrc db_worker` does
        job.refresh_from_db()
        if job.state != State.DONE:
            raise SystemExit(f"tâche des documents : {job.state} {job.error}")
        bundle = session.bundles.get()
        rate, cpu_rate = bundle.documents / seconds, bundle.documents / cpu
        met = "atteint" if rate >= 10 else "NON ATTEINT"
        print(
            f"2. documents de la session : {bundle.documents} PDF en {seconds:.1f} s, "
            f"{rate:.1f} documents/s (CPU {cpu:.1f} s, processus de mise en page compris : "
            f"{cpu_rate:.1f} documents par seconde de CPU) "
            f"(objectif ≥ 10 : {met})"
        )
        print(f"   décisions enregistrées : {Decision.objects.count()}")

        small = session_of(2024, 10, "Petite promotion")
        table = session_of(2025, arguments.table, "Promotion du jury")
        for target in (small, table):
            services.deliberate_session(session=target, by=office)

    client = Client()
    client.force_login(office)

    def render(target):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/examen/sessions/{target.pk}/jury/", secure=True)
        if response.status_code != 200:
            raise SystemExit(f"table du jury : statut {response.status_code}")
        return len(queries)

    small_queries = render(small)
    times = []
    for _ in range(arguments.repeat):
        begin = time.perf_counter()
        queries = render(table)
        times.append((time.perf_counter() - begin) * 1000)
    p50 = statistics.median(times)
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    met = "atteint" if p95 < 300 and queries == small_queries else "NON ATTEINT"
    print(
        f"3. table du jury, {arguments.table} candidats : p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"{queries} requêtes ({small_queries} pour 10 candidats) (objectif < 300 ms, requêtes "
        f"constantes : {met})"
    )


if __name__ == "__main__":
    main()
