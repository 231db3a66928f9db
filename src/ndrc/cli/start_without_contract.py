"""`ndrc check-start-without-contract FILE`: may a person be in apprenticeship training without
an employer on a date (Code du travail L. 6222-12-1), and until when.

FILE (or `-` for standard input) holds one JSON object — `birth_date`, `training_start`, `on`
(dates AAAA-MM-JJ) and `has_recognised_disability` (true or false, false when absent) — or an
array of them; the result is one object or an array in the same order:
`{"allowed", "deadline", "violations": [{"rule", "article", "message"}], "explanation"}`.
Malformed input: a French message naming the record and the field on standard error, exit
status 2, nothing printed on standard output.
"""

import sys
from typing import Any

from ndrc.cli.io import run
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.records import Record, each_record, explained
from ndrc.regulation.start_without_contract import check_start_without_contract


def check(record: Record) -> dict[str, Any]:
    result = check_start_without_contract(
        birth_date=record.date("birth_date"),
        training_start=record.date("training_start"),
        on=record.date("on"),
        has_recognised_disability=record.boolean("has_recognised_disability", False),
    )
    return {
        "allowed": result.allowed,
        "deadline": result.deadline.isoformat(),
        "violations": [
            {"rule": v.rule, "article": v.article, "message": v.message} for v in result.violations
        ],
        "explanation": explained(result.explanation),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            "usage : ndrc check-start-without-contract FICHIER (ou - pour l'entrée standard)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    return run(lambda: each_record(argv[0], check))
