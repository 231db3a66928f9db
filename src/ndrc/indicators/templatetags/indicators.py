"""The rate of an indicator as the tables show it, written once for every table (and quicker
than an included template in a table of a hundred cells)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def rate_cell(indicator, counts: str = "") -> str:
    """ "46,15 %", the counts behind it and the small-number flag; or "not computed" and why."""
    if indicator is None:
        return mark_safe('<span class="muted">—</span>')
    if indicator.rate is None:
        reason = format_html('<br><span class="source">{}</span>', indicator.reason)
        return format_html(
            '<span class="muted">{}</span>{}', _("non calculé"), reason if indicator.reason else ""
        )
    return format_html(
        "<strong>{}\u00a0%</strong>{}{}",
        floatformat(indicator.rate, "-2"),
        format_html('<br><span class="muted">{}</span>', counts) if counts else "",
        format_html(' <span class="tag small-number">{}</span>', _("petit effectif"))
        if indicator.small_number
        else "",
    )
