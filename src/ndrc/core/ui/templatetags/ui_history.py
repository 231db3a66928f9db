"""The changes of a history row (`ndrc.core.ui.history.HistoryRow`), written in one string:
`{% history_changes row %}` (a record's creation lists dozens of fields; a template node a field
was most of the history's rendering); the rows themselves, `{% history_lines history %}`: a date,
an author and an action on each, a node each on every record page."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.ui.history import HistoryRow
from ndrc.core.ui.lines import escaper, filled, moment

register = template.Library()


@register.simple_tag
def history_changes(row: HistoryRow) -> SafeString:
    """The row's changes as the items of a list: each field with its value on creation and on
    deletion, with its values before and after on update (each value escaped)."""
    if row.kind in ("create", "delete"):
        sentence = gettext("<strong>%(field)s</strong> : %(value)s")
        side = "after" if row.kind == "create" else "before"
        shown = ({"field": c.field, "value": getattr(c, side)} for c in row.changes)
    else:
        sentence = gettext("<strong>%(field)s</strong> : %(before)s → %(after)s")
        shown = ({"field": c.field, "before": c.before, "after": c.after} for c in row.changes)
    return mark_safe(  # noqa: S308  (the values escaped, the sentence is ours)
        "".join(f"<li>{filled(sentence, **values)}</li>" for values in shown)
    )


@register.simple_tag
def history_lines(history: list[HistoryRow]) -> SafeString:
    """The history's rows: when (`|date:"d/m/Y H:i"`, the local time), who, what, the changes."""
    text = escaper()  # an author, an action on many rows: escaped once

    rows = [
        f"<tr>\n"
        f"    <td>{moment(row.at)}</td>\n"
        f"    <td>{text(row.actor)}</td>\n"
        f"    <td>{text(row.action)} — {text(row.record)}</td>\n"
        f'    <td><ul class="compact">{history_changes(row)}</ul></td>\n'
        f"  </tr>"
        for row in history
    ]
    none = escape(gettext("Aucune modification enregistrée."))
    empty = f'<tr><td colspan="4" class="muted">{none}</td></tr>'
    return mark_safe("".join(rows) or empty)  # noqa: S308  (every value escaped)
