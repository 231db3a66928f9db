"""`ndrc deliberate FILE|-`: deliberate a JSON array of candidate records, print the results.

Every record is validated before any result is printed, so a malformed record prints nothing on
standard output: only a French message on standard error naming its id (or index) and the field,
and exit status 2. The results are printed one per line, written straight from each result's
trace (`result_as_json`), a chunk at a time.
"""

import gc
import sys
from typing import Any

from ndrc.cli.io import EXIT_BAD_INPUT, JsonArray, read_json, run
from ndrc.regulation.deliberation import (
    Result,
    deliberate_batch,
    result_as_dict,
    result_as_json,
)
from ndrc.regulation.errors import InputError

USAGE = "usage : ndrc deliberate FICHIER  (un chemin, ou - pour l'entrée standard)"


def deliberate_all(records: Any) -> list[Result]:
    """The results of a JSON array of candidate records, in the same order; InputError on the
    first malformed record."""
    if type(records) is not list:
        raise InputError("un tableau JSON d'enregistrements de candidats est attendu")
    # A batch builds millions of small objects and no reference cycle: the cyclic collector
    # would only rescan them again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return deliberate_batch(records)
    finally:
        if enabled:
            gc.enable()


def deliberate_records(records: Any) -> list[dict[str, Any]]:
    """The result objects of a JSON array of candidate records, in the same order."""
    return [result_as_dict(result) for result in deliberate_all(records)]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 0 if argv in (["-h"], ["--help"]) else EXIT_BAD_INPUT
    return run(lambda: JsonArray(map(result_as_json, deliberate_all(read_json(argv[0])))))
