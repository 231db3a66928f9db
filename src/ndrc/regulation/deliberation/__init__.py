"""Deliberation of the BTS NDRC: from a candidate's grades to the jury's decision, explained.

The algorithm, step by step with its sources and every choice made where the texts are silent,
is in docs/deliberation.md. The modules, in the order a record goes through them:

- `candidate.py`: the candidate record of the machine interface, validated (`parse_candidate`),
  with French errors naming the record and the field;
- `session.py`: what the framework data and the dated parameters fix for a session, read once;
- `rules.py`: the jury's decision (`deliberate`), each rule stated once, with its trace;
- `steps.py`: the source and French text of each step of the explanation;
- `grade_needed.py`: the grade still needed in a unit for an average of 10;
- `output.py`: the result as the JSON object of the machine interface.
"""

from typing import Any

from ndrc.regulation.deliberation.candidate import (
    Candidate,
    CarriedGrade,
    Grade,
    parse_candidate,
    parse_candidates,
)
from ndrc.regulation.deliberation.grade_needed import GradeNeeded, grade_needed
from ndrc.regulation.deliberation.output import result_as_dict, result_as_json
from ndrc.regulation.deliberation.rules import Result, deliberate
from ndrc.regulation.deliberation.terms import (
    ABSENT,
    ADMITTED,
    EXCUSED,
    FAILED,
    INCOMPLETE,
    INVALID,
    PROGRESSIVE,
    REJECTED,
    RESIT_ELIGIBLE,
    STATUSES,
    WHOLE,
)

__all__ = [
    "ABSENT", "ADMITTED", "EXCUSED", "FAILED", "INCOMPLETE", "INVALID", "PROGRESSIVE", "REJECTED",
    "RESIT_ELIGIBLE", "STATUSES", "WHOLE", "Candidate", "CarriedGrade", "Grade", "GradeNeeded",
    "Result", "deliberate", "deliberate_record", "deliberate_records", "grade_needed",
    "parse_candidate", "parse_candidates", "result_as_dict", "result_as_json",
]  # fmt: skip


def deliberate_record(record: Any, index: int | None = None) -> Result:
    """Validate a candidate record of the machine interface and deliberate on it; InputError
    naming the record (its id, its position `index` in a file) and the field otherwise."""
    return deliberate(parse_candidate(record, index=index))


def deliberate_records(records: Any) -> list[dict[str, Any]]:
    """The result objects of a JSON array of candidate records, in the same order, once every
    record is validated; the InputError of the first malformed record otherwise."""
    return [result_as_dict(deliberate(candidate)) for candidate in parse_candidates(records)]
