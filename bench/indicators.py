"""Benchmark of the indicators' pages: ten sessions, two cohorts each (≈ 6,000 learners).

    .venv/bin/python bench/indicators.py [--sessions 10] [--per-cohort 300] [--repeat 15]

Runs on a fresh SQLite database in a temporary data folder (the default installation). Builds,
through the services (validated and audited, as a centre's users would), for each session: two
cohorts of N learners (apprentices, students, continuing-education trainees), the apprentices'
contracts (one in eight terminated, half of those within the first 45 days), a departure in
twenty, the situations six months after of most leavers, and a learners' questionnaire sent by
e-mail and answered by seven in ten. The exam results come from the exams app's published
sessions (`exams.selectors.candidate_results`, three queries whatever the number of candidates:
tests/indicators/test_queries.py counts them); here a stand-in gives every learner a result
without any query, as building 6,000 registrations and their grades through the exam services
would take most of the run.

Then times each page through Django's test client (the whole request: middleware, queries,
engine, template), p50 and p95 of `--repeat` runs with the cache emptied before each, and counts
its queries after three sessions and after all of them: the count must not grow. Each page is
timed by the wall clock and by the CPU time of the process (which leaves out the time spent
waiting for a core on a shared machine). The public results page is timed again from the
cache. Targets (issue 17): every indicator page under 500 ms; the public page, cached, under
50 ms. The figures are written in the README.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
# The first session: its contracts start in September 2019, when the dated apprenticeship
# parameters begin (loi du 5 septembre 2018).
FIRST_SESSION = 2021
CATEGORIES = ("apprenti_habilite", "apprenti_habilite", "scolaire", "fpc_public")
SITUATIONS = ("employed", "employed", "further_studies", "seeking", "other")


def siret(n: int) -> str:
    """A valid SIRET: 13 digits and the Luhn key."""
    from ndrc.core.validators import luhn_ok

    body = f"{400000000 + n:09d}0001"
    return next(body + str(key) for key in range(10) if luhn_ok(body + str(key)))


def build_session(world, year: int, per_cohort: int) -> None:
    from django.core import mail
    from django.db import transaction

    from ndrc.contracts import services as contracts
    from ndrc.indicators import services
    from ndrc.indicators.models import Invitation
    from ndrc.learners import services as learners

    admin, centre = world["admin"], world["centre"]
    start = date(year - 2, 9, 1)
    with transaction.atomic():
        for group in ("A", "B"):
            cohort = learners.create_cohort(
                training_centre=centre, name=f"BTS NDRC {group}", first_year_start=start,
                exam_session=year, by=admin,
            )  # fmt: skip
            for n in range(per_cohort):
                category = CATEGORIES[n % len(CATEGORIES)]
                learner = learners.create_learner(
                    cohort=cohort, first_name=f"Prénom{n}", last_name=f"Nom{year}{group}",
                    birth_date=date(year - 22, 1 + n % 12, 1 + n % 28), category=category,
                    on=start, email=f"p{n}.{year}{group}@exemple.fr", by=admin,
                )  # fmt: skip
                world["categories"][learner.pk] = (year, category)
                if category.startswith("apprenti"):
                    master = world["masters"][n % len(world["masters"])]
                    contract = contracts.create_contract(
                        learner=learner, kind="apprenticeship", employer=master.company,
                        apprenticeship_master=master, start=start, end=date(year, 8, 31),
                        cycle_start=start, confirm_warnings=True, by=admin,
                    )  # fmt: skip
                    if n % 8 == 0:
                        trial = n % 16 == 0
                        contracts.terminate_contract(
                            contract=contract,
                            on=date(year - 2, 10, 1) if trial else date(year - 1, 3, 1),
                            cause="trial_period" if trial else "mutual_agreement",
                            by=admin,
                        )
                if n % 20 == 19:
                    services.record_interruption(
                        learner=learner, left_on=date(year - 1, 1, 10), reason="dropped_out",
                        by=admin,
                    )  # fmt: skip
                elif n % 10 != 3:
                    services.record_situation(
                        learner=learner, situation=SITUATIONS[n % len(SITUATIONS)],
                        source="phone", observed_on=date(year, 12, 15), by=admin,
                    )  # fmt: skip
        now = datetime(year, 5, 15, 10, tzinfo=PARIS)
        survey = services.create_survey(
            centre=centre, kind="learners", year=year, title=f"Votre avis {year}",
            anonymous=True, closes_on=None, cohort=None, created_at=now, by=admin,
        )  # fmt: skip
        services.send_survey(
            survey=survey, base_url="http://127.0.0.1:8000/", now=now, by=admin,
            connection=mail.get_connection("django.core.mail.backends.dummy.EmailBackend"),
        )  # fmt: skip
        overall = survey.questions.get(overall=True)
        for index, invitation in enumerate(Invitation.objects.filter(survey=survey)):
            if index % 10 < 7:
                services.answer_questionnaire(
                    invitation=invitation, answers={overall.pk: 1 + index % 4}, now=now
                )


def stand_in_exam_results(world) -> None:
    """Every learner registered at their session: present but one in twenty, admitted but one
    in four (no query; the exams app's selector reads them in three)."""
    from ndrc.indicators import selectors

    def exam_candidates(*, learner_ids, years):
        wanted = set(years)
        return [
            selectors.CandidateResult(
                pk, year, category, pk % 20 != 0, pk % 20 != 0 and pk % 4 != 0
            )
            for pk in learner_ids
            for year, category in [world["categories"][pk]]
            if year in wanted
        ]

    selectors.exam_candidates = exam_candidates


def pages(world) -> dict[str, str]:
    from ndrc.indicators.models import Survey

    last = world["last"]
    survey = Survey.objects.filter(year=last).first()
    return {
        "table of the sessions": "/indicateurs/",
        "table, apprentices only": "/indicateurs/?statut=apprentice",
        "a session by status": f"/indicateurs/{last}/",
        "an indicator and its people": f"/indicateurs/{last}/termination_rate/",
        "charts": "/indicateurs/graphiques/",
        "one chart (SVG)": "/indicateurs/graphiques/pass_rate.svg",
        "export CSV": "/indicateurs/export.csv",
        "export XLSX": "/indicateurs/export.xlsx",
        "leavers of a session": f"/indicateurs/sorties/{last}/",
        "surveys": "/indicateurs/enquetes/",
        "a survey's results": f"/indicateurs/enquetes/{survey.pk}/",
        "public results (computed)": f"/resultats/{world['centre'].uai}/",
    }


def ok(response, url: str) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")


def query_counts(client, urls) -> dict[str, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for label, url in urls.items():
        cache.clear()
        connection.queries_log.clear()  # the log keeps 9,000 queries: counted from empty
        with CaptureQueriesContext(connection) as queries:
            ok(client.get(url, secure=True), url)
        counts[label] = len(queries)
    return counts


def timings(
    client, url: str, repeat: int, *, cached: bool = False
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each of `repeat` requests: on a shared machine the
    wall clock also counts the time spent waiting for a core, the CPU time does not."""
    from django.core.cache import cache

    wall, cpu = [], []
    for _ in range(repeat):
        if not cached:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, secure=True)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        ok(response, url)
    return wall, cpu


def p50_p95(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--per-cohort", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    os.environ["NDRC_DATA_DIR"] = tempfile.mkdtemp(prefix="ndrc-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from ndrc.companies import services as companies
    from ndrc.core import services as core
    from ndrc.core.models import Role, User
    from ndrc.learners.models import Learner

    call_command("migrate", verbosity=0)
    # Debug off, as in production: pages name the collected, hashed static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    setup_test_environment()  # the test client's host, e-mail kept in memory
    admin = User.objects.create_superuser(username="bench-admin", password=None)
    centre = core.create_training_centre(
        name="Lycée du banc d'essai", uai="0691234S", siret="19690026000015", by=admin
    )
    manager = core.create_user(username="responsable", password=secrets.token_hex(), by=admin)
    core.grant_role(user=manager, training_centre=centre, role=Role.TRAINING_MANAGER, by=admin)
    masters = []
    for n in range(10):
        company = companies.create_company(name=f"Entreprise {n}", siret=siret(n), by=admin)
        masters.append(
            companies.create_contact(
                company=company,
                first_name="Maître",
                last_name=f"N{n}",
                email=f"maitre{n}@exemple.fr",
                is_apprenticeship_master=True,
                by=admin,
            )
        )
    first = FIRST_SESSION
    world = {"admin": admin, "centre": centre, "masters": masters, "categories": {}}
    stand_in_exam_results(world)
    # Each request as through the TLS proxy (`secure=True`): debug is off, so plain HTTP is
    # redirected. (`Client(secure=True)` would only add a meaningless WSGI variable.)
    client = Client()
    client.force_login(manager)

    built = time.perf_counter()
    counts_small = None
    for year in range(first, first + args.sessions):
        build_session(world, year, args.per_cohort)
        world["last"] = year
        if year == first + 2:
            counts_small = query_counts(client, pages(world))
    seconds = time.perf_counter() - built
    learners = Learner.objects.count()
    print(
        f"Built {args.sessions} sessions, {2 * args.sessions} cohorts, {learners} learners "
        f"through the services in {seconds:.0f} s."
    )
    urls = pages(world)
    counts = query_counts(client, urls)
    header = ("queries 3 → all", "wall p50", "p95", "CPU p50", "p95")
    print(f"\n{'page (ms)':<30} {header[0]:>15} {header[1]:>9} {header[2]:>6} "
          f"{header[3]:>8} {header[4]:>6}")  # fmt: skip
    worst, worst_cpu = 0.0, 0.0
    for label, url in urls.items():
        wall, cpu = timings(client, url, args.repeat)
        (p50, p95), (cpu50, cpu95) = p50_p95(wall), p50_p95(cpu)
        worst, worst_cpu = max(worst, p95), max(worst_cpu, cpu95)
        growth = f"{counts_small[label]} → {counts[label]}"
        print(f"{label:<30} {growth:>15} {p50:9.0f} {p95:6.0f} {cpu50:8.0f} {cpu95:6.0f}")
    timings(client, urls["public results (computed)"], 1)  # fills the cache
    wall, cpu = timings(client, urls["public results (computed)"], args.repeat * 4, cached=True)
    (cached_p50, cached_p95), (cached_cpu50, cached_cpu95) = p50_p95(wall), p50_p95(cpu)
    print(
        f"{'public results (cached)':<30} {'':>15} {cached_p50:9.1f} {cached_p95:6.1f} "
        f"{cached_cpu50:8.1f} {cached_cpu95:6.1f}"
    )
    constant = counts == counts_small
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n(load average of the machine while timing: {load}, on {os.cpu_count()} cores)")
    print(f"Queries constant in the data: {'yes' if constant else 'NO'}")
    for target, wall_p95, cpu_p95, limit in (
        ("Every indicator page under 500 ms", worst, worst_cpu, 500),
        ("Public page cached under 50 ms", cached_p95, cached_cpu95, 50),
    ):
        print(
            f"{target}: wall-clock p95 {wall_p95:.0f} ms "
            f"{'met' if wall_p95 < limit else 'NOT met'}; CPU p95 {cpu_p95:.0f} ms "
            f"{'met' if cpu_p95 < limit else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
