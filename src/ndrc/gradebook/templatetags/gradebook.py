"""Filters and tags of the teaching year's pages."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ndrc.core.ui.formats import shown
from ndrc.gradebook.selectors import text_version
from ndrc.regulation.gradebook_averages import rating_levels

register = template.Library()


@register.filter
def hundredths(value: Decimal | None) -> str:
    """A rounded average as shown on a bulletin: two decimals (a decimal comma in French, a
    point in English); "—" if none."""
    if value is None:
        return "—"
    return formats.number_format(value, 2)


@register.filter
def average(value) -> str:
    """An engine `Average` as shown (its rounded value), "—" when there is none."""
    return hundredths(getattr(value, "shown", None))


@register.filter
def level_label(level) -> str:
    """A level of the CCF grids' scale in the interface's language (the engine's labels are the
    scale's French wording)."""
    from ndrc.assessments.models import Level

    return Level(level.code).label if level is not None else ""


@register.filter
def explained(value) -> str:
    """The explanation of an engine result, as one sentence per step."""
    return " ".join(shown(step.text) for step in getattr(value, "explanation", ()))


@register.filter
def percent(value) -> str:
    """A fraction from 0 to 1 as a percentage for an SVG width (dot decimal, no unit)."""
    return f"{float(value) * 100:.1f}"


# The compétences chart (gradebook/_chart.html): rows of bars on the 4-level scale.
CHART_LABEL_WIDTH = 340
CHART_BAR_WIDTH = 360
CHART_ROW_HEIGHT = 24
CHART_TOP = 28


@register.simple_tag
def chart_rows(blocks) -> dict:
    """The geometry of the chart: one row per bloc then its compétences, each bar as long as
    its rank out of 4 (1 = very insufficient fills the first quarter)."""
    rows = []
    y = CHART_TOP
    for block in blocks:
        items = [(block, True)] + [(competence, False) for competence in block.competences]
        for item, is_block in items:
            level = item.level
            width = 0.0 if level.rank is None else float(level.rank) / 4 * CHART_BAR_WIDTH
            rows.append(
                {
                    "item": item,
                    "is_block": is_block,
                    "y": y,
                    "text_y": y + 16,
                    "width": f"{width:.1f}",
                    "rank": level.level.rank if level.level else 0,
                    # Numbers as text with a dot: a localised "696,0" is two x coordinates in SVG.
                    "value_x": f"{CHART_LABEL_WIDTH + width + 6:.1f}",
                }
            )
            y += CHART_ROW_HEIGHT
        y += 8
    quarter = CHART_BAR_WIDTH / 4
    return {
        "rows": rows,
        "height": y,
        "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 120,
        "bar_x": CHART_LABEL_WIDTH,
        "bands": [
            {
                "x": f"{CHART_LABEL_WIDTH + i * quarter:.1f}",
                "mid": f"{CHART_LABEL_WIDTH + (i + 0.5) * quarter:.1f}",
                "short": level.short,
            }
            for i, level in enumerate(rating_levels())
        ],
        "band_width": f"{quarter:.1f}",
    }


@register.simple_tag
def grid_cells(row, editable: bool) -> str:
    """The cells of a learner's row of the marks grid, built in one pass: a grid of 35 learners
    × 40 assessments is 1,400 cells, too many for the template engine within the page's time.
    Each editable cell is an input named by the learner and the assessment (its accessible
    name); the script saves it to the URL of its row and column (gradebook/grid.js)."""
    learner = row.learner
    name = escape(learner.full_name)
    parts = []
    for cell in row.cells:
        text = escape(cell.text)
        if editable:
            content = (
                f'<input class="mark" name="value" value="{text}" size="4" autocomplete="off" '
                f'aria-label="{name} — {escape(cell.label)}">'
            )
        else:
            content = text
        parts.append(
            f'<td class="mark-cell {cell.status}" id="c-{cell.assessment_id}-{learner.pk}">'
            f"{content}</td>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@register.simple_tag
def version_input(learner, text, key) -> str:
    """The hidden version of a text about `learner` saved as typed (`TextForm`), its id
    `version-<key>` (the answer of each save replaces it)."""
    return format_html(
        '<input type="hidden" name="version" id="version-{}" value="{}">',
        key,
        text_version(learner, text),
    )
