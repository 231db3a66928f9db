"""Benchmark of the timetable and attendance (issue 13): a centre of 300 learners over two years.

    .venv/bin/python bench/attendance.py [--learners 300] [--repeat 20]
    NDRC_DATABASE_URL=postgresql://… .venv/bin/python bench/attendance.py   # on PostgreSQL

Builds the population through the services in a fresh data folder (or the empty PostgreSQL
database named by NDRC_DATABASE_URL): cohorts of 35 learners (the last one smaller), each with
its training calendar (a Lyon lycée closed in the school holidays, zone A) and a rhythm of three
days a week in the centre, one typical week planned then copied over the two-year cycle, and
every half-day's sheet signed (a paper sheet entered by the teacher: about 120,000 signed
half-days for 300 learners). Then measures, with the Django test client (whole pages, server
time):

1. a cohort's month grid: p50/p95 and the number of queries;
2. a learner's totals page: p50/p95 and the number of queries;
3. the 35 certificates of a cohort in one PDF, from the page's click to the stored PDF (the
   background job `build_cohort_documents`, run as the worker runs it);
4. the sign-in round trip: 35 learners signing one sheet in the same minute (p50/p95).

Each measure is given in wall time and in CPU time: this process's (`time.process_time`: the
request's Python, templates and, on SQLite, the database work) plus, on PostgreSQL, that of the
server process serving the connection (read from /proc when the server runs on this machine): on
a machine shared with other work, the wall time grows with the others' load while the CPU time
stays that of the path. Each target of the issue is stated met or not
on the wall time. Figures: README ("Benchmarks").
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

COHORT_SIZE = 35
CYCLE_START = date(2025, 9, 1)
CYCLE_END = date(2027, 6, 30)
FIRST_WEEK = date(2025, 9, 8)
WEEK = [  # weekday, half-day, module, teacher index
    (0, "am", "rcnv", 0), (0, "pm", "rcdd", 1), (1, "am", "cejm", 1),
    (1, "pm", "rcar", 0), (2, "am", "cge", 0), (2, "pm", "lv1", 1),
]  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(learners: int):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from ndrc.attendance import services as attendance
    from ndrc.core import services as core
    from ndrc.core.models import Role
    from ndrc.learners import services as records
    from ndrc.timetable import services as timetable
    from ndrc.timetable.models import Session

    User = get_user_model()
    admin = User.objects.create_superuser("admin", "admin@example.fr", None)
    centre = core.create_training_centre(
        name="Lycée de référence", uai="0691234S", siret="19690026000015", by=admin
    )
    manager = core.create_user(username="responsable", password=None, first_name="Claire",
                               last_name="Martin", by=admin)  # fmt: skip
    core.grant_role(user=manager, training_centre=centre, role=Role.TRAINING_MANAGER, by=admin)
    cohorts, n = [], 0
    started = time.perf_counter()
    while n < learners:
        index = len(cohorts)
        with transaction.atomic():
            cohort = records.create_cohort(training_centre=centre, name=f"BTS NDRC groupe {index}",
                                           first_year_start=CYCLE_START, exam_session=2027,
                                           by=manager)  # fmt: skip
            teachers = []
            for t in range(2):
                teacher = core.create_user(
                    username=f"prof{index}-{t}", password=None, first_name="Prof",
                    last_name=f"{index}-{t}", by=admin,
                )  # fmt: skip
                core.grant_role(user=teacher, training_centre=centre, role=Role.TEACHER, by=admin)
                teachers.append(teacher)
            room = timetable.create_room(training_centre=centre, name=f"Salle {index}", by=manager)
            for _ in range(min(COHORT_SIZE, learners - n)):
                records.create_learner(
                    cohort=cohort, first_name=f"Prénom{n}", last_name=f"NOM{n:04d}",
                    birth_date=date(2006, 1, 1 + n % 28), category="apprenti_habilite",
                    on=CYCLE_START, by=manager,
                )  # fmt: skip
                n += 1
            calendar = timetable.save_calendar(
                cohort=cohort,
                values={"start": CYCLE_START, "end": CYCLE_END, "department": "69",
                        "school_holiday_zone": "A", "close_in_school_holidays": True},
                by=manager,
            )  # fmt: skip
            timetable.add_rhythm(
                calendar=calendar, name="Apprentis", categories=["apprenti_habilite"],
                pattern=[["mon", "tue", "wed"]], away_place="company",
                promised_hours=1350, promised_by_module={}, promise_source="Programme du centre",
                by=manager,
            )  # fmt: skip
            for weekday, half, module, teacher in WEEK:
                timetable.plan_session(cohort=cohort, date=FIRST_WEEK + timedelta(days=weekday),
                                       half_day=half, module=module, teacher=teachers[teacher],
                                       room=room, by=manager)  # fmt: skip
            week = FIRST_WEEK + timedelta(days=7)
            while week <= CYCLE_END:
                timetable.copy_week(cohort=cohort, source=FIRST_WEEK, target=week, by=manager)
                week += timedelta(days=7)
        cohorts.append(cohort)
    print(f"  calendars and timetables of {len(cohorts)} cohorts, {n} learners: "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip

    started = time.perf_counter()
    # The sign-in round trip needs one sheet not taken yet: the first cohort's last session
    # up to today (a sheet opens on its day or later).
    from django.utils import timezone

    spare = (
        Session.objects.filter(cohort=cohorts[0], date__lte=timezone.localdate())
        .order_by("-date", "-half_day")
        .first()
    )
    ids = {c.pk: list(c.learners.values_list("pk", flat=True)) for c in cohorts}
    signed = 0
    sessions = Session.objects.exclude(pk=spare.pk).select_related("cohort", "teacher")
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    import datetime

    for session in sessions.order_by("date", "half_day").iterator(chunk_size=500):
        at = datetime.datetime.combine(session.date, datetime.time(12), tzinfo=paris)
        learners_of = ids[session.cohort_id]
        statuses = {pk: ("absent_unjustified" if (pk + session.pk) % 23 == 0 else "present")
                    for pk in learners_of}  # fmt: skip
        with transaction.atomic():
            attendance.record_paper_sheet(
                session=session, statuses=statuses, reason="Feuille papier",
                by=session.teacher, at=at,
            )  # fmt: skip
        signed += len(statuses)
    print(f"  {signed} signed half-days: {time.perf_counter() - started:.0f} s")
    return cohorts, manager, spare, signed


def database_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL server process serving this connection, when
    it runs on this machine (read from /proc); 0 on SQLite, whose work is in this process."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    try:
        fields = Path(f"/proc/{connection.connection.info.backend_pid}/stat").read_text().split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class Timer:
    """Wall and CPU time of a block, in milliseconds, appended to two lists. The CPU time is
    this process's plus, on PostgreSQL, the server process's (in 10 ms ticks)."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall, self.cpu = wall, cpu

    def __enter__(self) -> "Timer":
        self.started, self.cpu_started = time.perf_counter(), time.process_time() + database_cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall.append((time.perf_counter() - self.started) * 1000)
        cpu = time.process_time() + database_cpu() - self.cpu_started
        self.cpu.append(cpu * 1000)


def measure(client, url: str, repeat: int) -> tuple[list[float], list[float], int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    wall, cpu = [], []
    reset_queries()  # the log keeps at most 9,000 queries: the build filled it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # read now: the next request empties the log
    if response.status_code != 200:
        raise SystemExit(f"{url}: status {response.status_code}")
    for _ in range(repeat):
        with Timer(wall, cpu):
            client.get(url)
    return wall, cpu, count


def report(
    label: str, wall: list[float], cpu: list[float], target_ms: float, queries: int | None = None
) -> bool:
    p50, p95 = statistics.median(wall), percentile(wall, 0.95)
    met = p95 < target_ms
    extra = f", {queries} queries" if queries is not None else ""
    print(f"  {label:<46} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms (CPU p50 "
          f"{statistics.median(cpu):6.1f} ms, p95 {percentile(cpu, 0.95):6.1f} ms){extra}  "
          f"— target < {target_ms:.0f} ms: {'met' if met else 'NOT met'}")  # fmt: skip
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    os.environ["NDRC_DATA_DIR"] = tempfile.mkdtemp(prefix="ndrc-bench-attendance-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    os.environ.setdefault("NDRC_DEBUG", "0")  # as in production: no query log, no debug pages
    os.environ.setdefault("NDRC_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
    os.environ.setdefault("NDRC_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ndrc.attendance import codes
    from ndrc.attendance import services as attendance
    from ndrc.core import services as core
    from ndrc.core.models import Role
    from ndrc.documents.models import GeneratedDocument
    from ndrc.jobs.models import Job, State
    from ndrc.jobs.services import run as run_job
    from ndrc.learners import services as records

    settings.ALLOWED_HOSTS = ["*"]
    # Like a server with persistent connections: the test client would otherwise reconnect to
    # the database on every request (Django's own test case disconnects these too).
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    # Debug off, as in production: pages name the collected, hashed static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Database: {connection.vendor}")
    cohorts, manager, spare, signed = build(args.learners)
    results = []
    client = Client()
    client.force_login(manager)

    cohort = cohorts[0]
    wall, cpu, queries = measure(client, f"/emargement/promotion/{cohort.pk}/mois/2026/3/",
                                 args.repeat)  # fmt: skip
    results.append(report("cohort's month grid (35 learners)", wall, cpu, 200, queries))
    learner = cohort.learners.order_by("pk").first()
    wall, cpu, queries = measure(client, f"/emargement/apprenant/{learner.pk}/", args.repeat)
    results.append(report("learner's totals page", wall, cpu, 200, queries))

    # The cohort's certificates: the page starts the job (queued in the database), then the job
    # runs as a worker (`ndrc db_worker`) runs it; timed from the click to the stored PDF.
    start, cpu_start = time.perf_counter(), time.process_time() + database_cpu()
    response = client.post(
        f"/emargement/promotion/{cohort.pk}/documents/",
        {"kind": "completion_certificate", "start": CYCLE_START.isoformat(),
         "end": CYCLE_END.isoformat(), "signatory": "Claire Martin",
         "signatory_title": "Responsable de formation", "place": "Lyon"},
    )  # fmt: skip
    job = Job.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    with CaptureQueriesContext(connection) as queries:
        run_job(job.pk)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() + database_cpu() - cpu_start
    job.refresh_from_db()
    if job.state != State.DONE:
        raise SystemExit(f"the cohort's job failed: {job.error}")
    size = GeneratedDocument.objects.get(kind="completion_certificate_cohort").file.size // 1024
    met = seconds < 10
    results.append(met)
    print(f"  {cohort.learners.count()} certificates, one background job ({size} KiB)"
          f"{'':<6} {seconds:6.2f} s (CPU {cpu_seconds:5.2f} s), {len(queries)} queries — "
          f"target < 10 s: {'met' if met else 'NOT met'}")  # fmt: skip

    # The sign-in round trip: each learner of the cohort signs the spare sheet on their phone.
    clients = []
    for person in cohort.learners.order_by("pk"):
        user = core.create_user(username=f"apprenant{person.pk}", password=None, by=manager)
        core.grant_role(user=user, training_centre=cohort.training_centre, role=Role.LEARNER,
                        by=manager)  # fmt: skip
        records.update_learner(learner=person, changes={"user": user}, on=CYCLE_START, by=manager)
        phone = Client()
        phone.force_login(user)
        clients.append(phone)
    sheet = attendance.open_sheet(session=spare, by=spare.teacher, at=timezone.now())
    wall, cpu = [], []
    started = time.perf_counter()
    for phone in clients:
        code = codes.code_at(sheet.secret, timezone.now())
        with Timer(wall, cpu), CaptureQueriesContext(connection) as queries:
            response = phone.post("/emargement/signer/", {"code": code, "feuille": sheet.pk})
        if response.status_code != 302:
            raise SystemExit(f"sign-in refused: {response.content[:300]!r}")
    within = time.perf_counter() - started
    if sheet.records.filter(learner_signed_at__isnull=True).exists():
        raise SystemExit("a learner's signature is missing")
    label = f"sign-in round trip ({len(clients)} learners in {within:.1f} s)"
    results.append(report(label, wall, cpu, 100, len(queries)))
    print(f"Signed half-days in the database: {signed}")
    print("All targets met." if all(results) else "Some targets NOT met.")


if __name__ == "__main__":
    main()
