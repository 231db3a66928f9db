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

from ndrc.core.ui.lines import escaper
from ndrc.core.ui.routes import record_addresses
from ndrc.portfolio.selectors.conformity import AT_RISK, ON_TRACK, PENALTY_RISK
from ndrc.regulation.explanation import Message

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
    # A plain text escaped once for the table (the same source, risk or step on every row), as
    # `_shown` escapes it; the internship figures written once for each set of figures.
    # An engine sentence written once for the rows sharing it (the stored checks read together
    # share theirs: `read_stored`), kept with it.
    text = escaper()
    sentences: dict[int, tuple[Message, str]] = {}
    weeks: dict[tuple, str] = {}

    def shown(value: Any) -> str:
        if isinstance(value, Message):
            if (known := sentences.get(id(value))) is None:
                known = sentences[id(value)] = (value, _shown(value))
            return known[1]
        return text(value) if type(value) is str else _shown(value)

    def figures(practice: dict[str, Any] | None) -> str:
        key = tuple(practice.items()) if practice else (practice,)
        if (text := weeks.get(key)) is None:
            text = weeks[key] = _weeks(practice)
        return text

    dossier = record_addresses("portfolio:learner_dossier", exam)
    html = []
    for check in checks:
        risk, name = shown(check.risk), shown(check.learner.full_name)
        findings = "".join(
            f"<li>{'<strong>NV</strong> — ' if finding.effect == 'invalid' else ''}"
            f'{shown(finding.text)} <span class="source">{shown(finding.source)}</span></li>'
            for finding in check.findings
        )
        notes = "".join(f'<li class="muted">{shown(note)}</li>' for note in check.notes)
        pending = "".join(f"<li>{shown(item)}</li>" for item in check.pending)
        html.append(
            f'\n  <tr data-risk="{risk}">\n'
            f'    <td><a href="{dossier(check.learner.pk)}">{name}</a></td>\n'
            f'    <td><span class="badge {risk}">{risks.get(check.risk, unchecked)}</span></td>\n'
            f'    <td class="counts">{figures(check.weeks)}</td>\n'
            f"    <td>{shown(check.error) if check.error else ''}"
            f'<ul class="compact">{findings}{notes}</ul></td>\n'
            f'    <td><ul class="compact">{pending}</ul></td>\n'
            "  </tr>"
        )
    return mark_safe("".join(html))  # noqa: S308  (every value escaped)
