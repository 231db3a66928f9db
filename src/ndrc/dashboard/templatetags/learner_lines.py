"""`{% learner_needs_lines tasks %}`: the lines of what a learner's E4 and E6 dossiers lack
(`dashboard/_dashboard_learner.html`) in one string, where each line was a translated sentence,
a joined list, two words translated and a route reversed of template nodes."""

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.ui.lines import filled
from ndrc.core.ui.routes import record_address

register = template.Library()


@register.simple_tag
def learner_needs_lines(tasks: Any) -> SafeString:
    """A line per dossier of `tasks` (`dashboard.selectors.LearnerTasks`) lacking something:
    the kinds no validated sheet covers, the network experience none relates, the reflective
    study not joined, and a link to the dossier."""
    if not tasks.needs:
        return mark_safe("")
    missing = gettext("%(exam_code)s : aucune fiche validée pour : %(kinds)s")
    no_experience = conditional_escape(
        gettext("aucune fiche validée ne relate une expérience vécue dans un réseau")
    )
    no_study = conditional_escape(gettext("étude réflexive réseau non déposée"))
    see = conditional_escape(gettext("voir le dossier"))
    written = []
    for need in tasks.needs:
        exam = conditional_escape(need.exam)
        text = ""
        if need.missing_kinds:
            kinds = mark_safe(", ".join(conditional_escape(kind) for kind in need.missing_kinds))  # noqa: S308  (escaped)
            text = filled(missing, exam_code=need.exam, kinds=kinds)
        if need.real_network_experience_missing:
            text += (" ; " if need.missing_kinds else f"{exam} : ") + no_experience
        if need.reflective_study_missing:
            text += f" ; {no_study}"
        address = conditional_escape(
            record_address("portfolio:learner_dossier", tasks.learner.pk, need.exam)
        )
        written.append(f'<li data-needs="{exam}">{text} — <a href="{address}">{see}</a></li>')
    return mark_safe("".join(written))  # noqa: S308  (every value escaped)
