"""Writes of the follow-up: settings, referents, the logbook, visits, tripartite meetings, the
weekly digest. Every service takes keyword-only arguments, checks that `by` may act
(`core.permissions.require`: Http404 out of reach, PermissionDenied otherwise), validates with
French messages naming the field, is atomic, and records the change in the audit trail.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ndrc.assessments.models import Level
from ndrc.contracts.models import Contract
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import Action, centres_where, is_administrator, require
from ndrc.core.services import (
    apply_changes,
    create_and_record,
    delete_and_record,
    merged_values,
    own_changes,
    refuse_unknown_fields,
    require_manager,
)
from ndrc.core.validators import check_typed_text
from ndrc.core.versions import from_default
from ndrc.followup import selectors
from ndrc.followup.models import (
    DigestPreference,
    FollowupSettings,
    Logbook,
    LogbookEntry,
    LogbookPeriod,
    MeetingRating,
    Referent,
    RuptureRisk,
    TripartiteMeeting,
    Visit,
    VisitGridItem,
    VisitMode,
    VisitStatus,
)
from ndrc.jobs.services import JobResult
from ndrc.learners.models import Learner
from ndrc.portfolio.models import ActivitySheet
from ndrc.regulation.explanation import Message
from ndrc.regulation.framework import load_framework
from ndrc.regulation.pay import last_day

SETTINGS_FIELDS = (
    "visits_per_year",
    "logbook_delay_days",
    "absence_threshold_hours",
    "internship_notice_days",
    "exams_month",
)
GRID_FIELDS = ("label", "guidance", "position", "active")
VISIT_FIELDS = ("planned_on", "mode", "participants", "place")

Progress = Callable[[int, int], None] | None


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _text(value: str, field: str, *, multiline: bool = False) -> str:
    value = (value or "").strip()
    check_typed_text(value, field=field, multiline=multiline)
    return value


def _contact_of(by: Any) -> Any:
    """The company contact behind a master's login (the signature of a period or a report)."""
    contact = getattr(by, "company_contact", None)
    if contact is None:
        raise PermissionDenied(_("Seul le maître d'apprentissage signe pour l'entreprise."))
    return contact


# --- Settings and referents ----------------------------------------------------------------------


@transaction.atomic
def update_settings(
    *,
    training_centre: TrainingCentre,
    changes: Mapping[str, Any],
    by: Any,
    version: str | None = None,
) -> FollowupSettings:
    """Change the centre's follow-up thresholds and delays (training manager); `version`: the
    one the user's edit started from (`core.versions`, conflicts refused). A page opened
    before the centre's first save started from the defaults, not yet a row."""
    require_manager(by, training_centre)
    settings = selectors.settings_of(training_centre)
    if settings.pk is None:
        create_and_record(settings, by=by)
    version = from_default(version, FollowupSettings(), settings.pk, SETTINGS_FIELDS)
    return apply_changes(settings, changes=changes, allowed=SETTINGS_FIELDS, by=by, version=version)


def _saved_grid(training_centre: TrainingCentre, *, by: Any) -> list[VisitGridItem]:
    """The centre's grid, the default headings saved first when the centre never edited it."""
    items = list(VisitGridItem.objects.filter(training_centre=training_centre))
    if not items:
        items = [
            create_and_record(item, by=by)
            for item in selectors.grid_of(training_centre, active_only=False)
        ]
    return items


@transaction.atomic
def add_grid_item(
    *, training_centre: TrainingCentre, label: str, by: Any, guidance: str = ""
) -> VisitGridItem:
    """A new heading at the end of the centre's visit report grid."""
    require_manager(by, training_centre)
    items = _saved_grid(training_centre, by=by)
    label = _text(label, "label")
    if not label:
        raise ValidationError({"label": _("Indiquez l'intitulé de la rubrique.")})
    base = slugify(label)[:32] or "rubrique"
    codes = {item.code for item in items}
    code, suffix = base, 2
    while code in codes:
        code, suffix = f"{base}-{suffix}", suffix + 1
    item = VisitGridItem(
        training_centre=training_centre,
        code=code,
        label=label,
        guidance=_text(guidance, "guidance"),
        position=max((i.position for i in items), default=0) + 1,
    )
    return create_and_record(item, by=by)


@transaction.atomic
def update_grid_item(
    *,
    training_centre: TrainingCentre,
    code: str,
    changes: Mapping[str, Any],
    by: Any,
    version: str | None = None,
) -> VisitGridItem:
    """Change a heading of the grid (its wording, its place, whether it is in use). Reports
    already written keep the wording they were written with. `version`: the one the user's
    edit started from (`core.versions`, conflicts refused; the default heading's before the
    grid was first saved)."""
    require_manager(by, training_centre)
    items = {item.code: item for item in _saved_grid(training_centre, by=by)}
    if code not in items:
        raise ValidationError(_("Rubrique inconnue : « %(code)s ».") % {"code": code})
    changes = dict(changes)
    for name in ("label", "guidance"):
        if name in changes:
            changes[name] = _text(changes[name], name)
    default = {item.code: item for item in selectors.default_grid(training_centre)}.get(code)
    if default is not None:
        version = from_default(version, default, items[code].pk, GRID_FIELDS)
    return apply_changes(items[code], changes=changes, allowed=GRID_FIELDS, by=by, version=version)


@transaction.atomic
def assign_referents(
    *, cohort: Any, chosen: Mapping[str, str], since: date, by: Any, version: str
) -> None:
    """The referents chosen on the cohort's page (`learner_<pk>` → a teacher's pk, "" for
    none: left as is), from the `version` the page showed (`selectors.referent_values`): only
    the user's own changes are saved, all or none; conflicts refused."""
    require_manager(by, cohort.training_centre)
    mine = own_changes(
        cohort,
        changes=chosen,
        version=version,
        values=lambda _cohort: selectors.referent_values(cohort),
    )
    learners = {f"learner_{learner.pk}": learner for learner in cohort.learners.all()}
    teachers = {str(t.pk): t for t in selectors.teachers_of_centre(cohort.training_centre)}
    for name, teacher in mine.items():
        if teacher:
            assign_referent(learner=learners[name], teacher=teachers[teacher], since=since, by=by)


@transaction.atomic
def assign_referent(*, learner: Learner, teacher: Any, since: date, by: Any) -> Referent:
    """Name the learner's referent teacher (a teacher of the learner's centre)."""
    centre = learner.cohort.training_centre
    require_manager(by, centre)
    if centre.pk not in centres_where(teacher, Role.TEACHER):
        raise ValidationError(
            {"teacher": _("%(name)s n'est pas enseignant du centre.") % {"name": teacher}}
        )
    existing = Referent.objects.filter(learner=learner).first()
    if existing is not None:
        return apply_changes(
            existing, changes={"teacher": teacher, "since": since}, allowed=("teacher", "since"),
            by=by,
        )  # fmt: skip
    return create_and_record(Referent(learner=learner, teacher=teacher, since=since), by=by)


# --- The logbook -------------------------------------------------------------------------------


def _months(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months from `start` to `end`, each cut to the range."""
    periods = []
    first = start
    while first <= end:
        periods.append((first, min(last_day(first), end)))
        first = last_day(first) + timedelta(days=1)
    return periods


def _may_open(by: Any, learner: Learner) -> None:
    roles = selectors.learner_roles(by, learner)
    if not roles:
        require(by, Action.VIEW, learner)  # Http404 when out of reach
    if not roles & {"manager", "referent", "self"}:
        raise PermissionDenied(
            _("Le livret s'ouvre par l'apprenti, son enseignant référent ou le responsable.")
        )


@transaction.atomic
def open_logbook(*, contract: Contract, on: date, by: Any) -> Logbook:
    """Open the logbook of a contract, with one period in the company per calendar month of
    the contract (the first and last cut to its dates)."""
    _may_open(by, contract.learner)
    if Logbook.objects.filter(contract=contract).exists():
        raise ValidationError(_("Ce contrat a déjà son livret d'apprentissage."))
    logbook = create_and_record(
        Logbook(learner=contract.learner, contract=contract, opened_on=on), by=by
    )
    for start, end in _months(contract.start, contract.last_day):
        create_and_record(LogbookPeriod(logbook=logbook, start=start, end=end), by=by)
    return logbook


def _codes(values: Iterable[str], known: set[str], field: str) -> list[str]:
    values = list(dict.fromkeys(values or ()))
    unknown = [value for value in values if value not in known]
    if unknown:
        raise ValidationError(
            {field: _("Inconnu(s) du référentiel : %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return values


def _period_of(logbook: Logbook, day: date, *, by: Any) -> LogbookPeriod:
    """The period of `day`, created when a prorogation took the contract past the periods
    opened with the logbook."""
    period = logbook.periods.filter(start__lte=day, end__gte=day).first()
    if period is None:
        start = max(day.replace(day=1), logbook.contract.start)
        end = min(last_day(day), logbook.contract.last_day)
        period = create_and_record(LogbookPeriod(logbook=logbook, start=start, end=end), by=by)
    return period


@transaction.atomic
def add_entry(
    *,
    logbook: Logbook,
    day: date,
    title: str,
    on: date,
    by: Any,
    description: str = "",
    activities: Iterable[str] = (),
    competences: Iterable[str] = (),
    activity_sheet: ActivitySheet | None = None,
) -> LogbookEntry:
    """The apprentice records an activity done in the company on `day` (no later than `on`,
    within the contract), tied to the référentiel and, where there is one, to a portfolio
    sheet. A period the master validated is closed."""
    require(by, Action.CHANGE, logbook)
    contract = logbook.contract
    if not contract.start <= day <= contract.last_day:
        raise ValidationError(
            {
                "day": _("La date doit tomber pendant le contrat (du %(start)s au %(end)s).")
                % {"start": _day(contract.start), "end": _day(contract.last_day)}
            }
        )
    if day > on:
        raise ValidationError({"day": _("Une activité se note une fois faite : date future.")})
    period = _period_of(logbook, day, by=by)
    if period.is_validated:
        raise ValidationError(
            {"day": _("La période du %(period)s est validée par le maître d'apprentissage.")
             % {"period": str(period)}}
        )  # fmt: skip
    title = _text(title, "title")
    if not title:
        raise ValidationError({"title": _("Indiquez l'activité réalisée.")})
    framework = load_framework(logbook.learner.cohort.framework)
    known_activities = {
        a.code for area in framework.activity_areas.values() for a in area.activities
    }
    known_competences = {c.code for c in framework.competences()}
    if activity_sheet is not None and activity_sheet.learner_id != logbook.learner_id:
        raise ValidationError({"activity_sheet": _("Cette fiche n'est pas celle de l'apprenti.")})
    entry = LogbookEntry(
        period=period,
        day=day,
        title=title,
        description=_text(description, "description", multiline=True),
        activities=_codes(activities, known_activities, "activities"),
        competences=_codes(competences, known_competences, "competences"),
        activity_sheet=activity_sheet,
        written_at=timezone.now(),
    )
    return create_and_record(entry, by=by)


@transaction.atomic
def delete_entry(*, entry: LogbookEntry, by: Any) -> None:
    """The apprentice removes an entry of a period not yet validated."""
    require(by, Action.DELETE, entry)
    if entry.period.is_validated:
        raise ValidationError(_("La période est validée : son contenu ne change plus."))
    delete_and_record(entry, by=by)


@transaction.atomic
def validate_period(
    *, period: LogbookPeriod, appreciation: str, on: date, by: Any
) -> LogbookPeriod:
    """The apprenticeship master gives their appreciation of a period and validates it; its
    entries are then closed."""
    require(by, Action.ATTEST, period)
    if period.is_validated:
        raise ValidationError(_("Cette période est déjà validée."))
    if period.start > on:
        raise ValidationError(_("Cette période n'a pas commencé."))
    if not period.entries.exists():
        raise ValidationError(_("L'apprenti n'a encore noté aucune activité sur cette période."))
    appreciation = _text(appreciation, "appreciation", multiline=True)
    if not appreciation:
        raise ValidationError({"appreciation": _("Donnez votre appréciation de la période.")})
    changes = {
        "appreciation": appreciation,
        "validated_on": on,
        "validated_by": _contact_of(by),
    }
    return apply_changes(period, changes=changes, allowed=changes, by=by)


@transaction.atomic
def comment_period(*, period: LogbookPeriod, comment: str, on: date, by: Any) -> LogbookPeriod:
    """The referent teacher comments a period (again, to change the comment: kept in history)."""
    require(by, Action.REVIEW, period)
    if period.start > on:
        raise ValidationError(_("Cette période n'a pas commencé."))
    comment = _text(comment, "teacher_comment", multiline=True)
    if not comment:
        raise ValidationError({"teacher_comment": _("Écrivez votre commentaire.")})
    changes = {"teacher_comment": comment, "commented_on": on, "commented_by": by}
    return apply_changes(period, changes=changes, allowed=changes, by=by)


@transaction.atomic
def generate_logbook_pdf(*, logbook: Logbook, on: date, by: Any) -> Any:
    """The whole logbook as one PDF: cover, each period with its entries, the master's
    appreciation and the teacher's comment, and the centre's side (CCF calendar, tripartite
    meetings, attendance); stored with what it was made from."""
    from ndrc.documents.services import generate_document

    require(by, Action.VIEW, logbook)
    page = selectors.logbook_page(logbook, on=on)
    titles = selectors.code_titles(logbook.learner)
    context = {"page": page, "logbook": logbook, "learner": logbook.learner, "on": on,
               "titles": titles, "contract": logbook.contract}  # fmt: skip
    return generate_document(
        kind="apprenticeship_logbook",
        template_name="followup/logbook_pdf.html",
        context=context,
        subject=logbook,
        title=f"Livret d'apprentissage — {logbook.learner.full_name}",
        sources={
            "logbook": logbook.pk,
            "contract": logbook.contract_id,
            "framework": logbook.learner.cohort.framework,
            "periods": [
                {
                    "id": state.period.pk,
                    "entries": [entry.pk for entry in state.entries],
                    "validated_on": state.period.validated_on,
                    "commented_on": state.period.commented_on,
                }
                for state in page.periods
            ],
            "on": on,
        },
        by=by,
    )


# --- Visits ------------------------------------------------------------------------------------


def _contract_on(learner: Learner, day: date, field: str) -> Contract:
    contract = selectors.running_contract(
        learner.contracts.select_related("employer", "apprenticeship_master"), day
    )
    if contract is None:
        raise ValidationError(
            {field: _("%(learner)s n'a pas de contrat en cours le %(day)s.")
             % {"learner": learner.full_name, "day": _day(day)}}
        )  # fmt: skip
    return contract


def _visit_teacher(learner: Learner, by: Any) -> Any:
    """Who makes the visit: the learner's referent (the manager plans it for them)."""
    roles = selectors.learner_roles(by, learner)
    if not roles:
        require(by, Action.VIEW, learner)  # Http404 when out of reach
    if not roles & selectors.PLANNERS:
        raise PermissionDenied(
            _("Les visites sont prévues par l'enseignant référent ou le responsable.")
        )
    referent = Referent.objects.filter(learner=learner).select_related("teacher").first()
    if referent is None:
        raise ValidationError(
            _("%(learner)s n'a pas d'enseignant référent : désignez-le d'abord.")
            % {"learner": learner.full_name}
        )
    return referent.teacher


def _default_participants(learner: Learner, contract: Contract, teacher: Any) -> str:
    return ", ".join(
        [
            learner.full_name,
            contract.apprenticeship_master.full_name,
            teacher.get_full_name() or teacher.username,
        ]
    )


def _address(company: Any) -> str:
    return ", ".join(
        part for part in (company.name, company.street, f"{company.postal_code} {company.city}")
        if part.strip()
    )  # fmt: skip


@transaction.atomic
def plan_visit(
    *,
    learner: Learner,
    planned_on: date,
    mode: str,
    by: Any,
    participants: str = "",
    place: str = "",
) -> Visit:
    """Plan a follow-up visit of the learner's referent, on a day of the learner's contract."""
    teacher = _visit_teacher(learner, by)
    if mode not in VisitMode.values:
        raise ValidationError({"mode": _("Modalité inconnue : « %(mode)s ».") % {"mode": mode}})
    contract = _contract_on(learner, planned_on, "planned_on")
    if not place and mode == VisitMode.ON_SITE:
        place = _address(contract.employer)
    visit = Visit(
        learner=learner,
        contract=contract,
        teacher=teacher,
        planned_on=planned_on,
        mode=mode,
        participants=_text(participants, "participants")
        or _default_participants(learner, contract, teacher),
        place=_text(place, "place"),
    )
    return create_and_record(visit, by=by)


@transaction.atomic
def plan_visits(*, plans: Iterable[tuple[Learner, date, str]], by: Any) -> list[Visit]:
    """Plan several visits at once (a week of visits): all or none."""
    visits = []
    for index, (learner, day, mode) in enumerate(plans, start=1):
        try:
            visits.append(plan_visit(learner=learner, planned_on=day, mode=mode, by=by))
        except ValidationError as error:
            raise ValidationError(
                _("Ligne %(line)s (%(learner)s) : %(message)s")
                % {"line": index, "learner": learner.full_name, "message": " ".join(error.messages)}
            ) from error
    return visits


@transaction.atomic
def update_visit(
    *, visit: Visit, changes: Mapping[str, Any], by: Any, version: str | None = None
) -> Visit:
    """Reschedule a planned visit (date, mode, participants, place); `version`: the one the
    user's edit started from (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, visit)
    changes = dict(changes)
    refuse_unknown_fields(changes, VISIT_FIELDS)
    for name in ("participants", "place"):
        if name in changes:
            changes[name] = _text(changes[name], name)
    if "mode" in changes and changes["mode"] not in VisitMode.values:
        raise ValidationError({"mode": _("Modalité inconnue.")})
    if version is not None:  # the user's own changes, the visit as it is now
        changes = own_changes(visit, changes=changes, version=version)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("Seule une visite prévue se reporte."))
    if "planned_on" in changes:
        changes["contract"] = _contract_on(visit.learner, changes["planned_on"], "planned_on")
    return apply_changes(visit, changes=changes, allowed=(*VISIT_FIELDS, "contract"), by=by)


@transaction.atomic
def cancel_visit(*, visit: Visit, by: Any) -> Visit:
    require(by, Action.CHANGE, visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("Seule une visite prévue s'annule."))
    return apply_changes(
        visit, changes={"status": VisitStatus.CANCELLED}, allowed=("status",), by=by
    )


REPORT_FIELDS = ("held_on", "participants", "difficulty", "rupture_risk", "report")


@transaction.atomic
def report_visit(
    *,
    visit: Visit,
    held_on: date,
    answers: Mapping[str, str],
    on: date,
    by: Any,
    difficulty: bool = False,
    rupture_risk: str = RuptureRisk.NONE,
    participants: str | None = None,
    version: str | None = None,
) -> Visit:
    """Write (or rewrite, until the master countersigns) the visit's report on the centre's
    grid; each heading is kept with its wording of the day. `version`: the one the user's edit
    started from (`core.versions`, the report's texts heading by heading, conflicts refused)."""
    require(by, Action.CHANGE, visit)
    grid = selectors.grid_of(visit.learner.cohort.training_centre)
    codes = {item.code for item in grid}
    unknown = sorted(set(answers) - codes)
    if unknown:
        raise ValidationError(
            {"report": _("Rubrique(s) inconnue(s) : %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    changes = {
        "held_on": held_on,
        "report": {
            item.code: _text(answers.get(item.code, ""), item.code, multiline=True) for item in grid
        },
        "difficulty": difficulty,
        "rupture_risk": rupture_risk,
    }
    if participants is not None:
        changes["participants"] = _text(participants, "participants")
    if version is not None:  # the user's own changes, the visit as it is now
        changes = merged_values(
            visit,
            changes=changes,
            version=version,
            values=lambda record: selectors.report_values(record, grid),
        )
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError(_("Cette visite est annulée."))
    if visit.countersigned_on:
        raise ValidationError(_("Le compte rendu est contresigné : il ne change plus."))
    held_on = changes["held_on"]
    if held_on > on:
        raise ValidationError({"held_on": _("Une visite se rapporte une fois faite.")})
    contract = visit.contract
    if contract is not None and not contract.start <= held_on <= contract.last_day:
        raise ValidationError(
            {"held_on": _("La date doit tomber pendant le contrat (du %(start)s au %(end)s).")
             % {"start": _day(contract.start), "end": _day(contract.last_day)}}
        )  # fmt: skip
    if changes["rupture_risk"] not in RuptureRisk.values:
        raise ValidationError({"rupture_risk": _("Niveau de risque inconnu.")})
    texts_now = changes["report"]
    if not any(texts_now.values()):
        raise ValidationError({"report": _("Le compte rendu est vide.")})
    changes["report"] = {
        item.code: {"label": item.label, "text": texts_now[item.code]} for item in grid
    }
    changes["status"] = VisitStatus.HELD
    return apply_changes(visit, changes=changes, allowed=changes, by=by)


@transaction.atomic
def countersign_visit(*, visit: Visit, on: date, by: Any, remarks: str = "") -> Visit:
    """The apprenticeship master countersigns the report, with their remarks if any."""
    require(by, Action.ATTEST, visit)
    if visit.status != VisitStatus.HELD:
        raise ValidationError(_("Le compte rendu n'est pas encore écrit."))
    if visit.countersigned_on:
        raise ValidationError(_("Ce compte rendu est déjà contresigné."))
    changes = {
        "master_remarks": _text(remarks, "master_remarks", multiline=True),
        "countersigned_on": on,
        "countersigned_by": _contact_of(by),
    }
    return apply_changes(visit, changes=changes, allowed=changes, by=by)


# --- Tripartite meetings -------------------------------------------------------------------


@transaction.atomic
def plan_meeting(
    *, learner: Learner, planned_on: date, blocks: Iterable[str], by: Any
) -> TripartiteMeeting:
    """Plan a tripartite meeting (learner, master, teacher) on the critères of `blocks`."""
    teacher = _visit_teacher(learner, by)
    contract = _contract_on(learner, planned_on, "planned_on")
    framework = load_framework(learner.cohort.framework)
    blocks = _codes(blocks, set(framework.skill_blocks), "blocks")
    if not blocks:
        raise ValidationError({"blocks": _("Choisissez au moins un bloc de compétences.")})
    meeting = TripartiteMeeting(
        learner=learner,
        contract=contract,
        teacher=teacher,
        master=contract.apprenticeship_master,
        planned_on=planned_on,
        blocks=blocks,
    )
    return create_and_record(meeting, by=by)


MEETING_FIELDS = ("held_on", "summary", "ratings")


@transaction.atomic
def record_meeting(
    *,
    meeting: TripartiteMeeting,
    held_on: date,
    ratings: Mapping[str, str],
    on: date,
    by: Any,
    summary: str = "",
    version: str | None = None,
) -> TripartiteMeeting:
    """Record the grid of a meeting held on `held_on`: a level per critère de performance of
    its blocks (unrated critères left out). The ratings feed the competence progress.
    `version`: the one the user's edit started from (`core.versions`, the ratings critère by
    critère, conflicts refused)."""
    require(by, Action.CHANGE, meeting)
    framework = load_framework(meeting.learner.cohort.framework)
    allowed = {
        c.code for code in meeting.blocks for c in framework.skill_blocks[code].performance_criteria
    }
    ratings = {code: level for code, level in ratings.items() if level}
    unknown = sorted(set(ratings) - allowed)
    if unknown:
        raise ValidationError(
            {"ratings": _("Critère(s) hors des blocs de l'entretien : %(codes)s.")
             % {"codes": ", ".join(unknown)}}
        )  # fmt: skip
    changes = {
        "held_on": held_on,
        "summary": _text(summary, "summary", multiline=True),
        "ratings": {code: ratings.get(code, "") for code in selectors.meeting_levels(meeting)},
    }
    if version is not None:  # the user's own changes, the meeting as it is now
        changes = merged_values(
            meeting, changes=changes, version=version, values=selectors.meeting_values
        )
    if meeting.master_signed_on:
        raise ValidationError(_("Le maître d'apprentissage a signé : l'entretien ne change plus."))
    if changes["held_on"] > on:
        raise ValidationError({"held_on": _("Un entretien se note une fois tenu.")})
    ratings = {code: level for code, level in changes.pop("ratings").items() if level}
    wrong = sorted(code for code, level in ratings.items() if level not in Level.values)
    if wrong:
        raise ValidationError({"ratings": _("Niveau inconnu pour %(codes)s.") % {
            "codes": ", ".join(wrong)}})  # fmt: skip
    if not ratings:
        raise ValidationError({"ratings": _("Évaluez au moins un critère.")})
    existing = {r.criterion: r for r in meeting.ratings.all()}
    for code, rating in existing.items():
        if code not in ratings:
            delete_and_record(rating, by=by)
    for code, level in ratings.items():
        if code in existing:
            apply_changes(existing[code], changes={"level": level}, allowed=("level",), by=by)
        else:
            create_and_record(MeetingRating(meeting=meeting, criterion=code, level=level), by=by)
    return apply_changes(meeting, changes=changes, allowed=changes, by=by)


@transaction.atomic
def sign_meeting(
    *, meeting: TripartiteMeeting, appreciation: str, on: date, by: Any
) -> TripartiteMeeting:
    """The apprenticeship master gives their appreciation of the meeting and signs it."""
    require(by, Action.ATTEST, meeting)
    if meeting.held_on is None:
        raise ValidationError(_("L'entretien n'a pas encore eu lieu."))
    if meeting.master_signed_on:
        raise ValidationError(_("Vous avez déjà signé cet entretien."))
    appreciation = _text(appreciation, "master_appreciation", multiline=True)
    if not appreciation:
        raise ValidationError({"master_appreciation": _("Donnez votre appréciation.")})
    changes = {"master_appreciation": appreciation, "master_signed_on": on}
    return apply_changes(meeting, changes=changes, allowed=changes, by=by)


# --- The weekly digest -----------------------------------------------------------------------


@transaction.atomic
def set_digest_preference(*, user: Any, weekly_digest: bool, by: Any) -> DigestPreference:
    """Turn one's weekly digest on or off (a person decides for themselves)."""
    if by.pk != user.pk and not is_administrator(by):
        raise PermissionDenied(_("Chacun choisit ses propres notifications."))
    preference = DigestPreference.objects.filter(user=user).first()
    if preference is None:
        return create_and_record(DigestPreference(user=user, weekly_digest=weekly_digest), by=by)
    return apply_changes(
        preference, changes={"weekly_digest": weekly_digest}, allowed=("weekly_digest",), by=by
    )


def send_weekly_digests(*, on: date, progress: Progress = None, connection: Any = None) -> int:
    """E-mail each master and referent teacher what awaits them on `on` (see
    `selectors.digest_for`), except those who turned it off or have no address. All or
    nothing: every message is built first, then sent in one batch. Returns the number sent;
    `progress(done, total)` is called as the messages are built (a job's progress bar)."""
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection

    from ndrc.followup.digest import digest_for, recipients

    people = recipients(on=on)
    messages = []
    for index, user in enumerate(people, start=1):
        # In the recipients' language: French, as the invitations (no one chooses another for
        # e-mails; the language switcher's cookie is the browser's, not the person's).
        with translation.override(settings.LANGUAGE_CODE):
            digest = digest_for(user, on=on)
            if digest is not None:
                message = EmailMessage(subject=digest.subject, body=digest.body, to=[user.email])
                messages.append(message)
        if progress is not None:
            progress(index, len(people))
    if messages:
        (connection or get_connection()).send_messages(messages)
    return len(messages)


def weekly_digests(*, on: date, by: Any = None, progress: Progress = None) -> JobResult:
    """The weekly digest as a background job (`ndrc.jobs`): `send_weekly_digests` on `on`,
    its progress on the job's page, its count as the job's summary. Started each week by
    `ndrc followup-digest` (a systemd timer or cron, docs/deploy.md); `by` is None then."""
    sent = send_weekly_digests(on=on, progress=progress)
    return JobResult(
        summary=Message(
            gettext_noop("%(count)s récapitulatif(s) hebdomadaire(s) envoyé(s) au %(on)s."),
            count=sent,
            on=on,
        )
    )
