"""`{{ months|calendar_months }}`: the day-by-day calendar of a cycle in one string — a cycle is
hundreds of days per group, and template nodes per day were most of the page's time. Each
distinct reason ("why") is written in the reader's language and escaped once for the calendar."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def calendar_months(months) -> SafeString:
    """A block per month (its name, then a numbered item per day: its place as a class, the
    date and why as a title); the first day of a month carries its weekday to place it."""
    reasons: dict = {}
    places: dict = {}
    html = ['<div class="months">']
    for month in months:
        name = escape(format_date(month.month, "F Y"))
        html.append(f'<div class="month"><h3>{name}</h3><ol>\n  ')
        first = True
        for day in month.days:
            why = day.why
            # A message's English depends on its template, not only on its French text.
            key = (getattr(why, "template", None), why)
            if key not in reasons:
                reasons[key] = conditional_escape(why)
            if day.place not in places:
                places[day.place] = escape(day.place)
            when = day.date
            start = f" start-{when.weekday()}" if first else ""
            first = False
            html.append(
                f'<li class="place-{places[day.place]}{start}" '
                f'title="{when:%d/%m/%Y} : {reasons[key]}">{when.day}</li>'
            )
        html.append("\n</ol></div>")
    html.append("</div>")
    return mark_safe("".join(html))  # noqa: S308  (every value escaped)
