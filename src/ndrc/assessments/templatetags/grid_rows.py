"""`{% grid_rows rows %}`: the rows of a situation's evaluation grid in one string — a row per
critère (twenty or so), whose template nodes (an included row, its scale of levels) were the
largest part of the situation's page. `{% grid_row row %}`: one of them, as a rating sends it
back. Both read from the context the situation, `may_rate` (a select of the levels, or the
level in words) and `error` (a refused rating, under its select)."""

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ndrc.assessments.models import Level
from ndrc.assessments.selectors import GridRow
from ndrc.core.ui.routes import record_address

register = template.Library()


class _Writer:
    """The words and the situation's address of every row, made once for the grid."""

    def __init__(self, context: template.Context) -> None:
        self.situation = context.get("situation")
        self.may_rate = context.get("may_rate")
        self.error = context.get("error")
        self.levels = [(value, conditional_escape(label)) for value, label in Level.choices]
        self.words = {value: label for value, label in self.levels}
        self.unrated = f'<span class="muted">{conditional_escape(_("non évalué"))}</span>'

    def row(self, row: GridRow) -> str:
        code = conditional_escape(row.code)
        assessed = ' class="assessed"' if row.assessed else ""
        return (
            f'<tr id="row-{code}"{assessed}>\n'
            f'  <td><span class="muted">{code}</span><br>{conditional_escape(row.text)}</td>\n'
            f"  <td>\n  {self._select(row, code) if self.may_rate else self._level(row)}\n"
            f"  </td>\n</tr>\n"
        )

    def _level(self, row: GridRow) -> str:
        words = self.words.get(row.level, "")
        if not row.level:
            words += self.unrated
        return f"\n    {words}\n  "

    def _select(self, row: GridRow, code: str) -> str:
        address = record_address("assessments:rate", self.situation.pk, row.code)
        options = "".join(
            f'<option value="{value}"{" selected" if row.level == value else ""}>{label}</option>'
            for value, label in self.levels
        )
        error = f'<p class="field-error">{conditional_escape(self.error)}</p>' if self.error else ""
        return (
            f'\n    <select name="level" aria-label="{conditional_escape(_("Niveau"))} {code}"\n'
            f'            hx-post="{conditional_escape(address)}" hx-trigger="change"\n'
            f'            hx-target="#row-{code}" hx-swap="outerHTML">\n'
            f'      <option value="">{conditional_escape(_("— non évalué —"))}</option>\n'
            f"      {options}\n"
            f"    </select>\n"
            f"    {error}\n  "
        )


@register.simple_tag(takes_context=True)
def grid_rows(context: template.Context, rows: Iterable[GridRow]) -> SafeString:
    # One writer for the grid's competences, each a call: its words translated once.
    writer = context.render_context.get(_Writer) or context.render_context.setdefault(
        _Writer, _Writer(context)
    )
    return mark_safe("".join(writer.row(row) for row in rows))  # noqa: S308  (values escaped)


@register.simple_tag(takes_context=True)
def grid_row(context: template.Context, row: GridRow) -> SafeString:
    return mark_safe(_Writer(context).row(row))  # noqa: S308  (values escaped)
