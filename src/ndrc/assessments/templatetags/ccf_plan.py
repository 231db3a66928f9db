"""`{{ rows|plan_rows }}`: the rows of a cohort's CCF plan in one string — a plan is a cell per
learner and situation, and template nodes per cell were most of the page's time. Each status's
label, each day's text and the situations' route are made once for the whole plan."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ndrc.assessments.models import Status
from ndrc.core.ui.routes import record_addresses

register = template.Library()


@register.filter
def plan_rows(rows) -> SafeString:
    """A row per learner: their name, then each situation's day (a link to it) and status."""
    labels = {value: escape(label) for value, label in Status.choices}
    address = record_addresses("assessments:situation")
    days: dict = {}
    html = []
    for learner, cells in rows:
        html.append(f'<tr><th scope="row">{escape(learner.full_name)}</th>\n')
        for situation in cells:
            if situation is None:
                html.append('<td><span class="muted">—</span></td>')
                continue
            day = situation.date
            if day not in days:
                days[day] = format_date(day, "d/m/Y")
            html.append(
                f'<td><a href="{address(situation.pk)}">{days[day]}</a><br>'
                f'<span class="muted">{labels[situation.status]}</span></td>'
            )
        html.append("\n</tr>\n")
    return mark_safe("".join(html))  # noqa: S308  (every value escaped)
