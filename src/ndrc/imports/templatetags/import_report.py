"""`{% import_rows report %}`: the rows of an import's report in one string — a file of a
thousand learners is ten thousand values, and a template node for each was most of the page's
time."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.imports.services.reports import FieldChange, ImportReport, Outcome

register = template.Library()


@register.simple_tag
def import_rows(report: ImportReport) -> SafeString:
    # The words are translated once, not once a line.
    words = {
        Outcome.CREATED: gettext("créé") if report.applied else gettext("à créer"),
        Outcome.CHANGED: gettext("modifié") if report.applied else gettext("à modifier"),
        Outcome.UNCHANGED: gettext("inchangé"),
    }
    rows = []
    for result in report.results:
        created = result.outcome == Outcome.CREATED
        details = "".join(_change(change, created) for change in result.changes)
        if details:
            details = f'<ul class="compact">{details}</ul>'
        rows.append(
            f'<tr class="outcome-{result.outcome}"><td>{result.line}</td>'
            f"<td>{escape(result.record)}</td><td>{escape(words[result.outcome])}</td>"
            f"<td>{details}</td></tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped above)


def _change(change: FieldChange, created: bool) -> str:
    if created:
        return f"<li>{escape(change.label)} : {escape(change.after)}</li>"
    before = escape(change.before) if change.before else "—"
    return f"<li>{escape(change.label)} : {before} → {escape(change.after)}</li>"
