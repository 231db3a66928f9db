"""Writes of the training calendar and the timetable: atomic, audited, checked against the
calendar. A session is never deleted (a cancelled one stays); changes are announced to the
people concerned (an in-app notice and an e-mail)."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ndrc.core import audit
from ndrc.core.models import AuditAction, Role
from ndrc.core.permissions import Action, centres_where, is_manager, require
from ndrc.core.services import apply_changes, create_and_record, delete_and_record, own_changes
from ndrc.learners.models import Cohort, Learner
from ndrc.regulation.errors import InputError
from ndrc.regulation.training_calendar import (
    HALF_DAYS,
    check_department,
    check_span,
    parse_rhythm,
)
from ndrc.timetable import selectors
from ndrc.timetable.models import (
    CalendarFeed,
    CalendarPeriod,
    FeedKind,
    Notice,
    PeriodKind,
    Rhythm,
    Room,
    Session,
    SessionStatus,
    TrainingCalendar,
)
from ndrc.timetable.selectors import Bookings, CalendarContext, half_day_label, manages_cohort


def _require_manager(by: Any, cohort: Cohort) -> None:
    if not manages_cohort(by, cohort):
        raise PermissionDenied(_("Action réservée au responsable de formation du centre."))


def _engine(error: InputError, field_name: str = "__all__") -> ValidationError:
    return ValidationError({field_name: str(error)})


# --- The calendar ------------------------------------------------------------------------------

CALENDAR_FIELDS = (
    "start",
    "end",
    "department",
    "school_holiday_zone",
    "close_in_school_holidays",
    "am_start",
    "am_end",
    "pm_start",
    "pm_end",
)


def _clean_calendar(calendar: TrainingCalendar) -> None:
    calendar.full_clean()
    try:
        check_span(calendar.start, calendar.end)
        check_department(calendar.department)
    except InputError as error:
        raise _engine(error) from error
    for half in HALF_DAYS:
        if calendar.hours(half) <= 0:
            raise ValidationError(
                {f"{half}_end": _("La fin de la demi-journée précède son début.")}
            )
    if calendar.pk is None:
        return
    # A cycle moved past sessions already planned would leave them outside it, counted by no
    # one's hours: they are cancelled or moved first.
    planned = Session.objects.filter(cohort=calendar.cohort_id, status=SessionStatus.SCHEDULED)
    for name, outside in (
        ("start", planned.filter(date__lt=calendar.start).order_by("date")),
        ("end", planned.filter(date__gt=calendar.end).order_by("-date")),
    ):
        first = outside.values_list("date", flat=True).first()
        if first is None:
            continue
        count = outside.count()
        message = ngettext(
            "%(count)s séance prévue resterait hors du cycle (le %(day)s) : "
            "annulez-la ou déplacez-la d'abord.",
            "%(count)s séances prévues resteraient hors du cycle (dont le %(day)s) : "
            "annulez-les ou déplacez-les d'abord.",
            count,
        )
        raise ValidationError({name: message % {"count": count, "day": f"{first:%d/%m/%Y}"}})


@transaction.atomic
def save_calendar(
    *, cohort: Cohort, values: dict[str, Any], by: Any, version: str | None = None
) -> TrainingCalendar:
    """Create the cohort's training calendar, or change it (`version`: the one the user's edit
    started from, `core.versions`)."""
    _require_manager(by, cohort)
    calendar = TrainingCalendar.objects.filter(cohort=cohort).first()
    if calendar is None:
        unknown = set(values) - set(CALENDAR_FIELDS)
        if unknown:
            raise ValidationError({name: _("Champ inconnu.") for name in unknown})
        return create_and_record(
            TrainingCalendar(cohort=cohort, **values), by=by, clean=_clean_calendar
        )
    return apply_changes(
        calendar,
        changes=values,
        allowed=CALENDAR_FIELDS,
        by=by,
        clean=_clean_calendar,
        version=version,
    )


def _clean_rhythm(rhythm: Rhythm) -> None:
    rhythm.full_clean()
    try:
        parse_rhythm(rhythm.pattern, field="pattern")
    except InputError as error:
        raise ValidationError({"pattern": str(error)}) from error
    if not rhythm.categories:
        raise ValidationError({"categories": _("Choisissez au moins un statut d'apprenant.")})
    for other in rhythm.calendar.rhythms.exclude(pk=rhythm.pk):
        shared = set(other.categories) & set(rhythm.categories)
        if shared:
            raise ValidationError(
                {
                    "categories": _("Statut déjà suivi par le groupe « %(name)s » : %(codes)s.")
                    % {"name": other.name, "codes": ", ".join(sorted(shared))}
                }
            )
    if rhythm.promised_hours < 0:
        raise ValidationError({"promised_hours": _("Un volume positif est attendu.")})
    for code, hours in (rhythm.promised_by_module or {}).items():
        if code not in selectors.module_titles(rhythm.calendar.cohort.framework):
            raise ValidationError({"promised_by_module": _("Module inconnu : %s.") % code})
        if Decimal(str(hours)) < 0:
            raise ValidationError({"promised_by_module": _("Un volume positif est attendu.")})


RHYTHM_FIELDS = (
    "name",
    "categories",
    "pattern",
    "away_place",
    "promised_hours",
    "promised_by_module",
    "promise_source",
)


@transaction.atomic
def add_rhythm(*, calendar: TrainingCalendar, by: Any, **values: Any) -> Rhythm:
    """A group of the cohort with its rhythm and the volume promised to it."""
    _require_manager(by, calendar.cohort)
    return create_and_record(Rhythm(calendar=calendar, **values), by=by, clean=_clean_rhythm)


@transaction.atomic
def change_rhythm(*, rhythm: Rhythm, changes: dict[str, Any], by: Any) -> Rhythm:
    _require_manager(by, rhythm.calendar.cohort)
    return apply_changes(rhythm, changes=changes, allowed=RHYTHM_FIELDS, by=by, clean=_clean_rhythm)


def _clean_period(period: CalendarPeriod) -> None:
    period.full_clean()
    calendar = period.calendar
    if period.start < calendar.start or period.end > calendar.end:
        raise ValidationError(
            {"start": _("La période doit être comprise dans le cycle de formation.")}
        )
    if period.kind == PeriodKind.INTERNSHIP and period.rhythm is None:
        raise ValidationError({"rhythm": _("Une période de stage concerne un groupe.")})
    if period.rhythm is not None and period.rhythm.calendar_id != calendar.pk:
        raise ValidationError({"rhythm": _("Groupe d'un autre calendrier.")})


@transaction.atomic
def add_period(
    *,
    calendar: TrainingCalendar,
    kind: str,
    start: date,
    end: date,
    label: str = "",
    rhythm: Rhythm | None = None,
    by: Any,
) -> CalendarPeriod:
    """A closure of the centre, an exam period or an internship period."""
    _require_manager(by, calendar.cohort)
    period = CalendarPeriod(
        calendar=calendar, kind=kind, start=start, end=end, label=label, rhythm=rhythm
    )
    return create_and_record(period, by=by, clean=_clean_period)


@transaction.atomic
def remove_period(*, period: CalendarPeriod, by: Any) -> None:
    _require_manager(by, period.calendar.cohort)
    delete_and_record(period, by=by)


@transaction.atomic
def create_room(*, training_centre: Any, name: str, capacity: int | None = None, by: Any) -> Room:
    if not is_manager(by, training_centre):
        raise PermissionDenied(_("Action réservée au responsable de formation du centre."))
    return create_and_record(
        Room(training_centre=training_centre, name=name.strip(), capacity=capacity), by=by
    )


# --- Sessions -----------------------------------------------------------------------------------


def _check_session(
    session: Session, context: CalendarContext, bookings: Bookings | None = None
) -> None:
    if session.half_day not in HALF_DAYS:
        raise ValidationError({"half_day": _("Demi-journée inconnue.")})
    titles = selectors.module_titles(session.cohort.framework)
    if session.module not in titles:
        raise ValidationError({"module": _("Module inconnu de la grille horaire.")})
    if not selectors.centre_teachers(session.cohort).filter(pk=session.teacher_id).exists():
        raise ValidationError({"teacher": _("Cette personne n'est pas enseignant du centre.")})
    if (
        session.room is not None
        and session.room.training_centre_id != session.cohort.training_centre_id
    ):
        raise ValidationError({"room": _("Salle d'un autre centre.")})
    if session.rhythm is not None and session.rhythm.calendar.cohort_id != session.cohort_id:
        raise ValidationError({"rhythm": _("Groupe d'une autre promotion.")})
    reasons = selectors.session_conflicts(
        context=context,
        cohort=session.cohort,
        day=session.date,
        half_day=session.half_day,
        teacher=session.teacher,
        room=session.room,
        rhythm=session.rhythm,
        exclude=session.pk,
        bookings=bookings,
    )
    if reasons:
        raise ValidationError(reasons, code="conflict")
    session.full_clean(validate_constraints=False)  # double bookings: checked above, with reasons


@transaction.atomic
def plan_session(
    *,
    cohort: Cohort,
    date: date,
    half_day: str,
    module: str,
    teacher: Any,
    room: Room | None = None,
    mode: str = "centre",
    rhythm: Rhythm | None = None,
    note: str = "",
    by: Any,
    context: CalendarContext | None = None,
    bookings: Bookings | None = None,
) -> Session:
    """A half-day session; refused with the reasons when it conflicts (a teacher or a room
    booked twice, a company day, a public holiday, a closure, outside the cycle). `bookings`:
    the sessions of its week already read (`copy_week`); the session is added to them."""
    _require_manager(by, cohort)
    context = context or CalendarContext.of(cohort)
    session = Session(
        cohort=cohort,
        date=date,
        half_day=half_day,
        module=module,
        teacher=teacher,
        room=room,
        mode=mode,
        rhythm=rhythm,
        note=note,
        hours=context.calendar.hours(half_day) if context.calendar else Decimal(0),
    )
    create_and_record(session, by=by, clean=lambda s: _check_session(s, context, bookings))
    if bookings is not None:
        bookings.add(session)
    return session


SESSION_FIELDS = ("date", "half_day", "module", "teacher", "room", "mode", "rhythm", "note")


@transaction.atomic
def change_session(
    *, session: Session, changes: dict[str, Any], by: Any, version: str | None = None
) -> Session:
    """Change a session (moved, another teacher or room…) and tell those concerned; `version`:
    the one the user's edit started from (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, session)
    if version is not None:
        changes = own_changes(session, changes=changes, version=version)
    if session.cancelled:
        raise ValidationError(_("Une séance annulée ne se modifie plus."))
    if getattr(session, "sheet", None) is not None:
        raise ValidationError(_("L'émargement de cette séance a commencé : elle ne change plus."))
    concerned_before = _concerned(session)
    before = f"{session.date:%d/%m/%Y} {half_day_label(session.half_day)}"
    context = CalendarContext.of(session.cohort)
    if "half_day" in changes and context.calendar is not None:
        changes = {**changes, "hours": context.calendar.hours(changes["half_day"])}
    session = apply_changes(
        session,
        changes=changes,
        allowed=(*SESSION_FIELDS, "hours"),
        by=by,
        clean=lambda s: _check_session(s, context),
    )
    text = _("Séance modifiée : %(module)s du %(before)s → %(after)s, %(who)s%(room)s.") % {
        "module": session.module.upper(),
        "before": before,
        "after": f"{session.date:%d/%m/%Y} {half_day_label(session.half_day)}",
        "who": session.teacher.get_full_name(),
        "room": f", salle {session.room.name}" if session.room else "",
    }
    announce(users=concerned_before | _concerned(session), text=text, session=session)
    return session


@transaction.atomic
def cancel_session(*, session: Session, reason: str, by: Any) -> Session:
    """Cancel a session (it stays, marked cancelled) and tell those concerned."""
    require(by, Action.CHANGE, session)
    if getattr(session, "sheet", None) is not None:
        raise ValidationError(_("L'émargement de cette séance a commencé : elle ne s'annule plus."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    session = apply_changes(
        session,
        changes={"status": SessionStatus.CANCELLED, "note": reason[:200]},
        allowed=("status", "note"),
        by=by,
    )
    text = _("Séance annulée : %(module)s du %(day)s %(half)s (%(reason)s).") % {
        "module": session.module.upper(),
        "day": f"{session.date:%d/%m/%Y}",
        "half": half_day_label(session.half_day),
        "reason": reason,
    }
    announce(users=_concerned(session), text=text, session=session)
    return session


@dataclass
class CopyReport:
    created: list[Session] = field(default_factory=list)
    refused: list[tuple[Session, list[str]]] = field(default_factory=list)


@transaction.atomic
def copy_week(
    *,
    cohort: Cohort,
    source: date,
    target: date,
    by: Any,
    context: CalendarContext | None = None,
) -> CopyReport:
    """Copy the scheduled sessions of the week of `source` into the week of `target`, day for
    day; a session that conflicts there is left out, with its reasons. `context`: the cohort's
    calendar already read (`plan_session`), for a caller copying many weeks (its groups' plans
    are worked out once)."""
    _require_manager(by, cohort)
    source, target = selectors.monday_of(source), selectors.monday_of(target)
    if source == target:
        raise ValidationError({"target": _("Choisissez une autre semaine.")})
    context = context or CalendarContext.of(cohort)
    report = CopyReport()
    sessions = Session.objects.filter(
        cohort=cohort,
        status=SessionStatus.SCHEDULED,
        date__gte=source,
        date__lte=source + timedelta(days=6),
    ).select_related("teacher", "room", "rhythm__calendar")
    # The target week's sessions of these teachers, rooms and cohort, read once (not three
    # queries per session).
    bookings = Bookings.of_week(
        monday=target,
        teachers=[s.teacher for s in sessions],
        rooms=[s.room for s in sessions],
        cohort=cohort,
    )
    for session in sessions:
        day = target + (session.date - source)
        try:
            with transaction.atomic():
                created = plan_session(
                    cohort=cohort,
                    date=day,
                    half_day=session.half_day,
                    module=session.module,
                    teacher=session.teacher,
                    room=session.room,
                    mode=session.mode,
                    rhythm=session.rhythm,
                    note=session.note,
                    by=by,
                    context=context,
                    bookings=bookings,
                )
        except ValidationError as error:
            report.refused.append((session, error.messages))
        else:
            report.created.append(created)
    return report


# --- Announcements -----------------------------------------------------------------------------


def _concerned(session: Session) -> set[Any]:
    """The teacher and the learners (with a login) expected at a session."""
    users = {session.teacher}
    for learner in selectors.expected_learners(session):
        if learner.user_id is not None:
            users.add(learner.user)
    return users


def announce(*, users: Iterable[Any], text: str, session: Session | None = None) -> int:
    """Tell each person of a change: an in-app notice, and an e-mail where they have an address.
    Returns the number of people told."""
    users = [u for u in users if u is not None and u.is_active]
    now = timezone.now()
    url = ""
    if session is not None:
        url = reverse(
            "timetable:cohort_week_of", args=[session.cohort_id, session.date.isoformat()]
        )
    Notice.objects.bulk_create([Notice(user=u, created_at=now, text=text, url=url) for u in users])
    subject = _("Emploi du temps : changement")
    messages = [(subject, text, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return len(users)


@transaction.atomic
def mark_notices_read(*, user: Any) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- iCalendar feeds ------------------------------------------------------------------------------


@transaction.atomic
def create_feed(*, owner: Any, kind: str, cohort: Cohort | None = None, by: Any) -> CalendarFeed:
    """A private feed address for `owner`: their own sessions as a learner or a teacher, or a
    cohort's timetable they may read. The token is the only key: keep it private."""
    if by != owner:
        raise PermissionDenied(_("Chacun crée ses propres abonnements."))
    learner = None
    if kind == FeedKind.LEARNER:
        learner = Learner.objects.filter(user=owner, erased_on__isnull=True).first()
        if learner is None:
            raise ValidationError({"kind": _("Vous n'avez pas de dossier d'apprenant.")})
    elif kind == FeedKind.TEACHER:
        if not centres_where(owner, Role.TEACHER):
            raise ValidationError({"kind": _("Vous n'êtes pas enseignant.")})
    elif kind == FeedKind.COHORT:
        if cohort is None or not selectors.timetable_cohorts(owner).filter(pk=cohort.pk).exists():
            raise ValidationError({"cohort": _("Promotion introuvable.")})
    else:
        raise ValidationError({"kind": _("Type d'abonnement inconnu.")})
    feed = CalendarFeed(
        owner=owner,
        kind=kind,
        learner=learner,
        cohort=cohort if kind == FeedKind.COHORT else None,
        token=secrets.token_urlsafe(32),
        created_at=timezone.now(),
    )
    feed.save()
    # The token is a credential: the journal records the feed, not its key.
    audit.record(
        action=AuditAction.CREATE, obj=feed, by=by, after=audit.snapshot(feed, exclude=("token",))
    )
    return feed


@transaction.atomic
def revoke_feed(*, feed: CalendarFeed, by: Any) -> CalendarFeed:
    if feed.owner_id != by.pk:
        raise PermissionDenied(_("Seul le titulaire révoque son abonnement."))
    return apply_changes(
        feed, changes={"revoked_at": timezone.now()}, allowed=("revoked_at",), by=by
    )
