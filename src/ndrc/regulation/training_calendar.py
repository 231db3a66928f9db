"""The training calendar: where a learner is each day (centre, company, internship, holiday, exam)
and how many hours the centre plans, with the public holidays and the school holidays.

Sources: Code du travail L3133-1 (public holidays) and L3134-13 (Alsace-Moselle), computed by
the `holidays` library and named by `data/calendar/public_holidays.yaml`; the national school
calendar of each school year, `data/calendar/school_holidays/<year>.yaml` (one file a year, no
code change). The rhythm, closures, exam and internship periods and the hours of a half-day are
the centre's own choices, given as input. The algorithm in prose: docs/calendar.md.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import holidays as holidays_library

from ndrc.regulation.errors import FrameworkDataError, InputError
from ndrc.regulation.explanation import Explanation, Message, Step, _, comma_list, joined
from ndrc.regulation.explanation import hours as in_hours
from ndrc.regulation.framework import read_yaml

CALENDAR_DIR = Path(__file__).parent / "data" / "calendar"
SCHOOL_HOLIDAYS_DIR = CALENDAR_DIR / "school_holidays"

HALF_DAYS = ("am", "pm")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ZONES = ("A", "B", "C")
# Where a learner is on a day. `off`: a weekday outside the centre for a learner without a
# company (a student between internships).
PLACES = ("centre", "company", "internship", "holiday", "exam", "rest", "off")

WEEKDAY_LABELS = (
    _("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche")
)  # fmt: skip
HALF_DAY_LABELS = {"am": _("matin"), "pm": _("après-midi")}
_SEMICOLONS = _("%(first)s ; %(next)s").template
# Metropolitan departments: 01 to 95, Corsica 2A and 2B (20 no longer exists). Overseas
# departments have their own holidays and school calendars, not in the data.
_DEPARTMENT = re.compile(r"^(0[1-9]|1[0-9]|[3-8][0-9]|9[0-5]|2[1-9]|2A|2B)$")
# A cycle is at most three years (a BTS prolonged by a year); beyond is a typing error.
MAX_SPAN_DAYS = 4 * 366
CENTRE_RULE = "Calendrier de formation du centre (rythme, fermetures et horaires choisis)"


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days, both ends included: a closure, an exam or internship period."""

    start: date
    end: date
    label: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class PublicHoliday:
    date: date
    name: str
    source: str


@dataclass(frozen=True, slots=True)
class SchoolHoliday:
    """A school holiday of one zone: the days from `first_day` to `last_day` without classes."""

    name: str
    zone: str
    first_day: date
    last_day: date
    source: str

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True, slots=True)
class Day:
    """A day of the calendar: the place, why, and the half-days spent in the centre."""

    date: date
    place: str
    why: str
    centre_half_days: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CalendarPlan:
    start: date
    end: date
    days: tuple[Day, ...]
    public_holidays: tuple[PublicHoliday, ...]
    centre_half_days: int
    centre_hours: Decimal
    explanation: tuple[Step, ...]

    def slots(self) -> frozenset[tuple[date, str]]:
        """The (date, half-day) pairs spent in the centre."""
        return frozenset((d.date, h) for d in self.days for h in d.centre_half_days)

    def by_date(self) -> dict[date, Day]:
        return {d.date: d for d in self.days}


# --- The week pattern ------------------------------------------------------------------------

WeekPattern = frozenset[tuple[int, str]]  # (weekday 0-6, "am" | "pm")


def parse_rhythm(rhythm: Any, *, field: str = "rhythm") -> tuple[WeekPattern, ...]:
    """The rhythm as weekly patterns: a list of half-days (`"mon-am"`, or `"mon"` for the whole
    day) repeated every week, or a list of such lists, week 1, week 2… repeated in turn (blocks
    of weeks: `[["mon", …, "fri"], []]` is a week in the centre, a week in the company)."""
    if not isinstance(rhythm, list | tuple):
        raise InputError(f"champ « {field} » : une liste de demi-journées est attendue")
    if rhythm and all(isinstance(week, list | tuple) for week in rhythm):
        weeks = rhythm
    elif all(isinstance(token, str) for token in rhythm):
        weeks = [rhythm]
    else:
        raise InputError(
            f"champ « {field} » : une liste de demi-journées (« mon-am ») ou une liste de "
            "semaines (listes de demi-journées) est attendue"
        )
    if not weeks:
        raise InputError(f"champ « {field} » : au moins une semaine est attendue")
    return tuple(_week(week, f"{field}[{index}]") for index, week in enumerate(weeks))


def _week(tokens: Sequence[Any], field: str) -> WeekPattern:
    found: set[tuple[int, str]] = set()
    for token in tokens:
        if not isinstance(token, str):
            raise InputError(f"champ « {field} » : demi-journée « jour-am|pm » attendue")
        day, _sep, half = token.partition("-")
        if day not in WEEKDAYS or (half and half not in HALF_DAYS):
            raise InputError(
                f"champ « {field} » : demi-journée inconnue « {token} » (attendu : "
                "mon…sun, suivi de -am ou -pm, par exemple « mon-am »)"
            )
        for h in (half,) if half else HALF_DAYS:
            found.add((WEEKDAYS.index(day), h))
    return frozenset(found)


def _half_day(weekday: int, half: str) -> Message:
    return _("%(day)s %(half)s", day=WEEKDAY_LABELS[weekday], half=HALF_DAY_LABELS[half])


def describe_rhythm(patterns: Sequence[WeekPattern]) -> str:
    """The rhythm in French: « lundi matin, mardi matin » or « semaine 1 : … ; semaine 2 : … »
    (a `Message`)."""

    def week(pattern: WeekPattern) -> str:
        if not pattern:
            return _("aucune demi-journée en centre")
        return comma_list(
            [
                _half_day(d, h)
                for d, h in sorted(pattern, key=lambda s: (s[0], HALF_DAYS.index(s[1])))
            ]
        )

    if len(patterns) == 1:
        return week(patterns[0])
    weeks = [
        _("semaine %(number)s : %(days)s", number=i, days=week(p))
        for i, p in enumerate(patterns, start=1)
    ]
    return joined(weeks, _SEMICOLONS)


# --- Public holidays ---------------------------------------------------------------------------


def check_department(department: Any) -> str:
    if not isinstance(department, str) or not _DEPARTMENT.match(department):
        raise InputError(
            f"champ « department » : département de métropole attendu (01 à 95, 2A, 2B), reçu "
            f"« {department} »"
        )
    return department


@cache
def _holiday_data() -> dict[str, Any]:
    return read_yaml(CALENDAR_DIR / "public_holidays.yaml")


@cache
def _holidays_of_year(subdivision: str | None, year: int) -> tuple[tuple[date, str], ...]:
    found = holidays_library.country_holidays("FR", subdiv=subdivision, years=year, language="fr")
    return tuple(sorted(found.items()))


def public_holidays(department: str, years: Iterable[int]) -> tuple[PublicHoliday, ...]:
    """The public holidays of a department in the given years, named and sourced."""
    check_department(department)
    data = _holiday_data()
    names = {h["library_name"]: (h["name"], data["source"]) for h in data["holidays"]}
    local = data["alsace_moselle"]
    subdivision = local["departments"].get(department)
    if subdivision is not None:
        names |= {h["library_name"]: (h["name"], local["source"]) for h in local["holidays"]}
    result = []
    for year in sorted(set(years)):
        for day, library_name in _holidays_of_year(subdivision, year):
            # A date may carry two names in the library ("Noël; Saint-Étienne" never happens,
            # but stay strict): each must be a holiday the law lists.
            for part in library_name.split("; "):
                if part not in names:
                    raise FrameworkDataError(
                        f"public_holidays.yaml : jour férié « {part} » du {day:%d/%m/%Y} "
                        "inconnu des données (la bibliothèque holidays a changé ?)"
                    )
                name, source = names[part]
                # The data's name is a msgid of the interface's catalogue: French here, shown in
                # the reader's language by an interface (as every `Message`).
                result.append(PublicHoliday(day, Message(name), source))
    return tuple(result)


# --- School holidays ----------------------------------------------------------------------------


@cache
def _school_years() -> dict[str, dict[str, Any]]:
    years = {}
    for path in sorted(SCHOOL_HOLIDAYS_DIR.glob("*.yaml")):
        data = read_yaml(path)
        if data.get("school_year") != path.stem:
            raise FrameworkDataError(f"{path.name} : school_year doit valoir « {path.stem} »")
        years[path.stem] = data
    return years


def school_year_of(day: date) -> str:
    """The school year a date belongs to, from 1 September to 31 August: « 2025-2026 »."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def school_years_between(start: date, end: date) -> list[str]:
    first = int(school_year_of(start)[:4])
    last = int(school_year_of(end)[:4])
    return [f"{year}-{year + 1}" for year in range(first, last + 1)]


def school_holidays(
    zone: str, start: date, end: date
) -> tuple[tuple[SchoolHoliday, ...], list[str]]:
    """The school holidays of a zone touching [start, end], and the school years missing from
    the data (their holidays are unknown)."""
    if zone not in ZONES:
        raise InputError(
            f"champ « school_holiday_zone » : zone A, B ou C attendue, reçu « {zone} »"
        )
    known = _school_years()
    found: list[SchoolHoliday] = []
    missing: list[str] = []
    for year in school_years_between(start, end):
        data = known.get(year)
        if data is None:
            missing.append(year)
            continue
        for period in data["periods"]:
            if zone not in period["zones"]:
                continue
            holiday = SchoolHoliday(
                name=Message(period["name"]),  # a msgid, as a public holiday's name
                zone=zone,
                first_day=period["classes_end"] + timedelta(days=1),
                last_day=period["classes_resume"] - timedelta(days=1),
                source=data["source"],
            )
            if holiday.first_day <= end and holiday.last_day >= start:
                found.append(holiday)
    return tuple(found), missing


# --- The calendar ------------------------------------------------------------------------------


def check_span(start: date, end: date) -> None:
    if end < start:
        raise InputError("champ « end » : la fin précède le début")
    if (end - start).days > MAX_SPAN_DAYS:
        raise InputError("champ « end » : période de plus de quatre ans, vérifier les dates")
    if not 2000 <= start.year <= 2100 or not 2000 <= end.year <= 2100:
        raise InputError("champ « start » : année hors de la plage 2000-2100")


def _week_index(day: date, start: date, cycle: int) -> int:
    monday = start - timedelta(days=start.weekday())
    return ((day - monday).days // 7) % cycle


def _periods_text(periods: Sequence[Period]) -> str:
    return joined(
        [
            _(
                "%(label)s du %(start)s au %(end)s",
                label=p.label or _("période"),
                start=p.start,
                end=p.end,
            )
            for p in periods
        ],
        _SEMICOLONS,
    )


def plan_calendar(
    *,
    start: date,
    end: date,
    department: str,
    school_holiday_zone: str,
    rhythm: Sequence[WeekPattern],
    hours_per_half_day: Mapping[str, Decimal],
    closures: Sequence[Period] = (),
    close_in_school_holidays: bool = False,
    exam_periods: Sequence[Period] = (),
    internship_periods: Sequence[Period] = (),
    away_place: str = "company",
    unpublished_school_years: str = "refuse",
) -> CalendarPlan:
    """Each day from `start` to `end`: its place and why, and the half-days and hours planned
    in the centre.

    In order: a public holiday is never a centre day (holiday); then a closure of the centre;
    then the school holidays when `close_in_school_holidays`; then an exam period; then an
    internship period; then the rhythm (centre); then Saturday and Sunday (rest); any other day
    is `away_place` (the company for an apprentice, `off` for a learner without one).

    A school year whose calendar is not in the data yet is refused when the centre closes in
    the school holidays, unless `unpublished_school_years="open"`: its holidays are then left
    out, and the explanation says so (a cycle planned before the ministry publishes its second
    year).
    """
    check_span(start, end)
    check_department(department)
    if away_place not in ("company", "off"):
        raise InputError(f"lieu hors centre inconnu : « {away_place} »")
    for half in HALF_DAYS:
        if half not in hours_per_half_day:
            raise InputError(f"champ « hours_per_half_day » : « {half} » obligatoire et absent")
    explanation = Explanation()

    holidays_found = tuple(
        h for h in public_holidays(department, range(start.year, end.year + 1))
        if start <= h.date <= end
    )  # fmt: skip
    holiday_of = {h.date: h for h in holidays_found}
    general = _holiday_data()["source"]
    explanation.add(
        "public_holidays",
        general,
        _(
            "%(count)s jour(s) férié(s) du %(start)s au %(end)s : %(holidays)s. Un jour férié "
            "n'est jamais un jour en centre.",
            count=len(holidays_found),
            start=start,
            end=end,
            holidays=comma_list(
                [_("%(name)s (%(date)s)", name=h.name, date=h.date) for h in holidays_found]
            )
            or _("aucun"),
        ),
        count=len(holidays_found),
    )
    local = _holiday_data()["alsace_moselle"]
    if department in local["departments"]:
        explanation.add(
            "alsace_moselle",
            local["source"],
            _(
                "Département %(department)s : le Vendredi saint et le 26 décembre sont aussi "
                "fériés.",
                department=department,
            ),
            department=department,
        )

    school, missing = school_holidays(school_holiday_zone, start, end)
    if unpublished_school_years not in ("refuse", "open"):
        raise InputError(
            f"choix inconnu pour les années non publiées : « {unpublished_school_years} »"
        )
    if close_in_school_holidays and missing and unpublished_school_years == "refuse":
        raise InputError(
            "champ « close_in_school_holidays » : le calendrier scolaire "
            + ", ".join(missing)
            + " n'est pas encore dans les données (data/calendar/school_holidays/)"
        )
    if school:
        sources = sorted({h.source for h in school})
        explanation.add(
            "school_holidays",
            " ; ".join(sources),
            Message(
                _(
                    "Vacances scolaires de la zone %(zone)s : %(holidays)s ; le centre ferme "
                    "pendant les vacances scolaires."
                ).template
                if close_in_school_holidays
                else _(
                    "Vacances scolaires de la zone %(zone)s : %(holidays)s ; le centre reste "
                    "ouvert pendant les vacances scolaires."
                ).template,
                zone=school_holiday_zone,
                holidays=comma_list(
                    [
                        _(
                            "%(name)s du %(start)s au %(end)s",
                            name=h.name,
                            start=h.first_day,
                            end=h.last_day,
                        )
                        for h in school
                    ]
                ),
            ),
            zone=school_holiday_zone,
        )
    if missing:
        explanation.add(
            "school_holidays_missing",
            "data/calendar/school_holidays/",
            _(
                "Calendrier scolaire absent des données pour %(years)s : ses vacances ne sont "
                "pas prises en compte.",
                years=", ".join(missing),
            ),
        )
    explanation.add(
        "rhythm",
        CENTRE_RULE,
        _("Rythme en centre : %(rhythm)s.", rhythm=describe_rhythm(rhythm)),
        weeks=len(rhythm),
    )
    for rule, periods, text in (
        ("closures", closures, _("Fermetures du centre")),
        ("exam_periods", exam_periods, _("Périodes d'examen")),
        ("internship_periods", internship_periods, _("Périodes de stage")),
    ):
        if periods:
            explanation.add(
                rule,
                CENTRE_RULE,
                _("%(what)s : %(periods)s.", what=text, periods=_periods_text(periods)),
            )

    days: list[Day] = []
    count = 0
    hours = Decimal(0)
    day = start
    while day <= end:
        place, why, halves = _place(
            day,
            start=start,
            holiday=holiday_of.get(day),
            closures=closures,
            school=[h for h in school if h.covers(day)],
            close_in_school_holidays=close_in_school_holidays,
            exam_periods=exam_periods,
            internship_periods=internship_periods,
            rhythm=rhythm,
            away_place=away_place,
        )
        days.append(Day(day, place, why, halves))
        count += len(halves)
        hours += sum((hours_per_half_day[h] for h in halves), Decimal(0))
        day += timedelta(days=1)
    explanation.add(
        "centre_hours",
        CENTRE_RULE,
        _(
            "%(count)s demi-journée(s) en centre ; heures : matin %(am)s, après-midi %(pm)s ; "
            "total %(total)s.",
            count=count,
            am=in_hours(hours_per_half_day["am"]),
            pm=in_hours(hours_per_half_day["pm"]),
            total=in_hours(hours),
        ),
        centre_half_days=count,
        centre_hours=hours,
    )
    return CalendarPlan(
        start=start,
        end=end,
        days=tuple(days),
        public_holidays=holidays_found,
        centre_half_days=count,
        centre_hours=hours,
        explanation=explanation.freeze(),
    )


def _place(
    day: date,
    *,
    start: date,
    holiday: PublicHoliday | None,
    closures: Sequence[Period],
    school: list[SchoolHoliday],
    close_in_school_holidays: bool,
    exam_periods: Sequence[Period],
    internship_periods: Sequence[Period],
    rhythm: Sequence[WeekPattern],
    away_place: str,
) -> tuple[str, str, tuple[str, ...]]:
    if holiday is not None:
        return (
            "holiday",
            _("Jour férié : %(name)s — %(source)s", name=holiday.name, source=holiday.source),
            (),
        )
    for closure in closures:
        if closure.covers(day):
            label = closure.label or _("fermeture")
            return "holiday", _("Fermeture du centre : %(label)s", label=label), ()
    if school and close_in_school_holidays:
        why = _(
            "%(holidays)s (zone %(zone)s) : centre fermé",
            holidays=school[0].name,
            zone=school[0].zone,
        )
        return "holiday", why, ()
    for period in exam_periods:
        if period.covers(day):
            label = period.label or _("examens")
            return "exam", _("Période d'examen : %(label)s", label=label), ()
    for period in internship_periods:
        if period.covers(day):
            label = period.label or _("stage")
            return "internship", _("Période de stage : %(label)s", label=label), ()
    week = _week_index(day, start, len(rhythm))
    weekday = day.weekday()
    halves = tuple(h for h in HALF_DAYS if (weekday, h) in rhythm[week])

    def in_school_holidays(why: Message) -> Message:
        if not school:
            return why
        return _(
            "%(why)s ; %(holidays)s (zone %(zone)s), centre ouvert",
            why=why,
            holidays=school[0].name,
            zone=school[0].zone,
        )

    if halves:
        which = joined([_half_day(weekday, h) for h in halves], _("%(first)s et %(next)s").template)
        why = _("Rythme : %(which)s en centre", which=which)
        if len(rhythm) > 1:
            why = _("%(why)s (semaine %(week)s du cycle)", why=why, week=week + 1)
        return "centre", in_school_holidays(why), halves
    if weekday >= 5:
        return "rest", _("Repos hebdomadaire"), ()
    if away_place == "company":
        return "company", in_school_holidays(_("Rythme : jour en entreprise")), ()
    return "off", in_school_holidays(_("Rythme : pas de cours en centre")), ()


# --- The planned volume against the promised one ----------------------------------------------


@dataclass(frozen=True, slots=True)
class ModuleVolume:
    module: str
    planned: Decimal
    promised: Decimal | None

    @property
    def shortfall(self) -> Decimal:
        if self.promised is None or self.planned >= self.promised:
            return Decimal(0)
        return self.promised - self.planned


@dataclass(frozen=True, slots=True)
class VolumeCheck:
    planned_total: Decimal
    promised_total: Decimal
    modules: tuple[ModuleVolume, ...]
    warnings: tuple[str, ...]
    explanation: tuple[Step, ...]

    @property
    def short(self) -> bool:
        return bool(self.warnings)


def check_volume(
    *,
    planned: Mapping[str, Decimal],
    promised_total: Decimal,
    promised_by_module: Mapping[str, Decimal] | None = None,
    source: str,
) -> VolumeCheck:
    """The hours planned (per module) against the volume the training promises: a warning for
    the total and for each module that falls short. `source` names where the promise comes from
    (Annexe III a for students, the centre's programme for apprentices)."""
    explanation = Explanation()
    promised_by_module = promised_by_module or {}
    total = sum(planned.values(), Decimal(0))
    modules = tuple(
        ModuleVolume(code, planned.get(code, Decimal(0)), promised_by_module.get(code))
        for code in sorted(set(planned) | set(promised_by_module))
    )
    warnings: list[str] = []
    if total < promised_total:
        warnings.append(
            _(
                "%(planned)s prévues pour %(promised)s promises : il manque %(missing)s.",
                planned=in_hours(total),
                promised=in_hours(promised_total),
                missing=in_hours(promised_total - total),
            )
        )
    for module in modules:
        if module.shortfall:
            warnings.append(
                _(
                    "%(module)s : %(planned)s prévues pour %(promised)s ; il manque %(missing)s.",
                    module=module.module,
                    planned=in_hours(module.planned),
                    promised=in_hours(module.promised),
                    missing=in_hours(module.shortfall),
                )
            )
    explanation.add(
        "volume",
        source,
        Message(
            _("Volume promis : %(promised)s ; prévu : %(planned)s — le plan est en deçà.").template
            if warnings
            else _(
                "Volume promis : %(promised)s ; prévu : %(planned)s — le plan couvre le volume "
                "promis."
            ).template,
            promised=in_hours(promised_total),
            planned=in_hours(total),
        ),
        planned=total,
        promised=promised_total,
    )
    return VolumeCheck(total, promised_total, modules, tuple(warnings), explanation.freeze())
