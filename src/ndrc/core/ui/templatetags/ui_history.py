"""The changes of a history row (`ndrc.core.ui.history.HistoryRow`), written in one string:
`{% history_changes row %}` (a record's creation lists dozens of fields; a template node a field
was most of the history's rendering)."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.ui.history import HistoryRow
from ndrc.core.ui.lines import filled

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
