"""`ndrc deliberate FILE|-`: deliberate a JSON array of candidate records, print the results.

Every record is validated before any is deliberated, so a malformed record prints nothing on
standard output: only a French message on standard error naming its id (or index) and the field,
and exit status 2. The results are printed one per line, as they are decided, a chunk at a time.
"""

import gc
import sys

from ndrc.cli.io import JsonArray, run
from ndrc.regulation.deliberation import deliberate, parse_candidates, result_as_json
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.jsonio import read_json

USAGE = "usage : ndrc deliberate FICHIER  (un chemin, ou - pour l'entrée standard)"


def _results(path: str) -> JsonArray:
    candidates = parse_candidates(read_json(path))
    return JsonArray(result_as_json(deliberate(candidate)) for candidate in candidates)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 0 if argv in (["-h"], ["--help"]) else EXIT_BAD_INPUT
    # A batch builds millions of small objects and no reference cycle: the cyclic collector
    # would only scan them again and again.
    gc.disable()
    return run(lambda: _results(argv[0]))
