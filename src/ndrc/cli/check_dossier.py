"""`ndrc check-dossier FILE|-`: the conformity control of E4/E6 dossiers, JSON in and out.

FILE holds one dossier object (one result object is printed) or an array of them (an array of
results, in the same order). Every record is read and checked before anything is printed, so a
malformed record prints nothing on standard output.
"""

import argparse
from typing import Any

from ndrc.cli.io import run
from ndrc.cli.parser import FrenchParser
from ndrc.regulation.conformity import check_dossier, parse_dossier
from ndrc.regulation.errors import InputError
from ndrc.regulation.jsonio import read_json


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog="ndrc check-dossier",
        description="Contrôle de conformité des dossiers support des épreuves E4 et E6 "
        "(annexe II d), en JSON.",
    )
    parser.add_argument(
        "file", metavar="FICHIER", help="fichier JSON (un objet ou un tableau), ou - pour stdin"
    )
    return parser


def _result(record: Any, index: int | None) -> dict[str, Any]:
    result = check_dossier(parse_dossier(record, index=index)).as_dict()
    # The caller's identifier comes back first, to match results to records.
    return {"id": record["id"], **result} if "id" in record else result


def _check(path: str) -> Any:
    data = read_json(path)
    if isinstance(data, dict):
        return _result(data, None)
    if isinstance(data, list):
        return [_result(record, index) for index, record in enumerate(data)]
    raise InputError("l'entrée doit être un objet JSON (un dossier) ou un tableau de dossiers")


def main(argv: list[str]) -> int:
    arguments = _parser().parse_args(argv)
    return run(lambda: _check(arguments.file))
