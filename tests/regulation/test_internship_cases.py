"""Internships: the YAML cases of cases/internships/, computed by hand (annexe III b, Code de
l'éducation L. 124-5, L. 124-6, D. 124-6, R. 124-10 to R. 124-13)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from ndrc.regulation.internships import (
    PROOFS,
    InternshipPeriod,
    MonthHours,
    check_host_cap,
    check_quota,
    check_tutor_limit,
    intern_quota,
    internship_progress,
    internship_stipend,
    required_practice,
)
from tests.regulation.cases import compute, load_cases


def _text(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Fraction):
        assert value.denominator == 1, value
        return str(value.numerator)
    if isinstance(value, date):
        return f"{value:%Y-%m}"
    return value


def _required(data):
    return required_practice(data["category"], reduced_to_weeks=data.get("reduced_to_weeks"))


def _stipend(data):
    months = [
        MonthHours(date.fromisoformat(f"{m['month']}-01"), Decimal(str(m["hours"])))
        for m in data["months"]
    ]
    result = internship_stipend(school_year=data["school_year"], months=months)
    return result, {
        "stipend_due": result.stipend_due,
        "total_hours": _text(result.total_hours),
        "months": [
            {"month": _text(m.month), "hourly_minimum": _text(m.hourly_minimum),
             "minimum": _text(m.minimum)}
            for m in result.months
        ],
        "total_minimum": _text(result.total_minimum),
    }  # fmt: skip


def _quota(data):
    return intern_quota(
        headcount_last_day=Decimal(str(data["headcount_last_day"])),
        average_headcount_12_months=Decimal(str(data["average_headcount_12_months"])),
        on=date.fromisoformat(data["date"]),
    )


def _quota_check(data):
    return check_quota(interns_in_week=data["interns_in_week"], quota=_quota(data))


def _tutor(data):
    return check_tutor_limit(
        interns_of_tutor=data["interns_of_tutor"], on=date.fromisoformat(data["date"])
    )


def _host_cap(data):
    return check_host_cap(
        school_year=data["school_year"], hours_with_host=Decimal(str(data["hours_with_host"]))
    )


def _progress(data):
    periods = [
        InternshipPeriod(p["host"], date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
        for p in data["periods"]
    ]
    return internship_progress(
        category=data["category"], periods=periods, reduced_to_weeks=data.get("reduced_to_weeks")
    )


FUNCTIONS = {
    "required_practice": _required,
    "stipend": _stipend,
    "quota": _quota,
    "quota_check": _quota_check,
    "tutor_limit": _tutor,
    "host_cap": _host_cap,
    "progress": _progress,
}


@pytest.mark.parametrize("case", load_cases("internships"))
def test_internship_case(case):
    result = compute(case, FUNCTIONS)
    if result is None:
        return
    if isinstance(result, tuple):
        result, actual = result
    else:
        actual = {field: _text(getattr(result, field)) for field in case["expected"]}
    assert actual == case["expected"]
    assert result.explanation and all(step.source for step in result.explanation)


def test_required_practice_accepts_every_candidate_category_of_the_framework():
    from ndrc.regulation.framework import load_framework

    for category in load_framework().candidate_categories:
        assert required_practice(category).proof in PROOFS
