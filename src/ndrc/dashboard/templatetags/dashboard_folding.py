"""A dashboard list's first lines and the lines folded after them (`dashboard/_folded.html`),
and `{% lines items line %}`: the lines of a list in one string, each line written by the
writer named `line` (`LINES`), or by the template `line` included once per item. A list's
lines were a template include each, with a route reversed per line: most of a dashboard's
rendering (as the alternance rows, `contracts.templatetags.alternance_rows`)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from ndrc.assessments.models import Status
from ndrc.core.ui.formats import elide
from ndrc.core.ui.lines import day, filled
from ndrc.core.ui.routes import record_addresses
from ndrc.core.ui.views import FIRST_LINES

register = template.Library()


@register.filter
def shown(items: Sequence) -> Sequence:
    return items[:FIRST_LINES]


@register.filter
def folded(items: Sequence) -> Sequence:
    return items[FIRST_LINES:]


def _place(situation: Any) -> str:
    return f", {conditional_escape(situation.place)}" if situation.place else ""


def _labels() -> Callable[[Any], str]:
    """A situation's `label` for the lines of one list, each exam and situation's once (its
    situation's name is a lookup of every choice)."""
    known: dict[tuple[str, str], str] = {}

    def label(situation: Any) -> str:
        key = (situation.exam, situation.situation)
        if key not in known:
            known[key] = situation.label
        return known[key]

    return label


def _line(data: str, text: str, address: str, action: str, *, end: str = "\n") -> str:
    """One line of a list: the item's `data` attributes, its text, and a link to `address` named
    `action`."""
    return f'<li {data}>{text} — <a href="{address}">{conditional_escape(action)}</a></li>{end}'


def _sheet_lines(sheets: Iterable[Any], message: str, action: str, *, dated: bool) -> str:
    """A sheet to act on: its learner, exam and title (with the day it was submitted if
    `dated`), and a link to it named `action`."""
    address = record_addresses("portfolio:sheet")
    return "".join(
        _line(
            f'data-sheet="{sheet.pk}"',
            filled(
                message,
                name=sheet.learner.full_name,
                exam_code=sheet.exam,
                title=sheet.title,
                **({"day": day(sheet.submitted_on)} if dated else {}),
            ),
            address(sheet.pk),
            action,
        )
        for sheet in sheets
    )


def _to_review(sheets: Iterable[Any]) -> str:
    message = gettext("%(name)s (%(exam_code)s) : « %(title)s », soumise le %(day)s")
    return _sheet_lines(sheets, message, gettext("relire"), dated=True)


def _to_attest(sheets: Iterable[Any]) -> str:
    message = gettext("%(name)s (%(exam_code)s) : « %(title)s »")
    return _sheet_lines(sheets, message, gettext("attester"), dated=False)


def _sitting(situations: Iterable[Any]) -> str:
    """A commission to sit in: its day, the situation and the learner, and its place."""
    address, view = record_addresses("assessments:situation"), gettext("voir la situation")
    label = _labels()
    return "".join(
        _line(
            f'data-situation="{situation.pk}"',
            elide(
                filled(
                    gettext("%(day)s : %(label)s de %(name)s"),
                    day=day(situation.date),
                    label=label(situation),
                    name=situation.learner.full_name,
                )
            )
            + _place(situation),
            address(situation.pk),
            view,
        )
        for situation in situations
    )


def _to_grade_text(situation: Any, label: Callable[[Any], str]) -> str:
    named = {"label": label(situation), "name": situation.learner.full_name}
    if situation.status == Status.GRADE_PROPOSED:
        message = gettext("%(label)s de %(name)s : note %(grade)s proposée, à confirmer")
        return elide(filled(message, grade=situation.grade_text, **named))
    if situation.status == Status.HELD:
        message = gettext(
            "%(label)s de %(name)s (réalisée le %(day)s) : grille à remplir et note à proposer"
        )
    else:
        message = gettext(
            "%(label)s de %(name)s (prévue le %(day)s) : à marquer réalisée, puis grille et note"
        )
    return elide(filled(message, day=day(situation.date), **named))


def _to_grade(situations: Iterable[Any]) -> str:
    address, open_grid = record_addresses("assessments:situation"), gettext("ouvrir la grille")
    label = _labels()
    return "".join(
        _line(
            f'data-situation="{situation.pk}" data-status="{conditional_escape(situation.status)}"',
            _to_grade_text(situation, label),
            address(situation.pk),
            open_grid,
        )
        for situation in situations
    )


def _returned(sheets: Iterable[Any]) -> str:
    """A sheet returned to the learner: its exam, title and comments, and a link to take it up."""
    address, take_up = record_addresses("portfolio:sheet"), gettext("reprendre la fiche")
    return "".join(
        _line(
            f'data-sheet="{sheet.pk}"',
            filled(
                ngettext(
                    "%(exam_code)s : « %(title)s » vous a été renvoyée (%(counter)s commentaire)",
                    "%(exam_code)s : « %(title)s » vous a été renvoyée (%(counter)s commentaires)",
                    sheet.comment_count,
                ),
                exam_code=sheet.exam,
                title=sheet.title,
                counter=sheet.comment_count,
            ),
            address(sheet.pk),
            take_up,
        )
        for sheet in sheets
    )


def _next_situations(situations: Iterable[Any]) -> str:
    """A situation of the learner to come: its day and label, its place, a link to it."""
    address, details = record_addresses("assessments:situation"), gettext("détails")
    return "".join(
        _line(
            f'data-situation="{situation.pk}"',
            filled(gettext("%(day)s : %(label)s"), day=day(situation.date), label=situation.label)
            + _place(situation),
            address(situation.pk),
            details,
        )
        for situation in situations
    )


def _results(situations: Iterable[Any]) -> str:
    """A CCF grade of the learner, a proposal to the jury, and a link to their results."""
    message = gettext(
        "%(label)s : %(grade)s/20, note proposée au jury — elle n'est définitive qu'après la "
        "délibération"
    )
    results, named = conditional_escape(reverse("assessments:my_results")), gettext("mes résultats")
    return "".join(
        _line(
            f'data-situation="{situation.pk}"',
            filled(message, label=situation.label, grade=situation.grade_text),
            results,
            named,
        )
        for situation in situations
    )


def _running(records: Iterable[Any], name: str, message: str, **values: Callable) -> str:
    """A contract or an agreement running: its learner and dates (and what `values` read of
    it), and a link to it (no line break between the lines, as the template wrote them)."""
    address, view = record_addresses(f"contracts:{name}"), gettext("voir")
    return "".join(
        _line(
            f'data-{name}="{record.pk}"',
            filled(
                message,
                name=record.learner.full_name,
                start=day(record.start),
                **{value: read(record) for value, read in values.items()},
            ),
            address(record.pk),
            view,
            end="",
        )
        for record in records
    )


def _contracts(contracts: Iterable[Any]) -> str:
    message = gettext("%(name)s : %(kind)s du %(start)s au %(end)s")
    kinds: dict[str, str] = {}  # each kind's name translated once (a lookup of every choice)

    def kind(contract: Any) -> str:
        if contract.kind not in kinds:
            kinds[contract.kind] = contract.get_kind_display()
        return kinds[contract.kind]

    return _running(
        contracts, "contract", message, kind=kind, end=lambda contract: day(contract.last_day)
    )


def _agreements(agreements: Iterable[Any]) -> str:
    message = gettext("%(name)s : convention de stage du %(start)s au %(end)s")
    return _running(agreements, "agreement", message, end=lambda agreement: day(agreement.end))


def _without_contract(learners: Iterable[Any]) -> str:
    """An apprentice without a running contract: their name and cohort, a link to record one."""
    address = record_addresses("contracts:contract_create")
    message, record = (
        gettext("%(name)s (%(cohort)s) : apprenti sans contrat en cours"),
        gettext("enregistrer le contrat"),
    )
    return "".join(
        _line(
            f'data-without-contract="{learner.pk}"',
            filled(message, name=learner.full_name, cohort=learner.cohort.name),
            address(learner.pk),
            record,
        )
        for learner in learners
    )


def _manager_contracts(contracts: Iterable[Any], message: str, data: str, when: str) -> str:
    """A contract ending or terminated: its learner, employer and day (its attribute `when`),
    and a link to it."""
    address, view = record_addresses("contracts:contract"), gettext("voir le contrat")
    return "".join(
        _line(
            f'{data}data-contract="{contract.pk}"',
            filled(
                message,
                name=contract.learner.full_name,
                employer=contract.employer.name,
                day=day(getattr(contract, when)),
            ),
            address(contract.pk),
            view,
        )
        for contract in contracts
    )


def _contracts_ending(contracts: Iterable[Any]) -> str:
    message = gettext("%(name)s : contrat chez %(employer)s se terminant le %(day)s")
    return _manager_contracts(contracts, message, "", "last_day")


def _contracts_terminated(contracts: Iterable[Any]) -> str:
    message = gettext("%(name)s : contrat chez %(employer)s rompu le %(day)s")
    return _manager_contracts(contracts, message, 'class="todo-warn" ', "termination_date")


def _to_plan(situations: Iterable[Any]) -> str:
    """A CCF situation to plan: its label, learner and cohort, a link to the cohort's plan."""
    address, plan = record_addresses("assessments:cohort"), gettext("plan des CCF")
    message = gettext("%(label)s de %(name)s (%(cohort)s) : à planifier")
    return "".join(
        _line(
            f'data-to-plan="{situation.learner.pk}-{conditional_escape(situation.exam)}'
            f'{conditional_escape(situation.situation)}"',
            elide(
                filled(
                    message,
                    label=situation.label,
                    name=situation.learner.full_name,
                    cohort=situation.learner.cohort.name,
                )
            ),
            address(situation.learner.cohort_id),
            plan,
        )
        for situation in situations
    )


def _dossiers(checks: Iterable[Any]) -> str:
    """A dossier at risk of NV or penalised: its learner (a link to the dossier), what risks it,
    and each finding."""
    addresses: dict[str, Callable[[int], str]] = {}  # each exam's route reversed once
    invalid = gettext("dossier %(exam_code)s non valide (NV)")
    penalised = gettext("dossier %(exam_code)s pénalisé dans la grille")
    written = []
    for check in checks:
        at_risk = check.risk == "at_risk"
        if check.exam not in addresses:
            addresses[check.exam] = record_addresses("portfolio:learner_dossier", check.exam)
        findings = " ; ".join(
            f'<span data-finding="{conditional_escape(finding.code)}">'
            f"{conditional_escape(finding.text)}</span>"
            for finding in check.findings
        )
        learner, exam = check.learner, conditional_escape(check.exam)
        written.append(
            f'<li class="{"todo-bad" if at_risk else "todo-warn"}" '
            f'data-dossier="{learner.pk}-{exam}"><a href="{addresses[check.exam](learner.pk)}">'
            f"{conditional_escape(learner.full_name)}</a> — "
            f"{filled(invalid if at_risk else penalised, exam_code=check.exam)} : {findings}</li>\n"
        )
    return "".join(written)


# The writers of the lines, by name: each writes what its list's line shows, every value escaped.
LINES: dict[str, Callable[[Iterable[Any]], str]] = {
    "manager_without_contract": _without_contract,
    "manager_dossiers": _dossiers,
    "manager_contracts_ending": _contracts_ending,
    "manager_contracts_terminated": _contracts_terminated,
    "manager_to_plan": _to_plan,
    "teacher_to_review": _to_review,
    "teacher_sitting_soon": _sitting,
    "teacher_to_grade": _to_grade,
    "supervisor_to_attest": _to_attest,
    "supervisor_sitting": _sitting,
    "learner_returned": _returned,
    "learner_next_situations": _next_situations,
    "learner_results": _results,
    "supervisor_contracts": _contracts,
    "supervisor_agreements": _agreements,
}


@register.simple_tag
def nothing_to_report() -> SafeString:
    """What an empty list of a dashboard shows (`dashboard/_dashboard_empty.html`)."""
    nothing = conditional_escape(gettext("Rien à signaler."))
    return mark_safe(f'<p class="muted todo-empty">{nothing}</p>')  # noqa: S308  (escaped)


@register.simple_tag(takes_context=True)
def folded_list(context: Context, items: Sequence, line: str, list_url: str = "") -> SafeString:
    """A list of a dashboard (`dashboard/_folded.html`, whose words it writes): its first lines
    (`lines`), the rest folded — loaded when unfolded from `list_url`, the page of the whole
    list, when given; or that nothing is to report."""
    if not items:  # as `dashboard/_dashboard_empty.html` writes it, and the list's line's end
        return mark_safe(nothing_to_report() + "\n\n")  # noqa: S308  (ours)
    with context.push(items=items, item_template=line, list_url=list_url):
        written = f'<ul class="todo-list">{lines(context, shown(items), line)}</ul>\n'
        if rest := folded(items):
            address = conditional_escape(list_url)
            loaded = (
                f' hx-get="{address}" hx-trigger="toggle once" hx-target="find ul"'
                ' hx-swap="outerHTML"'
            )
            count = len(rest)
            others = ngettext("%(counter)s autre", "%(counter)s autres", count) % {"counter": count}
            whole = conditional_escape(gettext("Voir la liste entière"))
            folded_lines = (
                f'<li><a href="{address}" data-list>{whole}</a></li>'
                if list_url
                else lines(context, rest, line)
            )
            written += (
                f'<details class="more"{loaded if list_url else ""}>\n'
                f"  <summary>{others}</summary>\n"
                f'  <ul class="todo-list">{folded_lines}</ul>\n</details>'
            )
    return mark_safe(written + "\n")  # noqa: S308  (every value escaped)


@register.simple_tag(takes_context=True)
def lines(context: Context, items: Iterable[Any], line: str) -> SafeString:
    """The lines of `items`: written by `LINES[line]`, or by the template `line` given `item`."""
    if line in LINES:
        return mark_safe(LINES[line](items))  # noqa: S308  (every value escaped)
    item_template = context.template.engine.get_template(line)
    written = []
    for item in items:
        with context.push(item=item):
            written.append(item_template.render(context))
    return mark_safe("".join(written))  # noqa: S308  (rendered by the templates)


def _conformity_cell(exam: Any, cohort_id: int, address: Callable[[int], str]) -> str:
    """One exam's dossiers of a cohort (a cell of `cohort_lines`):
    the deadline and the days left, and how many are at risk of NV, a link to them."""
    code = conditional_escape(exam.exam)
    if exam.deadline:
        deadline = filled(
            gettext("Dossier %(exam_code)s : dépôt au plus tard le %(day)s"),
            exam_code=exam.exam,
            day=day(exam.deadline),
        )
        days_left = exam.days_left
        if days_left is not None and days_left >= 0:
            left = ngettext("dans %(counter)s jour", "dans %(counter)s jours", days_left)
            deadline += f" ({left % {'counter': days_left}})"
        count = len(exam.at_risk)
        at_risk = ngettext("%(counter)s à risque de NV", "%(counter)s à risque de NV", count) % {
            "counter": count
        }
        link = f'<a href="{address(cohort_id)}" data-at-risk="{count}">{at_risk}</a>'
    else:
        deadline = filled(
            gettext("Dossier %(exam_code)s : date limite de dépôt non fixée"), exam_code=exam.exam
        )
        set_it = conditional_escape(gettext("fixer la date limite"))
        link = f'<a href="{address(cohort_id)}">{set_it}</a>'
    return f'<span class="todo-deadline" data-exam="{code}">{deadline}</span>\n<br>{link}\n'


@register.simple_tag
def cohort_lines(lines: Iterable[Any]) -> SafeString:
    """The rows of the training manager's table of cohorts (`dashboard.selectors.CohortLine`):
    the cohort, each exam's dossiers, a link to its plan of CCF, in one string (12 cohorts of
    two exams were 36 template includes and routes reversed)."""
    cohort_address = record_addresses("learners:cohort")
    plan_address, plan = record_addresses("assessments:cohort"), gettext("plan des CCF")
    conformity: dict[str, Callable[[int], str]] = {}  # each exam's route reversed once
    written = []
    for line in lines:
        cohort = line.cohort
        counted = ngettext(
            "%(counter)s apprenant, session %(session)s",
            "%(counter)s apprenants, session %(session)s",
            cohort.learner_count,
        ) % {"counter": cohort.learner_count, "session": cohort.exam_session}
        cells = []
        for exam in line.conformity:
            if exam.exam not in conformity:
                conformity[exam.exam] = record_addresses("portfolio:cohort_conformity", exam.exam)
            cells.append(
                f'<td data-exam="{conditional_escape(exam.exam)}">'
                f"{_conformity_cell(exam, cohort.pk, conformity[exam.exam])}</td>"
            )
        written.append(
            f'<tr data-cohort="{cohort.pk}">\n'
            f'      <th scope="row"><a href="{cohort_address(cohort.pk)}">'
            f'{conditional_escape(cohort.name)}</a> <span class="muted">({counted})</span></th>\n'
            f"      {''.join(cells)}\n"
            f'      <td><a href="{plan_address(cohort.pk)}">{conditional_escape(plan)}</a></td>\n'
            "    </tr>"
        )
    return mark_safe("".join(written))  # noqa: S308  (every value escaped)
