"""`{{ checks|conformity_rows:exam }}`: the rows of a cohort's dossier conformity in one string —
a row per learner of many cells, lists and translated words, whose template nodes were most of
the page's time. The words are translated once for the whole table."""

from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ndrc.core.ui.routes import record_address
from ndrc.portfolio.selectors.conformity import AT_RISK, ON_TRACK, PENALTY_RISK

register = template.Library()


def _shown(value: Any) -> str:
    """A value as the template writes `{{ value }}`: the engine's sentences in the reader's
    language, escaped."""
    return conditional_escape(value if isinstance(value, str) else localize(value))


def _weeks(practice: dict[str, Any] | None) -> str:
    """The internship weeks certified out of those required, and with the planned ones."""
    if practice and practice.get("required"):
        done = _("%(done)s attestées sur %(required)s") % {
            "done": _shown(floatformat(practice.get("certified"), "-1")),
            "required": _shown(practice["required"]),
        }
        html = f'<span data-figure="certified">{done}</span>'
        if practice.get("planned") != practice.get("certified"):
            planned = _("%(weeks)s avec les stages prévus") % {
                "weeks": _shown(floatformat(practice.get("planned"), "-1"))
            }
            html += f'<br><span class="muted">{planned}</span>'
        return html
    if practice and practice.get("apprenticeship"):
        return _("contrat d'apprentissage")
    return "—" if practice else ""


@register.filter
def conformity_rows(checks, exam: str) -> SafeString:
    """A row per learner's check: the link to their dossier, the risk, the internship weeks,
    why (the findings, the notes) and what is still to do."""
    # The catalogue's words, as `{% translate %}` writes them (unescaped: they are the page's).
    risks = {
        AT_RISK: _("à risque : NV"),
        PENALTY_RISK: _("pénalités dans la grille"),
        ON_TRACK: _("en bonne voie"),
    }
    unchecked = _("non contrôlé")
    html = []
    for check in checks:
        risk, name = _shown(check.risk), _shown(check.learner.full_name)
        dossier = record_address("portfolio:learner_dossier", check.learner.pk, exam)
        findings = "".join(
            f"<li>{'<strong>NV</strong> — ' if finding.effect == 'invalid' else ''}"
            f'{_shown(finding.text)} <span class="source">{_shown(finding.source)}</span></li>'
            for finding in check.findings
        )
        notes = "".join(f'<li class="muted">{_shown(note)}</li>' for note in check.notes)
        pending = "".join(f"<li>{_shown(item)}</li>" for item in check.pending)
        html.append(
            f'\n  <tr data-risk="{risk}">\n'
            f'    <td><a href="{dossier}">{name}</a></td>\n'
            f'    <td><span class="badge {risk}">{risks.get(check.risk, unchecked)}</span></td>\n'
            f'    <td class="counts">{_weeks(check.weeks)}</td>\n'
            f"    <td>{_shown(check.error) if check.error else ''}"
            f'<ul class="compact">{findings}{notes}</ul></td>\n'
            f'    <td><ul class="compact">{pending}</ul></td>\n'
            "  </tr>"
        )
    return mark_safe("".join(html))  # noqa: S308  (every value escaped)
