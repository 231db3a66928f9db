"""Writes of attendance: the teacher opens a half-day's sheet, learners sign with the code shown,
the teacher marks absences and late arrivals and signs, which locks the sheet; afterwards only
the training manager corrects, with a reason. Every change is in the audit trail; nothing is
deleted. Time (`at`) enters at the edge and is an argument."""

import secrets
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.attendance import codes, selectors
from ndrc.attendance.models import (
    AbsenceJustification,
    AttendanceRecord,
    AttendanceSheet,
    Correction,
    Status,
)
from ndrc.companies.models import Supervision
from ndrc.core import audit
from ndrc.core.models import AuditAction
from ndrc.core.permissions import Action, require
from ndrc.core.services import create_and_record
from ndrc.core.validators import check_typed_text
from ndrc.learners.models import Learner
from ndrc.learners.selectors import own_learner
from ndrc.timetable.models import Session, SessionStatus
from ndrc.timetable.selectors import CalendarContext, expected_learners, half_day_label

ABSENT = (Status.ABSENT_JUSTIFIED, Status.ABSENT_UNJUSTIFIED)


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Ce champ est obligatoire.")})
    check_typed_text(value, field=field)
    return value


def _lines(records: list[AttendanceRecord]) -> list[dict[str, Any]]:
    return [
        {
            "learner": r.learner_id,
            "status": r.status,
            "learner_signed_at": r.learner_signed_at.isoformat() if r.learner_signed_at else None,
            "learner_unable_reason": r.learner_unable_reason,
        }
        for r in records
    ]


def _justification_on(learner_id: int, day: date) -> AbsenceJustification | None:
    return AbsenceJustification.objects.filter(
        learner_id=learner_id, start__lte=day, end__gte=day
    ).first()


# --- The sheet ----------------------------------------------------------------------------------


@transaction.atomic
def open_sheet(*, session: Session, by: Any, at: datetime) -> AttendanceSheet:
    """Open the half-day's sheet (once; opening it again returns it) with a line for each
    learner expected, and a secret from which the signing codes derive."""
    require(by, Action.VIEW, session)
    if session.teacher_id != by.pk and not selectors.manages_cohort(by, session.cohort):
        raise PermissionDenied(_("Seul l'enseignant de la séance ouvre sa feuille."))
    existing = AttendanceSheet.objects.filter(session=session).first()
    if existing is not None:
        return existing
    if session.status != SessionStatus.SCHEDULED:
        raise ValidationError(_("Séance annulée : pas d'émargement."))
    if session.date > timezone.localdate(at):
        raise ValidationError(_("La feuille s'ouvre le jour de la séance, pas avant."))
    sheet = AttendanceSheet.objects.create(
        session=session, opened_at=at, opened_by=by, secret=secrets.token_hex(32)
    )
    learners = expected_learners(session, CalendarContext.of(session.cohort))
    records = AttendanceRecord.objects.bulk_create(
        [AttendanceRecord(sheet=sheet, learner=learner) for learner in learners]
    )
    # The secret is a key: the journal records the sheet and its lines, not the secret.
    after = audit.snapshot(sheet, exclude=("secret",)) | {"lines": _lines(records)}
    audit.record(action=AuditAction.CREATE, obj=sheet, by=by, after=after)
    return sheet


def _locked(sheet: AttendanceSheet) -> bool:
    """Whether the sheet is signed, read from the database (another request may have signed it
    since `sheet` was read)."""
    return AttendanceSheet.objects.filter(pk=sheet.pk, teacher_signed_at__isnull=False).exists()


def _require_open(sheet: AttendanceSheet) -> None:
    if _locked(sheet):
        raise ValidationError(
            _("La feuille est signée et verrouillée : seul le responsable de formation la corrige.")
        )


@transaction.atomic
def sign_in(
    *,
    user: Any,
    code: str,
    at: datetime,
    address: str = "",
    agent: str = "",
    sheet_id: int | None = None,
    for_learner_id: int | None = None,
) -> AttendanceRecord:
    """The learner logged in as `user` signs their own line with the code shown in the room.

    Refused: signing for someone else, a learner not on the sheet, an expired or wrong code, a
    sheet already signed by the teacher."""
    learner = own_learner(user)
    if learner is None:
        raise PermissionDenied(_("Seuls les apprenants émargent avec un code."))
    if for_learner_id is not None and int(for_learner_id) != learner.pk:
        raise PermissionDenied(
            _("Chacun signe pour soi-même : impossible de signer pour un autre.")
        )
    lines = selectors.open_sheets_for_learner(learner).select_for_update()
    if sheet_id is not None:
        lines = lines.filter(sheet_id=sheet_id)
    lines = list(lines)
    if not lines:
        if sheet_id is not None and AttendanceSheet.objects.filter(pk=sheet_id).exists():
            raise ValidationError(_("Vous n'êtes pas inscrit sur cette feuille d'émargement."))
        raise ValidationError(_("Aucune feuille d'émargement ouverte pour vous."))
    record = next((r for r in lines if codes.code_is_valid(r.sheet.secret, code, at)), None)
    if record is None:
        raise ValidationError(
            _("Code expiré ou erroné : saisissez le code affiché en ce moment dans la salle.")
        )
    if record.learner_signed_at is not None:
        return record
    before = audit.snapshot(record)
    record.learner_signed_at = at
    record.signed_from = (address or "")[:45]
    record.user_agent = (agent or "")[:300]
    if record.status in ABSENT:
        record.status = Status.LATE  # marked absent, then arrived and signed
    elif not record.status:
        record.status = Status.PRESENT
    record.save()
    audit.record_change(obj=record, by=user, before=before)
    return record


@transaction.atomic
def mark(
    *, record: AttendanceRecord, status: str, reason: str = "", by: Any, at: datetime
) -> AttendanceRecord:
    """The teacher marks a learner late, absent, or present without a phone (with the reason)."""
    require(by, Action.CHANGE, record.sheet)
    _require_open(record.sheet)
    if status not in Status.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    before = audit.snapshot(record)
    if status in (Status.PRESENT, Status.LATE) and record.learner_signed_at is None:
        # Present without the learner's own signature: the teacher says why (no phone…).
        record.learner_unable_reason = _text(reason, "reason")
    if status == Status.ABSENT_UNJUSTIFIED:
        justification = _justification_on(record.learner_id, record.sheet.session.date)
        if justification is not None:
            status, record.justification = Status.ABSENT_JUSTIFIED, justification
    if status == Status.ABSENT_JUSTIFIED and record.justification is None:
        record.justification = _justification_on(record.learner_id, record.sheet.session.date)
    record.status = status
    record.marked_by = by
    record.full_clean()
    record.save()
    audit.record_change(obj=record, by=by, before=before)
    return record


@transaction.atomic
def sign_sheet(*, sheet: AttendanceSheet, by: Any, at: datetime) -> AttendanceSheet:
    """The teacher signs the sheet, which locks it: a learner neither signed nor marked is
    absent (justified when a justification covers the day). The employer of each absent
    apprentice (and their internship host) is told."""
    require(by, Action.CHANGE, sheet)
    AttendanceSheet.objects.select_for_update().filter(pk=sheet.pk).first()  # one signature
    _require_open(sheet)
    day = sheet.session.date
    records = list(sheet.records.select_related("learner"))
    before = _lines(records)
    justified = {
        j.learner_id: j
        for j in AbsenceJustification.objects.filter(
            learner_id__in=[r.learner_id for r in records], start__lte=day, end__gte=day
        )
    }
    changed = []
    for record in records:
        if record.status:
            continue
        justification = justified.get(record.learner_id)
        record.status = Status.ABSENT_JUSTIFIED if justification else Status.ABSENT_UNJUSTIFIED
        record.justification = justification
        record.marked_by = by
        changed.append(record)
    AttendanceRecord.objects.bulk_update(changed, ["status", "justification", "marked_by"])
    sheet.teacher_signed_at = at
    sheet.teacher_signed_by = by
    sheet.save(update_fields=["teacher_signed_at", "teacher_signed_by"])
    audit.record(
        action=AuditAction.UPDATE,
        obj=sheet,
        by=by,
        before={"teacher_signed_at": None, "lines": before},
        after={
            "teacher_signed_at": at.isoformat(),
            "teacher_signed_by": by.pk,
            "lines": _lines(records),
        },
    )
    inform_supervisors(sheet=sheet, records=[r for r in records if r.status in ABSENT])
    return sheet


@transaction.atomic
def correct(
    *, record: AttendanceRecord, status: str, reason: str, by: Any, at: datetime
) -> Correction:
    """After locking, the training manager corrects a line: a new entry with its reason; the
    record shows the corrected status, the correction keeps what it was."""
    if not selectors.may_correct(by, record.sheet):
        raise PermissionDenied(_("Seul le responsable de formation corrige une feuille signée."))
    if not _locked(record.sheet):
        raise ValidationError(_("La feuille n'est pas encore signée : l'enseignant la complète."))
    if status not in Status.values:
        raise ValidationError({"status": _("Statut inconnu.")})
    if status == record.status:
        raise ValidationError({"status": _("Le statut est déjà celui-ci.")})
    reason = _text(reason, "reason")
    correction = create_and_record(
        Correction(
            record=record,
            at=at,
            by=by,
            reason=reason,
            status_before=record.status,
            status_after=status,
        ),
        by=by,
    )
    before = audit.snapshot(record)
    record.status = status
    if status == Status.PRESENT and record.learner_signed_at is None:
        record.learner_unable_reason = reason[:200]
    record.save()
    audit.record_change(obj=record, by=by, before=before)
    return correction


@transaction.atomic
def justify_absence(
    *,
    learner: Learner,
    start: date,
    end: date,
    reason: str,
    document: Any = None,
    by: Any,
    at: datetime,
) -> AbsenceJustification:
    """Record a justification for a period: the learner's absences of the period become
    justified (on a locked sheet, as a correction with the justification as reason)."""
    require(by, Action.CHANGE, learner)
    if end < start:
        raise ValidationError({"end": _("La fin précède le début.")})
    justification = AbsenceJustification(
        learner=learner,
        start=start,
        end=end,
        reason=_text(reason, "reason"),
        recorded_at=at,
        recorded_by=by,
    )
    if document:
        justification.document = document
    create_and_record(justification, by=by)
    records = AttendanceRecord.objects.filter(
        learner=learner,
        status=Status.ABSENT_UNJUSTIFIED,
        sheet__session__date__gte=start,
        sheet__session__date__lte=end,
    ).select_related("sheet", "sheet__session", "sheet__session__cohort")
    for record in records:
        if _locked(record.sheet):
            correct(
                record=record,
                status=Status.ABSENT_JUSTIFIED,
                reason=_("Justificatif : %s") % justification.reason,
                by=by,
                at=at,
            )
            AttendanceRecord.objects.filter(pk=record.pk).update(justification=justification)
        else:
            before = audit.snapshot(record)
            record.status = Status.ABSENT_JUSTIFIED
            record.justification = justification
            record.save()
            audit.record_change(obj=record, by=by, before=before)
    return justification


# --- Informing the companies -----------------------------------------------------------------


def inform_supervisors(*, sheet: AttendanceSheet, records: list[AttendanceRecord]) -> int:
    """E-mail each absent learner's apprenticeship master or internship tutor (those whose
    supervision runs on the day). Returns the number of e-mails sent."""
    if not records:
        return 0
    session = sheet.session
    day = session.date
    supervisions = (
        Supervision.objects.filter(learner_id__in=[r.learner_id for r in records], start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("contact")
    )
    by_learner: dict[int, list[Supervision]] = {}
    for supervision in supervisions:
        by_learner.setdefault(supervision.learner_id, []).append(supervision)
    messages = []
    for record in records:
        label = (
            _("absence justifiée")
            if record.status == Status.ABSENT_JUSTIFIED
            else _("absence non justifiée")
        )
        text = _(
            "%(name)s était absent(e) au centre de formation le %(day)s (%(half)s, %(module)s) : "
            "%(label)s."
        ) % {
            "name": record.learner.full_name,
            "day": f"{day:%d/%m/%Y}",
            "half": half_day_label(session.half_day),
            "module": session.module.upper(),
            "label": label,
        }
        for supervision in by_learner.get(record.learner_id, []):
            if supervision.contact.email:
                subject = _("Absence de %s au centre de formation") % record.learner.full_name
                messages.append(
                    (subject, text, settings.DEFAULT_FROM_EMAIL, [supervision.contact.email])
                )
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return len(messages)


# --- Paper sheets ---------------------------------------------------------------------------------


@transaction.atomic
def record_paper_sheet(
    *,
    session: Session,
    statuses: dict[int, str],
    reason: str,
    by: Any,
    at: datetime,
) -> AttendanceSheet:
    """Enter a sheet signed on paper (no network in the room, an import from a former sign-in
    tool): each expected learner's status, the paper standing for the signatures (`reason`, kept
    with the paper sheet); the sheet is signed by the teacher and locked at once. One audit entry
    lists every line."""
    if session.teacher_id != by.pk and not selectors.manages_cohort(by, session.cohort):
        raise PermissionDenied(
            _("Seul l'enseignant de la séance ou le responsable saisit sa feuille.")
        )
    if AttendanceSheet.objects.filter(session=session).exists():
        raise ValidationError(_("Cette séance a déjà sa feuille d'émargement."))
    reason = _text(reason, "reason")
    sheet = AttendanceSheet.objects.create(
        session=session,
        opened_at=at,
        opened_by=by,
        secret=secrets.token_hex(32),
        teacher_signed_at=at,
        teacher_signed_by=by,
    )
    records = []
    for learner_id, status in statuses.items():
        if status not in Status.values:
            raise ValidationError({"status": _("Statut inconnu : %s.") % status})
        records.append(
            AttendanceRecord(
                sheet=sheet,
                learner_id=learner_id,
                status=status,
                learner_unable_reason=reason if status not in ABSENT else "",
                marked_by=by,
            )
        )
    AttendanceRecord.objects.bulk_create(records)
    after = audit.snapshot(sheet, exclude=("secret",)) | {"lines": _lines(records)}
    audit.record(action=AuditAction.CREATE, obj=sheet, by=by, after=after)
    return sheet
