"""Benchmark of the teaching year: saving a mark, the marks grid and the reports of a cohort, and
a cohort's bulletins in one PDF.

    .venv/bin/python bench/gradebook.py [--learners 35] [--assessments 40] [--repeat 20]

Runs on a fresh SQLite database in a temporary data folder (the default installation). Builds,
through the services, a centre with its semesters, two cohorts (a small one: 5 learners × 5
assessments, and the measured one: 35 learners, a gradebook of 40 assessments and four more
gradebooks of 8, every mark entered, every appreciation written), then times whole requests
through Django's test client (what the server spends; no network):
1. saving one mark (the htmx POST of a grid cell, its answer with the average): target < 100 ms;
2. the gradebook of 35 × 40, the cohort's bulletins, one bulletin, the class council, the livret
   scolaire: each target < 300 ms, with as many queries as for the small cohort;
3. the 35 bulletins in one PDF (`build_cohort_bulletins`, the background job): target < 10 s.
Prints the wall-clock and CPU times (p50 / p95 for requests) and whether each target is met,
judged on the CPU time: on a shared machine the wall clock mostly measures the waiting for a
core (the load is printed). Figures are in the README.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path


def p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=35)
    parser.add_argument("--assessments", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    os.environ["NDRC_DATA_DIR"] = tempfile.mkdtemp(prefix="ndrc-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    # Production settings (debug off), but as the tests have them: plain HTTP (the test client
    # speaks no TLS) and static files read from the sources (`ndrc serve` collects them).
    override_settings(
        SECURE_SSL_REDIRECT=False,
        WHITENOISE_USE_FINDERS=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()

    from ndrc.core import services as core_services
    from ndrc.core.models import Role
    from ndrc.documents.models import GeneratedDocument
    from ndrc.gradebook import services
    from ndrc.learners import services as learner_services

    call_command("migrate", verbosity=0)
    setup_test_environment()  # the test client's answers carry their context; allowed hosts
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(username="admin", password=None)
    centre = core_services.create_training_centre(
        name="Lycée du banc d'essai", uai="0691234S", siret="19690026000015", by=admin
    )
    manager = core_services.create_user(username="responsable", password=None, by=admin)
    core_services.grant_role(
        user=manager, training_centre=centre, role=Role.TRAINING_MANAGER, by=admin
    )
    teacher = core_services.create_user(
        username="prof", password=None, first_name="Paul", last_name="Girard", by=admin
    )
    core_services.grant_role(user=teacher, training_centre=centre, role=Role.TEACHER, by=admin)
    semester = services.create_school_year(
        training_centre=centre, first_day=date(2026, 9, 1), by=manager
    )[0]

    def build(name: str, learners: int, main_assessments: int, other_assessments: int):
        cohort = learner_services.create_cohort(
            training_centre=centre,
            name=name,
            first_year_start=date(2026, 9, 1),
            exam_session=2028,
            by=manager,
        )
        learner_services.assign_teacher(teacher=teacher, cohort=cohort, by=manager)
        services.set_referent(cohort=cohort, teacher=teacher, by=manager)
        people = [
            learner_services.create_learner(
                cohort=cohort,
                first_name=f"Prénom{n}",
                last_name=f"{name}{n:02d}",
                birth_date=date(2006, 1 + n % 12, 1 + n % 28),
                category="scolaire",
                on=date(2026, 9, 1),
                by=manager,
            )
            for n in range(learners)
        ]
        gradebooks = []
        for module, count in (
            ("rcnv", main_assessments),
            ("cge", other_assessments),
            ("lv1", other_assessments),
            ("cejm", other_assessments),
            ("rcar", other_assessments),
        ):
            gradebook = services.open_gradebook(
                cohort=cohort, module=module, teacher=teacher, by=teacher
            )
            gradebooks.append(gradebook)
            for index in range(count):
                assessment = services.create_assessment(
                    gradebook=gradebook,
                    title=f"Évaluation {index + 1}",
                    date=date(2026, 9, 7) + timedelta(days=3 * index),
                    kind="written",
                    scale=Decimal(40 if index % 5 == 0 else 20),
                    weight=Decimal(1 + index % 3),
                    competences={"BC01-C1": "practice"} if module == "rcnv" else {},
                    by=teacher,
                )
                values = [
                    (learner, "abs" if (n + index) % 17 == 0 else str((n * 7 + index * 3) % 21))
                    for n, learner in enumerate(people)
                ]
                services.enter_column(assessment=assessment, values=values, by=teacher)
            for learner in people:
                services.write_appreciation(
                    gradebook=gradebook,
                    learner=learner,
                    period=semester,
                    text="Travail régulier, des progrès à l'oral.",
                    by=teacher,
                )
        for learner in people:
            services.write_report(
                learner=learner,
                period=semester,
                changes={"general_appreciation": "Bon semestre."},
                by=teacher,
            )
        council = services.prepare_council(cohort=cohort, period=semester, by=manager)
        return cohort, people, gradebooks[0], council

    start = time.perf_counter()
    small = build("Petite", 5, 5, 2)
    big = build("Grande", args.learners, args.assessments, 8)
    print(
        f"Population construite par les services en {time.perf_counter() - start:.1f} s : "
        f"{args.learners} apprenants, carnet de {args.assessments} évaluations (+ 4 × 8)."
    )

    client = Client()
    client.force_login(manager)
    results = []

    def report(label: str, samples: list[float], cpu: list[float], target: float, queries: int):
        """Print p50/p95 of the wall-clock and CPU times; the target is judged on the CPU time's
        p95 (what the request costs the server), the wall clock depending on the machine's
        load, printed with it."""
        p50, p95 = p50_p95(samples)
        cpu50, cpu95 = p50_p95(cpu)
        met = cpu95 < target
        print(
            f"  {label:<32} horloge p50 {p50 * 1000:6.1f} ms p95 {p95 * 1000:6.1f} ms ; "
            f"CPU p50 {cpu50 * 1000:6.1f} ms p95 {cpu95 * 1000:6.1f} ms ; {queries} requêtes "
            f"— objectif < {target * 1000:.0f} ms : {'atteint' if met else 'NON atteint'}"
        )
        return met

    print(f"Charge de la machine : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs.")

    def pages(cohort, people, gradebook):
        learner = people[0]
        return {
            "carnet de notes (grille)": f"/notes/carnets/{gradebook.pk}/?periode={semester.pk}",
            "bulletins de la promotion": f"/notes/promotions/{cohort.pk}/bulletins/{semester.pk}/",
            "un bulletin": f"/notes/apprenants/{learner.pk}/bulletins/{semester.pk}/",
            "conseil de classe": f"/notes/promotions/{cohort.pk}/conseil/{semester.pk}/",
            "livret scolaire": f"/notes/apprenants/{learner.pk}/livret/",
        }

    def measure(url: str, repeat: int):
        client.get(url)  # warm the caches (roles, templates, content types)
        if os.environ.get("BENCH_PROFILE") and repeat > 2:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            client.get(url)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        samples, cpu = [], []
        for _ in range(repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.thread_time()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
                cpu.append(time.thread_time() - started_cpu)
            if response.status_code != 200:
                raise SystemExit(f"{url} : statut {response.status_code}")
        return samples, cpu, len(queries)

    # 1. Saving a mark.
    print("\n1. Saisie :")
    cohort, people, gradebook, council = big
    assessment = gradebook.assessments.first()
    client.force_login(teacher)
    samples, cpu = [], []
    for index in range(args.repeat * 3):
        learner = people[index % len(people)]
        url = f"/notes/evaluations/{assessment.pk}/notes/{learner.pk}/?periode={semester.pk}"
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.post(url, {"value": str(index % 21)}, headers={"HX-Request": "true"})
            samples.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - started_cpu)
        if response.status_code != 200:
            raise SystemExit(f"{url} : statut {response.status_code}")
    met = report("Enregistrer une note (POST htmx)", samples, cpu, 0.100, len(queries))
    results.append(met)

    # 2. The pages.
    client.force_login(manager)
    print(
        f"2. Pages ({args.learners} apprenants × {args.assessments} évaluations ; requêtes "
        "SQL comparées à la petite promotion de 5 × 5) :"
    )
    small_pages = pages(small[0], small[1], small[2])
    for label, url in pages(cohort, people, gradebook).items():
        samples, cpu, count = measure(url, args.repeat)
        _samples, _cpu, small_count = measure(small_pages[label], 2)
        met = report(label, samples, cpu, 0.300, count)
        constant = count == small_count
        print(
            f"     requêtes SQL constantes (petite promotion : {small_count}) : "
            f"{'oui' if constant else 'NON'}"
        )
        results.append(met and constant)

    # 3. The cohort's bulletins in one PDF.
    started, started_cpu = time.perf_counter(), time.thread_time()
    steps = []
    services.build_cohort_bulletins(
        council=council, by=manager, progress=lambda done, total, message="": steps.append(done)
    )
    seconds, cpu_seconds = time.perf_counter() - started, time.thread_time() - started_cpu
    document = GeneratedDocument.objects.filter(kind="cohort_period_reports").latest("pk")
    met = cpu_seconds < 10
    results.append(met)
    print(
        f"\n3. Les {len(people)} bulletins de la promotion en un PDF : horloge {seconds:.2f} s, "
        f"CPU {cpu_seconds:.2f} s ({document.file.size // 1024} Kio, {len(steps)} étapes de "
        f"progression) — objectif < 10 s : {'atteint' if met else 'NON atteint'}"
    )
    started = time.perf_counter()
    for learner in people:
        services.bulletin_document(learner=learner, period=semester, by=manager)
    print(
        f"   (pour comparaison, {len(people)} PDF de bulletin un par un : "
        f"{time.perf_counter() - started:.2f} s)"
    )
    print("\nTous les objectifs sont atteints." if all(results) else "\nObjectif(s) manqué(s).")


if __name__ == "__main__":
    main()
