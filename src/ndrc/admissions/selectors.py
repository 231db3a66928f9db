"""Reads of admissions, filtered by what the user may see (`admissions.access`), each with a
number of queries that does not grow with the number of applications.

For the other apps (agreed names, see docs/admissions.md):
- `positioning_for(learners)`: each learner's positioning (years credited or added, units
  exempted and the titles that justify them) — read by the exam registration;
- `manager_panel(user, on=…)`: what the training manager's dashboard shows of admissions.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ndrc.admissions.access import (
    managed_centres,
    may_manage,
    may_read_needs,
    referent_centres,
    visible_applications,
    visible_intakes,
    visible_offers,
)
from ndrc.admissions.defaults import STAGE_EMAILS
from ndrc.admissions.models import (
    Adaptation,
    Application,
    ApplicationDocument,
    CompanyApplication,
    DisabilityReferent,
    EmailStep,
    Intake,
    Interview,
    InterviewCriterion,
    Merge,
    Offer,
    OfferStatus,
    Outcome,
    Positioning,
    Route,
    Source,
    Stage,
    StageMove,
    StageSetting,
)
from ndrc.contracts.models import Contract
from ndrc.core.audit import REDACTED
from ndrc.core.text import as_read
from ndrc.learners.personal_data import erases, erasure_deletes
from ndrc.regulation.start_without_contract import (
    StartWithoutContract,
    check_start_without_contract,
    period_deadline,
)

# Stages at which an apprentice-to-be has no contract yet: the L. 6222-12-1 period runs.
WITHOUT_CONTRACT = (Stage.ACCEPTED, Stage.COMPANY_FOUND)


def alert_days() -> tuple[int, ...]:
    """Days before the end of the period without a contract at which the centre is alerted,
    largest first (`NDRC_ADMISSIONS_ALERT_DAYS`)."""
    return tuple(sorted(settings.ADMISSIONS_ALERT_DAYS, reverse=True))


def alert_level(days_left: int) -> str:
    """ "" (no alert yet), "warn" (within the first threshold), "bad" (within the last one, or
    past the deadline)."""
    thresholds = alert_days()
    if days_left <= thresholds[-1]:
        return "bad"
    if days_left <= thresholds[0]:
        return "warn"
    return ""


# ---------------------------------------------------------------------------------------------
# The centre's settings


def stage_settings(centre_id: int) -> dict[str, StageSetting]:
    """Each step's name and e-mail for a centre: its own, or the defaults (unsaved)."""
    saved = {s.step: s for s in StageSetting.objects.filter(training_centre_id=centre_id)}
    return {step: saved.get(step) or default_stage_setting(centre_id, step) for step in EmailStep}


def default_stage_setting(centre_id: int, step: str) -> StageSetting:
    """A step's name and e-mail before the centre saves its own (unsaved); its name in French,
    the msgid shown in the reader's language until the centre rewrites it (`stage_name`)."""
    send, subject, body = STAGE_EMAILS[step]
    with translation.override("fr"):
        label = str(EmailStep(step).label)
    return StageSetting(
        training_centre_id=centre_id,
        step=step,
        label=label,
        send_email=send,
        email_subject=subject,
        email_body=body,
    )


@cache
def _default_names() -> frozenset[str]:
    with translation.override("fr"):
        return frozenset(str(label) for _step, label in EmailStep.choices)


def stage_name(label: str) -> str:
    """A stage's name as the reader reads it: a default (saved in French) in the reader's
    language, the centre's own as typed."""
    return as_read(label, _default_names())


def stage_labels(centre_ids: Iterable[int]) -> dict[str, str]:
    """The names of the stages and outcomes: a single centre's own names, else the defaults."""
    centre_ids = set(centre_ids)
    if len(centre_ids) == 1:
        settings_by_step = stage_settings(next(iter(centre_ids)))
        return {step: stage_name(s.label) for step, s in settings_by_step.items()}
    return {step: str(label) for step, label in EmailStep.choices}


def criteria_of(centre_id: int, *, active_only: bool = True) -> list[InterviewCriterion]:
    criteria = InterviewCriterion.objects.filter(training_centre_id=centre_id)
    return list(criteria.filter(is_active=True) if active_only else criteria)


def referents_of(centre_id: int) -> list[DisabilityReferent]:
    return list(
        DisabilityReferent.objects.filter(training_centre_id=centre_id).select_related("user")
    )


def intakes_with_counts(user: Any) -> list[Intake]:
    """The intakes the user reaches, each with `active`, `total` and `enrolled` counts."""
    return list(
        visible_intakes(user).annotate(
            total=Count("applications", filter=~Q(applications__outcome=Outcome.MERGED)),
            active=Count("applications", filter=Q(applications__outcome=Outcome.ACTIVE)),
            enrolled=Count("applications", filter=Q(applications__stage=Stage.ENROLLED)),
        )
    )


# ---------------------------------------------------------------------------------------------
# The board and the list


def deadline_of(application: Application, *, on: date) -> StartWithoutContract | None:
    """The L. 6222-12-1 rule for an apprentice-to-be still without a contract, else None."""
    if application.intake.route != Route.APPRENTICESHIP:
        return None
    if application.outcome != Outcome.ACTIVE or application.stage not in WITHOUT_CONTRACT:
        return None
    return check_start_without_contract(
        birth_date=application.birth_date,
        training_start=application.intake.training_start,
        on=on,
        has_recognised_disability=application.has_recognised_disability,
    )


@dataclass(frozen=True)
class Card:
    application: Application
    days_in_stage: int
    deadline: StartWithoutContract | None
    alert: str
    stage_label: str


@dataclass(frozen=True, slots=True)
class BoardCard:
    """What a card of the board shows, as text ready for the page: a board holds a thousand
    cards, and the template then only places strings (no model instance, no number or date
    to format per card)."""

    pk: int
    ref: str  # the id, as text
    name: str  # "FONTAINE Maëlle"
    source_label: str
    days_in_stage: str
    deadline: date | None  # end of the period without a contract (L. 6222-12-1)
    deadline_text: str  # "06/12" or "" ; past: "passed"
    alert: str


@dataclass(frozen=True)
class Column:
    stage: str
    label: str
    cards: tuple[BoardCard, ...]


@dataclass(frozen=True)
class Board:
    columns: tuple[Column, ...]
    total: int
    labels: dict[str, str]


@dataclass(frozen=True)
class Filters:
    """What the board and the list are narrowed to (None or "" : everything)."""

    intake: int | None = None
    source: str = ""
    stage: str = ""
    outcome: str = Outcome.ACTIVE
    query: str = ""
    alert: bool = False


def filtered_applications(user: Any, filters: Filters) -> QuerySet[Application]:
    applications = visible_applications(user).exclude(outcome=Outcome.MERGED)
    if filters.outcome:
        applications = applications.filter(outcome=filters.outcome)
    if filters.intake:
        applications = applications.filter(intake_id=filters.intake)
    if filters.source:
        applications = applications.filter(source=filters.source)
    if filters.stage:
        applications = applications.filter(stage=filters.stage)
    if filters.query:
        for word in filters.query.split()[:5]:
            applications = applications.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(email__icontains=word)
                | Q(parcoursup_number=word)
            )
    return applications


def _card(application: Application, labels: dict[str, str], *, on: date) -> Card:
    deadline = deadline_of(application, on=on)
    alert = alert_level(deadline.days_left) if deadline else ""
    since = timezone.localtime(application.stage_since).date()
    return Card(application, max((on - since).days, 0), deadline, alert, labels[application.stage])


def _centres_shown(user: Any, applications: list[Application]) -> set[int]:
    centres = {a.intake.training_centre_id for a in applications}
    if centres:
        return centres
    managed = managed_centres(user)
    return set(managed if managed is not None else ()) | referent_centres(user)


def board(user: Any, filters: Filters, *, on: date) -> Board:
    """The active applications as columns of stages (three queries, whatever their number).

    A card shows the end of the period without a contract (L. 6222-12-1), which depends on
    the intake's first day only; the full rule, with the person's age, is on the
    application's page and the list of candidates without a contract."""
    rows = (
        filtered_applications(user, Filters(filters.intake, filters.source, "", Outcome.ACTIVE))
        .select_related(None)
        .order_by("stage_since", "pk")
        .values_list("pk", "first_name", "last_name", "source", "stage", "stage_since", "intake_id")
    )
    rows = list(rows)
    intakes = {
        i.pk: i for i in Intake.objects.filter(pk__in={row[6] for row in rows})
    }  # fmt: skip
    centres = {i.training_centre_id for i in intakes.values()}
    if not centres:
        managed = managed_centres(user)
        centres = set(managed if managed is not None else ()) | referent_centres(user)
    labels = stage_labels(centres)
    sources = {code: str(label) for code, label in Source.choices}
    deadlines = {
        pk: period_deadline(i.training_start)[0]
        for pk, i in intakes.items()
        if i.route == Route.APPRENTICESHIP
    }
    by_stage: dict[str, list[BoardCard]] = defaultdict(list)
    for pk, first, last, source, stage, since, intake_id in rows:
        deadline = deadlines.get(intake_id) if stage in WITHOUT_CONTRACT else None
        alert = alert_level((deadline - on).days) if deadline else ""
        if filters.alert and not alert:
            continue
        days = max((on - timezone.localtime(since).date()).days, 0)
        shown = ""
        if deadline:
            shown = "passed" if deadline < on else f"{deadline:%d/%m}"
        by_stage[stage].append(
            BoardCard(
                pk,
                str(pk),
                f"{last.upper()} {first}",
                sources[source],
                str(days),
                deadline,
                shown,
                alert,
            )
        )
    columns = tuple(
        Column(stage, labels[stage], tuple(by_stage.get(stage, ()))) for stage in Stage.values
    )
    return Board(columns, sum(len(c.cards) for c in columns), labels)


@dataclass(frozen=True)
class ApplicationList:
    cards: tuple[Card, ...]
    labels: dict[str, str]


def listed_applications(user: Any, filters: Filters) -> QuerySet[Application]:
    """The applications of the list (any outcome but merged), newest first: the view shows
    them a page at a time (`application_list`)."""
    applications = (
        filtered_applications(user, filters)
        .select_related("intake__training_centre")
        .order_by("-created_at", "-pk")
    )
    if filters.alert:
        applications = applications.filter(
            outcome=Outcome.ACTIVE,
            stage__in=WITHOUT_CONTRACT,
            intake__route=Route.APPRENTICESHIP,
        )
    return applications


def application_list(
    user: Any, filters: Filters, applications: list[Application], *, on: date
) -> ApplicationList:
    """The lines of a page of `listed_applications`."""
    labels = stage_labels(_centres_shown(user, applications))
    cards = tuple(_card(a, labels, on=on) for a in applications)
    if filters.alert:
        cards = tuple(c for c in cards if c.alert)
    return ApplicationList(cards, labels)


# ---------------------------------------------------------------------------------------------
# An application's page


@dataclass(frozen=True)
class ApplicationFile:
    application: Application
    labels: dict[str, str]
    stage_label: str
    moves: tuple[tuple[StageMove, str], ...]
    documents: tuple[Any, ...]
    interviews: tuple[Interview, ...]
    positioning: Positioning | None
    adaptation: dict[str, Any] | None
    company_applications: tuple[CompanyApplication, ...]
    commitment: Any
    merges: tuple[Merge, ...]
    sources: tuple[str, ...]
    deadline: StartWithoutContract | None
    alert: str
    duplicates: tuple["Duplicate", ...]


def application_file(user: Any, application: Application, *, on: date) -> ApplicationFile:
    """Everything the centre's page of an application shows."""
    moves = tuple(application.moves.select_related("by"))
    merges = tuple(application.merges.select_related("absorbed", "by"))
    adaptation = getattr(application, "adaptation", None)
    shown_adaptation = None
    if adaptation is not None:
        shown_adaptation = {
            "training_adaptations": adaptation.training_adaptations,
            "exam_accommodation": adaptation.exam_accommodation,
            "extra_time": adaptation.extra_time,
            "recorded_at": adaptation.recorded_at,
        }
        if may_read_needs(user, application):
            shown_adaptation["needs"] = adaptation.needs
    sources = [application.get_source_display()]
    sources += [m.absorbed.get_source_display() for m in merges]
    deadline = deadline_of(application, on=on)
    labels = stage_labels([application.intake.training_centre_id])
    return ApplicationFile(
        application=application,
        labels=labels,
        stage_label=labels[application.stage],
        moves=tuple((m, labels[m.to_stage]) for m in moves),
        documents=tuple(application.documents.all()),
        interviews=tuple(application.interviews.select_related("interviewer")),
        positioning=getattr(application, "positioning", None),
        adaptation=shown_adaptation,
        company_applications=tuple(
            application.company_applications.select_related("offer", "offer__company")
        ),
        commitment=getattr(application, "commitment", None),
        merges=merges,
        sources=tuple(dict.fromkeys(sources)),
        deadline=deadline,
        alert=alert_level(deadline.days_left) if deadline else "",
        duplicates=tuple(d for d in possible_duplicates(user) if application.pk in d.ids),
    )


def proposable_offers(application: Application) -> QuerySet[Offer]:
    """The published offers of the application's centre it is not yet proposed on."""
    return (
        Offer.objects.filter(
            training_centre_id=application.intake.training_centre_id,
            status=OfferStatus.PUBLISHED,
        )
        .exclude(proposals__application=application)
        .order_by("start_date", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Duplicates


@dataclass(frozen=True)
class Duplicate:
    first: Application
    second: Application
    matched_on: str

    @property
    def ids(self) -> tuple[int, int]:
        return (self.first.pk, self.second.pk)


def possible_duplicates(user: Any) -> list[Duplicate]:
    """Pairs of applications of a centre that look like one person (same Parcoursup number,
    INE, e-mail, or name, first name and birth date), neither merged nor both closed; the
    older first. One query."""
    from ndrc.admissions.parcoursup import person_key

    applications = list(
        visible_applications(user)
        .exclude(outcome=Outcome.MERGED)
        .select_related("intake__training_centre")
        .order_by("created_at", "pk")
    )
    keys = (
        ("parcoursup_number", _("même numéro Parcoursup"), lambda a: a.parcoursup_number),
        ("ine", _("même INE"), lambda a: a.ine),
        ("email", _("même courriel"), lambda a: a.email.lower()),
        (
            "person",
            _("mêmes nom, prénom et date de naissance"),
            lambda a: person_key(a.first_name, a.last_name, a.birth_date),
        ),
    )
    found: dict[tuple[int, int], Duplicate] = {}
    for _name, label, key_of in keys:
        seen: dict[Any, Application] = {}
        for application in applications:
            key = key_of(application)
            if not key:
                continue
            centre_key = (application.intake.training_centre_id, key)
            first = seen.setdefault(centre_key, application)
            if first is application:
                continue
            pair = (first.pk, application.pk)
            if pair in found:
                continue
            both_closed = Outcome.ACTIVE not in (first.outcome, application.outcome)
            if not both_closed:
                found[pair] = Duplicate(first, application, str(label))
    return list(found.values())


# ---------------------------------------------------------------------------------------------
# Companies: offers and proposals


def offers_with_counts(user: Any, *, status: str = "") -> list[Offer]:
    offers = visible_offers(user).annotate(
        proposed=Count("proposals", distinct=True),
        retained=Count("proposals", filter=Q(proposals__status="accepted"), distinct=True),
    )
    if status:
        offers = offers.filter(status=status)
    return list(offers)


def proposals_of(offer: Offer) -> list[CompanyApplication]:
    """The candidates proposed on an offer (merged duplicates aside)."""
    return list(
        CompanyApplication.objects.filter(offer=offer)
        .exclude(application__outcome=Outcome.MERGED)
        .select_related("application", "application__intake")
        .order_by("created_at", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Without a contract yet (L. 6222-12-1)


@dataclass(frozen=True)
class DeadlineRow:
    application: Application
    result: StartWithoutContract
    alert: str
    enrolled: bool


def without_contract(
    user: Any, *, on: date, centre_ids: Iterable[int] | None = None
) -> list[DeadlineRow]:
    """The apprentices-to-be still without a contract — admitted (with or without a company
    found) or enrolled without a recorded contract — with the end of their period, soonest
    first. `user` None with `centre_ids`: the alert job, which acts for the centres."""
    if user is None:
        applications = Application.objects.filter(intake__training_centre_id__in=centre_ids or ())
    else:
        applications = visible_applications(user)
    has_contract = Contract.objects.filter(learner_id=OuterRef("learner_id"))
    rows = (
        applications.filter(outcome=Outcome.ACTIVE, intake__route=Route.APPRENTICESHIP)
        .filter(
            Q(stage__in=WITHOUT_CONTRACT)
            | Q(stage=Stage.ENROLLED, learner__isnull=False) & ~Exists(has_contract)
        )
        .select_related(None)
        .select_related("intake")  # its title and first day: nothing more per row
    )
    found = []
    for application in rows:
        result = check_start_without_contract(
            birth_date=application.birth_date,
            training_start=application.intake.training_start,
            on=on,
            has_recognised_disability=application.has_recognised_disability,
        )
        found.append(
            DeadlineRow(
                application,
                result,
                alert_level(result.days_left),
                application.stage == Stage.ENROLLED,
            )
        )
    return sorted(found, key=lambda row: (row.result.deadline, row.application.last_name))


# ---------------------------------------------------------------------------------------------
# The funnel


MEASURES = (
    ("applications", _("Candidatures")),
    ("interviews", _("Entretiens")),
    ("acceptances", _("Admissions")),
    ("contracts", _("Contrats signés")),
    ("enrolments", _("Inscriptions")),
)


def week_of(day: date) -> date:
    """The Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Funnel:
    weeks: tuple[date, ...]
    sources: tuple[str, ...]
    counts: dict[tuple[date, str], dict[str, int]]  # (week, source) → measure → count

    def by_week(self, week: date) -> dict[str, int]:
        return {m: sum(self.counts.get((week, s), {}).get(m, 0) for s in self.sources)
                for m, _label in MEASURES}  # fmt: skip

    def by_source(self, source: str) -> dict[str, int]:
        return {m: sum(self.counts.get((w, source), {}).get(m, 0) for w in self.weeks)
                for m, _label in MEASURES}  # fmt: skip

    @property
    def totals(self) -> dict[str, int]:
        return {m: sum(self.by_source(s)[m] for s in self.sources) for m, _label in MEASURES}

    @property
    def rows(self) -> list[tuple[date, str, dict[str, int]]]:
        return [(w, s, self.counts[(w, s)]) for w in self.weeks for s in self.sources
                if (w, s) in self.counts]  # fmt: skip


def funnel(user: Any, *, intake: int | None = None) -> Funnel:
    """Applications, interviews, acceptances, signed contracts and enrolments, by the week
    they happened and the source of the application (merged duplicates counted once, under
    the application kept). Four queries."""
    applications = visible_applications(user).exclude(outcome=Outcome.MERGED)
    if intake:
        applications = applications.filter(intake_id=intake)
    counts: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(measure: str, source: str, day: date) -> None:
        counts[(week_of(day), source)][measure] += 1

    for source, created in applications.values_list("source", "created_at"):
        add("applications", source, timezone.localtime(created).date())
    first_interview: dict[int, tuple[str, date]] = {}
    for pk, source, held in (
        Interview.objects.filter(application__in=applications)
        .order_by("held_on")
        .values_list("application_id", "application__source", "held_on")
    ):
        first_interview.setdefault(pk, (source, held))
    for source, held in first_interview.values():
        add("interviews", source, held)
    entered: dict[tuple[int, str], tuple[str, date]] = {}
    stages = {Stage.ACCEPTED: "acceptances", Stage.CONTRACT_SIGNED: "contracts",
              Stage.ENROLLED: "enrolments"}  # fmt: skip
    for pk, stage, source, at in (
        StageMove.objects.filter(application__in=applications, to_stage__in=stages)
        .exclude(from_stage=F("to_stage"))  # a closing, reopening or merge, not a move
        .order_by("at")
        .values_list("application_id", "to_stage", "application__source", "at")
    ):
        entered.setdefault((pk, stage), (source, timezone.localtime(at).date()))
    for (_pk, stage), (source, day) in entered.items():
        add(stages[stage], source, day)
    weeks = tuple(sorted({w for w, _s in counts}))
    if weeks:
        # Every week from the first to the last, so that a quiet week shows as empty.
        span = (weeks[-1] - weeks[0]).days // 7 + 1
        weeks = tuple(weeks[0] + timedelta(weeks=n) for n in range(span))
    sources = tuple(s for s in Source.values if any(s == key[1] for key in counts))
    return Funnel(weeks, sources, {k: dict(v) for k, v in counts.items()})


# ---------------------------------------------------------------------------------------------
# For the other apps


@dataclass(frozen=True)
class PositioningSummary:
    """A learner's positioning decision, as the exam registration and the records read it."""

    credited_years: int
    extra_years: int
    exempted_units: tuple[str, ...]
    qualifications: tuple[str, ...]
    decided_on: date
    reasons: str


def positioning_for(learners: Iterable[Any]) -> dict[int, PositioningSummary]:
    """Learner id → the positioning decided when they were an applicant (one query; learners
    enrolled without admissions, or without a decision, are absent)."""
    ids = [getattr(learner, "pk", learner) for learner in learners]
    decisions = Positioning.objects.filter(application__learner_id__in=ids).values_list(
        "application__learner_id",
        "credited_years",
        "extra_years",
        "exempted_units",
        "qualifications",
        "decided_on",
        "reasons",
    )
    return {
        learner_id: PositioningSummary(
            credited, extra, tuple(units), tuple(titles), decided_on, reasons
        )
        for learner_id, credited, extra, units, titles, decided_on, reasons in decisions
    }


@dataclass(frozen=True)
class AdmissionsPanel:
    """What the training manager's dashboard shows of admissions."""

    by_stage: tuple[tuple[str, int], ...]
    new_this_week: int
    unconfirmed: int
    offers_to_review: int
    duplicates: int
    deadlines: tuple[DeadlineRow, ...]
    referent_requests: int = 0


def manager_panel(user: Any, *, on: date) -> AdmissionsPanel | None:
    """The dashboard panel of a training manager (None for anyone else)."""
    if not may_manage(user):
        return None
    active = visible_applications(user).filter(outcome=Outcome.ACTIVE)
    counts = dict(active.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    labels = stage_labels(managed_centres(user) or ())
    week_start = week_of(on)
    aggregates = active.aggregate(
        new=Count("pk", filter=Q(created_at__date__gte=week_start)),
        unconfirmed=Count("pk", filter=Q(email_confirmed_at__isnull=True, source=Source.FORM)),
        referent=Count("pk", filter=Q(wants_disability_contact=True, adaptation__isnull=True)),
    )
    deadlines = [row for row in without_contract(user, on=on) if row.alert]
    return AdmissionsPanel(
        by_stage=tuple((labels[stage], counts.get(stage, 0)) for stage in Stage.values),
        new_this_week=aggregates["new"],
        unconfirmed=aggregates["unconfirmed"],
        offers_to_review=visible_offers(user).filter(status=OfferStatus.SUBMITTED).count(),
        duplicates=len(possible_duplicates(user)),
        deadlines=tuple(deadlines[:10]),
        referent_requests=aggregates["referent"],
    )


# Erasure of a person (learners.personal_data.erase_person): the application they were admitted
# from stays as a fact of the intake (its stage, outcome, route and dates count in the intake's
# figures; the year of birth in the ages at entry); who they are and what they wrote go, with
# their documents, and the needs they declared (health data).
APPLICATION_IDENTITY = ("email", "phone", "street", "guardian_name", "guardian_email",
                        "guardian_phone", "ine", "parcoursup_number", "motivation",
                        "access_token_digest")  # fmt: skip


@erases(Application)
def _application_texts(application: Application) -> dict[str, Any]:
    born = application.birth_date
    return {name: "" for name in APPLICATION_IDENTITY} | {
        "first_name": "Anonyme",
        "last_name": REDACTED,
        "birth_date": born.replace(month=1, day=1) if born else born,
    }


erasure_deletes(ApplicationDocument)


@erases(Interview)
def _interview_texts(interview: Interview) -> dict[str, Any]:
    return {"reasons": ""}


@erases(Adaptation)
def _adaptation_texts(adaptation: Adaptation) -> dict[str, Any]:
    return {"needs": "", "training_adaptations": "", "exam_accommodation": ""}
