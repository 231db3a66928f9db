"""The rows of a record's history, written as one string (`history_lines`), are the HTML the
history's template loop wrote: the local date and time, the author, the action and the changes,
each escaped, in French and in English (issue 12)."""

from datetime import UTC, datetime

from django.template import engines
from django.utils import translation

from ndrc.core.ui.history import Change, HistoryRow

# The rows as `ui/_history.html` wrote them, a node per cell, before.
BEFORE = """{% load i18n ui_history %}<tbody>{% for row in history %}<tr>
    <td>{{ row.at|date:"d/m/Y H:i" }}</td>
    <td>{{ row.actor }}</td>
    <td>{{ row.action }} — {{ row.record }}</td>
    <td><ul class="compact">{% history_changes row %}</ul></td>
  </tr>{% empty %}<tr><td colspan="4" class="muted">{% translate "Aucune modification enregistrée." %}</td></tr>{% endfor %}</tbody>"""  # noqa: E501

AFTER = "{% load ui_history %}<tbody>{% history_lines history %}</tbody>"


def _history() -> list[HistoryRow]:
    changes = (Change("Nom", "Dupré", "<b>Dupré & fils</b>"), Change("Ville", "—", "Lyon"))
    return [
        # 23:05 UTC on 30 April: 1 May at 01:05 in Paris, as the template's `date` wrote it.
        HistoryRow(
            datetime(2025, 4, 30, 23, 5, tzinfo=UTC), "Léa <Perrin>", "update", "Modification",
            "Apprenant « O'Neil & Co »", changes,
        ),
        HistoryRow(
            datetime(2026, 1, 9, 7, 45, 59, tzinfo=UTC), "—", "create", "Création",
            "Encadrement", changes[:1],
        ),
    ]  # fmt: skip


def test_the_history_rows_are_the_html_the_template_wrote():
    engine = engines["django"]
    before, after = engine.from_string(BEFORE), engine.from_string(AFTER)
    for history in (_history(), []):
        for language in ("fr", "en"):
            with translation.override(language):
                context = {"history": history}
                assert after.render(context) == before.render(context), language
    html = after.render({"history": _history()})
    assert "<td>01/05/2025 01:05</td>" in html and "Léa &lt;Perrin&gt;" in html
