"""`ndrc internship quota FILE`: the most interns a host may take at once, as JSON.

Input: `{"headcount_last_day": 18, "average_headcount_12_months": 22}` (and optionally `"date":
"2025-09-01"`, the day the quota applies to; today in Europe/Paris when absent). One object or
an array; exit status 2 with a French message naming the field on malformed input.
"""

import sys
from typing import Any

from ndrc.cli.io import run, today_in_paris
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.internships import intern_quota
from ndrc.regulation.records import Record, each_record, explained


def quota(record: Record) -> dict[str, Any]:
    # Time enters here, at the edge; the engine takes the date as an argument.
    on = record.date("date") if record.raw("date", None) is not None else today_in_paris()
    result = intern_quota(
        headcount_last_day=record.decimal("headcount_last_day"),
        average_headcount_12_months=record.decimal("average_headcount_12_months"),
        on=on,
    )
    return {"max_interns": result.max_interns, "explanation": explained(result.explanation)}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "quota":
        print(
            "usage : ndrc internship quota FICHIER (ou - pour l'entrée standard)", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    return run(lambda: each_record(argv[1], quota))
