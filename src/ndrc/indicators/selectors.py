"""Reads of the indicators: who may read them, the facts of each year, the indicators the engine
computes from them, the people behind a figure, the public results (cached), the surveys.

Who reaches what: the training manager and the exam office of a centre read its indicators
(administrators every centre's); only the training manager records figures, situations and
surveys. The public results page shows counts and rates, never a person.

The facts of every year come from one function, `indicator_facts`, in a fixed number of queries
whatever the number of years and learners: candidates from the exam sessions (`exam_candidates`,
the one point wired to the exams app), entries and interruptions, leavers and their situation,
apprenticeship contracts, answers to the satisfaction questionnaires, and the figures recorded by
hand, which replace ndrc's own facts of the same family for their year.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from ndrc.contracts.models import Contract, ContractKind, TerminationCause
from ndrc.core.models import AuditEntry, Role, TrainingCentre
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    is_manager,
    rule,
)
from ndrc.exams.selectors import CandidateResult, candidate_results, last_publication
from ndrc.indicators.models import (
    FIGURE_FAMILIES,
    Interruption,
    Invitation,
    LeaverSituation,
    QuestionKind,
    Response,
    Status,
    StatusFigures,
    Survey,
    SurveyKind,
    YearFigures,
)
from ndrc.learners.models import CategoryPeriod, Cohort, Learner
from ndrc.learners.personal_data import erases
from ndrc.regulation.errors import InputError
from ndrc.regulation.indicators import (
    STATUSES,
    Answer,
    Candidate,
    ContractFact,
    Enrolment,
    Indicator,
    Indicators,
    Leaver,
    compute_indicators,
    rate,
    small_number_threshold,
    status_of_category,
)

FAMILIES = tuple(FIGURE_FAMILIES)
NDRC = "ndrc"
RECORDED = "recorded"


# --- Who may read and manage ------------------------------------------------------------------


def reading_centres(user: Any) -> QuerySet[TrainingCentre]:
    """The centres whose indicators `user` may read: training manager or exam office there."""
    if not user.is_authenticated or not user.is_active:
        return TrainingCentre.objects.none()
    if is_administrator(user):
        return TrainingCentre.objects.all()
    centres = centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
    return TrainingCentre.objects.filter(pk__in=centres)


def may_read_indicators(user: Any) -> bool:
    """Whether the menu shows the indicators to `user`."""
    return is_administrator(user) or bool(
        centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
    )


def may_manage(user: Any, centre: TrainingCentre) -> bool:
    """Whether `user` records figures, situations and surveys for `centre`."""
    return is_manager(user, centre)


def get_centre_for(user: Any, pk: int | None = None) -> TrainingCentre:
    """The centre `pk` (the user's first one when None) if the user reads its indicators;
    Http404 otherwise."""
    centres = reading_centres(user).order_by("name")
    centre = centres.filter(pk=pk).first() if pk is not None else centres.first()
    if centre is None:
        raise Http404("Centre introuvable.")
    return centre


def _centre_access(user: Any, centre_id: int, action: Action) -> Access:
    if centre_id in centres_where(user, Role.TRAINING_MANAGER):
        return Access.ALLOWED
    if centre_id in centres_where(user, Role.EXAM_OFFICE):
        return Access.ALLOWED if action in (Action.VIEW, Action.VIEW_HISTORY) else Access.DENIED
    return Access.HIDDEN


@rule(Survey)
def _survey_rule(user: Any, action: Action, survey: Survey) -> Access:
    return _centre_access(user, survey.training_centre_id, action)


@rule(YearFigures)
def _figures_rule(user: Any, action: Action, figures: YearFigures) -> Access:
    return _centre_access(user, figures.training_centre_id, action)


# Erasure of a person (learners.personal_data.erase_person): their situation, interruption and
# named answers stay counted in the indicators; what they say of the person in words goes.
@erases(Interruption)
def _interruption_texts(interruption: Interruption) -> dict[str, Any]:
    return {"note": ""}


@erases(LeaverSituation)
def _situation_texts(situation: LeaverSituation) -> dict[str, Any]:
    return {"detail": ""}


@erases(Response)
def _response_texts(response: Response) -> dict[str, Any]:
    free = {
        str(pk)
        for pk in response.survey.questions.filter(kind=QuestionKind.TEXT).values_list(
            "pk", flat=True
        )
    }
    return {"answers": {k: v for k, v in response.answers.items() if k not in free}}


def get_survey_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Survey:
    """The survey `pk` if `user` may do `action`: Http404 out of reach, 403 if forbidden."""
    surveys = Survey.objects.filter(training_centre__in=reading_centres(user)).select_related(
        "training_centre", "cohort"
    )
    return get_record_for(user, surveys, pk, action, not_found="Enquête introuvable.")


# --- The facts --------------------------------------------------------------------------------


def exam_candidates(*, learner_ids: Iterable[int], years: Iterable[int]) -> list[CandidateResult]:
    """The published exam results of these learners at the sessions of `years`, one per
    registration (the exams app's `candidate_results`): results not yet published count for
    no indicator."""
    return candidate_results(learner_ids=learner_ids, years=years)


@dataclass(frozen=True)
class YearFacts:
    """What the indicators of one year are computed from, and where each family comes from:
    `sources[family]` is "ndrc" (the application's records), "recorded" (figures typed by the
    training manager) or "" (nothing known)."""

    year: int
    candidates: tuple[Candidate, ...] = ()
    contracts: tuple[ContractFact, ...] = ()
    leavers: tuple[Leaver, ...] = ()
    answers: tuple[Answer, ...] = ()
    enrolments: tuple[Enrolment, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    recorded: YearFigures | None = None


def _status_of(category: str) -> str:
    try:
        return status_of_category(category)
    except InputError:  # a category of another framework: counted apart
        return "other"


def _learner_statuses(cohort_ids: list[int], year_of: Mapping[int, int]) -> dict[int, str]:
    """Each learner's status at the end of their training: their category on 1 June of the
    session year, or their last one when they left before."""
    periods: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for learner_id, category, start, end in CategoryPeriod.objects.filter(
        learner__cohort_id__in=cohort_ids
    ).values_list("learner_id", "candidate_category", "start", "end"):
        periods[learner_id].append((start, end, category))
    statuses = {}
    for learner_id, spans in periods.items():
        on = date(year_of[learner_id], 6, 1)
        spans.sort()
        current = [c for start, end, c in spans if start <= on and (end is None or on <= end)]
        statuses[learner_id] = _status_of(current[0] if current else spans[-1][2])
    return statuses


def _recorded_facts(figures: YearFigures) -> dict[str, dict[str, list]]:
    """The facts a year's recorded counts stand for, by family (families left at zero are
    absent): the engine computes recorded years exactly as it computes ndrc's own."""
    rows: list[StatusFigures] = list(figures.statuses.all())
    facts: dict[str, list] = defaultdict(list)
    start, end = date(figures.year - 2, 9, 1), date(figures.year, 8, 31)
    for row in rows:
        s = row.status
        facts["candidates"] += [Candidate(s, True, True)] * row.candidates_admitted
        facts["candidates"] += [Candidate(s, True, False)] * max(
            row.candidates_present - row.candidates_admitted, 0
        )
        facts["candidates"] += [Candidate(s, False, False)] * row.candidates_absent
        facts["enrolments"] += [Enrolment(s, True)] * row.interrupted
        facts["enrolments"] += [Enrolment(s, False)] * max(row.enrolled - row.interrupted, 0)
        for situation in ("employed", "further_studies", "seeking", "other", "unknown"):
            facts["leavers"] += [Leaver(situation, s)] * getattr(row, f"leavers_{situation}")
        # Recorded contracts have no dates of their own: the training's two years stand in.
        trial = row.contracts_terminated_trial
        facts["contracts"] += [ContractFact(start, end, start, True)] * trial
        facts["contracts"] += [ContractFact(start, end, start, False)] * max(
            row.contracts_terminated - trial, 0
        )
        facts["contracts"] += [ContractFact(start, end)] * max(
            row.contracts_concluded - row.contracts_terminated, 0
        )
        facts["answers"] += [Answer("learners", True, s)] * row.learners_satisfied
        facts["answers"] += [Answer("learners", False, s)] * max(
            row.learners_answered - row.learners_satisfied, 0
        )
    facts["answers"] += [Answer("companies", True)] * figures.companies_satisfied
    facts["answers"] += [Answer("companies", False)] * max(
        figures.companies_answered - figures.companies_satisfied, 0
    )
    recorded = {
        family
        for family in FAMILIES
        if any(row.recorded(family) for row in rows)
        or (family == "answers" and figures.companies_answered)
    }
    return {family: facts[family] for family in recorded}


def indicator_facts(
    *, centre: TrainingCentre, years: Iterable[int], cohort: Cohort | None = None
) -> dict[int, YearFacts]:
    """The facts of each of `years` (exam session years) of `centre`, or of one of its cohorts:
    the learners of the cohorts whose session is that year, with their status at the end of the
    training; their exam results; their entries and interruptions; the situation six months
    after of those who reached the end; their apprenticeship contracts; the answers to the
    satisfaction questionnaires of that year; and, for the whole centre, the figures recorded by
    hand for that year, which replace ndrc's facts of the same family.

    Each fact's `ref` is the learner's id (None for an anonymous answer or a recorded figure).
    A fixed number of queries, whatever the number of years and learners.
    """
    years = sorted(set(years))
    cohorts = Cohort.objects.filter(training_centre=centre, exam_session__in=years)
    if cohort is not None:
        cohorts = cohorts.filter(pk=cohort.pk)
    cohort_year = dict(cohorts.values_list("pk", "exam_session"))
    cohort_ids = list(cohort_year)
    year_of = {
        pk: cohort_year[cohort_id]
        for pk, cohort_id in Learner.objects.filter(cohort_id__in=cohort_ids).values_list(
            "pk", "cohort_id"
        )
    }
    statuses = _learner_statuses(cohort_ids, year_of)
    interrupted = set(
        Interruption.objects.filter(learner__cohort_id__in=cohort_ids).values_list(
            "learner_id", flat=True
        )
    )
    situations = dict(
        LeaverSituation.objects.filter(learner__cohort_id__in=cohort_ids).values_list(
            "learner_id", "situation"
        )
    )
    ndrc: dict[int, dict[str, list]] = {year: defaultdict(list) for year in years}
    for learner_id, year in year_of.items():
        status = statuses.get(learner_id, "other")
        gone = learner_id in interrupted
        ndrc[year]["enrolments"].append(Enrolment(status, gone, learner_id))
        if not gone:
            situation = situations.get(learner_id, "unknown")
            ndrc[year]["leavers"].append(Leaver(situation, status, learner_id))
    for result in exam_candidates(learner_ids=list(year_of), years=years):
        if result.year in ndrc and result.learner_id in year_of:
            ndrc[result.year]["candidates"].append(
                Candidate(
                    _status_of(result.category), result.present, result.admitted, result.learner_id
                )
            )
    for learner_id, start, end, prorogation_end, ended, cause in Contract.objects.filter(
        learner__cohort_id__in=cohort_ids, kind=ContractKind.APPRENTICESHIP
    ).values_list("learner_id", "start", "end", "prorogation_end", "termination_date",
                  "termination_cause"):  # fmt: skip
        ndrc[year_of[learner_id]]["contracts"].append(
            ContractFact(
                start,
                prorogation_end or end,
                ended,
                None if ended is None else cause == TerminationCause.TRIAL_PERIOD,
                learner_id,
            )
        )
    responses = Response.objects.filter(
        survey__training_centre=centre,
        survey__year__in=years,
        survey__kind__in=(SurveyKind.LEARNERS, SurveyKind.COMPANIES),
        satisfied__isnull=False,
    )
    if cohort is not None:
        responses = responses.filter(survey__cohort=cohort)
    # `satisfied` read as 0 or 1: SQLite's booleans would otherwise be converted row by row.
    for year, kind, satisfied, status, learner_id in responses.annotate(
        level=Cast("satisfied", IntegerField())
    ).values_list("survey__year", "survey__kind", "level", "status", "invitation__learner_id"):
        ndrc[year]["answers"].append(Answer(kind, bool(satisfied), status or None, learner_id))
    recorded = {}
    if cohort is None:
        recorded = {
            figures.year: figures
            for figures in YearFigures.objects.filter(
                training_centre=centre, year__in=years
            ).prefetch_related("statuses")
        }
    found = {}
    for year in years:
        typed = _recorded_facts(recorded[year]) if year in recorded else {}
        facts, sources = {}, {}
        for family in FAMILIES:
            if family in typed:
                facts[family], sources[family] = typed[family], RECORDED
            else:
                facts[family] = ndrc[year][family]
                sources[family] = NDRC if facts[family] else ""
        found[year] = YearFacts(
            year=year,
            **{family: tuple(values) for family, values in facts.items()},
            sources=sources,
            recorded=recorded.get(year),
        )
    return found


def finished_session(on: date) -> int:
    """The last exam session finished on `on`: a session's exams end in June or July."""
    return on.year if on.month > 7 else on.year - 1


def indicator_years(centre: TrainingCentre) -> list[int]:
    """The years that have facts for `centre`: its cohorts' sessions, the years recorded by
    hand, the years surveyed; oldest first."""
    years = set(
        Cohort.objects.filter(training_centre=centre).values_list("exam_session", flat=True)
    )
    years |= set(YearFigures.objects.filter(training_centre=centre).values_list("year", flat=True))
    years |= set(Survey.objects.filter(training_centre=centre).values_list("year", flat=True))
    return sorted(years)


# --- The indicators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearIndicators:
    """The indicators of one year, for one status (None: all), and where their facts came
    from."""

    year: int
    indicators: Indicators
    sources: Mapping[str, str]
    recorded: YearFigures | None

    def source_of(self, name: str) -> str:
        return self.sources.get(FAMILY_OF.get(name, ""), "")


# The family of facts each indicator is computed from.
FAMILY_OF = {
    "pass_rate": "candidates",
    "apprentice_pass_rate": "candidates",
    "graduation_rate": "candidates",
    "continuation_rate": "leavers",
    "interruption_rate": "enrolments",
    "employment_rate": "leavers",
    "favourable_outcome_rate": "leavers",
    "termination_rate": "contracts",
    "learner_satisfaction_rate": "answers",
    "company_satisfaction_rate": "answers",
}


def _computed(facts: YearFacts, *, status: str | None, on: date) -> YearIndicators:
    indicators = compute_indicators(
        candidates=facts.candidates,
        contracts=facts.contracts,
        leavers=facts.leavers,
        answers=facts.answers,
        enrolments=facts.enrolments,
        status=status,
        on=on,
    )
    return YearIndicators(facts.year, indicators, facts.sources, facts.recorded)


def indicators_by_year(
    *,
    centre: TrainingCentre,
    years: Iterable[int],
    on: date,
    status: str | None = None,
    cohort: Cohort | None = None,
) -> list[YearIndicators]:
    """The indicators of each of `years`, for all statuses (`status` None) or one of them,
    oldest year first, in a fixed number of queries."""
    facts = indicator_facts(centre=centre, years=years, cohort=cohort)
    return [_computed(facts[year], status=status, on=on) for year in sorted(facts)]


def indicators_by_status(
    *, centre: TrainingCentre, year: int, on: date, cohort: Cohort | None = None
) -> list[tuple[str | None, YearIndicators]]:
    """The indicators of `year` for all statuses (None) then each status, from one reading of
    the facts: the brochure's table of a year."""
    facts = indicator_facts(centre=centre, years=[year], cohort=cohort)[year]
    return [(status, _computed(facts, status=status, on=on)) for status in (None, *STATUSES)]


def people_behind(indicator: Indicator) -> tuple[list[Learner], list[Learner]]:
    """The learners counted above and below the line of `indicator` (staff pages only), in one
    query; anonymous answers and recorded figures have nobody behind them."""
    ids = set(indicator.numerator_refs) | set(indicator.denominator_refs)
    learners = Learner.objects.filter(pk__in=ids).select_related("cohort").in_bulk()
    above = set(indicator.numerator_refs)

    def listed(refs: Iterable[int]) -> list[Learner]:
        return sorted((learners[r] for r in set(refs) if r in learners), key=str)

    return listed(above), listed(indicator.denominator_refs)


# --- The public results -----------------------------------------------------------------------

PUBLIC_YEARS = 3  # the last years of figures the public page shows
PUBLIC_TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class PublicResults:
    """What the public page shows for a centre: the last years' indicators (counts and rates,
    nobody's name), the date they were computed, the small-number threshold."""

    centre: str
    uai: str
    years: tuple[YearIndicators, ...]
    computed_at: datetime
    threshold: int


def _version(centre: TrainingCentre, *, now: datetime) -> str:
    """Changes whenever a figure may have changed: every write of legal weight is audited, the
    writes that are not (anonymous answers) bump the centre's generation, and an exam session's
    results count from their publication time, which may come after the write that set it."""
    latest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    published = last_publication(centre.pk, at=now)
    stamp = int(published.timestamp()) if published else 0
    return f"{latest}.{cache.get(_generation_key(centre.pk), 0)}.{stamp}"


def _generation_key(centre_id: int) -> str:
    return f"indicators:generation:{centre_id}"


def figures_values(figures: YearFigures) -> dict[str, Any]:
    """What the edit of a year's figures starts from, by the names of its form's fields: the
    note, the companies' satisfaction and each status's counts (`<status>__<count>`, 0 for a
    status not recorded)."""
    rows = {row.status: row for row in figures.statuses.all()}
    values: dict[str, Any] = {
        "note": figures.note,
        "companies_answered": figures.companies_answered,
        "companies_satisfied": figures.companies_satisfied,
    }
    for status in Status.values:
        for names in FIGURE_FAMILIES.values():
            for name in names:
                row = rows.get(status)
                values[f"{status}__{name}"] = getattr(row, name) if row else 0
    return values


def figures_changed(centre_id: int) -> None:
    """Invalidate the centre's cached public results after a write the audit trail does not
    record."""
    key = _generation_key(centre_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def public_centre(uai: str) -> TrainingCentre:
    centre = TrainingCentre.objects.filter(uai=uai.upper()).first()
    if centre is None:
        raise Http404("Centre introuvable.")
    return centre


def public_results(centre: TrainingCentre, *, now: datetime) -> PublicResults:
    """The public results of `centre` as of `now`, from the cache while no figure changed."""
    key = f"indicators:public:{centre.pk}:{_version(centre, now=now)}:{now.date().isoformat()}"
    results = cache.get(key)
    if results is None:
        on = now.date()
        rows = [
            row
            for row in indicators_by_year(centre=centre, years=indicator_years(centre), on=on)
            if row.year <= finished_session(on)
            and any(item.rate is not None for item in row.indicators.items)
        ]
        results = PublicResults(
            centre=centre.name,
            uai=centre.uai,
            years=tuple(rows[-PUBLIC_YEARS:]),
            computed_at=now,
            threshold=small_number_threshold(on),
        )
        cache.set(key, results, timeout=PUBLIC_TIMEOUT)
    return results


# --- Leavers and interruptions of a year ----------------------------------------------------


@dataclass(frozen=True)
class LeaverRow:
    learner: Learner
    interruption: Interruption | None
    situation: LeaverSituation | None
    invitation: Invitation | None


def leavers_of(centre: TrainingCentre, year: int) -> list[LeaverRow]:
    """The learners of the cohorts of session `year`: their interruption, their situation six
    months after, their invitation to the six-month survey. Four queries."""
    learners = list(
        Learner.objects.filter(cohort__training_centre=centre, cohort__exam_session=year)
        .select_related("cohort", "training_interruption", "six_month_situation")
        .order_by("last_name", "first_name", "pk")
    )
    invitations = {
        invitation.learner_id: invitation
        for invitation in Invitation.objects.filter(
            survey__training_centre=centre,
            survey__year=year,
            survey__kind=SurveyKind.SIX_MONTHS,
            learner__in=learners,
        ).order_by("pk")
    }
    return [
        LeaverRow(
            learner,
            getattr(learner, "training_interruption", None),
            getattr(learner, "six_month_situation", None),
            invitations.get(learner.pk),
        )
        for learner in learners
    ]


# --- Surveys ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyRow:
    survey: Survey
    invited: int
    answered: int
    response_rate: Any  # Decimal | None

    @property
    def reminders_due(self) -> int:
        return self.invited - self.answered


def surveys_of(
    centre: TrainingCentre, *, on: date, year: int | None = None, pk: int | None = None
) -> list[SurveyRow]:
    """The centre's surveys (of `year`, or the one `pk`) with their response rates (answered /
    invited), in one query."""
    surveys = Survey.objects.filter(training_centre=centre).annotate(
        invited=Count("invitations"),
        answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
    )
    if year is not None:
        surveys = surveys.filter(year=year)
    if pk is not None:
        surveys = surveys.filter(pk=pk)
    return [
        SurveyRow(s, s.invited, s.answered, rate(s.answered, s.invited, on=on))
        for s in surveys.select_related("cohort")
    ]


def survey_row(survey: Survey, *, on: date) -> SurveyRow:
    """One survey with its response rate."""
    [row] = [row for row in surveys_of(survey.training_centre, on=on, pk=survey.pk)]
    return row


def survey_results(survey: Survey) -> list[tuple[Any, dict[str, int], list[str]]]:
    """Per question of a satisfaction questionnaire: the count of each answer, and the free
    answers. Two queries."""
    questions = list(survey.questions.all())
    counts = {q.pk: defaultdict(int) for q in questions}
    texts: dict[int, list[str]] = {q.pk: [] for q in questions}
    for answers in survey.responses.values_list("answers", flat=True):
        for question in questions:
            value = answers.get(str(question.pk))
            if value in (None, ""):
                continue
            if question.kind == "text":
                texts[question.pk].append(value)
            else:
                counts[question.pk][str(value)] += 1
    return [(q, dict(counts[q.pk]), texts[q.pk]) for q in questions]


def invitation_by_token(token: str) -> Invitation:
    """The invitation of a personal link (Http404 for an unknown one)."""
    invitation = (
        Invitation.objects.filter(token=token)
        .select_related("survey", "survey__training_centre", "learner")
        .first()
    )
    if invitation is None or not token:
        raise Http404("Lien d'enquête inconnu.")
    return invitation


# --- The training manager's dashboard panel -----------------------------------------------------


@dataclass(frozen=True)
class ManagerPanel:
    centre: TrainingCentre
    open_surveys: tuple[SurveyRow, ...]
    unknown_situations: int
    last_year: int | None


def manager_panel(user: Any, *, on: date) -> ManagerPanel | None:
    """What needs the training manager's attention: the surveys still open, with their response
    rates, and the leavers of the last finished session whose situation is unknown."""
    centre = (
        TrainingCentre.objects.filter(pk__in=centres_where(user, Role.TRAINING_MANAGER))
        .order_by("name")
        .first()
    )
    if centre is None:
        return None
    open_surveys = tuple(
        row
        for row in surveys_of(centre, on=on)
        if row.survey.sent_at and (row.survey.closes_on is None or row.survey.closes_on >= on)
    )
    finished = finished_session(on)
    last_year = (
        Cohort.objects.filter(training_centre=centre, exam_session__lte=finished)
        .order_by("-exam_session")
        .values_list("exam_session", flat=True)
        .first()
    )
    unknown = 0
    if last_year is not None:
        unknown = Learner.objects.filter(
            cohort__training_centre=centre,
            cohort__exam_session=last_year,
            training_interruption__isnull=True,
            six_month_situation__isnull=True,
        ).count()
    if not open_surveys and not unknown:
        return None
    return ManagerPanel(centre, open_surveys, unknown, last_year)
