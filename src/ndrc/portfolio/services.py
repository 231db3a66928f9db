"""Writes of the portfolio: sheets, their review and attestation, tags, files, dossier records.

Every service takes keyword-only arguments, checks that `by` may act (`PermissionDenied`
otherwise, with `core.permissions.require` semantics: Http404 when the record is out of reach),
validates (`ValidationError` with French messages naming the field), is atomic, and records the
change in the audit trail.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.companies.models import CompanyContact
from ndrc.core import audit
from ndrc.core.models import AuditAction
from ndrc.core.permissions import Action, is_administrator, require
from ndrc.core.services import apply_changes, create_and_record, delete_and_record
from ndrc.core.uploads import check_upload
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.selectors import is_own_record
from ndrc.portfolio.models import (
    ActivitySheet,
    Attachment,
    CriterionTag,
    DossierDeadline,
    DossierDocument,
    DossierExam,
    EmploymentCertificate,
    Evidence,
    ExamDossier,
    SheetComment,
    SheetStatus,
    StoredCohortDossiers,
    StoredDossierCheck,
)
from ndrc.portfolio.tasks import refresh_dossier_checks_later
from ndrc.regulation.framework import load_framework

# What a learner writes on a sheet; status, review and attestation have their own services.
SHEET_FIELDS = (
    "title",
    "start",
    "end",
    "company",
    "nature",
    "context",
    "upstream_analysis",
    "information_analysis",
    "reflective_analysis",
    "network_type",
    "real_network_experience",
    "diagnosis",
    "actions",
    "methods",
    "results",
    "recommendations",
)


def require_sheet_writer(by: Any, learner: Learner) -> None:
    """Only the learner (or an administrator) writes the learner's sheets: Http404 when the
    learner is out of reach, PermissionDenied otherwise."""
    require(by, Action.VIEW, learner)
    if not (is_administrator(by) or (is_own_record(by, learner))):
        raise PermissionDenied(_("Seul l'apprenant rédige ses fiches d'activité."))


# --- Sheets ---------------------------------------------------------------------------------


@transaction.atomic
def create_sheet(
    *, learner: Learner, exam: str, title: str, start: date, by: Any, **fields: Any
) -> ActivitySheet:
    """A new draft sheet written by the learner (`fields`: any of `SHEET_FIELDS`)."""
    require_sheet_writer(by, learner)
    unknown = sorted(set(fields) - set(SHEET_FIELDS))
    if unknown:
        raise ValidationError(
            {name: _("Ce champ ne peut pas être renseigné ici.") for name in unknown}
        )
    sheet = ActivitySheet(learner=learner, exam=exam, title=title, start=start, **fields)
    return create_and_record(sheet, by=by)


@transaction.atomic
def update_sheet(
    *, sheet: ActivitySheet, changes: Mapping[str, Any], by: Any, version: str | None = None
) -> ActivitySheet:
    """Change what the learner wrote, while the sheet is a draft or returned; `version`: the
    one the user's edit started from (`core.versions`, conflicts refused).

    The company's attestation is about what the sheet says: changing the text withdraws it.
    """
    require(by, Action.CHANGE, sheet)
    if version is not None:  # the form's values were set on it: the sheet as it is now
        sheet.refresh_from_db()
    before = audit.snapshot(sheet)
    apply_changes(sheet, changes=changes, allowed=SHEET_FIELDS, by=by, version=version)
    if sheet.is_attested and any(before.get(k) != v for k, v in audit.snapshot(sheet).items()):
        _withdraw_attestation(sheet, by=by)
    _sheet_changed(sheet)
    return sheet


def _sheet_changed(sheet: ActivitySheet) -> None:
    """The dossier check reads the validated sheets: check the learner's dossiers again."""
    if sheet.status == SheetStatus.VALIDATED:
        refresh_dossier_checks_later([sheet.learner_id])


def _withdraw_attestation(sheet: ActivitySheet, *, by: Any) -> None:
    before = audit.snapshot(sheet)
    sheet.attested_by, sheet.attested_on = None, None
    sheet.save(update_fields=["attested_by", "attested_on"])
    audit.record_change(obj=sheet, by=by, before=before)


@transaction.atomic
def delete_sheet(*, sheet: ActivitySheet, by: Any) -> None:
    """Delete a draft (a sheet already reviewed stays, for the record)."""
    require(by, Action.DELETE, sheet)
    if sheet.status != SheetStatus.DRAFT:
        raise ValidationError(_("Seul un brouillon peut être supprimé."))
    # Who may delete the sheet may change it, hence delete its files.
    for attachment in sheet.attachments.all():
        _delete_attachment(attachment, by=by)
    delete_and_record(sheet, by=by)


@transaction.atomic
def set_tags(*, sheet: ActivitySheet, tags: Mapping[str, str], by: Any) -> ActivitySheet:
    """Replace the critères the sheet shows: `{criterion code: "performed" | "observed"}`."""
    require(by, Action.CHANGE, sheet)
    framework = load_framework(sheet.learner.cohort.framework)
    errors = {}
    for code, evidence in tags.items():
        try:
            framework.performance_criterion(code)
        except KeyError:
            errors.setdefault("tags", []).append(
                f"« {code} » n'est pas un critère de performance du référentiel."
            )
        if evidence not in Evidence.values:
            errors.setdefault("tags", []).append(
                f"{code} : niveau « {evidence} » inconnu (attendu : réalisé ou observé)."
            )
    if errors:
        raise ValidationError(errors)
    old = dict(sheet.tags.values_list("criterion", "evidence"))
    new = dict(sorted(tags.items()))
    if old == new:
        return sheet
    sheet.tags.all().delete()
    CriterionTag.objects.bulk_create(
        CriterionTag(sheet=sheet, criterion=code, evidence=evidence)
        for code, evidence in new.items()
    )
    audit.record(
        action=AuditAction.UPDATE, obj=sheet, by=by, before={"tags": old}, after={"tags": new}
    )
    _sheet_changed(sheet)
    return sheet


@transaction.atomic
def submit_sheet(*, sheet: ActivitySheet, on: date, by: Any) -> ActivitySheet:
    """The learner hands the sheet in for review (a draft, or a sheet returned for changes)."""
    require(by, Action.CHANGE, sheet)
    if sheet.status not in (SheetStatus.DRAFT, SheetStatus.RETURNED):
        # An administrator may change any sheet: submitting a reviewed one would undo its review.
        raise ValidationError(
            _("Seule une fiche en brouillon ou à reprendre peut être soumise (celle-ci : %(s)s).")
            % {"s": sheet.get_status_display().lower()}
        )
    missing = sheet.missing_headings()
    if missing:
        raise ValidationError(
            "Fiche incomplète : rubriques à renseigner avant de la soumettre : "
            + ", ".join(missing)
            + "."
        )
    return _set_status(sheet, SheetStatus.SUBMITTED, by=by, submitted_on=on)


def _set_status(sheet: ActivitySheet, status: str, *, by: Any, **values: Any) -> ActivitySheet:
    changes = {"status": status, **values}
    return apply_changes(sheet, changes=changes, allowed=changes, by=by)


@transaction.atomic
def validate_sheet(*, sheet: ActivitySheet, on: date, by: Any, comment: str = "") -> ActivitySheet:
    """A teacher of the cohort validates a submitted sheet (with an optional comment)."""
    require(by, Action.REVIEW, sheet)
    if sheet.status != SheetStatus.SUBMITTED:
        raise ValidationError(_("Seule une fiche soumise peut être validée."))
    if comment.strip():
        add_comment(sheet=sheet, text=comment, by=by)
    _set_status(sheet, SheetStatus.VALIDATED, by=by, validated_on=on, validated_by=by)
    _sheet_changed(sheet)
    return sheet


@transaction.atomic
def return_sheet(*, sheet: ActivitySheet, comment: str, by: Any) -> ActivitySheet:
    """A teacher sends a submitted sheet back to the learner, saying what to rework."""
    require(by, Action.REVIEW, sheet)
    if sheet.status != SheetStatus.SUBMITTED:
        raise ValidationError(_("Seule une fiche soumise peut être renvoyée."))
    if not comment.strip():
        raise ValidationError({"comment": _("Dites à l'apprenant ce qu'il faut reprendre.")})
    add_comment(sheet=sheet, text=comment, by=by)
    return _set_status(sheet, SheetStatus.RETURNED, by=by)


@transaction.atomic
def add_comment(*, sheet: ActivitySheet, text: str, by: Any) -> SheetComment:
    require(by, Action.REVIEW, sheet)
    if not text.strip():
        raise ValidationError({"text": _("Le commentaire est vide.")})
    comment = SheetComment(sheet=sheet, author=by, at=timezone.now(), text=text.strip())
    return create_and_record(comment, by=by)


@transaction.atomic
def attest_sheet(*, sheet: ActivitySheet, on: date, by: Any) -> ActivitySheet:
    """The company's apprenticeship master or internship tutor attests the activity took place.

    Only a company contact with a running supervision of the learner, at the sheet's company,
    may attest (an administrator cannot sign for a company).
    """
    require(by, Action.ATTEST, sheet)
    contact = CompanyContact.objects.filter(user=by, company_id=sheet.company_id).first()
    if contact is None:
        raise PermissionDenied(
            _("Seul le tuteur ou le maître d'apprentissage de l'entreprise atteste.")
        )
    if sheet.is_attested:
        raise ValidationError(_("Cette fiche est déjà attestée."))
    before = audit.snapshot(sheet)
    sheet.attested_by, sheet.attested_on = contact, on
    sheet.save(update_fields=["attested_by", "attested_on"])
    audit.record_change(obj=sheet, by=by, before=before)
    _sheet_changed(sheet)
    return sheet


# --- Attachments ----------------------------------------------------------------------------


@transaction.atomic
def add_attachment(*, sheet: ActivitySheet, upload: UploadedFile, by: Any) -> Attachment:
    """Join a file to a sheet the learner may still change (size and type checked)."""
    require(by, Action.CHANGE, sheet)
    content_type = check_upload(upload)
    name = PurePath(upload.name).name
    attachment = Attachment(
        sheet=sheet,
        name=name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(name, upload, save=False)
    return create_and_record(attachment, by=by)


@transaction.atomic
def delete_attachment(*, attachment: Attachment, by: Any) -> None:
    require(by, Action.CHANGE, attachment.sheet)
    _delete_attachment(attachment, by=by)


def _delete_attachment(attachment: Attachment, *, by: Any) -> None:
    stored = attachment.file
    delete_and_record(attachment, by=by)
    # The file goes when the row is gone for good.
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


# --- Records of the exam dossier ------------------------------------------------------------


def _manager_of(by: Any, learner: Learner) -> None:
    # Who may change the learner's record (the training manager) keeps the dossier's records.
    # A learner out of reach is hidden whatever the action: this is Http404 then, 403 otherwise.
    require(by, Action.CHANGE, learner)


@transaction.atomic
def record_employment_certificate(
    *,
    learner: Learner,
    by: Any,
    months_full_time: Decimal = Decimal(0),
    months_part_time: Decimal = Decimal(0),
    signed: bool = False,
    company: Any = None,
    note: str = "",
) -> EmploymentCertificate:
    """Record a certificate of employment the centre holds (further training, experience), with
    the months of salaried work it attests."""
    _manager_of(by, learner)
    certificate = EmploymentCertificate(
        learner=learner,
        months_full_time=months_full_time,
        months_part_time=months_part_time,
        signed=signed,
        company=company,
        note=note.strip(),
    )
    create_and_record(certificate, by=by)
    refresh_dossier_checks_later([learner])
    return certificate


@transaction.atomic
def delete_employment_certificate(*, certificate: EmploymentCertificate, by: Any) -> None:
    _manager_of(by, certificate.learner)
    delete_and_record(certificate, by=by)
    refresh_dossier_checks_later([certificate.learner_id])


@transaction.atomic
def set_dossier_deadline(*, cohort: Cohort, exam: str, deadline: date, by: Any) -> DossierDeadline:
    """Set (or move) the filing date of a cohort's E4 or E6 dossier."""
    require(by, Action.CHANGE, cohort)
    existing = DossierDeadline.objects.filter(cohort=cohort, exam=exam).first()
    if existing is not None:
        record = apply_changes(existing, changes={"date": deadline}, allowed={"date"}, by=by)
    else:
        record = create_and_record(DossierDeadline(cohort=cohort, exam=exam, date=deadline), by=by)
    refresh_dossier_checks_later(cohort.learners.values_list("pk", flat=True))
    return record


@transaction.atomic
def record_exam_dossier(
    *,
    learner: Learner,
    exam: str,
    by: Any,
    deposited_on: date | None = None,
    signed: bool = False,
    version: str | None = None,
) -> ExamDossier:
    """Record the filing of a learner's dossier (`deposited_on`, None: not filed) and the
    centre's visa and signature (`signed`); `version`: the one a change started from
    (`core.versions`)."""
    _manager_of(by, learner)
    values = {"deposited_on": deposited_on, "signed": signed}
    existing = ExamDossier.objects.filter(learner=learner, exam=exam).first()
    if existing is not None:
        record = apply_changes(existing, changes=values, allowed=values, by=by, version=version)
    else:
        record = create_and_record(ExamDossier(learner=learner, exam=exam, **values), by=by)
    refresh_dossier_checks_later([learner])
    return record


@transaction.atomic
def set_dossier_document(
    *,
    learner: Learner,
    kind: str,
    pages: Decimal,
    by: Any,
    upload: UploadedFile | None = None,
) -> DossierDocument:
    """The E6 reflective study or professional dossier: its page count, and its file.

    Written by the learner; the training manager may record it too.
    """
    is_self = is_own_record(by, learner)
    require(by, Action.VIEW if is_self else Action.CHANGE, learner)
    document = DossierDocument.objects.filter(learner=learner, kind=kind).first()
    before = audit.snapshot(document) if document else None
    document = document or DossierDocument(learner=learner, kind=kind)
    document.pages = pages
    if upload is not None:
        check_upload(upload)
        document.name = PurePath(upload.name).name[:200]
        document.file.save(document.name, upload, save=False)
    document.full_clean()
    document.save()
    if before is None:
        audit.record(action=AuditAction.CREATE, obj=document, by=by, after=audit.snapshot(document))
    else:
        audit.record_change(obj=document, by=by, before=before)
    refresh_dossier_checks_later([learner])
    return document


# --- The dossier as one PDF -----------------------------------------------------------------


@transaction.atomic
def generate_dossier_pdf(*, learner: Learner, exam: str, on: date, by: Any) -> Any:
    """The learner's E4 or E6 dossier as one PDF: a cover page, then each sheet in the national
    order with its critères and the company's attestation; stored with what it was made from."""
    from ndrc.documents.services import generate_document
    from ndrc.portfolio.selectors import deadline_of, dossier_sheets

    require(by, Action.VIEW_GRADES, learner)
    filing, created = ExamDossier.objects.get_or_create(learner=learner, exam=exam)
    if created:
        audit.record(action=AuditAction.CREATE, obj=filing, by=by, after=audit.snapshot(filing))
    framework = load_framework(learner.cohort.framework)
    sheets = dossier_sheets(learner, exam)
    deadline = deadline_of(learner.cohort, exam)
    documents = list(learner.dossier_documents.all()) if exam == DossierExam.E6 else []
    context = {
        "learner": learner,
        "exam": exam,
        "exam_title": framework.exams[exam].title,
        "framework": framework,
        "sheets": [
            {
                "sheet": sheet,
                "tags": [
                    (tag, framework.performance_criterion(tag.criterion))
                    for tag in sheet.tags.all()
                ],
            }
            for sheet in sheets
        ],
        "documents": documents,
        "deadline": deadline.date if deadline else None,
        "filing": filing,
        "on": on,
    }
    return generate_document(
        kind=f"dossier_{exam.lower()}",
        template_name="portfolio/dossier_pdf.html",
        context=context,
        subject=filing,
        title=f"Dossier {exam} — {learner.full_name}",
        sources={
            "learner": learner.pk,
            "exam": exam,
            "framework": framework.code,
            "sheets": [
                {"id": s.pk, "status": s.status, "attested_on": s.attested_on} for s in sheets
            ],
            "dossier_documents": [d.pk for d in documents],
            "deadline": deadline.date if deadline else None,
            "on": on,
        },
        by=by,
    )


# --- Stored dossier checks (portfolio.tasks) ---------------------------------------------------


def store_dossier_checks(*, learners) -> int:
    """Check the E4 and E6 dossiers of `learners` and store the results (figures derived from
    the records: not audited). Returns the number of checks stored."""
    from ndrc.portfolio.selectors.conformity import conformity_prefetch, stored_check

    learners = learners.select_related("cohort").prefetch_related(*conformity_prefetch())
    deadlines = {
        (cohort_id, exam): day
        for cohort_id, exam, day in DossierDeadline.objects.filter(
            cohort__learners__in=learners
        ).values_list("cohort_id", "exam", "date")
    }
    now = timezone.now()
    count = 0
    for learner in learners:
        for exam in DossierExam.values:
            values = stored_check(learner, exam, deadline=deadlines.get((learner.cohort_id, exam)))
            StoredDossierCheck.objects.update_or_create(
                learner=learner, exam=exam, defaults={**values, "computed_at": now}
            )
            count += 1
    return count


def store_cohort_dossiers(*, cohorts) -> int:
    """Count the E4 and E6 dossier checks of each of `cohorts` and store them (figures derived
    from the learners' checks: not audited). Returns the number of counts stored."""
    from ndrc.portfolio.selectors.conformity import cohort_dossier_lines, dossier_deadlines

    cohorts = list(cohorts)
    deadlines = dossier_deadlines(cohorts)
    count = 0
    for cohort in cohorts:
        for exam in DossierExam.values:
            deadline = deadlines.get((cohort.pk, exam))
            StoredCohortDossiers.objects.update_or_create(
                cohort=cohort,
                exam=exam,
                defaults={
                    "deadline": deadline,
                    "lines": cohort_dossier_lines(cohort, exam, deadline=deadline),
                    "computed_at": timezone.now(),
                },
            )
            count += 1
    return count
