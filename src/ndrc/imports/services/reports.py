"""What an import reports: each line's result (created, changed field by field, unchanged), the
errors naming their line and column, and the progress while it works through the lines."""

import enum
from collections.abc import Iterable
from dataclasses import dataclass


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
