"""The common run of an import, whatever it imports: the header, every line read and checked,
then the records' services in one transaction (`iter_import`); and the helpers that read a
line's cells and say what a line changes."""

import copy
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import get_language

from ndrc.core.services import RecordsRefused
from ndrc.core.tabular import Row, Table
from ndrc.imports.columns import Column, ColumnMap, map_columns
from ndrc.imports.services.reports import (
    FieldChange,
    ImportEvent,
    ImportReport,
    LineError,
    Progress,
    RowResult,
)
from ndrc.portfolio.tasks import one_refresh

PROGRESS_STEPS = 20  # progress events per file, at most

# A line of the file read: its number and its values.
Line = tuple[int, dict[str, Any]]


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

    def preview_lines(self, lines: Sequence[Line]) -> list[RowResult | ValidationError]:
        """`preview` of each line (its result or its error); an importer may do them at once."""
        return [_outcome(self.preview, line, values) for line, values in lines]

    def apply_lines(self, lines: Sequence[Line]) -> list[RowResult | ValidationError]:
        """`apply` of each line (its result or its error); an importer may do them at once.
        Lines refused leave no trace: each service is atomic."""
        return [_outcome(self.apply, line, values) for line, values in lines]

    def column_of(self, field_name: str, columns: ColumnMap) -> str:
        return columns.column_of(field_name, self.columns)


def create_at_once(
    new: list[tuple[int, dict[str, Any]]],
    create: Callable[[list[dict[str, Any]]], Sequence[models.Model]],
    outcomes: list[RowResult | ValidationError | None],
) -> list[tuple[int, models.Model]]:
    """Create the records of `new` (each: its line's index, the values given to `create`) with
    one call of a service creating many at once; (index, record) of each one created.

    A record the service refuses (`RecordsRefused`) gets its error in `outcomes` and the others
    are run again without it: the file is then refused, but each line's own errors are named.
    """
    while new:
        try:
            created = create([given for _index, given in new])
        except RecordsRefused as refused:
            for position, error in refused.errors.items():
                outcomes[new[position][0]] = error
            new = [item for position, item in enumerate(new) if position not in refused.errors]
            continue
        return [(index, record) for (index, _given), record in zip(new, created, strict=True)]
    return []


def _outcome(
    run_line: Callable[[int, dict[str, Any]], RowResult], line: int, values: dict[str, Any]
) -> RowResult | ValidationError:
    try:
        return run_line(line, values)
    except ValidationError as error:
        return error


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

    def work_through(
        run_lines: Callable[[Sequence[Line]], list[RowResult | ValidationError]],
    ) -> Iterator[Progress]:
        """Run the lines by slices of `step` (the importer may do a slice at once), with the
        progress after each."""
        yield Progress(0, total)
        for start in range(0, total, step):
            chunk = [(line, values) for line, values, ok in lines[start : start + step] if ok]
            for (line, _values), outcome in zip(chunk, run_lines(chunk), strict=True):
                if isinstance(outcome, ValidationError):
                    errors.extend(_line_errors(outcome, line, importer, columns))
                else:
                    results.append(outcome)
            yield Progress(min(start + step, total), total)

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
        yield from work_through(importer.preview_lines)
        yield report()
        return
    with one_refresh():  # one transaction, one refresh of the dossier checks it changes
        yield from work_through(importer.apply_lines)
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


def repeated_values(
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


# --- Reading cells ---------------------------------------------------------------------------

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


class LineReader:
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


def field_label(model: type[models.Model], name: str) -> str:
    return _field_label(model, name, get_language())


@functools.cache
def _field_label(model: type[models.Model], name: str, language: str | None) -> str:
    """A field's name in `language` (the active one): translated once, not once a line."""
    return str(model._meta.get_field(name).verbose_name)


def field_changes(
    model: type[models.Model], before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[FieldChange, ...]:
    language = get_language()
    return tuple(
        FieldChange(
            name, _field_label(model, name, language), _display(before.get(name)), _display(value)
        )
        for name, value in after.items()
        if before.get(name) != value
    )


def find_by(queryset: models.QuerySet, field_name: str, values: Iterable[str]) -> dict[str, Any]:
    """The records whose `field_name` is one of `values`, by that value: a query per 500 values
    (SQLite limits the parameters of a query), instead of one a line."""
    wanted = sorted({v for v in values if v})
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for record in queryset.filter(**{f"{field_name}__in": chunk}):
            found[getattr(record, field_name)] = record
    return found


def draft_of(record: models.Model, changes: Mapping[str, Any]) -> models.Model:
    """A copy of `record` with `changes`, to validate without touching the record itself."""
    draft = copy.copy(record)
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def fields_to_update(record: models.Model, values: Mapping[str, Any]) -> dict[str, Any]:
    """The file's non-empty values that differ from the record's: an empty cell clears nothing."""
    return {
        name: value
        for name, value in values.items()
        if value not in ("", None) and value != getattr(record, name)
    }
