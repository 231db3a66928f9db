"""`ndrc indicators FILE`: the quality indicators of a training from its facts, JSON in and out.

FILE (or `-` for standard input) holds one object:

    {"candidates": [{"status": "apprentice", "present": true, "admitted": true}, …],
     "contracts": [{"start": "2024-09-02", "end": "2026-08-31", "terminated_on": null}, …],
     "leavers": [{"situation_6_months": "employed"}, …],
     "answers": [{"survey": "learners", "satisfied": true}, …]}

Each list may be left out (none of those facts). The result is `{"indicators": [{"name",
"numerator", "denominator", "rate", "formula", "source", "reason", "small_number"}, …],
"explanation": [...]}`: a rate whose denominator is 0 is null, with the reason. Malformed input:
a French message naming the field on standard error, exit status 2, nothing on standard output.
"""

import sys
from typing import Any

from ndrc.cli.io import run, today_in_paris
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.indicators import (
    Answer,
    Candidate,
    ContractFact,
    Leaver,
    compute_indicators,
)
from ndrc.regulation.jsonio import read_json
from ndrc.regulation.records import Record, explained


def _items(record: Record, field: str) -> list[Record]:
    if record.data.get(field) is None:
        record.read.add(field)
        return []
    return record.items(field)


def _optional_date(record: Record, field: str):
    record.read.add(field)
    return None if record.data.get(field) is None else record.date(field)


def indicators(record: Record) -> dict[str, Any]:
    candidates = [
        Candidate(
            status=item.text("status"),
            present=item.boolean("present"),
            admitted=item.boolean("admitted"),
        )
        for item in _items(record, "candidates")
    ]
    contracts = [
        ContractFact(
            start=item.date("start"),
            end=item.date("end"),
            terminated_on=_optional_date(item, "terminated_on"),
        )
        for item in _items(record, "contracts")
    ]
    leavers = [Leaver(item.text("situation_6_months")) for item in _items(record, "leavers")]
    answers = [
        Answer(survey=item.text("survey"), satisfied=item.boolean("satisfied"))
        for item in _items(record, "answers")
    ]
    record.reject_unknown()
    result = compute_indicators(
        candidates=candidates,
        contracts=contracts,
        leavers=leavers,
        answers=answers,
        on=today_in_paris(),
    )
    return {
        "indicators": [item.as_dict() for item in result.items],
        "explanation": explained(result.explanation),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : ndrc indicators FICHIER (ou - pour l'entrée standard)", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run(lambda: indicators(Record(read_json(argv[0]))))
