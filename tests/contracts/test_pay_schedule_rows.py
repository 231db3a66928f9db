"""A contract's pay schedule rows, written in one string (`contracts.templatetags`), read as
the template filters wrote them."""

from datetime import date
from decimal import Decimal

from django.template import engines
from django.utils import translation

from ndrc.regulation.contracts import PaySchedule, ScheduleMonth


def test_the_pay_schedule_rows_read_as_the_template_filters_write_them():
    # A professionalisation month (no contract year), an apprentice's, and markup to escape.
    months = tuple(
        ScheduleMonth(
            date(year, month, 1),
            days,
            31,
            Decimal(rate),
            "minimum_wage",
            bracket,
            contract_year,
            Decimal(full),
            Decimal(minimum),
        )
        for year, month, days, rate, bracket, contract_year, full, minimum in [
            (2026, 9, 30, "0.43", "18 à 20 ans", 1, "1234.56", "1194.74"),
            (2027, 1, 31, "1", "26 ans & plus <b>", None, "1801.80", "1801.80"),
            # Equal amounts written alike or not (each value written once for the rows).
            (2027, 2, 28, "1.0", "26 ans & plus <b>", None, "1801.8", "774.774"),
            (2027, 3, 31, "1", "26 ans & plus <b>", None, "1801.80", "774.7740"),
        ]
    )
    schedule = PaySchedule(months, Decimal("2996.54"), ())
    filters = engines["django"].from_string(
        '{% load ui_format %}{% for month in schedule.months %}<tr><td>{{ month.month|date:"m/Y" }}'
        "</td><td>{{ month.age_bracket }}</td><td>{{ month.contract_year|year_of_training|"
        'default:"—" }}</td><td>{{ month.rate|percent }}</td><td>{{ month.full_month_minimum|'
        "money }}</td><td>{{ month.days }}/{{ month.days_in_month }}</td><td>{{ month.minimum|"
        "money }}</td></tr>{% endfor %}"
    )
    rows = engines["django"].from_string("{% load alternance_rows %}{% pay_schedule_rows s %}")
    for language in ("fr", "en"):
        with translation.override(language):
            shown = rows.render({"s": schedule})
            assert shown == filters.render({"schedule": schedule})
    assert "<td>—</td>" in shown and "&lt;b&gt;" in shown
    with translation.override("fr"):
        french = rows.render({"s": schedule})
    assert "<td>774,774" in french and "<td>774,7740" in french
