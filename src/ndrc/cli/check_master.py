"""`ndrc check-master FILE|-`: may this person be named apprenticeship master or tutor?

Input: `{"contract_type": "apprenticeship" | "professionalisation", "on": "2026-01-15",
"master": {"diplomas": [{"field_related": true, "level": 5}], "years_of_related_experience":
"1.5"}, "target_level": 5, "current_learners": [{"kind": "apprentice",
"extended_after_failed_exam": false}, …]}` (`master.is_employer`, optional, false by default:
the employer tutors in person, D. 6325-9). Output: `{"eligible": …, "violations": [{"rule",
"article", "message"}], "explanation": [...]}`. One object or an array of them; malformed input:
a French message naming the record and the field on standard error, exit status 2.
"""

import sys
from typing import Any

from ndrc.cli.io import run
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.masters import CurrentLearner, Diploma, Master, check_master
from ndrc.regulation.records import Record, each_record, explained


def _level(record: Record, field: str) -> int:
    value = record.raw(field)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
        raise record.error(
            field, "niveau entier de 1 à 8 attendu (cadre national des certifications)"
        )
    return value


def _master(record: Record) -> Master:
    return Master(
        diplomas=tuple(
            Diploma(field_related=item.boolean("field_related"), level=_level(item, "level"))
            for item in record.items("diplomas")
        ),
        years_of_related_experience=record.decimal("years_of_related_experience"),
        is_employer=record.boolean("is_employer", False),
    )


def check(record: Record) -> dict[str, Any]:
    master = record.nested("master")
    if master is None:
        raise record.error("master", "obligatoire et absent")
    result = check_master(
        contract_type=record.text("contract_type"),
        on=record.date("on"),
        master=_master(master),
        target_level=_level(record, "target_level"),
        current_learners=tuple(
            CurrentLearner(
                kind=item.text("kind"),
                extended_after_failed_exam=item.boolean("extended_after_failed_exam", False),
            )
            for item in record.items("current_learners")
        ),
    )
    return {
        "eligible": result.eligible,
        "violations": [violation.as_dict() for violation in result.violations],
        "explanation": explained(result.explanation),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : ndrc check-master FICHIER (ou - pour l'entrée standard)", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run(lambda: each_record(argv[0], check))
