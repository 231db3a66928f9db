"""A dashboard list's first lines and the lines folded after them (`dashboard/_folded.html`)."""

from collections.abc import Sequence

from django import template

from ndrc.core.ui.views import FIRST_LINES

register = template.Library()


@register.filter
def shown(items: Sequence) -> Sequence:
    return items[:FIRST_LINES]


@register.filter
def folded(items: Sequence) -> Sequence:
    return items[FIRST_LINES:]
