"""What the template tags that write a list's lines in one string share (`dashboard_folding`,
`alternance_rows`, `attendance_lines`, `ui_history`, `followup`): a list's template nodes, one
a line, were most of its page's rendering."""

from datetime import date
from typing import Any

from django.utils.html import conditional_escape


def day(value: date | None) -> str:
    """A date as `{{ value|date:"d/m/Y" }}` writes it."""
    return "" if value is None else f"{value.day:02}/{value.month:02}/{value.year:04}"


def filled(message: str, **values: Any) -> str:
    """`{% blocktranslate with … %}`: the message (translated by the caller: `makemessages`
    finds it there) with each value escaped, not the message's own words (as the tag)."""
    return message % {name: conditional_escape(value) for name, value in values.items()}
