"""`{{ row.cells|grid_cells }}`: a grid row's cells in one string — a month of a cohort is a
thousand cells, and one template node per cell is most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def grid_cells(cells: tuple[str, ...]) -> SafeString:
    return mark_safe("".join(f"<td>{escape(code)}</td>" for code in cells))  # noqa: S308
