"""Import jobs: an uploaded file kept between its preview and its confirmation."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.core import audit
from ndrc.core.permissions import Action, require
from ndrc.core.services import require_manager
from ndrc.core.tabular import TabularError, read_table
from ndrc.imports.models import ImportJob, ImportKind
from ndrc.imports.services.companies import CompanyImporter
from ndrc.imports.services.importer import Importer, iter_import
from ndrc.imports.services.learners import LearnerImporter
from ndrc.imports.services.reports import ImportEvent, ImportReport
from ndrc.learners.models import Cohort
from ndrc.learners.personal_data import exported_as, on_erasure


@transaction.atomic
def create_job(
    *,
    kind: ImportKind | str,
    data: bytes,
    filename: str,
    by: Any,
    cohort: Cohort | None = None,
    default_category: str = "",
) -> ImportJob:
    """Keep an uploaded file for its preview. Raises `TabularError` if it cannot be read as a
    table, `PermissionDenied` if `by` may not import it."""
    kind = ImportKind(kind)
    if kind == ImportKind.LEARNERS:
        if cohort is None:
            raise ValidationError({"cohort": _("Choisissez la promotion.")})
        require(by, Action.CHANGE, cohort)
    else:
        require_manager(by)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Fichier trop volumineux (au plus %(limit)s).")
                % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
            }
        )
    table = read_table(data, filename=filename)
    job = ImportJob(
        kind=kind,
        cohort=cohort,
        default_category=default_category,
        filename=filename[:255],
        content=data,
        row_count=len(table.rows),
        created_by=by,
        created_at=timezone.now(),
    )
    job.full_clean()
    job.save()
    return job


def importer_for(job: ImportJob, *, on: date, by: Any) -> Importer:
    if job.kind == ImportKind.LEARNERS:
        return LearnerImporter(
            cohort=job.cohort, default_category=job.default_category, on=on, by=by
        )
    return CompanyImporter(by=by)


def iter_job(job: ImportJob, *, apply: bool, on: date, by: Any) -> Iterator[ImportEvent]:
    """Preview (or apply) an uploaded file. Once applied, its content is dropped and its counts
    kept, in the same transaction as the changes."""
    if job.applied_at is not None:
        raise ValidationError(_("Cet import a déjà été appliqué."))
    importer = importer_for(job, on=on, by=by)
    table = read_table(bytes(job.content), filename=job.filename)

    def mark_applied(report: ImportReport) -> None:
        job.applied_at = timezone.now()
        job.counts = report.counts
        job.content = b""
        job.save(update_fields=["applied_at", "counts", "content"])

    return iter_import(importer, table, apply=apply, on_applied=mark_applied)


def discard_job(*, job: ImportJob, by: Any) -> None:
    """Drop an upload that will not be applied (its content is personal data)."""
    if job.created_by_id != by.pk:
        raise ValidationError(_("Seul l'auteur d'un import peut l'abandonner."))
    job.delete()


@on_erasure
def _drop_uploads_naming(learner: Any, records: list[Any], values: list[str], by: Any) -> None:
    # Erasure of a person (learners.personal_data.erase_person): an upload still waiting for its
    # confirmation whose lines or name write the person is dropped, as its author would drop it
    # (an applied one keeps only its counts, its file name redacted).
    for job in list(ImportJob.objects.all()):
        filename = audit.scrub(job.filename, values)
        if job.applied_at is None and (filename != job.filename or _lines_name(job, values)):
            job.delete()
        elif filename != job.filename:
            ImportJob.objects.filter(pk=job.pk).update(filename=filename)


@exported_as("pending_imports")
def _uploads_naming_exported(learner: Any, values: list[str]) -> list[dict[str, Any]]:
    # Export of a person (learners.personal_data.export_person): the uploads waiting for their
    # confirmation that write the person, as erasure would drop them, with the lines naming them.
    found = []
    for job in ImportJob.objects.filter(applied_at__isnull=True).order_by("pk"):
        lines = _lines_naming(job, values)
        if lines or audit.scrub(job.filename, values) != job.filename:
            found.append(
                {
                    "kind": job.kind,
                    "filename": job.filename,
                    "created_at": job.created_at.isoformat(),
                    "lines": lines,
                }
            )
    return found


def _lines_naming(job: ImportJob, values: list[str]) -> list[Any]:
    """The lines of an upload that write one of `values`: its header (a list), a row (its values
    by column), or its whole text when it cannot be read as a table."""
    try:
        table = read_table(bytes(job.content), filename=job.filename)
        lines: list[Any] = [list(table.columns), *(dict(row.values) for row in table.rows)]
    except TabularError:
        lines = [bytes(job.content).decode("utf-8", errors="replace")]
    return [line for line in lines if any(audit.scrub(t, values) != t for t in _texts(line))]


def _texts(line: Any) -> list[str]:
    if isinstance(line, str):
        return [line]
    return list(line.values()) if isinstance(line, dict) else line


def _lines_name(job: ImportJob, values: list[str]) -> bool:
    return bool(_lines_naming(job, values))
