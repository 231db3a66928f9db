"""`ndrc attendance FILE`: a learner's hours from the half-day sessions and the signed records.

Input: `{"sessions": [{"date", "half_day", "hours", "module"}, …], "records": [{"date",
"half_day", "status", "learner_signed", "teacher_signed"}, …]}`; a record may add
`learner_unable_reason`, the reason the teacher recorded for a learner who could not sign.
Output: planned, attended, absent (justified, unjustified) hours, by module, the half-days
still unsigned, and the explanation. Malformed input: exit status 2, a French message naming
the record and the field.
"""

import sys
from typing import Any

from ndrc.cli.io import run
from ndrc.regulation.attendance import AttendanceMark, PlannedSession, summarise_attendance
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.records import Record, each_record, explained
from ndrc.regulation.training_calendar import HALF_DAYS


def _half_day(record: Record) -> str:
    value = record.text("half_day")
    if value not in HALF_DAYS:
        raise record.error("half_day", f"« am » ou « pm » attendu, reçu « {value} »")
    return value


def compute(record: Record) -> dict[str, Any]:
    sessions = [
        PlannedSession(
            date=item.date("date"),
            half_day=_half_day(item),
            hours=item.decimal("hours"),
            module=item.text("module"),
        )
        for item in record.items("sessions")
    ]
    marks = []
    for item in record.items("records"):
        reason = item.raw("learner_unable_reason", "")
        if not isinstance(reason, str):
            raise item.error("learner_unable_reason", "texte attendu")
        marks.append(
            AttendanceMark(
                date=item.date("date"),
                half_day=_half_day(item),
                status=item.text("status"),
                learner_signed=item.boolean("learner_signed"),
                teacher_signed=item.boolean("teacher_signed"),
                learner_unable_reason=reason,
            )
        )
    result = summarise_attendance(sessions, marks)
    return {
        "planned_hours": str(result.planned_hours),
        "attended_hours": str(result.attended_hours),
        "absent_justified_hours": str(result.absent_justified_hours),
        "absent_unjustified_hours": str(result.absent_unjustified_hours),
        "by_module": {
            module: {
                "planned_hours": str(hours.planned),
                "attended_hours": str(hours.attended),
                "absent_justified_hours": str(hours.absent_justified),
                "absent_unjustified_hours": str(hours.absent_unjustified),
            }
            for module, hours in sorted(result.by_module.items())
        },
        "unsigned": [
            {"date": u.date.isoformat(), "half_day": u.half_day, "missing": u.missing}
            for u in result.unsigned
        ],
        "explanation": explained(result.explanation),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : ndrc attendance FICHIER (ou - pour l'entrée standard)", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run(lambda: each_record(argv[0], compute))
