"""Benchmark of the imports, through the pages a training manager uses: upload → preview page,
confirm → applied, for generated learner and company files.

    .venv/bin/python bench/imports.py [--count N] [--postgresql URL] [--profile]

On a fresh SQLite database in a temporary data folder (the default installation) and, with
`--postgresql postgresql://user@host:port/base` (or `NDRC_BENCH_POSTGRESQL_URL`), on a fresh
PostgreSQL database made beside that one (`test_<base>`, dropped at the end), each in its own
process. With a centre, a training manager and a cohort, it times, for a learners file and a
companies file of N lines (1,000 by default), each step as the user feels it (the whole request,
the streamed page read to its end):
1. preview: the upload (POST) and the preview page it leads to (every line new);
2. apply: the confirmation (POST) and its report;
3. preview of the same file again (every line unchanged);
4. apply it again (changes nothing).
Figures are CPU seconds (`time.process_time`, the machine is shared): ndrc's process, plus on a
local PostgreSQL server the CPU of the connection's server process; the wall time follows. As
under `ndrc serve`, what start-up made is frozen out of the garbage collector's rounds.
`--profile` writes a cProfile profile of each step (`pstats`) into the temporary folder.
The figures are written in docs/imports.md ("Speed").
"""

import argparse
import cProfile
import functools
import gc
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def learners_csv(count: int) -> bytes:
    lines = ["Nom;Prénom;Date de naissance;INE;Numéro;Email;Portable;Adresse;Code postal;Commune"]
    for n in range(count):
        lines.append(
            f"NOM{n};Prénom{n};{1 + n % 28:02d}/{1 + n % 12:02d}/2006;{n:09d}AB;{800000 + n};"
            f"eleve{n}@exemple.fr;06 12 {n // 10000 % 100:02d} {n // 100 % 100:02d} {n % 100:02d};"
            f"{n} rue de la République;69003;Lyon"
        )
    return "\n".join(lines).encode("utf-8")


def _siret(n: int) -> str:
    """A SIRET with a valid Luhn key: 13 digits, then the key digit."""
    body = f"{400000000 + n:09d}{1:04d}"
    for key in range(10):
        digits = [int(c) for c in body + str(key)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                    for i, d in enumerate(reversed(digits)))  # fmt: skip
        if total % 10 == 0:
            return body + str(key)
    raise AssertionError(body)


def companies_csv(count: int) -> bytes:
    lines = ["SIRET;Raison sociale;Effectif;Adresse;Code postal;Commune;Code NAF"]
    for n in range(count):
        lines.append(
            f"{_siret(n)};Entreprise {n};{n % 300};{n} avenue Jean Jaurès;69007;Lyon;4711D"
        )
    return "\n".join(lines).encode("utf-8")


class ServerClock:
    """CPU seconds used by the database connection's server process, when it runs here (a local
    PostgreSQL); zero otherwise (SQLite runs inside ndrc's process)."""

    def __init__(self) -> None:
        from django.db import connection

        self.stat = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
            if stat.exists():
                self.stat = stat

    def __call__(self) -> float:
        if self.stat is None:
            return 0.0
        fields = self.stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench(count: int, profile: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from ndrc.imports.models import ImportJob

    if connection.vendor == "postgresql":
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        where = f"PostgreSQL ({connection.settings_dict['NAME']})"
    else:
        call_command("migrate", verbosity=0)
        where = f"SQLite ({os.environ['NDRC_DATA_DIR']})"
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' stylesheet
    from tests import factories

    try:
        centre = factories.centre()
        manager = factories.manager_of(centre)
        cohort = factories.cohort(centre, start=date(2026, 9, 1))
        client = Client()
        client.force_login(manager)
        server = ServerClock()
        # As `ndrc serve` does once its application is loaded (and bench/pages.py): what
        # start-up made is left out of the collector's rounds.
        gc.collect()
        gc.freeze()
        print(f"{count} lignes, {where} — secondes CPU (ndrc + serveur de base), puis durée")

        def read(response) -> bytes:
            if response.status_code not in (200, 302):
                raise SystemExit(f"réponse {response.status_code}")
            return b"".join(response.streaming_content) if response.streaming else b""

        def preview(url: str, data: bytes, fields: dict) -> bytes:
            upload = SimpleUploadedFile("fichier.csv", data)
            response = client.post(url, {"file": upload, **fields}, secure=True)
            return read(client.get(response["Location"], secure=True))

        def apply() -> bytes:
            job = ImportJob.objects.filter(applied_at__isnull=True).latest("pk")
            return read(client.post(reverse("imports:apply", args=[job.pk]), secure=True))

        for title, url, data, fields in (
            (
                "Apprenants",
                reverse("imports:learners", args=[cohort.pk]),
                learners_csv(count),
                {"default_category": "scolaire"},
            ),
            ("Entreprises", reverse("imports:companies"), companies_csv(count), {}),
        ):
            print(title)
            again = functools.partial(preview, url, data, fields)
            for label, step, expected in (
                ("aperçu (tout à créer)", again, "à créer"),
                ("application (création)", apply, "Import appliqué"),
                ("aperçu (rien ne change)", again, "inchangé"),
                ("application (rien ne change)", apply, "Import appliqué"),
            ):
                profiler = None
                if profile:
                    profiler = cProfile.Profile(time.process_time)  # CPU, as the figures
                    profiler.enable()
                cpu, server_cpu, wall = time.process_time(), server(), time.perf_counter()
                page = step()
                cpu = time.process_time() - cpu
                server_cpu = server() - server_cpu
                wall = time.perf_counter() - wall
                if profiler is not None:
                    profiler.disable()
                    name = f"{title}-{label}".replace(" ", "_").replace("(", "").replace(")", "")
                    folder = Path(tempfile.gettempdir())
                    profiler.dump_stats(folder / f"bench-imports-{connection.vendor}-{name}.prof")
                if expected not in page.decode():
                    raise SystemExit(f"« {expected} » absent de la page : {page[-2000:]!r}")
                total = cpu + server_cpu
                print(
                    f"  {label:<30} {total:5.2f} s CPU ({cpu:.2f} + {server_cpu:.2f})"
                    f"  {wall:5.2f} s  ({count / total:6.0f} lignes/s)"
                )
    finally:
        if connection.vendor == "postgresql":
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"], verbosity=0, keepdb=False
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--postgresql", default=os.environ.get("NDRC_BENCH_POSTGRESQL_URL", ""))
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        bench(args.count, args.profile)
        return
    # One process per database: Django's settings are read once per process.
    extra = ["--profile"] if args.profile else []
    for url in ("", args.postgresql) if args.postgresql else ("",):
        data = tempfile.mkdtemp(prefix="ndrc-bench-")
        env = dict(os.environ, NDRC_DATA_DIR=data, NDRC_DEBUG="false")
        env["NDRC_ALLOWED_HOSTS"] = "127.0.0.1,testserver"  # the test client's host
        env.pop("NDRC_DATABASE_URL", None)
        if url:
            env["NDRC_DATABASE_URL"] = url
        command = [sys.executable, __file__, "--child", "--count", str(args.count), *extra]
        subprocess.run(command, env=env, check=True)  # noqa: S603 (this very script)


if __name__ == "__main__":
    main()
