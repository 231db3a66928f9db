"""Template filters of the follow-up pages."""

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.ui.lines import filled
from ndrc.core.ui.routes import record_addresses
from ndrc.followup.selectors import PeriodState

register = template.Library()


@register.filter
def title_of(code: str, titles: dict[str, str]) -> str:
    """The title of a référentiel code (activity, competence) from a {code: title} mapping."""
    return titles.get(code, code)


@register.simple_tag
def flagged_period_lines(states: Iterable[PeriodState]) -> SafeString:
    """An apprentice's logbook periods left empty (the dashboard's `own_flags`), each line a
    link to the period, written in one string: a learner who writes nothing has a line a month
    (the lines' template nodes were most of the panel's rendering)."""
    logbook = record_addresses("followup:logbook")
    empty = gettext("Période du %(period)s : aucune activité notée.")
    return mark_safe(  # noqa: S308  (the period's dates escaped, the sentence is ours)
        "".join(
            f'<li class="todo-bad"><a href="{logbook(state.period.logbook_id)}'
            f'#period-{int(state.period.pk)}">' + filled(empty, period=state.period) + "</a></li>"
            for state in states
        )
    )
