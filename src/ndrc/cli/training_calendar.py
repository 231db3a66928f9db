"""`ndrc calendar FILE`: a training calendar as JSON — each day's place and why, the public
holidays, the half-days and hours in the centre, with the explanation.

Input: `{"start", "end", "department", "school_holiday_zone", "rhythm", "closures",
"hours_per_half_day": {"am", "pm"}}`, and optionally `close_in_school_holidays`,
`exam_periods`, `internship_periods` (lists of `{"start", "end", "label"}`). Malformed input: a
French message naming the record and the field on standard error, exit status 2.
"""

import sys
from typing import Any

from ndrc.cli.io import run
from ndrc.regulation.errors import EXIT_BAD_INPUT, InputError
from ndrc.regulation.records import Record, control_character, each_record, explained
from ndrc.regulation.training_calendar import HALF_DAYS, Period, parse_rhythm, plan_calendar


def _periods(record: Record, field: str) -> tuple[Period, ...]:
    if record.raw(field, None) is None:
        return ()
    periods = []
    for item in record.items(field):
        start, end = item.date("start"), item.date("end")
        if end < start:
            raise item.error("end", "la fin précède le début")
        label = item.raw("label", "")
        if not isinstance(label, str) or control_character(label) is not None:
            raise item.error("label", "texte sans caractère de contrôle attendu")
        periods.append(Period(start, end, label))
    return tuple(periods)


def _rhythm(record: Record):
    try:
        return parse_rhythm(record.raw("rhythm"))
    except InputError as error:
        where = f"{record.label} : " if record.label else ""
        raise InputError(where + str(error)) from None


def compute(record: Record) -> dict[str, Any]:
    hours = record.nested("hours_per_half_day")
    if hours is None:
        raise record.error("hours_per_half_day", "obligatoire et absent")
    result = plan_calendar(
        start=record.date("start"),
        end=record.date("end"),
        department=record.text("department"),
        school_holiday_zone=record.text("school_holiday_zone"),
        rhythm=_rhythm(record),
        hours_per_half_day={half: hours.decimal(half) for half in HALF_DAYS},
        closures=_periods(record, "closures"),
        close_in_school_holidays=record.boolean("close_in_school_holidays", False),
        exam_periods=_periods(record, "exam_periods"),
        internship_periods=_periods(record, "internship_periods"),
    )
    return {
        "centre_half_days": result.centre_half_days,
        "centre_hours": str(result.centre_hours),
        "days": [
            {"date": day.date.isoformat(), "place": day.place, "why": day.why}
            for day in result.days
        ],
        "public_holidays": [
            {"date": h.date.isoformat(), "name": h.name} for h in result.public_holidays
        ],
        "explanation": explained(result.explanation),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage : ndrc calendar FICHIER (ou - pour l'entrée standard)", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run(lambda: each_record(argv[0], compute))
