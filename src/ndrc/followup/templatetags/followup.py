"""Template filters of the follow-up pages."""

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.ui.lines import filled
from ndrc.core.ui.routes import record_addresses
from ndrc.followup.selectors import AtRisk, PeriodState

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


@register.simple_tag
def risk_rows(rows: Iterable[AtRisk]) -> SafeString:
    """The rows of the learners at risk (`followup/_risks.html`), each a link to the learner's
    follow-up and the reasons, written in one string: a centre's manager has dozens of rows (their
    template nodes and a route reversed per row were a tenth of the dashboard's time)."""
    address = record_addresses("followup:learner")
    written = []
    for row in rows:
        learner = row.learner
        reasons = "".join(
            f'<li data-risk="{conditional_escape(risk.code)}">{conditional_escape(risk.reason)}'
            "</li>"
            for risk in row.risks
        )
        written.append(
            f'<tr data-learner="{int(learner.pk)}">\n'
            f'    <td><a href="{address(learner.pk)}">{conditional_escape(str(learner))}</a></td>\n'
            f"    <td>{conditional_escape(learner.cohort.name)}</td>\n"
            f'    <td><ul class="compact">{reasons}</ul></td>\n  </tr>'
        )
    return mark_safe("".join(written))  # noqa: S308  (every value escaped)
