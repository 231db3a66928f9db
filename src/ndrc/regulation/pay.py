"""Legal minimum pay of alternance: the monthly minimum wage, apprentices, professionalisation.

Every amount is Decimal. A monthly amount is rounded to the cent, half up (ROUND_HALF_UP: 0.005
goes up), as on a payslip. Rates, ages and durations are dated parameters (`data/parameters/`);
the month is always an argument. The algorithms are described in docs/pay.md.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Step, _, euros, hours, ordinal
from ndrc.regulation.parameters import parameter
from ndrc.regulation.rounding import round_to

QUALIFICATIONS = ("below_bac_pro", "bac_pro_or_above")


def round_cent(amount: Decimal) -> Decimal:
    """Round an amount of money to the cent, half up (0.005 -> 0.01)."""
    return round_to(amount, "half_up")


def last_day(month: date) -> date:
    """The last day of the month that contains `month`."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier when negative), kept within the target month:
    31 January + 1 month is the last day of February, and 29 February + 12 × n months (an
    anniversary) is 28 February in a common year."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    first = date(year, month + 1, 1)
    return first.replace(day=min(day.day, last_day(first).day))


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years reached on a date (the birthday itself counts)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def bracket_age(birth_date: date, month: date) -> int:
    """The age that sets the bracket of a month: a birthday takes effect on the first day of
    the following month (Code du travail D. 6222-34, D. 6325-16), so it is the age reached on
    the last day of the previous month."""
    return age_on(birth_date, month.replace(day=1) - timedelta(days=1))


@dataclass(frozen=True, slots=True)
class MonthlyMinimumWage:
    month: date  # first day of the month
    hourly: Decimal
    monthly: Decimal
    explanation: tuple[Step, ...]


def minimum_wage_monthly(month: date, *, explained: bool = True) -> MonthlyMinimumWage:
    """The monthly SMIC for the legal 35 hours, in force on the last day of the month.

    hourly × 35 × 52 / 12, rounded to the cent (the 35, 52 and 12 are parameters).
    `explained=False`: without its step (as `apprentice_minimum_pay`).
    """
    on = last_day(month)
    hourly = parameter("wages/minimum_wage_hourly").at(on)
    weekly = parameter("wages/legal_weekly_hours").at(on)
    weeks = parameter("wages/weeks_per_year").at(on)
    months = parameter("wages/months_per_year").at(on)
    monthly = round_cent(hourly.value * weekly.value * weeks.value / months.value)
    if not explained:
        return MonthlyMinimumWage(month.replace(day=1), hourly.value, monthly, ())
    explanation = Explanation()
    explanation.add(
        "minimum_wage_monthly",
        f"{hourly.source} ; {weekly.source} ; {weeks.source}",
        _(
            "SMIC mensuel = %(hourly)s × %(weekly)s × %(weeks)s / %(months)s = %(monthly)s "
            "(arrondi au centime).",
            hourly=euros(hourly.value),
            weekly=hours(weekly.value),
            weeks=weeks.value,
            months=months.value,
            monthly=euros(monthly),
        ),
        hourly=hourly.value,
        weekly_hours=weekly.value,
        weeks_per_year=weeks.value,
        months_per_year=months.value,
        monthly=monthly,
    )
    return MonthlyMinimumWage(
        month=month.replace(day=1),
        hourly=hourly.value,
        monthly=monthly,
        explanation=explanation.freeze(),
    )


def _bracket(table: list[dict[str, Any]], age: int) -> dict[str, Any]:
    # The table lists brackets by increasing `from_age`; the last one reached applies.
    chosen = table[0]
    for entry in table:
        if age >= entry["from_age"]:
            chosen = entry
    return chosen


@dataclass(frozen=True, slots=True)
class PreviousContract:
    """The apprenticeship contract before this one (D. 6222-29)."""

    diploma_obtained: bool
    same_employer: bool
    last_year_rate: Decimal  # share of the SMIC of its last year (received, or legal minimum)


@dataclass(frozen=True, slots=True)
class ApprenticePay:
    rate: Decimal
    age_bracket: str
    contract_year: int
    minimum_wage_monthly: Decimal
    monthly_minimum: Decimal
    explanation: tuple[Step, ...]


def apprentice_minimum_pay(
    *,
    birth_date: date,
    contract_start: date,
    month: date,
    credited_years: int = 0,
    plus_15_points: bool = False,
    previous_contract: PreviousContract | None = None,
    explained: bool = True,
) -> ApprenticePay:
    """The legal minimum monthly pay of an apprentice for a month (D. 6222-26 to D. 6222-34).

    The rate is read for the last day of the month (a mid-month anniversary raises the whole
    month, so the amount is never below the minimum); the amount is for a full month.
    `explained=False`: the figures without their steps (an empty explanation), for a caller that
    explains one month of many (`apprentice_pay_schedule`): writing them was most of its time.
    """
    first = month.replace(day=1)
    on = last_day(month)
    if on < contract_start:
        raise InputError(
            f"month : le mois {first:%m/%Y} précède le début du contrat ({contract_start:%d/%m/%Y})"
        )
    if credited_years < 0:
        raise InputError(f"credited_years : nombre d'années positif attendu, reçu {credited_years}")
    explanation = Explanation() if explained else None
    rates = parameter("apprenticeship/minimum_pay_rates").at(contract_start)

    age = bracket_age(birth_date, first)
    bracket = _bracket(rates.value, age)
    if explanation is not None:
        explanation.add(
            "age_bracket",
            "Code du travail, D. 6222-26, D. 6222-27 et D. 6222-34",
            _(
                "Âge retenu pour %(month)s : %(age)s ans (un anniversaire compte à partir du "
                "premier jour du mois suivant) ; tranche « %(bracket)s ».",
                month=f"{first:%m/%Y}",
                age=age,
                bracket=bracket["bracket"],
            ),
            age=age,
            age_bracket=bracket["bracket"],
        )

    elapsed = 0
    while add_months(contract_start, 12 * (elapsed + 1)) <= on:
        elapsed += 1
    contract_year = elapsed + 1 + credited_years
    if explanation is not None:
        explanation.add(
            "contract_year",
            "Code du travail, D. 6222-26, D. 6222-28-1 et D. 6222-30",
            _(
                "Année d'exécution : %(elapsed)s (début le %(start)s, année suivante à chaque "
                "anniversaire) + %(credited)s année(s) du cycle déjà acquise(s) = %(year)s.",
                elapsed=elapsed + 1,
                start=contract_start,
                credited=credited_years,
                year=contract_year,
            ),
            elapsed_years=elapsed,
            credited_years=credited_years,
            contract_year=contract_year,
        )

    table_rates = bracket["rates"]
    table_year = min(contract_year, len(table_rates))
    rate = table_rates[table_year - 1]
    if explanation is not None:
        explanation.add(
            "table_rate",
            rates.source,
            _(
                "Taux du barème, tranche « %(bracket)s », %(year)s année : %(rate)s (au-delà de la "
                "%(year)s année, le taux de la dernière année).",
                bracket=bracket["bracket"],
                year=ordinal(table_year),
                rate=rate,
            )
            if contract_year > table_year
            else _(
                "Taux du barème, tranche « %(bracket)s », %(year)s année : %(rate)s.",
                bracket=bracket["bracket"],
                year=ordinal(table_year),
                rate=rate,
            ),
            rate=rate,
        )

    if plus_15_points:
        increase = parameter("apprenticeship/same_level_increase").at(contract_start)
        cap = parameter("apprenticeship/rate_cap").at(contract_start)
        raised = min(rate + increase.value, cap.value)
        if explanation is not None:
            explanation.add(
                "plus_15_points",
                f"{increase.source} ; {cap.source}",
                _(
                    "Contrat d'un an au plus, diplôme de même niveau en rapport direct : "
                    "%(rate)s + %(increase)s = %(sum)s, plafonné à %(cap)s : %(raised)s.",
                    rate=rate,
                    increase=increase.value,
                    sum=rate + increase.value,
                    cap=cap.value,
                    raised=raised,
                ),
                rate=raised,
            )
        rate = raised

    if previous_contract is not None:
        rate = _succession(rate, previous_contract, explanation)

    smic = minimum_wage_monthly(first, explained=explained)
    monthly = round_cent(rate * smic.monthly)
    if explanation is not None:
        explanation.steps.extend(smic.explanation)
        explanation.add(
            "monthly_minimum",
            "Code du travail, L. 6222-27 et D. 6222-26",
            _monthly_minimum_text(rate, smic.monthly, monthly),
            rate=rate,
            minimum_wage_monthly=smic.monthly,
            monthly_minimum=monthly,
        )
    return ApprenticePay(
        rate=rate,
        age_bracket=bracket["bracket"],
        contract_year=contract_year,
        minimum_wage_monthly=smic.monthly,
        monthly_minimum=monthly,
        explanation=explanation.freeze() if explanation is not None else (),
    )


def _monthly_minimum_text(rate: Decimal, smic: Decimal, monthly: Decimal) -> str:
    return _(
        "Salaire minimum du mois = %(rate)s × %(smic)s = %(product)s, arrondi au centime : "
        "%(monthly)s.",
        rate=rate,
        smic=euros(smic),
        product=euros(rate * smic),
        monthly=euros(monthly),
    )


def _succession(
    rate: Decimal, previous: PreviousContract, explanation: Explanation | None
) -> Decimal:
    source = "Code du travail, D. 6222-29"
    if not previous.diploma_obtained:
        if explanation is None:  # the figures only
            return rate
        explanation.add(
            "succession",
            source,
            _(
                "Le contrat précédent n'a pas conduit au diplôme : pas de minimum tiré de ce "
                "contrat."
            ),
        )
        return rate
    what = (
        _("le salaire perçu la dernière année (même employeur)")
        if previous.same_employer
        else _("le minimum de la dernière année (autre employeur)")
    )
    floor = previous.last_year_rate
    kept = max(rate, floor)
    if explanation is None:  # the figures only
        return kept
    explanation.add(
        "succession",
        source,
        _(
            "Succession de contrats après obtention du diplôme : au moins %(what)s, %(floor)s ; "
            "le barème selon l'âge donne %(rate)s ; taux retenu : %(kept)s.",
            what=what,
            floor=floor,
            rate=rate,
            kept=kept,
        ),
        previous_rate=floor,
        rate=kept,
    )
    return kept


@dataclass(frozen=True, slots=True)
class ProfessionalisationPay:
    rate: Decimal
    basis: str  # minimum_wage | branch_minimum
    age_bracket: str
    minimum_wage_monthly: Decimal
    monthly_minimum: Decimal
    explanation: tuple[Step, ...]


def professionalisation_minimum_pay(
    *,
    birth_date: date,
    month: date,
    qualification: str,
    branch_minimum: Decimal | None = None,
) -> ProfessionalisationPay:
    """The legal minimum monthly pay under a professionalisation contract (D. 6325-15, -18).

    Under 26: a share of the SMIC by age bracket and qualification. From 26: the SMIC or 85 % of
    the branch minimum (monthly, if given), whichever is higher.
    """
    if qualification not in QUALIFICATIONS:
        raise InputError(
            f"qualification : « {qualification} » inconnue (attendu : {', '.join(QUALIFICATIONS)})"
        )
    if branch_minimum is not None and branch_minimum < 0:
        raise InputError(f"branch_minimum : montant positif attendu, reçu {branch_minimum}")
    first = month.replace(day=1)
    on = last_day(first)
    explanation = Explanation()
    smic = minimum_wage_monthly(first)
    age = bracket_age(birth_date, first)
    from_26 = parameter("professionalisation/from_26").at(on)
    if age >= from_26.value["from_age"]:
        return _professionalisation_from_26(age, smic, from_26, branch_minimum, explanation)
    rates = parameter("professionalisation/minimum_pay_rates").at(on)
    bracket = _bracket(rates.value, age)
    rate = bracket["rates"][qualification]
    monthly = round_cent(rate * smic.monthly)
    explanation.add(
        "age_bracket",
        f"{rates.source} ; D. 6325-16",
        _(
            "Âge retenu pour %(month)s : %(age)s ans (un anniversaire compte à partir du premier "
            "jour du mois suivant) ; tranche « %(bracket)s », qualification « %(qualification)s » "
            ": taux %(rate)s.",
            month=f"{first:%m/%Y}",
            age=age,
            bracket=bracket["bracket"],
            qualification=qualification,
            rate=rate,
        ),
        age=age,
        rate=rate,
    )
    explanation.steps.extend(smic.explanation)
    explanation.add(
        "monthly_minimum",
        rates.source,
        _monthly_minimum_text(rate, smic.monthly, monthly),
        monthly_minimum=monthly,
    )
    return ProfessionalisationPay(
        rate=rate,
        basis="minimum_wage",
        age_bracket=bracket["bracket"],
        minimum_wage_monthly=smic.monthly,
        monthly_minimum=monthly,
        explanation=explanation.freeze(),
    )


def _professionalisation_from_26(
    age: int,
    smic: MonthlyMinimumWage,
    from_26: Any,
    branch_minimum: Decimal | None,
    explanation: Explanation,
) -> ProfessionalisationPay:
    smic_rate = from_26.value["minimum_wage_rate"]
    branch_rate = from_26.value["branch_minimum_rate"]
    by_smic = round_cent(smic_rate * smic.monthly)
    explanation.steps.extend(smic.explanation)
    rate, basis, monthly = smic_rate, "minimum_wage", by_smic
    if branch_minimum is None:
        text = _(
            "%(age)s ans : au moins %(rate)s × SMIC = %(by_smic)s (minimum de branche non "
            "fourni : le SMIC seul est comparé).",
            age=age,
            rate=smic_rate,
            by_smic=euros(by_smic),
        )
    else:
        by_branch = round_cent(branch_rate * branch_minimum)
        if by_branch > by_smic:
            rate, basis, monthly = branch_rate, "branch_minimum", by_branch
        text = _(
            "%(age)s ans : le plus élevé de %(smic_rate)s × SMIC = %(by_smic)s et de "
            "%(branch_rate)s × minimum de branche %(branch_minimum)s = %(by_branch)s : "
            "%(monthly)s.",
            age=age,
            smic_rate=smic_rate,
            by_smic=euros(by_smic),
            branch_rate=branch_rate,
            branch_minimum=euros(branch_minimum),
            by_branch=euros(by_branch),
            monthly=euros(monthly),
        )
    explanation.add(
        "from_26", from_26.source, text, rate=rate, basis=basis, monthly_minimum=monthly
    )
    return ProfessionalisationPay(
        rate=rate,
        basis=basis,
        age_bracket="26-plus",
        minimum_wage_monthly=smic.monthly,
        monthly_minimum=monthly,
        explanation=explanation.freeze(),
    )
