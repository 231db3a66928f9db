"""The Parcoursup list of an intake, imported into its applications (source "Parcoursup").

The existing import does the reading: the same columns and line checks as the learners' import
(`imports.services.LearnerImporter`: a line's errors name their column, the whole file is
checked, a file with any bad line changes nothing, a preview writes nothing). Only what a line
does differs:

- a line whose Parcoursup number is already an application's fills what that application lacks
  (a value typed by the applicant is never overwritten; a re-import changes nothing);
- a line that is the same person as an application from another source — same INE, same
  e-mail, or same name, first name and birth date — is a **duplicate**: a Parcoursup
  application is recorded and merged into the existing one, with a trace (`Merge`);
- any other line is a new application at the stage "received".
"""

import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ndrc.admissions import services
from ndrc.admissions.models import Application, Intake, Outcome, ParcoursupUpload, Source
from ndrc.core.permissions import Action, require
from ndrc.core.tabular import read_table
from ndrc.imports.services import Importer, ImportReport, LearnerImporter, iter_import
from ndrc.imports.services import Outcome as LineOutcome
from ndrc.imports.services.reports import FieldChange, ImportEvent, RowResult

# The columns of the file that fill an application.
IMPORTED_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "ine",
    "parcoursup_number",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "guardian_name",
    "guardian_email",
    "guardian_phone",
)
FILLED_FIELDS = tuple(name for name in IMPORTED_FIELDS if name != "parcoursup_number")


def _plain(text: str) -> str:
    """A name as compared for duplicates: no accents, case or spacing differences."""
    bare = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in bare if not unicodedata.combining(c)).casefold().split())


def person_key(first_name: str, last_name: str, birth_date: date | None) -> tuple[str, str, Any]:
    return (_plain(last_name), _plain(first_name), birth_date)


class ApplicationImporter(LearnerImporter):
    """Parcoursup lines into the applications of an intake (see the module's docstring)."""

    kind = "applications"

    # Applications are matched and written line by line (`preview`, `apply` below), not with
    # the learners' import's all-at-once run.
    preview_lines = Importer.preview_lines
    apply_lines = Importer.apply_lines

    def __init__(self, *, intake: Intake, on: date, now: datetime, by: Any) -> None:
        require(by, Action.CHANGE, intake)
        super().__init__(
            cohort=intake.cohort, default_category=intake.default_category, on=on, by=by
        )
        self.intake, self.now = intake, now

    def prepare(self, lines: list[dict[str, Any]]) -> None:
        known = list(
            Application.objects.filter(
                intake__training_centre_id=self.intake.training_centre_id
            ).exclude(outcome=Outcome.MERGED)
        )
        self.by_number = {a.parcoursup_number: a for a in known if a.parcoursup_number}
        self.by_ine = {a.ine: a for a in known if a.ine}
        self.by_email = {a.email: a for a in known if a.email}
        self.by_person = {person_key(a.first_name, a.last_name, a.birth_date): a for a in known}

    def _match(self, values: Mapping[str, Any]) -> tuple[Application | None, str]:
        """The application this line is, and how it was recognised ("" for its number)."""
        number = values["parcoursup_number"]
        if number and number in self.by_number:
            return self.by_number[number], ""
        if values["ine"] and values["ine"] in self.by_ine:
            return self.by_ine[values["ine"]], _("même INE")
        email = (values["email"] or "").lower()
        if email and email in self.by_email:
            return self.by_email[email], _("même courriel")
        key = person_key(values["first_name"], values["last_name"], values["birth_date"])
        if key in self.by_person:
            return self.by_person[key], _("mêmes nom, prénom et date de naissance")
        return None, ""

    def _fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        fields = {name: values[name] for name in IMPORTED_FIELDS}
        fields["email"] = (fields["email"] or "").lower()
        return fields

    def _missing(self, application: Application, fields: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: fields[name]
            for name in (*FILLED_FIELDS, "parcoursup_number")
            if fields.get(name) and not getattr(application, name)
        }

    def preview(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = self._fields(values)
        application, matched_on = self._match(values)
        draft = Application(
            intake=self.intake,
            source=Source.PARCOURSUP,
            stage_since=self.now,
            created_at=self.now,
            **fields,
        )
        services.check_application(draft, on=self.on)
        if application is None:
            return self._created_row(line, draft)
        return self._matched_row(line, application, self._missing(application, fields), matched_on)

    def apply(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = self._fields(values)
        application, matched_on = self._match(values)
        if application is None:
            created = services.create_application(
                intake=self.intake,
                source=Source.PARCOURSUP,
                by=self.by,
                on=self.on,
                now=self.now,
                **fields,
            )
            self.by_number[created.parcoursup_number] = created
            return self._created_row(line, created)
        changes = self._missing(application, fields)
        if not matched_on:
            if changes:
                services.update_application(
                    application=application, changes=changes, by=self.by, on=self.on
                )
            return self._matched_row(line, application, changes, matched_on)
        duplicate = services.create_application(
            intake=self.intake,
            source=Source.PARCOURSUP,
            by=self.by,
            on=self.on,
            now=self.now,
            **fields,
        )
        services.merge_applications(
            survivor=application,
            absorbed=duplicate,
            matched_on=f"{_('Parcoursup')} : {matched_on}",
            by=self.by,
            now=self.now,
        )
        return self._matched_row(line, application, changes, matched_on)

    def _created_row(self, line: int, application: Application) -> RowResult:
        changes = tuple(
            FieldChange(name, str(Application._meta.get_field(name).verbose_name), "", _shown(v))
            for name in IMPORTED_FIELDS
            if (v := getattr(application, name))
        )
        return RowResult(line, LineOutcome.CREATED, str(application), application.pk, changes)

    def _matched_row(
        self, line: int, application: Application, changes: Mapping[str, Any], matched_on: str
    ) -> RowResult:
        diff = tuple(
            FieldChange(name, str(Application._meta.get_field(name).verbose_name), "", _shown(v))
            for name, v in changes.items()
        )
        notes = ()
        if matched_on:
            notes = (
                _("Doublon de la candidature n° %(pk)s (%(source)s, %(matched)s) : fusionnée.")
                % {
                    "pk": application.pk,
                    "source": application.get_source_display(),
                    "matched": matched_on,
                },
            )
        outcome = LineOutcome.CHANGED if diff or matched_on else LineOutcome.UNCHANGED
        return RowResult(line, outcome, str(application), application.pk, diff, notes)


def _shown(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else str(value)


@transaction.atomic
def keep_upload(
    *, intake: Intake, data: bytes, filename: str, by: Any, now: datetime
) -> ParcoursupUpload:
    """Keep a Parcoursup file for its preview (`TabularError` when it is not a table)."""
    require(by, Action.CHANGE, intake)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            {"file": _("Fichier trop volumineux (au plus %(limit)s).")
             % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)}}
        )  # fmt: skip
    table = read_table(data, filename=filename)
    upload = ParcoursupUpload(
        intake=intake,
        filename=filename[:255],
        content=data,
        row_count=len(table.rows),
        created_by=by,
        created_at=now,
    )
    upload.full_clean()
    upload.save()
    return upload


def run_upload(
    upload: ParcoursupUpload, *, apply: bool, on: date, now: datetime, by: Any
) -> Iterator[ImportEvent]:
    """Preview (or apply) a kept file; once applied its content is dropped and its counts
    kept, in the same transaction as the changes."""
    if upload.applied_at is not None:
        raise ValidationError(_("Cet import a déjà été appliqué."))
    importer = ApplicationImporter(intake=upload.intake, on=on, now=now, by=by)
    table = read_table(bytes(upload.content), filename=upload.filename)

    def mark_applied(report: ImportReport) -> None:
        upload.applied_at = now
        upload.counts = report.counts
        upload.content = b""
        upload.save(update_fields=["applied_at", "counts", "content"])

    return iter_import(importer, table, apply=apply, on_applied=mark_applied)
