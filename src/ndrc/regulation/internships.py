"""Internships (stages): the practice each candidate must prove, the stipend, quotas and caps.

Sources: Annexe III b of the arrêté du 19 février 2018 (framework data `internship.yaml`) and the
Code de l'éducation, L. 124-5, L. 124-6, D. 124-6, D. 124-8, R. 124-10 to R. 124-13 (dated
parameters under `data/parameters/internships/`). Every function takes its dates as arguments and
returns a frozen result with its explanation.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Message, Step, _, euros, hours
from ndrc.regulation.framework import CURRENT_FRAMEWORK, FRAMEWORKS_DIR, load_framework, read_yaml
from ndrc.regulation.parameters import parameter
from ndrc.regulation.pay import last_day, round_cent
from ndrc.regulation.rounding import french_number

PROOFS = ("internship_certificate", "apprenticeship_contract", "employment_certificate", "none")


@cache
def _internship_data() -> dict[str, Any]:
    return read_yaml(FRAMEWORKS_DIR / CURRENT_FRAMEWORK / "internship.yaml")


@dataclass(frozen=True, slots=True)
class RequiredPractice:
    """What a candidate category must prove of professional practice to sit the exam."""

    category: str
    proof: str  # one of PROOFS
    minimum_weeks: int | None
    full_time_months: int | None
    part_time_months: int | None
    explanation: tuple[Step, ...]
    route: str = ""  # the route of annexe III b, II (student, apprentice, fpc_first_training…)


def required_practice(category: str, *, reduced_to_weeks: int | None = None) -> RequiredPractice:
    """The internship (or its substitute) a candidate category must prove (annexe III b).

    `category` is a candidate category of `ndrc deliberate` (e.g. `scolaire`) or one of
    `fpc_first_training`, `fpc_further_training`, `exempt`. `reduced_to_weeks` applies a
    reduction decided for force majeure or positioning (annexe III b, III); it may not go below
    the floor of 8 weeks nor above the route's duration.
    """
    data = _internship_data()
    mapping = data["categories"].get(category)
    if mapping is None:
        known = ", ".join(sorted(data["categories"]))
        raise InputError(f"catégorie de candidat inconnue : « {category} » (attendu : {known})")
    route_code = mapping["route"]
    route = data["routes"][route_code]
    explanation = Explanation()
    known_category = load_framework().candidate_categories.get(category)
    label = known_category.label if known_category else route["label"]
    explanation.add(
        "route",
        mapping.get("source", route["source"]),
        _(
            "La catégorie « %(category)s » relève de la modalité « %(route)s » (choix ndrc).",
            category=label,
            route=route["label"],
        )
        if mapping.get("decided")
        else _(
            "La catégorie « %(category)s » relève de la modalité « %(route)s ».",
            category=label,
            route=route["label"],
        ),
        category=category,
        route=route_code,
    )
    minimum_weeks = route.get("minimum_weeks")
    proof = route["proof"]
    if minimum_weeks is not None:
        explanation.add(
            "minimum_duration",
            route["source"],
            _(
                "Durée de stage exigée : %(weeks)s semaines, prouvée par les attestations de "
                "stage.",
                weeks=minimum_weeks,
            ),
            minimum_weeks=minimum_weeks,
        )
    elif proof == "apprenticeship_contract":
        explanation.add(
            "proof",
            route["source"],
            _(
                "Les attestations de stage sont remplacées par le contrat d'apprentissage ou une "
                "attestation de l'employeur."
            ),
        )
    elif proof == "employment_certificate":
        explanation.add(
            "proof",
            route["source"],
            _("L'attestation de stage est remplacée par un ou plusieurs certificats de travail."),
        )
    else:
        explanation.add(
            "proof", route["source"], _("Le candidat dispensé n'effectue pas de stage.")
        )
    full_time = route.get("full_time_months")
    part_time = route.get("part_time_months")
    if full_time is not None:
        explanation.add(
            "employment_duration",
            route["source"],
            _(
                "Emploi salarié exigé : %(full_time)s mois à plein temps au cours des "
                "%(full_years)s année(s) précédant l'examen, ou %(part_time)s mois à temps "
                "partiel au cours des %(part_years)s année(s) précédant l'examen.",
                full_time=full_time,
                full_years=route["full_time_window_years"],
                part_time=part_time,
                part_years=route["part_time_window_years"],
            ),
            full_time_months=full_time,
            part_time_months=part_time,
        )
    if reduced_to_weeks is not None:
        minimum_weeks = _reduce(minimum_weeks, reduced_to_weeks, explanation)
    return RequiredPractice(
        category=category,
        proof=proof,
        minimum_weeks=minimum_weeks,
        full_time_months=full_time,
        part_time_months=part_time,
        explanation=explanation.freeze(),
        route=route_code,
    )


def _reduce(minimum_weeks: int | None, weeks: Any, explanation: Explanation) -> int:
    reduction = _internship_data()["reduction"]
    floor = reduction["floor_weeks"]
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        raise InputError(f"reduced_to_weeks : nombre entier de semaines attendu, reçu « {weeks} »")
    if minimum_weeks is None:
        raise InputError(
            "reduced_to_weeks : cette catégorie n'a pas de durée de stage en semaines à réduire"
        )
    if weeks > minimum_weeks:
        raise InputError(
            f"reduced_to_weeks : {weeks} semaines dépasse la durée exigée ({minimum_weeks})"
        )
    if weeks < floor:
        raise InputError(
            f"reduced_to_weeks : la durée réduite ne peut être inférieure à {floor} semaines "
            f"(reçu {weeks})"
        )
    explanation.add(
        "reduction",
        reduction["source"],
        _(
            "Durée réduite de %(minimum)s à %(weeks)s semaines (force majeure ou positionnement), "
            "au-dessus du plancher de %(floor)s semaines.",
            minimum=minimum_weeks,
            weeks=weeks,
            floor=floor,
        ),
        minimum_weeks=minimum_weeks,
        reduced_to_weeks=weeks,
        floor_weeks=floor,
    )
    return weeks


def _presence_hours(months_param: str, on: date) -> tuple[int, Message]:
    """A duration in months converted to hours of presence: months × 22 days × 7 hours."""
    months = parameter(months_param).at(on)
    days = parameter("internships/presence_days_per_month").at(on)
    per_day = parameter("internships/presence_hours_per_day").at(on)
    total = months.value * days.value * per_day.value
    return total, _(
        "%(months)s mois × %(days)s jours × %(per_day)s = %(total)s (%(months_source)s ; "
        "%(days_source)s)",
        months=months.value,
        days=days.value,
        per_day=hours(per_day.value),
        total=hours(total),
        months_source=months.source,
        days_source=days.source,
    )


def school_year_bounds(school_year: str) -> tuple[date, date]:
    """First and last day of a school year written `2025-2026` (1 September to 31 August)."""
    parts = school_year.split("-") if isinstance(school_year, str) else []
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 4 for p in parts):
        raise InputError(f"school_year : « {school_year} » attendu sous la forme 2025-2026")
    first, second = int(parts[0]), int(parts[1])
    if second != first + 1:
        raise InputError(f"school_year : « {school_year} » doit couvrir deux années consécutives")
    return date(first, 9, 1), date(second, 8, 31)


@dataclass(frozen=True, slots=True)
class MonthHours:
    """Hours of presence of one intern with one host in one month."""

    month: date  # first day of the month
    hours: Decimal


@dataclass(frozen=True, slots=True)
class MonthStipend:
    month: date
    hours: Decimal
    hourly_minimum: Decimal
    minimum: Decimal


@dataclass(frozen=True, slots=True)
class Stipend:
    stipend_due: bool
    total_hours: Decimal
    threshold_hours: int
    months: tuple[MonthStipend, ...]
    total_minimum: Decimal
    explanation: tuple[Step, ...]


def internship_stipend(*, school_year: str, months: list[MonthHours]) -> Stipend:
    """The minimum stipend owed by one host for one school year (L. 124-6, D. 124-6, D. 124-8).

    Owed when the presence exceeds 2 months of 22 days of 7 hours (from the 309th hour), then for
    every hour, month by month, at 15 % of the hourly social-security ceiling of the month.
    """
    start, end = school_year_bounds(school_year)
    seen: set[date] = set()
    for index, entry in enumerate(months):
        if not start <= entry.month <= end:
            raise InputError(
                f"months[{index}].month : {entry.month:%m/%Y} hors de l'année scolaire "
                f"{school_year} (septembre à août)"
            )
        if entry.month in seen:
            raise InputError(f"months[{index}].month : le mois {entry.month:%m/%Y} est en double")
        if entry.hours < 0:
            raise InputError(f"months[{index}].hours : nombre d'heures positif attendu")
        seen.add(entry.month)
    explanation = Explanation()
    threshold, how = _presence_hours("internships/stipend_threshold_months", start)
    total = sum((entry.hours for entry in months), Decimal(0))
    due = total > threshold
    explanation.add(
        "threshold",
        "Code de l'éducation, L. 124-6 et D. 124-6",
        _(
            "Seuil de gratification : %(how)s. Présence chez cet organisme sur l'année "
            "%(school_year)s : %(total)s, au-delà du seuil : gratification due pour chaque heure.",
            how=how,
            school_year=school_year,
            total=hours(total),
        )
        if due
        else _(
            "Seuil de gratification : %(how)s. Présence chez cet organisme sur l'année "
            "%(school_year)s : %(total)s, pas au-delà du seuil : gratification non obligatoire.",
            how=how,
            school_year=school_year,
            total=hours(total),
        ),
        threshold_hours=threshold,
        total_hours=total,
        stipend_due=due,
    )
    lines = []
    for entry in sorted(months, key=lambda e: e.month):
        rate = parameter("internships/stipend_rate").at(entry.month)
        ceiling = parameter("social_security/ceiling_hourly").at(entry.month)
        hourly = rate.value * ceiling.value
        minimum = round_cent(entry.hours * hourly) if due else round_cent(Decimal(0))
        lines.append(MonthStipend(entry.month, entry.hours, round_cent(hourly), minimum))
        if due:
            explanation.add(
                "month",
                f"{rate.source} ; {ceiling.source}",
                _(
                    "%(month)s : %(hours)s × (%(rate)s × %(ceiling)s) = %(minimum)s.",
                    month=f"{entry.month:%m/%Y}",
                    hours=hours(entry.hours),
                    rate=rate.value,
                    ceiling=euros(ceiling.value),
                    minimum=euros(minimum),
                ),
                month=entry.month,
                hours=entry.hours,
                hourly_minimum=hourly,
                minimum=minimum,
            )
    total_minimum = sum((line.minimum for line in lines), round_cent(Decimal(0)))
    return Stipend(
        stipend_due=due,
        total_hours=total,
        threshold_hours=threshold,
        months=tuple(lines),
        total_minimum=total_minimum,
        explanation=explanation.freeze(),
    )


@dataclass(frozen=True, slots=True)
class Quota:
    headcount: Decimal
    max_interns: int
    explanation: tuple[Step, ...]


def intern_quota(
    *, headcount_last_day: Decimal, average_headcount_12_months: Decimal, on: date
) -> Quota:
    """The most interns a host may have at once in a calendar week (R. 124-10, R. 124-11).

    Headcount: the larger of the last day of the previous month and the 12-month average.
    Under 20: 3; otherwise 15 % of the headcount rounded up.
    """
    for field, value in (
        ("headcount_last_day", headcount_last_day),
        ("average_headcount_12_months", average_headcount_12_months),
    ):
        if value < 0:
            raise InputError(f"{field} : effectif positif attendu, reçu {value}")
    quota = parameter("internships/quota").at(on)
    explanation = Explanation()
    headcount = max(headcount_last_day, average_headcount_12_months)
    explanation.add(
        "headcount",
        "Code de l'éducation, R. 124-11",
        _(
            "Effectif retenu : le plus grand de %(last_day)s (dernier jour du mois précédent) et "
            "%(average)s (moyenne des 12 derniers mois) = %(headcount)s.",
            last_day=headcount_last_day,
            average=average_headcount_12_months,
            headcount=headcount,
        ),
        headcount=headcount,
    )
    small = quota.value["small_host_below_headcount"]
    if headcount < small:
        result = quota.value["small_host_max_interns"]
        text = _(
            "Effectif inférieur à %(small)s : au plus %(result)s stagiaires.",
            small=small,
            result=result,
        )
    else:
        share = quota.value["headcount_rate"] * headcount
        result = int(share.to_integral_value(rounding=ROUND_CEILING))
        text = _(
            "Effectif d'au moins %(small)s : %(rate)s × %(headcount)s = %(share)s, arrondi à "
            "l'entier supérieur : %(result)s stagiaires.",
            small=small,
            rate=quota.value["headcount_rate"],
            headcount=headcount,
            share=share,
            result=result,
        )
    explanation.add("quota", quota.source, text, max_interns=result)
    return Quota(headcount=headcount, max_interns=result, explanation=explanation.freeze())


@dataclass(frozen=True, slots=True)
class Check:
    """A limit checked: whether it holds, and why."""

    allowed: bool
    limit: Decimal | int
    value: Decimal | int
    explanation: tuple[Step, ...]


def check_quota(*, interns_in_week: int, quota: Quota) -> Check:
    """Whether `interns_in_week` interns (the new one included) fit the host's quota."""
    allowed = interns_in_week <= quota.max_interns
    explanation = Explanation()
    explanation.steps.extend(quota.explanation)
    explanation.add(
        "quota_check",
        "Code de l'éducation, R. 124-10",
        _(
            "%(interns)s stagiaire(s) la même semaine pour %(quota)s autorisé(s) : conforme.",
            interns=interns_in_week,
            quota=quota.max_interns,
        )
        if allowed
        else _(
            "%(interns)s stagiaire(s) la même semaine pour %(quota)s autorisé(s) : quota dépassé.",
            interns=interns_in_week,
            quota=quota.max_interns,
        ),
        interns=interns_in_week,
    )
    return Check(allowed, quota.max_interns, interns_in_week, explanation.freeze())


def check_tutor_limit(*, interns_of_tutor: int, on: date) -> Check:
    """Whether a tutor may be in charge of `interns_of_tutor` interns at once (R. 124-13)."""
    limit = parameter("internships/max_interns_per_tutor").at(on)
    allowed = interns_of_tutor <= limit.value
    explanation = Explanation()
    explanation.add(
        "tutor_limit",
        limit.source,
        _(
            "%(interns)s stagiaire(s) confiés simultanément au tuteur pour %(limit)s au plus : "
            "conforme.",
            interns=interns_of_tutor,
            limit=limit.value,
        )
        if allowed
        else _(
            "%(interns)s stagiaire(s) confiés simultanément au tuteur pour %(limit)s au plus : "
            "limite dépassée.",
            interns=interns_of_tutor,
            limit=limit.value,
        ),
        interns=interns_of_tutor,
        limit=limit.value,
    )
    return Check(allowed, limit.value, interns_of_tutor, explanation.freeze())


def check_host_cap(*, school_year: str, hours_with_host: Decimal) -> Check:
    """Whether the presence of one intern with one host in a school year stays within 6 months
    (L. 124-5), counted as 6 × 22 days × 7 hours of presence (D. 124-6)."""
    start, _end = school_year_bounds(school_year)
    if hours_with_host < 0:
        raise InputError("hours_with_host : nombre d'heures positif attendu")
    cap, how = _presence_hours("internships/max_months_per_host", start)
    allowed = hours_with_host <= cap
    explanation = Explanation()
    explanation.add(
        "host_cap",
        "Code de l'éducation, L. 124-5 et D. 124-6",
        _(
            "Plafond par organisme et par année %(school_year)s : %(how)s. Présence : %(hours)s — "
            "conforme.",
            school_year=school_year,
            how=how,
            hours=hours(hours_with_host),
        )
        if allowed
        else _(
            "Plafond par organisme et par année %(school_year)s : %(how)s. Présence : %(hours)s — "
            "plafond de 6 mois dépassé.",
            school_year=school_year,
            how=how,
            hours=hours(hours_with_host),
        ),
        cap_hours=cap,
        hours=hours_with_host,
    )
    return Check(allowed, cap, hours_with_host, explanation.freeze())


@dataclass(frozen=True, slots=True)
class InternshipPeriod:
    """One internship period as on its certificate: host, first and last day."""

    host: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class InternshipProgress:
    total_weeks: Fraction
    required: RequiredPractice
    missing_weeks: Fraction
    complete: bool
    explanation: tuple[Step, ...]


def working_days(start: date, end: date) -> int:
    """Monday-to-Friday days from `start` to `end`, both included."""
    days = (end - start).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for offset in range(rest):
        if (start + timedelta(days=full_weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def period_weeks(start: date, end: date) -> Fraction:
    """The internship weeks of a period: its working days (Monday to Friday) divided by 5."""
    return Fraction(working_days(start, end), 5)


def internship_progress(
    *, category: str, periods: list[InternshipPeriod], reduced_to_weeks: int | None = None
) -> InternshipProgress:
    """The running total of internship weeks against what the category requires (annexe III b).

    A week is 5 working days (Monday to Friday) between the first and last day of a period.
    """
    required = required_practice(category, reduced_to_weeks=reduced_to_weeks)
    explanation = Explanation()
    explanation.steps.extend(required.explanation)
    total = Fraction(0)
    for index, period in enumerate(periods):
        if period.end < period.start:
            raise InputError(f"periods[{index}].end : la fin précède le début de la période")
        weeks = period_weeks(period.start, period.end)
        total += weeks
        explanation.add(
            "period",
            "Arrêté du 19 février 2018, annexe III b, II.1",
            _(
                "%(host)s : du %(start)s au %(end)s, %(days)s jours ouvrés = %(weeks)s semaine(s).",
                host=period.host,
                start=period.start,
                end=period.end,
                days=working_days(period.start, period.end),
                weeks=weeks_decimal(weeks),
            ),
            weeks=weeks,
        )
    needed = Fraction(required.minimum_weeks or 0)
    missing = max(needed - total, Fraction(0))
    complete = required.minimum_weeks is None or missing == 0
    if required.minimum_weeks is None:
        text = _("Pas de durée de stage en semaines pour cette catégorie (autre justificatif).")
    elif complete:
        text = _(
            "Total : %(total)s semaine(s) pour %(required)s exigées : durée atteinte.",
            total=weeks_decimal(total),
            required=required.minimum_weeks,
        )
    else:
        text = _(
            "Total : %(total)s semaine(s) pour %(required)s exigées : il manque %(missing)s "
            "semaine(s).",
            total=weeks_decimal(total),
            required=required.minimum_weeks,
            missing=weeks_decimal(missing),
        )
    explanation.add("total", "Arrêté du 19 février 2018, annexe III b", text, total_weeks=total)
    return InternshipProgress(total, required, missing, complete, explanation.freeze())


def weeks_decimal(value: Fraction) -> Decimal:
    """Weeks as people read them: 7.4 rather than 37/5 (stored exactly; fifths of a week)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def weeks_text(value: Fraction) -> str:
    """Weeks as people read them, in French: "7,4" rather than 37/5 (stored exactly)."""
    return french_number(weeks_decimal(value))


def check_summer_rest(
    *, summer_start: date, summer_end: date, periods: list[InternshipPeriod]
) -> Check:
    """Whether the internships of a school year leave 4 consecutive weeks of rest within the
    summer holidays, from `summer_start` to `summer_end` (annexe III b, II.1).

    The holiday dates are arguments: they are set each year by the school calendar. `limit` and
    `value` are in days: the rest required and the longest rest left.
    """
    if summer_end < summer_start:
        raise InputError("summer_end : la fin des vacances d'été précède leur début")
    weeks = parameter("internships/summer_rest_weeks").at(summer_start)
    needed = weeks.value * 7
    busy = sorted(
        (max(p.start, summer_start), min(p.end, summer_end))
        for p in periods
        if p.start <= summer_end and p.end >= summer_start
    )
    longest, free_from = 0, summer_start
    for start, end in busy:
        longest = max(longest, (start - free_from).days)
        free_from = max(free_from, end + timedelta(days=1))
    longest = max(longest, (summer_end - free_from).days + 1)
    allowed = longest >= needed
    rest = {
        "start": summer_start,
        "end": summer_end,
        "longest": longest,
        "weeks": weeks.value,
        "needed": needed,
    }
    explanation = Explanation()
    explanation.add(
        "summer_rest",
        weeks.source,
        _(
            "Vacances d'été du %(start)s au %(end)s : plus longue période sans stage de "
            "%(longest)s jours consécutifs pour %(weeks)s semaines (%(needed)s jours) exigées : "
            "conforme.",
            **rest,
        )
        if allowed
        else _(
            "Vacances d'été du %(start)s au %(end)s : plus longue période sans stage de "
            "%(longest)s jours consécutifs pour %(weeks)s semaines (%(needed)s jours) exigées : "
            "repos estival insuffisant.",
            **rest,
        ),
        longest_rest_days=longest,
        required_days=needed,
    )
    return Check(allowed, needed, longest, explanation.freeze())


@dataclass(frozen=True, slots=True)
class AgreementItem:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class AgreementRequirements:
    """What every internship agreement must state, and its pedagogical annex (annexe III b)."""

    clauses: tuple[AgreementItem, ...]
    pedagogical_annex: tuple[AgreementItem, ...]
    source: str


def agreement_requirements() -> AgreementRequirements:
    """The clauses and pedagogical annex items an internship agreement must contain."""
    data = _internship_data()["agreement"]
    return AgreementRequirements(
        clauses=tuple(AgreementItem(i["code"], i["label"]) for i in data["clauses"]),
        pedagogical_annex=tuple(
            AgreementItem(i["code"], i["label"]) for i in data["pedagogical_annex"]
        ),
        source=data["source"],
    )


def summer_holidays(school_year: str) -> tuple[date, date, str]:
    """The summer holidays ending a school year (`2025-2026`): first day, last day, source."""
    start, _end = school_year_bounds(school_year)
    holidays = parameter("internships/summer_holidays").at(start)
    return holidays.value["start"], holidays.value["end"], holidays.source


def planned_hours(*, start: date, end: date, weekly_hours: Decimal) -> tuple[MonthHours, ...]:
    """Hours of presence planned month by month for a period of `weekly_hours` a week: each
    working day (Monday to Friday) counts a fifth of the weekly hours."""
    if end < start:
        raise InputError("end : la fin de la période précède son début")
    if weekly_hours <= 0:
        raise InputError("weekly_hours : nombre d'heures hebdomadaires positif attendu")
    months = []
    month = start.replace(day=1)
    while month <= end:
        last = last_day(month)
        days = working_days(max(start, month), min(end, last))
        months.append(MonthHours(month, weekly_hours * days / 5))
        month = last + timedelta(days=1)
    return tuple(months)
