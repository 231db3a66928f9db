"""What the template tags that write a list's lines in one string share (`dashboard_folding`,
`alternance_rows`, `attendance_lines`, `ui_history`, `followup`, `learner_table`,
`learner_record`, `conformity_table`): a list's template nodes, one a line, were most of its
page's rendering."""

import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.utils.html import conditional_escape
from django.utils.timezone import localtime


def day(value: date | None) -> str:
    """A date as `{{ value|date:"d/m/Y" }}` writes it."""
    return "" if value is None else f"{value.day:02}/{value.month:02}/{value.year:04}"


def moment(value: datetime) -> str:
    """A date and time as `{{ value|date:"d/m/Y H:i" }}` writes it, in the local time."""
    local = localtime(value)
    return f"{day(local)} {local.hour:02}:{local.minute:02}"


def filled(message: str, **values: Any) -> str:
    """`{% blocktranslate with … %}`: the message (translated by the caller: `makemessages`
    finds it there) with each value escaped, not the message's own words (as the tag)."""
    return message % {name: conditional_escape(value) for name, value in values.items()}


def escaper() -> Callable[[Any], str]:
    """`conditional_escape` for the lines of one list, a plain text escaped once for the list (a
    cohort's name, a status, a source on many lines): `html.escape`, as Django's `escape`."""
    escaped: dict[str, str] = {}

    def text(value: Any) -> str:
        if type(value) is not str:
            return conditional_escape(value)
        if (found := escaped.get(value)) is None:
            found = escaped[value] = html.escape(value)
        return found

    return text
