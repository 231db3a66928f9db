"""`ndrc check-registration FILE|-`: the check of an exam registration, JSON in and out.

FILE holds one registration record (the fields and codes of `ndrc deliberate` without grades,
and `units`, the units sat at the session): one result object is printed. An array of records
gives an array of results, in the same order. Every record is read and checked before anything
is printed, so a malformed record prints nothing on standard output (exit status 2).
"""

import argparse
from typing import Any

from ndrc.cli.io import run
from ndrc.cli.parser import FrenchParser
from ndrc.regulation.errors import InputError
from ndrc.regulation.jsonio import read_json
from ndrc.regulation.registration import check_registration, registration_as_dict


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="ndrc check-registration",
        description="Vérifie une inscription à une session d'examen (unités présentées, "
        "dispenses, notes conservées, forme), en JSON.",
    )
    parser.add_argument(
        "file", metavar="FICHIER", help="fichier JSON (un objet ou un tableau), ou - pour stdin"
    )
    return parser


def _check(path: str) -> Any:
    data = read_json(path)
    if isinstance(data, list):
        checks = [check_registration(record, index=i) for i, record in enumerate(data)]
        return [registration_as_dict(check) for check in checks]
    if isinstance(data, dict):
        return registration_as_dict(check_registration(data))
    raise InputError("l'entrée doit être un objet JSON (une inscription) ou un tableau")


def main(argv: list[str]) -> int:
    arguments = _parser().parse_args(argv)
    return run(lambda: _check(arguments.file))
