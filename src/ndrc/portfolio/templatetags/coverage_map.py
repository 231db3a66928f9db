"""`{{ coverage|coverage_rows }}`: the rows of the cohort's coverage map in one string — a
cohort's map is thousands of cells, and template nodes per cell were most of the page's time.
Each learner's link and name are escaped once for the whole map. Its learners' headings and
counts (`coverage_heads`, `coverage_counts`): a cell per learner each, in one string too."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ndrc.portfolio.selectors.coverage import MISSING, OBSERVED, PERFORMED

register = template.Library()

CELLS = {PERFORMED: ("performed", "✔"), OBSERVED: ("observed", "◐"), MISSING: ("missing", "✘")}


@register.filter
def coverage_rows(coverage) -> SafeString:
    """A heading row per competence, then a row per criterion: each learner's cell (the state's
    symbol, linking to the criterion on the learner's map) and the counts of the learners."""
    # Each learner's cell for each state, but for the criterion's code: written once per map.
    cells = [
        {
            state: (
                f'<td class="cell {css}"><a href="{escape(column.href)}#',
                f'" title="{escape(column.learner.full_name)}">{symbol}</a></td>',
            )
            for state, (css, symbol) in CELLS.items()
        }
        for column in coverage.learners
    ]
    width = len(cells) + 4
    html = []
    competence = None
    for row in coverage.rows:
        if row.competence.code != competence:
            competence = row.competence.code
            html.append(
                f'<tr><th colspan="{width}">{escape(competence)} — '
                f"{escape(row.competence.title)}</th></tr>\n"
            )
        code = escape(row.criterion.code)
        html.append(
            f'<tr id="{code}"><td class="criterion">{code}<br><small class="muted">'
            f"{escape(row.criterion.text)}</small></td>\n"
        )
        html.extend(
            [f"{before}{code}{after}" for before, after in map(dict.__getitem__, cells, row.states)]
        )
        counts = row.counts
        html.append(
            f'\n<td class="counts" data-count="performed">{counts.performed}</td>'
            f'<td class="counts" data-count="observed">{counts.observed}</td>'
            f'<td class="counts" data-count="missing">{counts.missing}</td></tr>\n'
        )
    return mark_safe("".join(html))  # noqa: S308  (every value escaped)


@register.filter
def coverage_heads(coverage) -> SafeString:
    """A heading per learner: their name and initial, linking to their map."""
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f'<th class="learner"><a href="{escape(column.href)}">'
            f"{escape(column.learner.last_name)} {escape(column.learner.first_name[:1])}.</a></th>"
            for column in coverage.learners
        )
    )


@register.filter
def coverage_counts(coverage) -> SafeString:
    """Each learner's criteria performed, observed and missing."""
    return mark_safe(  # noqa: S308  (numbers)
        "".join(
            f'<td class="counts">{c.performed}/{c.observed}/{c.missing}</td>'
            for c in (column.counts for column in coverage.learners)
        )
    )
