"""The lists of a learner's record (`learners:detail`) in one string each: the links to its
contracts, agreements, CCF situations and documents, its status history and its supervisions'
rows — a link, a date and a translated period on each line, whose template nodes were the
largest part of the page's rendering (as the alternance rows, `core.ui.lines`)."""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ndrc.core.ui.lines import day, escaper, filled
from ndrc.core.ui.routes import record_address, record_addresses

register = template.Library()

MUTED = ' class="muted"'


def _links(lines: list[str], empty: str) -> SafeString:
    """`{% for %}…{% if not forloop.last %}, {% endif %}{% empty %}…{% endfor %}`."""
    return mark_safe(", ".join(lines) if lines else empty)  # noqa: S308  (every value escaped)


def _period(start: date, end: date | None) -> str:
    """A period's dates as the record's `{% blocktranslate %}` wrote them."""
    if end:
        return filled(_("du %(start)s au %(end)s"), start=day(start), end=day(end))
    return filled(_("depuis le %(start)s"), start=day(start))


def _linked(viewname: str, records: list, label: Callable[[Any], str], empty: str) -> SafeString:
    """Each of `records` linked to its page `viewname`, named by `label` (escaped), or `empty`."""
    address = record_addresses(viewname)
    return _links([f'<a href="{address(r.pk)}">{label(r)}</a>' for r in records], empty)


@register.simple_tag
def contract_links(contracts: list) -> SafeString:
    text = escaper()
    return _linked(
        "contracts:contract",
        contracts,
        lambda c: f"{text(c.get_kind_display())} ({text(c.employer.name)})",
        escape(_("aucun contrat")),
    )


@register.simple_tag
def agreement_links(agreements: list) -> SafeString:
    message = _("stage chez %(host)s (%(start)s)")
    return _linked(
        "contracts:agreement",
        agreements,
        lambda a: filled(message, host=a.host.name, start=day(a.start)),
        escape(_("aucune convention de stage")),
    )


@register.simple_tag
def situation_links(situations: list) -> SafeString:
    text = escaper()
    return _linked(
        "assessments:situation",
        situations,
        lambda s: f"{text(s.label)} ({day(s.date)})",
        f'<span class="muted">{escape(_("aucune situation"))}</span>',
    )


@register.simple_tag
def document_links(documents: list) -> SafeString:
    address, text = record_addresses("documents:download"), escaper()
    lines = [
        f'<a href="{address(d.pk)}">{text(d.title)}</a> '
        f'<span class="muted">({day(timezone.localtime(d.created_at))})</span>'
        for d in documents
    ]
    return _links(lines, "")


@register.simple_tag
def period_lines(periods: Iterable[tuple[Any, str]]) -> SafeString:
    text = escaper()
    lines = [f"<li>{text(label)} — {_period(p.start, p.end)}</li>" for p, label in periods]
    empty = f'<li class="muted">{escape(_("Aucun statut enregistré."))}</li>'
    return mark_safe("".join(lines) or empty)  # noqa: S308  (every value escaped)


@register.simple_tag
def supervision_rows(supervisions: list, learner: Any, change: bool) -> SafeString:
    """The supervisions' rows: (supervision, running, the contract or agreement that made it)."""
    company, text = record_addresses("companies:detail"), escaper()
    contract = record_addresses("contracts:contract")
    agreement = record_addresses("contracts:agreement")

    def action(supervision: Any, record: Any) -> str:
        if not change:
            return ""
        if record:
            if getattr(record, "kind", None):
                link = f'<a href="{contract(record.pk)}">{escape(_("selon le contrat"))}</a>'
            else:
                link = f'<a href="{agreement(record.pk)}">{escape(_("selon la convention"))}</a>'
        elif not supervision.end:
            end = record_address("learners:supervision_end", learner.pk, supervision.pk)
            link = f'<a href="{end}">{escape(_("Terminer"))}</a>'
        else:
            link = ""
        return f"<td>{link}</td>"

    rows = [
        f"<tr{'' if running else MUTED}>\n"
        f'      <td><a href="{company(s.contact.company_id)}">'
        f"{text(s.contact.company.name)}</a></td>\n"
        f"      <td>{text(s.contact.full_name)}</td>\n"
        f"      <td>{text(s.get_role_display())}</td>\n"
        f"      <td>{_period(s.start, s.end)}</td>\n"
        f"      {action(s, record)}\n"
        f"    </tr>"
        for s, running, record in supervisions
    ]
    none = escape(_("Aucun encadrement enregistré."))
    empty = f'<tr><td colspan="4" class="muted">{none}</td></tr>'
    return mark_safe("".join(rows) or empty)  # noqa: S308  (every value escaped)
