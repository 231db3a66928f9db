"""Reads of contracts, internship agreements and certificates, filtered by who may see them.

| relationship | sees |
|---|---|
| training manager, exam office of the centre | every contract and agreement of the centre |
| teacher assigned to the cohort | those of the cohort (read-only) |
| the learner | their own (read-only) |
| apprenticeship master / internship tutor | the contracts / agreements they are named in |
| administrator | everything |

Writes (create, change, delete) belong to whoever may change the learner's record (managers).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_noop

from ndrc.contracts.models import (
    Contract,
    ContractKind,
    InternshipAgreement,
    InternshipCertificate,
    InternshipReduction,
)
from ndrc.core.permissions import (
    Access,
    Action,
    get_record_for,
    is_administrator,
    rule,
    today,
    within_reach,
)
from ndrc.learners.models import CategoryPeriod, Learner
from ndrc.learners.selectors import (
    NO_BRANCH,
    holds_supervisor_role,
    learner_permissions,
    of_centres,
    own_record,
    reach_of,
    reaches_every_record_of,
    staff_centres,
    taught_by,
)
from ndrc.regulation import contracts as engine
from ndrc.regulation import internships, masters
from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Message, message_data, sentences
from ndrc.regulation.parameters import parameter
from ndrc.regulation.pay import PreviousContract


def legal_weekly_hours(on: date) -> Decimal:
    """The weekly hours of a contract or an internship agreement that says none: the legal
    working week in force on `on` (Code du travail, L3121-27; `wages/legal_weekly_hours`)."""
    return Decimal(parameter("wages/legal_weekly_hours").at(on).value)


def _reach(user: Any, person_field: str, on: date, *, staff_only: bool = False) -> Q | None:
    """None: everything; else the Q of the records the user may see on `on`. The master or
    tutor a record names reads it until the supervision it made ends (until the record's own
    end while it made none, e.g. an agreement not signed yet), as they reach the learner.
    `staff_only`: the branch of the centres where `user` is staff alone."""
    if is_administrator(user):
        return None
    centres = staff_centres(user)  # as `reaches_every_record_of` knows them
    staff = of_centres(centres, "learner__cohort__training_centre_id")
    if staff_only:
        return staff
    # Staff of no centre (a master, a tutor, a learner): no branch to compile, nor cohort to join.
    return reach_of(
        staff,
        taught_by(user, "learner__cohort"),
        own_record(user, "learner__user"),
        _named(user, person_field, on) if holds_supervisor_role(user) else NO_BRANCH,
    )


def _named(user: Any, person_field: str, on: date) -> Q:
    """The records naming `user` (as their `person_field`) that they read as such on `on`: until
    the supervision the record made ends (until the record's own end while it made none)."""
    supervising = (
        Q(supervision__isnull=True, end__gte=on)
        | Q(supervision__isnull=False, supervision__end__isnull=True)
        | Q(supervision__end__gte=on)
    )
    return Q(**{f"{person_field}__user": user}) & supervising


def contracts_supervised_by(user: Any, *, on: date | None = None) -> QuerySet[Contract]:
    """The contracts naming `user` their apprenticeship master that they reach as such on `on`
    (today by default; the master's branch of `visible_contracts`): none without a master's or
    tutor's role, nor of an erased learner. What the follow-up gives a master goes with it."""
    if not user.is_authenticated or not user.is_active or not holds_supervisor_role(user):
        return Contract.objects.none()
    return Contract.objects.filter(
        _named(user, "apprenticeship_master", on or today()), learner__erased_on__isnull=True
    )


def _visible(
    queryset: QuerySet,
    user: Any,
    person_field: str,
    on: date | None,
    learner: Learner | None,
    staff_only: bool = False,
) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if learner is not None:
        queryset = queryset.filter(learner=learner)
        if reaches_every_record_of(user, learner):
            return queryset  # no condition to build nor compile
    queryset = queryset.filter(learner__erased_on__isnull=True)
    reach = _reach(user, person_field, on or today(), staff_only=staff_only)
    return queryset if reach is None else queryset.filter(reach)


def visible_contracts(
    user: Any, *, on: date | None = None, learner: Learner | None = None, staff_only: bool = False
) -> QuerySet[Contract]:
    """The contracts the user may see on `on` (today by default): a master those naming them.
    Given `learner` (read within `user`'s reach, with its cohort), those of the learner.
    `staff_only`: those of the centres where `user` is staff alone (`_get_for`)."""
    base = Contract.objects.select_related(
        "learner", "learner__cohort", "employer", "apprenticeship_master"
    )
    return _visible(base, user, "apprenticeship_master", on, learner, staff_only)


def visible_agreements(
    user: Any, *, on: date | None = None, learner: Learner | None = None, staff_only: bool = False
) -> QuerySet[InternshipAgreement]:
    """The agreements the user may see on `on` (today by default): a tutor only those of their
    own interns. Given `learner` (read within `user`'s reach, with its cohort), those of the
    learner. `staff_only`: those of the centres where `user` is staff alone (`_get_for`)."""
    base = InternshipAgreement.objects.select_related(
        "learner", "learner__cohort", "host", "tutor", "certificate"
    )
    return _visible(base, user, "tutor", on, learner, staff_only)


def _with_last_day(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """`contracts` with `last`, their last day (`Contract.last_day`) in the database."""
    return contracts.alias(last=Coalesce("termination_date", "prorogation_end", "end"))


def running_contracts(on: date, contracts: QuerySet[Contract] | None = None) -> QuerySet[Contract]:
    """The contracts (among `contracts`, every one by default) running on `on`: begun, and not
    past their last day (termination, or prorogation, or end)."""
    among = Contract.objects.all() if contracts is None else contracts
    return _with_last_day(among).filter(start__lte=on, last__gte=on)


def contracts_ending(
    contracts: QuerySet[Contract], *, start: date, end: date
) -> QuerySet[Contract]:
    """Among `contracts`, those not terminated whose last day falls within [start, end]."""
    return _with_last_day(contracts.filter(termination_date__isnull=True)).filter(
        last__gte=start, last__lte=end
    )


def contracts_terminated_in_month(contracts: QuerySet[Contract], *, on: date) -> QuerySet[Contract]:
    """Among `contracts`, those terminated in the month of `on`."""
    return contracts.filter(termination_date__year=on.year, termination_date__month=on.month)


def apprentices_without_contract(learners: QuerySet[Learner], *, on: date) -> list[Learner]:
    """Among `learners`, those whose category on `on` is an apprenticeship and who have no
    contract running that day (in two queries)."""
    covered = running_contracts(on).filter(learner=OuterRef("pk"))
    # Only those who were ever apprentices are loaded (a centre's students are left in the
    # database); which category applies on `on` is `Learner.category_on`'s to say.
    ever = CategoryPeriod.objects.filter(
        learner=OuterRef("pk"), candidate_category__startswith="apprenti"
    )
    learners = learners.filter(Exists(ever), ~Exists(covered)).prefetch_related("category_periods")
    return [
        learner for learner in learners if (learner.category_on(on) or "").startswith("apprenti")
    ]


def _changes(learner_allowed: dict[str, bool]) -> bool:
    """Whether a reader of a contract or agreement may change it, from what they may do on its
    learner's record (`learner_permissions`): who may change the record."""
    return learner_allowed[Action.CHANGE]


def _record_rule(visible: Callable[[Any], QuerySet], user: Any, action: Action, obj: Any) -> Access:
    if not within_reach(user, obj, visible):
        return Access.HIDDEN
    if action in (Action.VIEW, Action.VIEW_HISTORY):
        return Access.ALLOWED
    return Access.ALLOWED if _changes(learner_permissions(user, obj.learner)) else Access.DENIED


def record_permissions(user: Any, record: Contract | InternshipAgreement) -> dict[str, bool]:
    """What a contract's or agreement's page asks of a record `user` sees (`get_contract_for`,
    `get_agreement_for`): "change", whether they may change it, and "learner", whether they
    reach its learner's pages; the relationships to the learner read once for both."""
    allowed = learner_permissions(user, record.learner)
    return {"change": _changes(allowed), "learner": allowed[Action.VIEW]}


@rule(Contract)
def _contract_rule(user: Any, action: Action, contract: Contract) -> Access:
    return _record_rule(visible_contracts, user, action, contract)


@rule(InternshipAgreement)
def _agreement_rule(user: Any, action: Action, agreement: InternshipAgreement) -> Access:
    return _record_rule(visible_agreements, user, action, agreement)


@rule(InternshipCertificate)
def _certificate_rule(user: Any, action: Action, certificate: InternshipCertificate) -> Access:
    return _agreement_rule(user, action, certificate.agreement)


def _get_for(
    visible: Callable[..., QuerySet], user: Any, pk: int, action: Action | str, not_found: str
) -> Any:
    """`get_record_for` among `visible(user)`. Staff of a centre (a manager, the exam office:
    their roles say so, no query) look for it first among their centres' records, the branch
    of the reach that holds for every record of their learners (`reaches_every_record_of`):
    the reach's other branches (the supervisions joined, the own record) are built and compiled
    only when it is not there."""
    if staff_centres(user) and user.is_active and not is_administrator(user):
        try:
            return get_record_for(
                user, visible(user, staff_only=True), pk, action, not_found=not_found
            )
        except Http404:
            pass  # not a record of their centres: maybe within another branch of their reach
    return get_record_for(user, visible(user), pk, action, not_found=not_found)


def get_contract_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Contract:
    """The contract `pk` if `user` may do `action`: Http404 out of reach, 403 if forbidden."""
    return _get_for(visible_contracts, user, pk, action, "Contrat introuvable.")


def get_agreement_for(
    user: Any, pk: int, action: Action | str = Action.VIEW
) -> InternshipAgreement:
    """The agreement `pk` if `user` may do `action`: Http404 out of reach, 403 if forbidden."""
    return _get_for(visible_agreements, user, pk, action, "Convention de stage introuvable.")


# --- Contracts: the engine's views of a contract -------------------------------------------


def contract_review(contract: Contract) -> engine.ContractReview:
    """The engine's general checks of a contract (saved or about to be), and those of the
    master or tutor it names."""
    review = engine.review_contract(
        kind=contract.kind,
        birth_date=contract.learner.birth_date,
        start=contract.start,
        end=contract.end,
        cycle_start=contract.cycle_start,
        disability=contract.disability,
        age_exception=contract.age_exception or None,
        previous_contract_end=contract.previous_contract_end,
        prorogation_end=contract.prorogation_end,
    )
    return engine.ContractReview(review.checks + master_checks(contract))


def stored_review(contract: Contract) -> list[dict[str, Any]]:
    """The checks kept when the contract was last saved, to show in the reader's language. A
    check kept as plain French text (saved before the checks were kept with their templates)
    takes the template of the check the current code writes in the very same words; one the
    code now words differently stays as it was kept (never rewritten)."""
    review = contract.review
    if all(check.get("message_data") or not check.get("message") for check in review):
        return review
    try:
        messages = [check.message for check in contract_review(contract).checks]
    except InputError:
        return review
    current = {str(m): m for m in messages if isinstance(m, Message)}
    return [
        {**check, "message_data": message_data(current[check["message"]])}
        if not check.get("message_data") and check.get("message") in current
        else check
        for check in review
    ]


# The rules of ndrc.regulation.masters a contract's review may hold.
MASTER_RULES = frozenset(
    {masters.QUALIFICATION, masters.TUTOR_EXPERIENCE, masters.APPRENTICES_PER_MASTER,
     masters.TUTOR_LOAD}
)  # fmt: skip


def _as_contract_check(rule: str, result: masters.MasterCheck, who: str) -> engine.ContractCheck:
    """A master check as a contract check: a warning to confirm (see docs/masters.md). `who`
    names the master (and the day) the check is about."""
    texts = (
        [step.text for step in result.explanation]
        if result.eligible
        else [
            Message(gettext_noop("%(message)s (%(article)s)"), message=v.message, article=v.article)
            for v in result.violations
        ]
    )
    message = Message(gettext_noop("%(who)s : %(texts)s"), who=who, texts=sentences(texts))
    return engine.ContractCheck(rule, result.eligible, engine.WARNING, message, result.explanation)


def _master_profile(contact: Any) -> masters.Master | None:
    """The master's qualifications as recorded on their contact; None when not recorded."""
    if contact.related_experience_years is None:
        return None
    diplomas = ()
    if contact.related_diploma_level:
        diplomas = (masters.Diploma(field_related=True, level=contact.related_diploma_level),)
    return masters.Master(diplomas, contact.related_experience_years, contact.is_employer)


def master_checks(contract: Contract) -> tuple[engine.ContractCheck, ...]:
    """The legal conditions on the master or tutor the contract names (ndrc.regulation.masters):
    their qualification on the start date, when recorded on their contact, and the learners
    they would supervise at once on each day their load may grow during the contract."""
    contact = contract.apprenticeship_master
    try:
        target_level = parameter("masters/target_level").at(contract.start).value
    except LookupError:
        return ()  # before the rules encoded (2019)
    person = _master_profile(contact)
    if person is None:
        explanation = Explanation()
        message = Message(
            gettext_noop(
                "%(name)s : qualifications non renseignées sur la fiche du contact, la "
                "compétence professionnelle (R. 6223-22, D. 6325-6) n'est pas vérifiée."
            ),
            name=contact.full_name,
        )
        explanation.add(masters.QUALIFICATION, "Code du travail, R. 6223-22", message)
        qualification = engine.ContractCheck(
            masters.QUALIFICATION, True, engine.WARNING, message, explanation.freeze()
        )
    else:
        result = masters.check_qualification(
            contract_type=contract.kind, on=contract.start, master=person,
            target_level=target_level,
        )  # fmt: skip
        rule = (
            masters.QUALIFICATION
            if contract.kind == ContractKind.APPRENTICESHIP
            else masters.TUTOR_EXPERIENCE
        )
        qualification = _as_contract_check(rule, result, contact.full_name)
    # What the load asks of the master's other contracts: their kind and their days (not their
    # review, clauses nor pay, read and decoded for nothing).
    others = [
        other
        for other in Contract.objects.filter(
            apprenticeship_master=contact, start__lte=contract.last_day
        )
        .exclude(pk=contract.pk)
        .only("kind", "start", "end", "prorogation_end", "termination_date")
        if other.last_day >= contract.start
    ]
    load_rule = (
        masters.APPRENTICES_PER_MASTER
        if contract.kind == ContractKind.APPRENTICESHIP
        else masters.TUTOR_LOAD
    )
    days = sorted({contract.start} | {o.start for o in others if o.start > contract.start})
    for day in days:
        current = tuple(
            masters.CurrentLearner(
                "apprentice" if other.kind == ContractKind.APPRENTICESHIP else other.kind,
                extended_after_failed_exam=other.prorogation_end is not None and day > other.end,
            )
            for other in others
            if other.start <= day <= other.last_day
        )
        result = masters.check_load(
            contract_type=contract.kind, on=day, current_learners=current,
            is_employer=contact.is_employer,
        )  # fmt: skip
        if not result.eligible or day == days[-1]:
            break
    who = Message(gettext_noop("%(name)s, le %(day)s"), name=contact.full_name, day=day)
    load = _as_contract_check(load_rule, result, who)
    return qualification, load


def pay_schedule(contract: Contract) -> engine.PaySchedule:
    """The legal minimum pay month by month, to the contract's last day (rupture included)."""
    if contract.kind == ContractKind.PROFESSIONALISATION:
        return engine.professionalisation_pay_schedule(
            birth_date=contract.learner.birth_date,
            start=contract.start,
            end=contract.last_day,
            qualification=contract.qualification,
            branch_minimum=contract.conventional_minimum,
        )
    previous = None
    if contract.previous_last_year_rate is not None:
        previous = PreviousContract(
            diploma_obtained=contract.previous_diploma_obtained,
            same_employer=contract.previous_same_employer,
            last_year_rate=contract.previous_last_year_rate,
        )
    return engine.apprentice_pay_schedule(
        birth_date=contract.learner.birth_date,
        start=contract.start,
        end=contract.last_day,
        credited_years=contract.credited_years,
        plus_15_points=contract.plus_15_points,
        previous_contract=previous,
        conventional_minimum=contract.conventional_minimum,
    )


# --- Internship agreements: the engine's checks ----------------------------------------------


def school_year_of(day: date) -> str:
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def _school_years(start: date, end: date) -> list[str]:
    years = []
    day = start
    while day <= end:
        years.append(school_year_of(day))
        day = date(int(years[-1][:4]) + 1, 9, 1)
    return years


def _overlapping(queryset: QuerySet, start: date, end: date) -> QuerySet:
    return queryset.filter(start__lte=end, end__gte=start)


def _most_at_once(others: list[InternshipAgreement], days: list[tuple[date, date]]) -> int:
    """The largest number of `others` overlapping one of the `days` ranges."""
    return max(
        (sum(1 for a in others if a.start <= last and a.end >= first) for first, last in days),
        default=0,
    )


def agreement_checks(
    *,
    learner: Learner,
    host: Any,
    tutor: Any,
    start: date,
    end: date,
    weekly_hours: Decimal,
    exclude_pk: int | None = None,
) -> list[internships.Check]:
    """The engine's limits for a new (or changed) agreement, with the others already recorded:
    the host's quota (R. 124-10), 3 interns per tutor (R. 124-13), 6 months per school year with
    one host (L. 124-5), and 4 weeks of summer rest for students (annexe III b, II.1)."""
    others = InternshipAgreement.objects.exclude(pk=exclude_pk)
    checks = []

    # Quota: interns of the host in the same calendar week, the new one included.
    at_host = list(_overlapping(others.filter(host=host), start, end))
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append((monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    headcount = Decimal(host.headcount)
    quota = internships.intern_quota(
        headcount_last_day=headcount, average_headcount_12_months=headcount, on=start
    )
    checks.append(
        internships.check_quota(interns_in_week=_most_at_once(at_host, weeks) + 1, quota=quota)
    )

    # Tutor: interns at once, on each day one of the periods starts.
    of_tutor = list(_overlapping(others.filter(tutor=tutor), start, end))
    days = [(start, start)] + [(a.start, a.start) for a in of_tutor if a.start > start]
    checks.append(
        internships.check_tutor_limit(interns_of_tutor=_most_at_once(of_tutor, days) + 1, on=start)
    )

    # Six months per school year with the same host, and the summer rest, per school year.
    own = list(others.filter(learner=learner))
    periods = [(a.start, a.end, a.weekly_hours, a.host_id) for a in own]
    periods.append((start, end, weekly_hours, host.pk))
    route = internships.required_practice(_category(learner, start)).route
    for year in _school_years(start, end):
        first, last = internships.school_year_bounds(year)
        hours = Decimal(0)
        for p_start, p_end, p_hours, p_host in periods:
            if p_host != host.pk or p_end < first or p_start > last:
                continue
            planned = internships.planned_hours(
                start=max(p_start, first), end=min(p_end, last), weekly_hours=p_hours
            )
            hours += sum((m.hours for m in planned), Decimal(0))
        checks.append(internships.check_host_cap(school_year=year, hours_with_host=hours))
        if route == "student":
            summer_start, summer_end, _ = internships.summer_holidays(year)
            checks.append(
                internships.check_summer_rest(
                    summer_start=summer_start,
                    summer_end=summer_end,
                    periods=[
                        internships.InternshipPeriod("", p_start, p_end)
                        for p_start, p_end, *_rest in periods
                        if p_start <= last and p_end >= first
                    ],
                )
            )
    return checks


def _category(learner: Learner, on: date) -> str:
    return learner.category_on(on) or learner.current_category or "scolaire"


def agreement_stipend(agreement: InternshipAgreement) -> list[internships.Stipend]:
    """The minimum stipend owed by the host, per school year the agreement touches, counting the
    learner's other agreements with the same host that year (L. 124-6)."""
    results = []
    same_host = agreement.learner.internship_agreements.filter(host=agreement.host)
    for year in _school_years(agreement.start, agreement.end):
        first, last = internships.school_year_bounds(year)
        by_month: dict[date, Decimal] = {}
        for other in _overlapping(same_host, first, last):
            for month in internships.planned_hours(
                start=max(other.start, first),
                end=min(other.end, last),
                weekly_hours=other.weekly_hours,
            ):
                by_month[month.month] = by_month.get(month.month, Decimal(0)) + month.hours
        months = [internships.MonthHours(m, h) for m, h in sorted(by_month.items())]
        results.append(internships.internship_stipend(school_year=year, months=months))
    return results


@dataclass(frozen=True)
class InternshipWeeks:
    """One internship of the learner: certified (its certificate's dates) or planned (the
    agreement's dates, no certificate yet), and its weeks as the engine counts them."""

    agreement: InternshipAgreement
    certificate: InternshipCertificate | None
    start: date
    end: date
    weeks: Fraction

    @property
    def certified(self) -> bool:
        return self.certificate is not None


@dataclass(frozen=True)
class InternshipTotals:
    """The running total of a learner's internship weeks against their requirement: the one
    source of the figures shown on the alternance page and on the dossier conformity pages."""

    category: str
    on: date
    internships: tuple[InternshipWeeks, ...]
    certified: internships.InternshipProgress  # certificates only
    with_planned: internships.InternshipProgress  # certificates and agreements to come
    # Read when first asked (the dashboard, which shows only the weeks, never asks).
    apprenticeship_contracts: Sequence[Contract]
    reduction: InternshipReduction | None
    reduction_error: str = ""  # the engine refused the recorded reduction for this category

    @property
    def invalid_risk(self) -> bool:
        # NV (annexe II d, conformity control): a duration below the requirement or a missing
        # certificate makes the E4 and E6 dossiers invalid.
        return not self.with_planned.complete

    @property
    def missing_certificates(self) -> bool:
        return not self.certified.complete

    @property
    def reduced_to_weeks(self) -> int | None:
        """The reduction applied to the requirement (None: none, or refused by the engine)."""
        return None if self.reduction is None or self.reduction_error else self.reduction.weeks

    @property
    def certificates(self) -> list[InternshipWeeks]:
        return [item for item in self.internships if item.certified]


def internship_progress(
    learner: Learner, *, on: date, category: str | None = None
) -> InternshipTotals:
    """The learner's internship weeks: certified (certificates) and planned (agreements without
    a certificate yet), against what their category on `on` (or `category`) requires, reduced
    when a reduction was decided (annexe III b, III); and their apprenticeship contracts, whose
    copy replaces the internship certificates (annexe III b, II.2)."""
    category = category or _category(learner, on)
    # A cohort's learners come with these records loaded by `internship_prefetch()`.
    if hasattr(learner, "prefetched_agreements"):
        reduction = learner.prefetched_reduction
        agreements = learner.prefetched_agreements
        contracts: Sequence[Contract] = tuple(
            c for c in learner.prefetched_contracts if c.kind == ContractKind.APPRENTICESHIP
        )
    else:
        reduction = InternshipReduction.objects.filter(learner=learner).first()
        agreements = learner.internship_agreements.select_related("host", "certificate").order_by(
            "start", "pk"
        )
        contracts = (  # a query read when first asked: none for who does not
            learner.contracts.filter(kind=ContractKind.APPRENTICESHIP)
            .order_by("start")
            .select_related("employer")
        )
    items = []
    for agreement in agreements:
        certificate = getattr(agreement, "certificate", None)
        dated = certificate or agreement
        weeks = internships.period_weeks(dated.start, dated.end)
        items.append(InternshipWeeks(agreement, certificate, dated.start, dated.end, weeks))

    def progress(selected: list[InternshipWeeks], reduced: int | None):
        periods = [
            internships.InternshipPeriod(item.agreement.host.name, item.start, item.end)
            for item in selected
        ]
        return internships.internship_progress(
            category=category, periods=periods, reduced_to_weeks=reduced
        )

    reduced, error = reduction.weeks if reduction else None, ""
    try:
        internships.required_practice(category, reduced_to_weeks=reduced)
    except InputError as refused:
        # Shown to the manager; the requirement is then the category's full duration.
        reduced, error = None, str(refused).removeprefix("reduced_to_weeks : ")
    return InternshipTotals(
        category=category,
        on=on,
        internships=tuple(items),
        certified=progress([i for i in items if i.certified], reduced),
        with_planned=progress(items, reduced),
        apprenticeship_contracts=contracts,
        reduction=reduction,
        reduction_error=error,
    )


def internship_progress_lacking(learner: Learner, *, on: date) -> InternshipTotals | None:
    """`internship_progress` of a learner whose internship weeks may lack on `on` (what their
    dossiers lack: the dashboard); None, with nothing read, when their category's requirement
    is met with no internship at all (an apprentice's contract, a worker's certificates prove
    the practice: annexe III b, II.2): then no agreement nor reduction can make it lack."""
    category = _category(learner, on)
    if internships.internship_progress(category=category, periods=[]).complete:
        return None
    return internship_progress(learner, on=on, category=category)


def internship_prefetch() -> tuple[Prefetch, ...]:
    """What `internship_progress` reads of a learner, to load for many learners at once
    (`Learner.objects.prefetch_related(*internship_prefetch())`): one query per relation
    instead of three per learner."""
    return (
        Prefetch(
            "internship_agreements",
            queryset=InternshipAgreement.objects.select_related("host", "certificate").order_by(
                "start", "pk"
            ),
            to_attr="prefetched_agreements",
        ),
        Prefetch(
            "contracts",
            queryset=Contract.objects.select_related("employer").order_by("start"),
            to_attr="prefetched_contracts",
        ),
        Prefetch(
            "internship_reduction",
            queryset=InternshipReduction.objects.all(),
            to_attr="prefetched_reduction",
        ),
    )


def internship_progress_of(
    learners: QuerySet[Learner], *, on: date
) -> list[tuple[Learner, InternshipTotals]]:
    """`internship_progress` of each learner of `learners` (the caller filtered them by what
    the user may see) on `on`, in a bounded number of queries."""
    learners = learners.prefetch_related("category_periods", *internship_prefetch())
    return [(learner, internship_progress(learner, on=on)) for learner in learners]
