"""`{% apprentice_hours_lines panel.apprentices %}`: the lines of a master's apprentices' hours
(the dashboard's panel) in one string, not a translated block and a route per apprentice."""

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.ui.formats import hours
from ndrc.core.ui.lines import filled
from ndrc.core.ui.routes import record_addresses

register = template.Library()


@register.simple_tag
def apprentice_hours_lines(apprentices: Iterable) -> SafeString:
    """Each apprentice (`ApprenticeHours`) linked to their hours, with what they attended out
    of what was planned and their absences (warned while some are unjustified)."""
    address = record_addresses("attendance:learner")
    message = gettext(
        "%(attended)s suivies sur %(planned)s ; absences %(justified)s justifiées, "
        "%(unjustified)s non justifiées"
    )
    lines = []
    for line in apprentices:
        learner, totals = line.learner, line.totals
        warned = ' class="todo-warn"' if totals.absent_unjustified else ""
        figures = {
            "attended": hours(totals.attended),
            "planned": hours(totals.planned),
            "unjustified": hours(totals.absent_unjustified),
            "justified": hours(totals.absent_justified),
        }
        lines.append(
            f'<li data-learner="{learner.pk}"{warned}><a href="{address(learner.pk)}">'
            f"{conditional_escape(learner.full_name)}</a> : " + filled(message, **figures) + "</li>"
        )
    return mark_safe("".join(lines))  # noqa: S308  (every value escaped)
