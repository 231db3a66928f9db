"""Benchmark of the imports: preview and apply of generated learner and company files.

    .venv/bin/python bench/imports.py [--count N]

Runs on a fresh SQLite database in a temporary data folder (the default installation), with a
centre, a training manager and a cohort, then times, for a learners file and a companies file of
N lines (1,000 by default):
1. the preview of the file (every line new);
2. applying it;
3. the preview of the same file again (every line unchanged);
4. applying it again (changes nothing).
The figures are written in docs/imports.md ("Speed").
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ON = date(2026, 9, 1)


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


def timed(label: str, action, lines: int) -> None:
    start = time.perf_counter()
    report = action()
    seconds = time.perf_counter() - start
    counts = {k: v for k, v in report.counts.items() if v and k != "total"}
    print(f"  {label:<34} {seconds:6.2f} s  ({lines / seconds:7.0f} lignes/s)  {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count

    os.environ["NDRC_DATA_DIR"] = tempfile.mkdtemp(prefix="ndrc-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from ndrc.core.audit import acting_as
    from ndrc.core.tabular import read_table
    from ndrc.imports.services import CompanyImporter, LearnerImporter, iter_import, run
    from tests import factories

    centre = factories.centre()
    manager = factories.manager_of(centre)
    cohort = factories.cohort(centre, start=ON)

    print(f"{count} lignes, SQLite ({os.environ['NDRC_DATA_DIR']})")
    with acting_as(manager, "bench"):
        for title, data, importer in (
            (
                "Apprenants",
                learners_csv(count),
                lambda: LearnerImporter(
                    cohort=cohort, default_category="scolaire", on=ON, by=manager
                ),
            ),
            ("Entreprises", companies_csv(count), lambda: CompanyImporter(by=manager)),
        ):
            print(title)
            for label, apply in (
                ("aperçu (tout à créer)", False),
                ("application (création)", True),
                ("aperçu (rien ne change)", False),
                ("application (rien ne change)", True),
            ):
                timed(
                    label,
                    lambda apply=apply, data=data, importer=importer: run(
                        iter_import(importer(), read_table(data), apply=apply)
                    ),
                    count,
                )


if __name__ == "__main__":
    main()
