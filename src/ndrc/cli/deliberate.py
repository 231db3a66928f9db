"""`ndrc deliberate FILE|-`: deliberate a JSON array of candidate records, print the results.

Every record is validated before any is deliberated, so a malformed record prints nothing on
standard output: only a French message on standard error naming its id (or index) and the field,
and exit status 2.
"""

import gc
import sys
from typing import Any

from ndrc.cli.io import EXIT_BAD_INPUT, read_json, run
from ndrc.regulation.deliberation import deliberate, parse_candidate, result_as_dict
from ndrc.regulation.errors import InputError

USAGE = "usage : ndrc deliberate FICHIER  (un chemin, ou - pour l'entrée standard)"


def deliberate_records(records: Any) -> list[dict[str, Any]]:
    """The result objects of a JSON array of candidate records, in the same order."""
    if type(records) is not list:
        raise InputError("un tableau JSON d'enregistrements de candidats est attendu")
    # A batch builds millions of small objects and no reference cycle: the cyclic collector
    # would only rescan them again and again.
    gc.disable()
    try:
        candidates = [parse_candidate(record, index=i) for i, record in enumerate(records)]
        return [result_as_dict(deliberate(candidate)) for candidate in candidates]
    finally:
        gc.enable()


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 0 if argv in (["-h"], ["--help"]) else EXIT_BAD_INPUT
    return run(lambda: deliberate_records(read_json(argv[0])))
