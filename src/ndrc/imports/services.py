"""Imports of learners and companies from CSV or XLSX files.

An import reads the whole file and checks every line; the records it may touch are looked up
all at once (by INE / Parcoursup number, or SIRET). Then:
- a **preview** writes nothing (no transaction is opened): each line's record is built in
  memory and checked by the validation the records' services run (`check_learner`, the
  model's `full_clean`); the report says what would be created, changed (field by field) or
  left unchanged, and lists every error;
- **applying** runs the records' own services (so the same rules and the same audit trail apply
  as when a record is typed in a form) in one transaction, committed only if no line has an
  error: a file with any bad line changes nothing. Each service is atomic, so a line it refuses
  leaves no trace and the following lines are still checked.
Learners are found again by INE, else by Parcoursup number; companies by SIRET. A cell left
empty never clears a value, and equal values are not rewritten, so importing the same file twice
changes nothing the second time.

Running an import yields `Progress` events while it works through the lines, then the
`ImportReport`; `run` consumes them when no one is watching.
"""

import copy
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.companies import services as company_services
from ndrc.companies.models import Company
from ndrc.core.permissions import Action, can, require
from ndrc.core.services import require_manager
from ndrc.core.tabular import Row, Table, read_table
from ndrc.core.validators import (
    normalise_digits,
    normalise_phone,
    validate_birth_date,
    validate_ine,
    validate_postal_code,
    validate_siret,
)
from ndrc.imports.columns import (
    COMPANY_COLUMNS,
    LEARNER_COLUMNS,
    LEARNER_KEYS,
    Column,
    ColumnMap,
    map_columns,
    normalise_header,
)
from ndrc.imports.models import ImportJob, ImportKind
from ndrc.learners import services as learner_services
from ndrc.learners.models import PERSONAL_FIELDS, Cohort, Learner, candidate_category_choices

PROGRESS_STEPS = 20  # progress events per file, at most


# ---------------------------------------------------------------------------------------------
# Reports


@dataclass(frozen=True)
class LineError:
    """An error at a line of the file (1 is the header) and a column (blank: the whole line)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Ligne {self.line}"
        if self.column:
            where += f", colonne « {self.column} »"
        return f"{where} : {self.message}"


class Outcome(enum.StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class RowResult:
    """What a line does (or did): create a record, change some of its fields, or nothing."""

    line: int
    outcome: Outcome
    record: str
    record_id: int | None
    changes: tuple[FieldChange, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


@dataclass(frozen=True)
class ImportReport:
    kind: str
    total: int  # data lines in the file
    applied: bool
    results: tuple[RowResult, ...] = ()
    errors: tuple[LineError, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    def with_outcome(self, outcome: Outcome) -> list[RowResult]:
        return [r for r in self.results if r.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        counts = {o.value: len(self.with_outcome(o)) for o in Outcome}
        return {"total": self.total, **counts, "errors": len(self.errors)}


ImportEvent = Progress | ImportReport


def run(events: Iterable[ImportEvent]) -> ImportReport:
    """The report at the end of an import's events (progress ignored)."""
    for event in events:
        if isinstance(event, ImportReport):
            return event
    raise RuntimeError("an import always ends with its report")


# ---------------------------------------------------------------------------------------------
# The common run: header, lines, then the records' services in one transaction


class Importer:
    """One kind of import: its columns, how a line is read, and how it is applied."""

    kind: str
    columns: Sequence[Column]

    def check_header(self, columns: ColumnMap) -> list[LineError]:
        missing = [c for c in self.columns if c.required and c.field not in columns.sources]
        return [_missing_column(c) for c in missing]

    def parse(self, row: Row, columns: ColumnMap) -> tuple[dict[str, Any], list[LineError]]:
        raise NotImplementedError

    def duplicates(self, lines: list[tuple[int, dict[str, Any]]], columns: ColumnMap) -> list:
        raise NotImplementedError

    def prepare(self, lines: list[dict[str, Any]]) -> None:
        """Look up at once the records the valid lines may match (one query, not one a line)."""

    def preview(self, line: int, values: dict[str, Any]) -> RowResult:
        """What the line would do, checked as the services check it, without writing."""
        raise NotImplementedError

    def apply(self, line: int, values: dict[str, Any]) -> RowResult:
        """Do it, through the records' services."""
        raise NotImplementedError

    def column_of(self, field_name: str, columns: ColumnMap) -> str:
        return columns.column_of(field_name, self.columns)


def _missing_column(column: Column) -> LineError:
    accepted = ", ".join(f"« {h} »" for h in column.headers)
    return LineError(
        1, column.label, f"colonne obligatoire absente (en-têtes acceptés : {accepted})."
    )


def iter_import(
    importer: Importer,
    table: Table,
    *,
    apply: bool,
    on_applied: Callable[[ImportReport], None] | None = None,
) -> Iterator[ImportEvent]:
    """Check and run an import; yield `Progress`, then the `ImportReport`.

    Without `apply`, nothing is written. With `apply`, the changes are committed when no line
    has an error (and `on_applied` is called inside the same transaction); otherwise everything
    is rolled back.
    """
    columns = map_columns(table.columns, importer.columns)
    total = len(table.rows)
    errors = importer.check_header(columns)
    if errors:
        yield ImportReport(
            kind=importer.kind,
            total=total,
            applied=False,
            errors=tuple(errors),
            ignored_columns=columns.ignored,
        )
        return
    lines: list[tuple[int, dict[str, Any], bool]] = []
    for row in table.rows:
        values, row_errors = importer.parse(row, columns)
        errors.extend(row_errors)
        lines.append((row.line, values, not row_errors))
    repeated = importer.duplicates([(line, v) for line, v, ok in lines if ok], columns)
    errors.extend(repeated)
    # A line repeating an earlier one's key is not run: it would match nothing in the database.
    repeated_lines = {error.line for error in repeated}
    lines = [(line, values, ok and line not in repeated_lines) for line, values, ok in lines]
    importer.prepare([values for _line, values, ok in lines if ok])

    results: list[RowResult] = []
    step = max(1, total // PROGRESS_STEPS)

    def work_through(run_line: Callable[[int, dict[str, Any]], RowResult]) -> Iterator[Progress]:
        yield Progress(0, total)
        for done, (line, values, ok) in enumerate(lines, start=1):
            if ok:
                try:
                    results.append(run_line(line, values))
                except ValidationError as error:
                    errors.extend(_line_errors(error, line, importer, columns))
            if done % step == 0 or done == total:
                yield Progress(done, total)

    def report() -> ImportReport:
        return ImportReport(
            kind=importer.kind,
            total=total,
            applied=apply and not errors,
            results=tuple(results),
            errors=tuple(sorted(errors, key=lambda e: e.line)),
            ignored_columns=columns.ignored,
        )

    if not apply:
        yield from work_through(importer.preview)
        yield report()
        return
    with transaction.atomic():
        yield from work_through(importer.apply)
        done = report()
        if done.applied:
            if on_applied is not None:
                on_applied(done)
        else:
            transaction.set_rollback(True)
    yield done


# Fields the records' services name in their errors that a file knows under another name.
_SERVICE_FIELDS = {"candidate_category": "category"}


def _line_errors(
    error: ValidationError, line: int, importer: Importer, columns: ColumnMap
) -> list[LineError]:
    if not hasattr(error, "error_dict"):
        return [LineError(line, "", message) for message in error.messages]
    found = []
    for name, messages in error.message_dict.items():
        column = (
            ""
            if name == NON_FIELD_ERRORS
            else importer.column_of(_SERVICE_FIELDS.get(name, name), columns)
        )
        found.extend(LineError(line, column, message) for message in messages)
    return found


def _duplicates(
    lines: list[tuple[int, dict[str, Any]]], field_name: str, column: str, label: str
) -> list[LineError]:
    """An error for each line repeating a value of `field_name` seen on an earlier line."""
    first_seen: dict[str, int] = {}
    errors = []
    for line, values in lines:
        value = values.get(field_name)
        if not value:
            continue
        if value in first_seen:
            errors.append(
                LineError(line, column, f"{label} {value} déjà présent ligne {first_seen[value]}.")
            )
        else:
            first_seen[value] = line
    return errors


# ---------------------------------------------------------------------------------------------
# Reading cells

_DATE_FORMATS = (
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), ("day", "month", "year")),
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), ("day", "month", "year")),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("year", "month", "day")),
)


def parse_date(text: str) -> date:
    """A date written JJ/MM/AAAA (or JJ-MM-AAAA, or AAAA-MM-JJ as XLSX date cells are read)."""
    for pattern, order in _DATE_FORMATS:
        match = pattern.fullmatch(text.strip())
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["year"], parts["month"], parts["day"])
            except ValueError:
                break
    raise ValueError(f"« {text} » n'est pas une date valide (attendu JJ/MM/AAAA).")


class _Line:
    """Reads the fields of one line and collects its errors, each naming its column."""

    def __init__(self, importer: Importer, row: Row, columns: ColumnMap) -> None:
        self.importer, self.row, self.columns = importer, row, columns
        self.errors: list[LineError] = []

    def text(self, name: str) -> str:
        return " ".join(self.columns.value(self.row.values, name).split())

    def fail(self, name: str, message: str) -> None:
        column = self.importer.column_of(name, self.columns)
        self.errors.append(LineError(self.row.line, column, message))

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.fail(name, "valeur obligatoire manquante.")
        return value

    def checked(self, name: str, value: str, check: Callable[[str], Any]) -> Any:
        """`check(value)` (a validator or a normaliser), its French error recorded if it fails."""
        if not value:
            return value
        try:
            result = check(value)
        except ValidationError as error:
            self.fail(name, " ".join(error.messages))
            return value
        return value if result is None else result

    def street(self) -> str:
        return ", ".join(p for p in (self.text("street"), self.text("street_complement")) if p)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _changes(
    model: type[models.Model], before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, _label(model, name), _display(before.get(name)), _display(value))
        for name, value in after.items()
        if before.get(name) != value
    )


def _find(queryset: models.QuerySet, field_name: str, values: Iterable[str]) -> dict[str, Any]:
    """The records whose `field_name` is one of `values`, by that value: a query per 500 values
    (SQLite limits the parameters of a query), instead of one a line."""
    wanted = sorted({v for v in values if v})
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for record in queryset.filter(**{f"{field_name}__in": chunk}):
            found[getattr(record, field_name)] = record
    return found


def _draft(record: models.Model, changes: Mapping[str, Any]) -> models.Model:
    """A copy of `record` with `changes`, to validate without touching the record itself."""
    draft = copy.copy(record)
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def _update_fields(record: models.Model, values: Mapping[str, Any]) -> dict[str, Any]:
    """The file's non-empty values that differ from the record's: an empty cell clears nothing."""
    return {
        name: value
        for name, value in values.items()
        if value not in ("", None) and value != getattr(record, name)
    }


# ---------------------------------------------------------------------------------------------
# Learners

# The columns that fill the learner's own data, in the columns' order (the report's order).
LEARNER_IMPORT_FIELDS = tuple(c.field for c in LEARNER_COLUMNS if c.field in PERSONAL_FIELDS)


class LearnerImporter(Importer):
    """Learners of one cohort; a new learner gets `default_category` unless the file has one."""

    kind = ImportKind.LEARNERS
    columns = LEARNER_COLUMNS

    def __init__(self, *, cohort: Cohort, default_category: str, on: date, by: Any) -> None:
        require(by, Action.CHANGE, cohort)
        self.cohort, self.on, self.by = cohort, on, by
        self.categories = dict(candidate_category_choices(cohort.framework))
        if default_category not in self.categories:
            raise ValidationError(
                {"default_category": f"Statut du candidat « {default_category} » inconnu."}
            )
        self.default_category = default_category
        self.category_names = {normalise_header(code): code for code in self.categories}
        self.category_names.update(
            {normalise_header(label): code for code, label in self.categories.items()}
        )

    def check_header(self, columns: ColumnMap) -> list[LineError]:
        errors = super().check_header(columns)
        if not any(key in columns.sources for key in LEARNER_KEYS):
            errors.append(
                LineError(
                    1,
                    "INE / Numéro Parcoursup",
                    "il faut au moins une colonne « INE » ou « Numéro » (Parcoursup) : c'est "
                    "elle qui permet de retrouver l'apprenant lors d'un nouvel import.",
                )
            )
        return errors

    def parse(self, row: Row, columns: ColumnMap) -> tuple[dict[str, Any], list[LineError]]:
        read = _Line(self, row, columns)
        values: dict[str, Any] = {
            "last_name": read.required("last_name"),
            "first_name": read.required("first_name"),
        }
        birth = read.required("birth_date")
        values["birth_date"] = None
        if birth:
            try:
                values["birth_date"] = parse_date(birth)
            except ValueError as error:
                read.fail("birth_date", str(error))
            else:
                read.checked("birth_date", values["birth_date"], self._birth_date)
        values["ine"] = read.checked("ine", read.text("ine").replace(" ", "").upper(), validate_ine)
        values["parcoursup_number"] = read.text("parcoursup_number").replace(" ", "")
        if not values["ine"] and not values["parcoursup_number"]:
            read.fail("ine", "INE ou numéro Parcoursup obligatoire (l'un des deux au moins).")
        values["email"] = read.checked("email", read.text("email"), validate_email)
        values["phone"] = read.checked("phone", read.text("phone"), normalise_phone)
        values["street"] = read.street()
        values["postal_code"] = read.checked(
            "postal_code", read.text("postal_code"), validate_postal_code
        )
        values["city"] = read.text("city")
        values["guardian_name"] = read.text("guardian_name")
        values["guardian_email"] = read.checked(
            "guardian_email", read.text("guardian_email"), validate_email
        )
        values["guardian_phone"] = read.checked(
            "guardian_phone", read.text("guardian_phone"), normalise_phone
        )
        values["category"] = read.checked("category", read.text("category"), self._category)
        return values, read.errors

    def _birth_date(self, value: date) -> None:
        validate_birth_date(value, on=self.on)

    def _category(self, text: str) -> str:
        code = self.category_names.get(normalise_header(text))
        if code is None:
            raise ValidationError(
                f"statut « {text} » inconnu ; valeurs acceptées : {', '.join(self.categories)}."
            )
        return code

    def duplicates(self, lines: list[tuple[int, dict[str, Any]]], columns: ColumnMap) -> list:
        return _duplicates(lines, "ine", self.column_of("ine", columns), "INE") + _duplicates(
            lines,
            "parcoursup_number",
            self.column_of("parcoursup_number", columns),
            "Numéro Parcoursup",
        )

    def prepare(self, lines: list[dict[str, Any]]) -> None:
        learners = (
            Learner.objects.filter(erased_on__isnull=True)
            .select_related("cohort")
            .prefetch_related("category_periods")
        )
        self.by_ine = _find(learners, "ine", (v["ine"] for v in lines))
        numbers = (v["parcoursup_number"] for v in lines)
        self.by_number = _find(learners, "parcoursup_number", numbers)

    def _match(self, values: Mapping[str, Any]) -> Learner | None:
        """The learner with the line's INE, else its Parcoursup number (erased people aside)."""
        by_ine = self.by_ine.get(values["ine"]) if values["ine"] else None
        number = values["parcoursup_number"]
        by_number = self.by_number.get(number) if number else None
        if by_ine and by_number and by_ine.pk != by_number.pk:
            raise ValidationError(
                {
                    "ine": "l'INE et le numéro Parcoursup de la ligne désignent deux apprenants "
                    "différents déjà enregistrés."
                }
            )
        found = by_ine or by_number
        if found is not None and found.cohort_id != self.cohort.pk:
            key = "ine" if by_ine else "parcoursup_number"
            where = (
                f"la promotion « {found.cohort} »"
                if can(self.by, Action.VIEW, found.cohort)
                else "une promotion d'un autre centre"
            )
            raise ValidationError(
                {
                    key: f"cet apprenant est déjà inscrit dans {where} ; changez sa promotion "
                    "depuis sa fiche."
                }
            )
        return found

    def preview(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = {name: values[name] for name in LEARNER_IMPORT_FIELDS}
        category = values["category"] or self.default_category
        learner = self._match(values)
        if learner is None:
            draft = Learner(cohort=self.cohort, **fields)
            learner_services.check_learner(draft, on=self.on, category=category)
            return self._created(line, draft, category)
        changes = _update_fields(learner, fields)
        if not changes:
            return self._changed(line, learner, learner, (), values["category"])
        draft = _draft(learner, changes)
        learner_services.check_learner(draft, on=self.on)
        return self._changed(line, learner, draft, changes, values["category"])

    def apply(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = {name: values[name] for name in LEARNER_IMPORT_FIELDS}
        category = values["category"] or self.default_category
        learner = self._match(values)
        if learner is None:
            learner = learner_services.create_learner(
                cohort=self.cohort,
                category=category,
                on=self.on,
                by=self.by,
                **fields,
            )
            return self._created(line, learner, category)
        changes = _update_fields(learner, fields)
        if not changes:
            return self._changed(line, learner, learner, (), values["category"])
        before = copy.copy(learner)
        learner_services.update_learner(learner=learner, changes=changes, on=self.on, by=self.by)
        return self._changed(line, before, learner, changes, values["category"])

    def _created(self, line: int, learner: Learner, category: str) -> RowResult:
        created = {n: getattr(learner, n) for n in LEARNER_IMPORT_FIELDS}
        category_change = FieldChange(
            "category", "Statut du candidat", "", self.categories[category]
        )
        changes = (*_changes(Learner, {}, created), category_change)
        return RowResult(line, Outcome.CREATED, str(learner), learner.pk, changes)

    def _changed(
        self, line: int, before: Learner, after: Learner, names: Iterable[str], category: str
    ) -> RowResult:
        """Changed (or unchanged, once normalised: a phone written another way) and, when the
        file's category differs from the record's, a note saying it is not applied."""
        notes = ()
        current = before.current_category
        if category and current and category != current:
            notes = (
                f"Statut « {self.categories[category]} » dans le fichier, « "
                f"{self.categories.get(current, current)} » enregistré : un import ne change pas "
                "le statut (changement daté, depuis la fiche de l'apprenant).",
            )
        diff = _changes(
            Learner, {n: getattr(before, n) for n in names}, {n: getattr(after, n) for n in names}
        )
        outcome = Outcome.CHANGED if diff else Outcome.UNCHANGED
        return RowResult(line, outcome, str(after), after.pk, diff, notes)


# ---------------------------------------------------------------------------------------------
# Companies

COMPANY_IMPORT_FIELDS = ("name", "headcount", "street", "postal_code", "city", "naf_code")


def _headcount(text: str) -> int:
    digits = text.replace(" ", "").replace("\u202f", "")
    if not digits.isdigit():
        raise ValidationError(f"« {text} » n'est pas un nombre entier de salariés.")
    return int(digits)


class CompanyImporter(Importer):
    """The shared directory of companies, keyed by SIRET."""

    kind = ImportKind.COMPANIES
    columns = COMPANY_COLUMNS

    def __init__(self, *, by: Any) -> None:
        require_manager(by)
        self.by = by

    def parse(self, row: Row, columns: ColumnMap) -> tuple[dict[str, Any], list[LineError]]:
        read = _Line(self, row, columns)
        siret = read.required("siret")
        values: dict[str, Any] = {
            "siret": read.checked("siret", normalise_digits(siret), validate_siret),
            "name": read.required("name"),
            "headcount": read.checked("headcount", read.text("headcount"), _headcount),
            "street": read.street(),
            "postal_code": read.checked(
                "postal_code", read.text("postal_code"), validate_postal_code
            ),
            "city": read.text("city"),
            "naf_code": read.text("naf_code").replace(" ", "").upper(),
        }
        if values["headcount"] == "":
            values["headcount"] = None
        return values, read.errors

    def duplicates(self, lines: list[tuple[int, dict[str, Any]]], columns: ColumnMap) -> list:
        return _duplicates(lines, "siret", self.column_of("siret", columns), "SIRET")

    def prepare(self, lines: list[dict[str, Any]]) -> None:
        self.known = _find(Company.objects.all(), "siret", (v["siret"] for v in lines))

    def preview(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = {name: values[name] for name in COMPANY_IMPORT_FIELDS}
        company = self.known.get(values["siret"])
        if company is None:
            draft = Company(siret=values["siret"], **fields)
            draft.full_clean()  # what `create_company` validates before saving
            return _company_created(line, draft)
        changes = _update_fields(company, fields)
        draft = _draft(company, changes)
        if changes:
            draft.full_clean()  # what `update_company` validates before saving
        return _company_changed(line, company, draft, changes)

    def apply(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = {name: values[name] for name in COMPANY_IMPORT_FIELDS}
        company = self.known.get(values["siret"])
        if company is None:
            company = company_services.create_company(siret=values["siret"], by=self.by, **fields)
            return _company_created(line, company)
        changes = _update_fields(company, fields)
        before = copy.copy(company)
        if changes:
            company_services.update_company(company=company, changes=changes, by=self.by)
        return _company_changed(line, before, company, changes)


def _company_created(line: int, company: Company) -> RowResult:
    created = {n: getattr(company, n) for n in ("siret", *COMPANY_IMPORT_FIELDS)}
    changes = _changes(Company, {}, created)
    return RowResult(line, Outcome.CREATED, _company_label(company), company.pk, changes)


def _company_changed(line: int, before: Company, after: Company, names: Iterable[str]) -> RowResult:
    diff = _changes(
        Company, {n: getattr(before, n) for n in names}, {n: getattr(after, n) for n in names}
    )
    outcome = Outcome.CHANGED if diff else Outcome.UNCHANGED
    return RowResult(line, outcome, _company_label(after), after.pk, diff)


def _company_label(company: Company) -> str:
    return f"{company.name} (SIRET {company.siret})"


# ---------------------------------------------------------------------------------------------
# Import jobs: an upload kept between its preview and its confirmation


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
