"""`ndrc pay apprentice|professionalisation|internship FILE`: legal minimum pay as JSON.

FILE (or `-` for standard input) holds one JSON object or an array of them; the result is one
object or an array in the same order. Malformed input: a French message naming the record and
the field on standard error, exit status 2, nothing printed on standard output.
"""

import sys
from collections.abc import Callable
from typing import Any

from ndrc.cli.io import run
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.internships import MonthHours, internship_stipend
from ndrc.regulation.pay import (
    PreviousContract,
    apprentice_minimum_pay,
    professionalisation_minimum_pay,
)
from ndrc.regulation.records import Record, each_record, explained
from ndrc.regulation.rounding import json_number


def apprentice(record: Record) -> dict[str, Any]:
    previous = record.nested("previous_contract")
    result = apprentice_minimum_pay(
        birth_date=record.date("birth_date"),
        contract_start=record.date("contract_start"),
        month=record.month("month"),
        credited_years=record.integer("credited_years", 0),
        plus_15_points=record.boolean("plus_15_points", False),
        previous_contract=None
        if previous is None
        else PreviousContract(
            diploma_obtained=previous.boolean("diploma_obtained"),
            same_employer=previous.boolean("same_employer"),
            last_year_rate=previous.decimal("last_year_rate"),
        ),
    )
    return {
        "rate": result.rate,
        "age_bracket": result.age_bracket,
        "contract_year": result.contract_year,
        "minimum_wage_monthly": result.minimum_wage_monthly,
        "monthly_minimum": result.monthly_minimum,
        "explanation": explained(result.explanation),
    }


def professionalisation(record: Record) -> dict[str, Any]:
    result = professionalisation_minimum_pay(
        birth_date=record.date("birth_date"),
        month=record.month("month"),
        qualification=record.text("qualification"),
        branch_minimum=record.decimal("branch_minimum", None),
    )
    return {
        "rate": result.rate,
        "monthly_minimum": result.monthly_minimum,
        "explanation": explained(result.explanation),
    }


def internship(record: Record) -> dict[str, Any]:
    school_year = record.text("school_year")
    months = [
        MonthHours(month=item.month("month"), hours=item.decimal("hours"))
        for item in record.items("months")
    ]
    result = internship_stipend(school_year=school_year, months=months)
    return {
        "stipend_due": result.stipend_due,
        "total_hours": json_number(result.total_hours),
        "months": [
            {
                "month": f"{line.month:%Y-%m}",
                "hourly_minimum": line.hourly_minimum,
                "minimum": line.minimum,
            }
            for line in result.months
        ],
        "total_minimum": result.total_minimum,
        "explanation": explained(result.explanation),
    }


SUBCOMMANDS: dict[str, Callable[[Record], dict[str, Any]]] = {
    "apprentice": apprentice,
    "professionalisation": professionalisation,
    "internship": internship,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in SUBCOMMANDS:
        print(
            "usage : ndrc pay apprentice|professionalisation|internship FICHIER (ou - pour "
            "l'entrée standard)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    compute = SUBCOMMANDS[argv[0]]
    return run(lambda: each_record(argv[1], compute))
