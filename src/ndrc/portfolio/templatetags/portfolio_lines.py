"""`{% portfolio_rows sheets exam %}`: the rows of one exam's table of a learner's portfolio
(`portfolio/learner.html`) in one string, a row per sheet of the exam, whose template nodes (a
route reversed, three labels and a translated sentence per sheet, for each exam's table) were
most of the page's time."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.ui.lines import day, escaper, filled
from ndrc.core.ui.routes import record_addresses

register = template.Library()


@register.simple_tag
def portfolio_rows(sheets: Iterable[Any], exam: str) -> SafeString:
    """The rows of the sheets of `exam` among `sheets` (read as `portfolio_lines` reads them):
    the sheet's title linked to it, its kind, its status and its attestation's day."""
    address, text = record_addresses("portfolio:sheet"), escaper()
    attested = gettext("attestée le %(day)s")

    def row(sheet: Any) -> str:
        attestation = filled(attested, day=day(sheet.attested_on)) if sheet.is_attested else "—"
        return (
            "<tr>\n"
            f'      <td><a href="{address(sheet.pk)}">{conditional_escape(sheet.title)}</a></td>\n'
            f"      <td>{text(sheet.kind_label() or '—')}</td>\n"
            f'      <td><span class="badge {text(sheet.status)}">'
            f"{text(sheet.get_status_display())}</span></td>\n"
            f"      <td>{attestation}</td>\n"
            "    </tr>"
        )

    # Each value escaped.
    return mark_safe("".join(row(sheet) for sheet in sheets if sheet.exam == exam))  # noqa: S308
