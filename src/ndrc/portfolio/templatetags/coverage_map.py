"""`{{ row|coverage_cells }}`: a criterion's row of the cohort's coverage map in one string — a
cohort's map is thousands of cells, and template nodes per cell were most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ndrc.portfolio.selectors.coverage import OBSERVED, PERFORMED

register = template.Library()

SYMBOLS = {PERFORMED: "✔", OBSERVED: "◐"}


@register.filter
def coverage_cells(row) -> SafeString:
    """Each learner's cell: the state's symbol, linking to the criterion on the learner's map."""
    code = escape(row.criterion.code)
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f'<td class="cell {escape(cell.state)}"><a href="{escape(cell.href)}#{code}" '
            f'title="{escape(cell.name)}">{SYMBOLS.get(cell.state, "✘")}</a></td>'
            for cell in row.cells
        )
    )
