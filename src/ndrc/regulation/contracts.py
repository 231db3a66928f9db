"""Apprenticeship and professionalisation contracts: the general checks and the pay schedule.

Checks (Code du travail): age at the start of the apprenticeship (L. 6222-1, L. 6222-2,
D. 6222-1), start no more than 3 months before the training cycle (L. 6222-12), duration between
6 months and 3 years, one more year for an apprentice with a recognised disability (L. 6222-7-1,
L. 6222-37), prorogation of one year after a failed exam (L. 6222-11), and the 5 days of
exam-preparation leave (L. 6222-35). The pay schedule applies `ndrc.regulation.pay` month by
month. Every figure is a dated parameter; dates are arguments. See docs/contracts.md.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Step, _, euros, ordinal
from ndrc.regulation.parameters import parameter
from ndrc.regulation.pay import (
    PreviousContract,
    add_months,
    age_on,
    apprentice_minimum_pay,
    bracket_age,
    last_day,
    professionalisation_minimum_pay,
    round_cent,
)

KINDS = ("apprenticeship", "professionalisation")
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ContractCheck:
    """One rule checked on a contract: whether it holds, how serious a breach is, and why."""

    rule: str
    allowed: bool
    severity: str  # ERROR blocks the record; WARNING asks the user to confirm
    message: str
    explanation: tuple[Step, ...]


def _check(rule: str, allowed: bool, severity: str, message: str, explanation: Explanation):
    return ContractCheck(rule, allowed, severity, message, explanation.freeze())


def check_apprentice_age(
    *,
    birth_date: date,
    contract_start: date,
    exception: str | None = None,
    previous_contract_end: date | None = None,
) -> ContractCheck:
    """Whether the apprentice's age at the start of the contract is allowed (L. 6222-1, L. 6222-2,
    D. 6222-1): 16 to 29 full years; beyond 29 only under an exception of L. 6222-2 — none for a
    recognised disability, 35 at most (and within a year of the previous contract) for a higher
    diploma after a first contract or a termination beyond the apprentice's control.
    """
    if birth_date >= contract_start:
        raise InputError("birth_date : la date de naissance doit précéder le début du contrat")
    minimum = parameter("apprenticeship/minimum_age").at(contract_start)
    maximum = parameter("apprenticeship/maximum_age").at(contract_start)
    age = age_on(birth_date, contract_start)
    explanation = Explanation()
    explanation.add(
        "age",
        f"{minimum.source} ; {maximum.source}",
        _(
            "Âge au début du contrat (%(start)s) : %(age)s ans ; l'apprentissage est ouvert de "
            "%(minimum)s ans à %(maximum)s ans révolus.",
            start=contract_start,
            age=age,
            minimum=minimum.value,
            maximum=maximum.value,
        ),
        age=age,
        minimum_age=minimum.value,
        maximum_age=maximum.value,
    )
    if age < minimum.value:
        message = _(
            "L'apprenti aura %(age)s ans au début du contrat : %(minimum)s ans au moins.",
            age=age,
            minimum=minimum.value,
        )
        explanation.add("age_limit", minimum.source, message)
        return _check("apprentice_age", False, ERROR, message, explanation)
    if age <= maximum.value:
        explanation.add("age_limit", maximum.source, _("Âge compris dans les limites : conforme."))
        return _check("apprentice_age", True, ERROR, _("Âge conforme."), explanation)
    if exception is None:
        message = _(
            "L'apprenti aura %(age)s ans au début du contrat : au-delà de %(maximum)s ans "
            "révolus, il faut une dérogation (L. 6222-2 : RQTH, diplôme supérieur, rupture "
            "indépendante de sa volonté, création d'entreprise, sportif de haut niveau).",
            age=age,
            maximum=maximum.value,
        )
        explanation.add("age_limit", maximum.source, message)
        return _check("apprentice_age", False, ERROR, message, explanation)
    exceptions = parameter("apprenticeship/age_limit_exceptions").at(contract_start)
    known = {e["code"]: e for e in exceptions.value}
    if exception not in known:
        raise InputError(
            f"age_exception : dérogation « {exception} » inconnue (attendu : {', '.join(known)})"
        )
    chosen = known[exception]
    cap = chosen["maximum_age"]
    if cap is None:
        message = _("Dérogation « %(label)s » : pas de limite d'âge.", label=chosen["label"])
        explanation.add("age_exception", exceptions.source, message)
        return _check("apprentice_age", True, ERROR, message, explanation)
    if age > cap:
        message = _(
            "Dérogation « %(label)s » : %(cap)s ans au plus au début du contrat ; l'apprenti en "
            "aura %(age)s.",
            label=chosen["label"],
            cap=cap,
            age=age,
        )
        explanation.add("age_exception", exceptions.source, message)
        return _check("apprentice_age", False, ERROR, message, explanation)
    if previous_contract_end is None:
        raise InputError(
            "previous_contract_end : la date de fin du contrat précédent est nécessaire pour "
            "cette dérogation (D. 6222-1)"
        )
    latest = add_months(previous_contract_end, 12 * chosen["within_years_of_previous"])
    allowed = contract_start <= latest
    message = (
        _(
            "Dérogation « %(label)s » : %(age)s ans ≤ %(cap)s ; contrat commencé le %(start)s, "
            "au plus tard le %(latest)s (un an après le précédent) : conforme.",
            label=chosen["label"],
            age=age,
            cap=cap,
            start=contract_start,
            latest=latest,
        )
        if allowed
        else _(
            "Dérogation « %(label)s » : %(age)s ans ≤ %(cap)s ; contrat commencé le %(start)s, "
            "après le %(latest)s, plus d'un an après la fin du précédent contrat.",
            label=chosen["label"],
            age=age,
            cap=cap,
            start=contract_start,
            latest=latest,
        )
    )
    explanation.add("age_exception", exceptions.source, message, latest_start=latest)
    return _check("apprentice_age", allowed, ERROR, message, explanation)


def check_start_before_cycle(*, contract_start: date, cycle_start: date) -> ContractCheck:
    """Whether the contract starts no more than 3 months before the training cycle (L. 6222-12)."""
    months = parameter("apprenticeship/months_before_cycle").at(cycle_start)
    earliest = add_months(cycle_start, -months.value)
    allowed = contract_start >= earliest
    explanation = Explanation()
    values = {"cycle": cycle_start, "months": months.value, "earliest": earliest}
    message = (
        _(
            "Début du cycle de formation le %(cycle)s : le contrat peut commencer au plus tôt "
            "%(months)s mois avant, le %(earliest)s ; il commence le %(start)s : conforme.",
            start=contract_start,
            **values,
        )
        if allowed
        else _(
            "Début du cycle de formation le %(cycle)s : le contrat peut commencer au plus tôt "
            "%(months)s mois avant, le %(earliest)s ; il commence le %(start)s, plus de "
            "%(months)s mois avant le cycle.",
            start=contract_start,
            **values,
        )
    )
    explanation.add("start_before_cycle", months.source, message, earliest=earliest)
    return _check("start_before_cycle", allowed, ERROR, message, explanation)


def check_start_after_cycle(*, contract_start: date, cycle_start: date) -> ContractCheck:
    """A warning when the contract starts more than 3 months after the cycle began: a learner may
    follow the cycle without an employer for 3 months at most (L. 6222-12-1); a later entry needs
    a positioning decision that shortens the training."""
    months = parameter("apprenticeship/months_without_employer").at(cycle_start)
    latest = add_months(cycle_start, months.value)
    allowed = contract_start <= latest
    explanation = Explanation()
    message = (
        _(
            "Le contrat commence le %(start)s, au plus %(months)s mois après le début du cycle : "
            "conforme.",
            start=contract_start,
            months=months.value,
        )
        if allowed
        else _(
            "Le contrat commence le %(start)s, plus de %(months)s mois après le début du cycle "
            "(%(cycle)s) : vérifier la décision de positionnement (entrée décalée, durée "
            "réduite).",
            start=contract_start,
            months=months.value,
            cycle=cycle_start,
        )
    )
    explanation.add("start_after_cycle", months.source, message, latest=latest)
    return _check("start_after_cycle", allowed, WARNING, message, explanation)


def maximum_end(*, start: date, disability: bool = False) -> tuple[date, Explanation]:
    """The last day a contract starting on `start` may run (3 years, 4 with a disability)."""
    duration = parameter("apprenticeship/contract_duration").at(start)
    years = duration.value["maximum_years"]
    explanation = Explanation()
    if disability:
        extra = parameter("apprenticeship/disability_extra_years").at(start)
        last = add_months(start, 12 * (years + extra.value)) - timedelta(days=1)
        text = _(
            "Durée maximale : %(years)s ans (%(source)s), portée à %(longer)s ans pour un "
            "apprenti reconnu handicapé (%(extra_source)s) : fin au plus tard le %(last)s.",
            years=years,
            source=duration.source,
            longer=years + extra.value,
            extra_source=extra.source,
            last=last,
        )
    else:
        last = add_months(start, 12 * years) - timedelta(days=1)
        text = _(
            "Durée maximale : %(years)s ans (%(source)s) : fin au plus tard le %(last)s.",
            years=years,
            source=duration.source,
            last=last,
        )
    explanation.add("maximum_duration", duration.source, text)
    return last, explanation


def check_contract_duration(*, start: date, end: date, disability: bool = False) -> ContractCheck:
    """Whether a contract from `start` to `end` (both included) lasts between 6 months and 3
    years, 4 years for an apprentice with a recognised disability (L. 6222-7-1, L. 6222-37)."""
    if end < start:
        raise InputError("end : la fin du contrat précède son début")
    duration = parameter("apprenticeship/contract_duration").at(start)
    shortest = add_months(start, duration.value["minimum_months"]) - timedelta(days=1)
    longest, explanation = maximum_end(start=start, disability=disability)
    if end < shortest:
        message = _(
            "Le contrat dure moins de %(months)s mois : il doit courir au moins jusqu'au "
            "%(shortest)s.",
            months=duration.value["minimum_months"],
            shortest=shortest,
        )
        allowed = False
    elif end > longest:
        message = _(
            "Le contrat dépasse la durée maximale : fin au plus tard le %(longest)s.",
            longest=longest,
        )
        allowed = False
    else:
        message = _(
            "Du %(start)s au %(end)s : durée comprise entre %(months)s mois et le %(longest)s : "
            "conforme.",
            start=start,
            end=end,
            months=duration.value["minimum_months"],
            longest=longest,
        )
        allowed = True
    explanation.add("duration", duration.source, message, shortest=shortest, longest=longest)
    return _check("contract_duration", allowed, ERROR, message, explanation)


def check_prorogation(*, end: date, prorogation_end: date) -> ContractCheck:
    """Whether a prorogation after a failed exam ends within one year of the end (L. 6222-11)."""
    years = parameter("apprenticeship/prorogation_years").at(end)
    latest = add_months(end, 12 * years.value)
    if prorogation_end <= end:
        raise InputError("prorogation_end : la prorogation doit finir après la fin du contrat")
    allowed = prorogation_end <= latest
    message = (
        _(
            "Prorogation après un échec à l'examen jusqu'au %(end)s : dans la limite d'un an "
            "(%(latest)s) : conforme.",
            end=prorogation_end,
            latest=latest,
        )
        if allowed
        else _(
            "Prorogation après un échec à l'examen jusqu'au %(end)s : au-delà d'un an après la "
            "fin du contrat (%(latest)s).",
            end=prorogation_end,
            latest=latest,
        )
    )
    explanation = Explanation()
    explanation.add("prorogation", years.source, message, latest=latest)
    return _check("prorogation", allowed, ERROR, message, explanation)


@dataclass(frozen=True, slots=True)
class ContractReview:
    checks: tuple[ContractCheck, ...]

    @property
    def errors(self) -> tuple[ContractCheck, ...]:
        return tuple(c for c in self.checks if not c.allowed and c.severity == ERROR)

    @property
    def warnings(self) -> tuple[ContractCheck, ...]:
        return tuple(c for c in self.checks if not c.allowed and c.severity == WARNING)


def review_contract(
    *,
    kind: str,
    birth_date: date,
    start: date,
    end: date,
    cycle_start: date,
    disability: bool = False,
    age_exception: str | None = None,
    previous_contract_end: date | None = None,
    prorogation_end: date | None = None,
) -> ContractReview:
    """Every general check of a contract before it is recorded (errors and warnings).

    The age, start and duration rules of the labour code concern apprenticeship contracts; a
    professionalisation contract gets only the check that its dates are in order.
    """
    if kind not in KINDS:
        raise InputError(
            f"kind : type de contrat « {kind} » inconnu (attendu : {', '.join(KINDS)})"
        )
    if end < start:
        raise InputError("end : la fin du contrat précède son début")
    if kind != "apprenticeship":
        return ContractReview(())
    checks = [
        check_apprentice_age(
            birth_date=birth_date,
            contract_start=start,
            exception=age_exception,
            previous_contract_end=previous_contract_end,
        ),
        check_start_before_cycle(contract_start=start, cycle_start=cycle_start),
        check_start_after_cycle(contract_start=start, cycle_start=cycle_start),
        check_contract_duration(start=start, end=end, disability=disability),
    ]
    if prorogation_end is not None:
        checks.append(check_prorogation(end=end, prorogation_end=prorogation_end))
    return ContractReview(tuple(checks))


@dataclass(frozen=True, slots=True)
class ExamLeave:
    days: int
    window_start: date
    window_end: date
    explanation: tuple[Step, ...]


def exam_leave(*, first_exam_day: date) -> ExamLeave:
    """The paid leave to prepare the exam (L. 6222-35): 5 working days (jours ouvrables), taken
    in the month before the exams, i.e. from one month before the first exam to the day before."""
    days = parameter("apprenticeship/exam_leave_days").at(first_exam_day)
    window_start = add_months(first_exam_day, -1)
    window_end = first_exam_day - timedelta(days=1)
    explanation = Explanation()
    explanation.add(
        "exam_leave",
        days.source,
        _(
            "Congé pour préparer l'examen : %(days)s jours ouvrables, pris dans le mois qui "
            "précède les épreuves, du %(start)s au %(end)s (première épreuve le %(first)s), avec "
            "maintien du salaire.",
            days=days.value,
            start=window_start,
            end=window_end,
            first=first_exam_day,
        ),
        days=days.value,
    )
    return ExamLeave(days.value, window_start, window_end, explanation.freeze())


@dataclass(frozen=True, slots=True)
class ScheduleMonth:
    """One month of a pay schedule: the legal minimum for the full month, and for the days of
    the contract in that month (calendar days, prorated)."""

    month: date  # first day of the month
    days: int
    days_in_month: int
    rate: Decimal
    basis: str  # minimum_wage | conventional_minimum | branch_minimum
    age_bracket: str
    contract_year: int | None
    full_month_minimum: Decimal
    minimum: Decimal


@dataclass(frozen=True, slots=True)
class PaySchedule:
    months: tuple[ScheduleMonth, ...]
    total: Decimal
    explanation: tuple[Step, ...]


def _months(start: date, end: date):
    month = start.replace(day=1)
    while month <= end:
        last = last_day(month)
        days = (min(end, last) - max(start, month)).days + 1
        yield month, days, last.day
        month = last + timedelta(days=1)


def _prorate(full: Decimal, days: int, days_in_month: int) -> Decimal:
    return full if days == days_in_month else round_cent(full * days / days_in_month)


def _schedule(lines: list[ScheduleMonth], explanation: Explanation) -> PaySchedule:
    explanation.add(
        "proration",
        "Code du travail, L. 6222-27 ; choix ndrc (proratisation en jours calendaires)",
        _(
            "Chaque mois : le minimum légal du mois complet ; un mois incomplet (début ou fin du "
            "contrat) est proratisé en jours calendaires (jours du contrat / jours du mois), "
            "arrondi au centime."
        ),
    )
    for line in lines:
        values = {
            "month": f"{line.month:%m/%Y}",
            "rate": line.rate,
            "bracket": line.age_bracket,
            "basis": _BASES[line.basis],
            "full": euros(line.full_month_minimum),
            "days": line.days,
            "days_in_month": line.days_in_month,
            "minimum": euros(line.minimum),
        }
        explanation.add(
            "month",
            "Code du travail, D. 6222-26" if line.contract_year else "Code du travail, D. 6325-18",
            _(
                "%(month)s : taux %(rate)s (%(bracket)s, %(year)s année, base %(basis)s) : "
                "%(full)s ; %(days)s/%(days_in_month)s jours : %(minimum)s.",
                year=ordinal(line.contract_year),
                **values,
            )
            if line.contract_year
            else _(
                "%(month)s : taux %(rate)s (%(bracket)s, base %(basis)s) : %(full)s ; "
                "%(days)s/%(days_in_month)s jours : %(minimum)s.",
                **values,
            ),
            month=line.month,
            minimum=line.minimum,
        )
    total = sum((line.minimum for line in lines), round_cent(Decimal(0)))
    return PaySchedule(tuple(lines), total, explanation.freeze())


_BASES = {
    "minimum_wage": _("SMIC"),
    "conventional_minimum": _("minimum conventionnel"),
    "branch_minimum": _("minimum de branche"),
}


def apprentice_pay_schedule(
    *,
    birth_date: date,
    start: date,
    end: date,
    credited_years: int = 0,
    plus_15_points: bool = False,
    previous_contract: PreviousContract | None = None,
    conventional_minimum: Decimal | None = None,
) -> PaySchedule:
    """The apprentice's legal minimum pay, month by month from `start` to `end` (D. 6222-26 to
    D. 6222-34). From 21, the rate applies to the monthly conventional minimum of the job when it
    is higher than the SMIC (D. 6222-26)."""
    if end < start:
        raise InputError("end : la fin du contrat précède son début")
    if conventional_minimum is not None and conventional_minimum < 0:
        raise InputError("conventional_minimum : montant positif attendu")
    from_age = parameter("apprenticeship/conventional_minimum_from_age").at(start)
    explanation = Explanation()
    lines = []
    for month, days, days_in_month in _months(start, end):
        pay = apprentice_minimum_pay(
            birth_date=birth_date,
            contract_start=start,
            month=month,
            credited_years=credited_years,
            plus_15_points=plus_15_points,
            previous_contract=previous_contract,
            explained=not lines,  # the first month's steps explain the others'
        )
        full, basis = pay.monthly_minimum, "minimum_wage"
        if (
            conventional_minimum is not None
            and bracket_age(birth_date, month) >= from_age.value
            and conventional_minimum > pay.minimum_wage_monthly
        ):
            full, basis = round_cent(pay.rate * conventional_minimum), "conventional_minimum"
        if not lines:
            explanation.steps.extend(pay.explanation)
            if conventional_minimum is not None:
                explanation.add(
                    "conventional_minimum",
                    from_age.source,
                    _(
                        "À partir de %(age)s ans, le taux s'applique au minimum conventionnel "
                        "(%(minimum)s) s'il est supérieur au SMIC.",
                        age=from_age.value,
                        minimum=euros(conventional_minimum),
                    ),
                )
        lines.append(
            ScheduleMonth(
                month=month,
                days=days,
                days_in_month=days_in_month,
                rate=pay.rate,
                basis=basis,
                age_bracket=pay.age_bracket,
                contract_year=pay.contract_year,
                full_month_minimum=full,
                minimum=_prorate(full, days, days_in_month),
            )
        )
    return _schedule(lines, explanation)


def professionalisation_pay_schedule(
    *,
    birth_date: date,
    start: date,
    end: date,
    qualification: str,
    branch_minimum: Decimal | None = None,
) -> PaySchedule:
    """The legal minimum pay under a professionalisation contract, month by month (D. 6325-15,
    D. 6325-18)."""
    if end < start:
        raise InputError("end : la fin du contrat précède son début")
    explanation = Explanation()
    lines = []
    for month, days, days_in_month in _months(start, end):
        pay = professionalisation_minimum_pay(
            birth_date=birth_date,
            month=month,
            qualification=qualification,
            branch_minimum=branch_minimum,
        )
        if not lines:
            explanation.steps.extend(pay.explanation)
        lines.append(
            ScheduleMonth(
                month=month,
                days=days,
                days_in_month=days_in_month,
                rate=pay.rate,
                basis=pay.basis,
                age_bracket=pay.age_bracket,
                contract_year=None,
                full_month_minimum=pay.monthly_minimum,
                minimum=_prorate(pay.monthly_minimum, days, days_in_month),
            )
        )
    return _schedule(lines, explanation)
