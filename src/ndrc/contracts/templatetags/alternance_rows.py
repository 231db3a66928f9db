"""`{% contract_rows contracts reachable %}`, `{% agreement_rows agreements reachable %}`: the
rows of the alternance lists in one string each — two lists of 50 rows of links, names and
dates, whose template nodes were most of the page's time (as `portfolio`'s `conformity_rows`).
Each row is a line the view read (`contracts.views.ContractLine`, `AgreementLine`), not a model
instance. `reachable`: the ids of the learners whose pages the reader reaches, their names linked.
`{% pay_schedule_rows schedule %}`: the months of a contract's pay schedule, likewise;
`{% schedule_sources schedule %}`: the steps of its calculation but the months'.
`{% learner_contract_lines contracts %}`, `{% learner_agreement_lines agreements %}`: the
paragraphs of a learner's alternance page (`contracts.views.LearnerContractLine`,
`LearnerAgreementLine`)."""

from collections.abc import Callable
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ndrc.contracts.models import ContractKind
from ndrc.core.ui.formats import money, percent, year_of_training
from ndrc.core.ui.lines import day, escaper, filled
from ndrc.core.ui.routes import record_addresses

register = template.Library()


def _learners(reachable: set[int], text: Callable[[Any], str]) -> Callable[[Any], str]:
    """A row's learner: their name, linked to their alternance where the reader reaches them."""
    address = record_addresses("contracts:learner")

    def learner(record) -> str:
        name = text(record.learner.full_name)
        if record.learner_id not in reachable:
            return name
        return f'<a href="{address(record.learner_id)}">{name}</a>'

    return learner


@register.simple_tag
def contract_rows(contracts, reachable: set[int]) -> SafeString:
    # The kinds' words translated once for the list, the routes read once, a name escaped once.
    text = escaper()
    kinds, learner = _kinds(), _learners(reachable, text)
    address = record_addresses("contracts:contract")
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f"<tr><td>{learner(contract)}</td>"
            f'<td><a href="{address(contract.pk)}">'
            f"{kinds.get(contract.kind) or text(contract.kind)}</a></td>"
            f"<td>{text(contract.employer_name)}</td>"
            f"<td>{day(contract.start)}</td><td>{day(contract.last_day)}</td></tr>"
            for contract in contracts
        )
    )


@register.simple_tag
def agreement_rows(agreements, reachable: set[int]) -> SafeString:
    certified, text = conditional_escape(_("oui")), escaper()
    learner, address = _learners(reachable, text), record_addresses("contracts:agreement")
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f"<tr><td>{learner(agreement)}</td>"
            f'<td><a href="{address(agreement.pk)}">'
            f"{text(agreement.host_name)}</a></td>"
            f"<td>{text(agreement.tutor.full_name)}</td>"
            f"<td>{day(agreement.start)}</td><td>{day(agreement.end)}</td>"
            f"<td>{certified if agreement.certificate_id is not None else '—'}</td></tr>"
            for agreement in agreements
        )
    )


@register.simple_tag
def pay_schedule_rows(schedule) -> SafeString:
    """A row per month, as `{{ value|filter }}` writes each cell (the same `ui_format` filters),
    each value written once: the months of a year share their rate, bracket and amounts."""
    written: dict[tuple, str] = {}

    def once(value, write: Callable[[Any], str]) -> str:
        # Kept for the value as written (a decimal's digits: 600 and 600.00 are equal, not
        # written alike).
        key = (write, type(value), str(value))
        if key not in written:
            written[key] = write(value)
        return written[key]

    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f"<tr><td>{month.month:%m/%Y}</td>"
            f"<td>{once(month.age_bracket, _localized)}</td>"
            f"<td>{once(month.contract_year, _year)}</td>"
            f"<td>{once(month.rate, _percent)}</td>"
            f"<td>{once(month.full_month_minimum, _money)}</td>"
            f"<td>{once(month.days, _localized)}/{once(month.days_in_month, _localized)}</td>"
            f"<td>{once(month.minimum, _money)}</td></tr>"
            for month in schedule.months
        )
    )


def _localized(value) -> str:
    return conditional_escape(localize(value))


def _year(rank) -> str:
    return conditional_escape(year_of_training(rank) or "—")


def _percent(rate) -> str:
    return conditional_escape(percent(rate))


def _money(amount) -> str:
    return conditional_escape(money(amount))


@register.simple_tag
def schedule_sources(schedule) -> SafeString:
    """An item per step of the schedule's explanation but the months' (the rows show them), as
    `{{ step.text }} <span class="source">{{ step.source }}</span>` wrote it."""
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f"<li>{conditional_escape(step.text)} "
            f'<span class="source">{conditional_escape(step.source)}</span></li>'
            for step in schedule.explanation
            if step.rule != "month"
        )
    )


def _kinds() -> dict[str, str]:
    """`get_kind_display`'s words, translated once for the list."""
    return {kind: conditional_escape(str(label)) for kind, label in ContractKind.choices}


@register.simple_tag
def learner_contract_lines(contracts) -> SafeString:
    kinds, address, period = (
        _kinds(),
        record_addresses("contracts:contract"),
        _("du %(start)s au %(end)s"),
    )
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f'<p><a href="{address(contract.pk)}">'
            f"{kinds.get(contract.kind) or conditional_escape(contract.kind)} — "
            f"{conditional_escape(contract.employer_name)}, "
            f"{filled(period, start=day(contract.start), end=day(contract.last_day))}</a></p>"
            for contract in contracts
        )
    )


@register.simple_tag
def learner_agreement_lines(agreements) -> SafeString:
    address, period = record_addresses("contracts:agreement"), _("du %(start)s au %(end)s")
    certified = f" — {conditional_escape(_('attestation reçue'))}"
    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f'<p><a href="{address(agreement.pk)}">{conditional_escape(agreement.host_name)}, '
            f"{filled(period, start=day(agreement.start), end=day(agreement.end))}</a>"
            f"{certified if agreement.certificate_id is not None else ''}</p>"
            for agreement in agreements
        )
    )
