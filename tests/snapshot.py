"""Rows written once, put back at will: the demo population is built through its services once
per test run (tests/once.py), and each test that uses it gets the very same rows inserted in its own
transaction (rolled back at its end) instead of building it again."""

import datetime
import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    # Columns pointing to a content type, held by (app label, model): a test that empties the
    # database (a browser test) has the content types made again, under other ids.
    content_types: tuple[int, ...]
    # Primary keys of rows there before that `build` changed or deleted: deleted, then the
    # changed ones inserted again as they are after it.
    replaced: tuple = ()
    # Columns holding a value the database driver does not write back as it read it (JSON, a
    # time: `_adapted`); `restore` converts these and the content types' only, not every value.
    adapted: tuple[int, ...] = ()


Snapshot = tuple[Table, ...]


def contents() -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (Django's table names)
            columns = tuple(column[0] for column in cursor.description)
            found[table] = (columns, cursor.fetchall())
    return found


def _models(tables: set[str]) -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    ]


def _content_type_columns(model: type[models.Model]) -> set[str]:
    return {
        field.column
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is ContentType
    }


def fingerprint(found: dict[str, tuple[tuple[str, ...], list[tuple]]]) -> str:
    """A digest of `contents()`: equal for the same rows, whatever their order."""
    ordered = sorted((table, sorted(map(repr, rows))) for table, (_, rows) in found.items())
    return hashlib.sha256(repr(ordered).encode()).hexdigest()


def take(build, before=None) -> Snapshot:
    """The rows `build()` adds, changes or deletes in the database (as it is, or `before`: its
    `contents()`). Call it in a transaction then rolled back."""
    before = contents() if before is None else before
    build()
    after = contents()
    keys = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
    pointing, primary = {}, {}
    for model in _models(set(after)):
        pointing.setdefault(model._meta.db_table, set()).update(_content_type_columns(model))
        primary[model._meta.db_table] = model._meta.pk.column
    tables = []
    for table, (columns, rows) in after.items():
        known = set(before[table][1])
        added = [row for row in rows if row not in known]
        key = columns.index(primary[table])
        kept = {row[key] for row in rows}
        there = {row[key] for row in before[table][1]}
        replaced = tuple(
            sorted({row[key] for row in added if row[key] in there} | (there - kept), key=repr)
        )
        if not added and not replaced:
            continue
        indexes = tuple(i for i, c in enumerate(columns) if c in pointing.get(table, ()))
        rows = tuple(
            tuple(keys.get(v) if i in indexes and v is not None else v for i, v in enumerate(r))
            for r in added
        )
        adapted = tuple(
            i
            for i in range(len(columns))
            if i not in indexes and any(isinstance(r[i], _ADAPTED) for r in rows)
        )
        tables.append(Table(table, columns, rows, indexes, replaced, adapted))
    return tuple(tables)


def restore(snapshot: Snapshot) -> None:
    """Insert the snapshot's rows (first deleting the ones it replaces), in one transaction:
    foreign keys are checked at its end, whatever the order of the tables."""
    quote = connection.ops.quote_name
    ids = {ct.natural_key(): ct.pk for ct in ContentType.objects.all()}
    with transaction.atomic(), connection.cursor() as cursor:
        for table in snapshot:
            if table.replaced:
                column = quote(_models({table.name})[0]._meta.pk.column)
                cursor.executemany(
                    f"DELETE FROM {quote(table.name)} WHERE {column} = %s",  # noqa: S608
                    [(key,) for key in table.replaced],
                )
            if not table.rows:
                continue
            names = ", ".join(quote(c) for c in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            rows = table.rows
            if table.content_types or table.adapted:
                rows = [_converted(row, table, ids) for row in rows]
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})",  # noqa: S608
                rows,
            )
        # PostgreSQL's sequences do not follow explicit ids (SQLite's do): set them after them.
        tables = {table.name for table in snapshot}
        for sql in connection.ops.sequence_reset_sql(no_style(), _models(tables)):
            cursor.execute(sql)


def _converted(row: tuple, table: Table, ids: dict) -> list:
    converted = list(row)
    for i in table.content_types:
        if converted[i] is not None:
            converted[i] = ids[converted[i]]
    for i in table.adapted:
        converted[i] = _adapted(converted[i])
    return converted


# The types of the values `_adapted` may convert, whatever the database.
_ADAPTED = (dict, list, datetime.time)


def _adapted(value):
    # psycopg reads JSON columns as Python objects and wants them wrapped to write them back.
    if connection.vendor == "postgresql" and isinstance(value, dict | list):
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    # Django's SQLite connection reads a time column as a `time` (its converter) but registers
    # no adapter to write one back: written as Django stores it.
    if connection.vendor == "sqlite" and isinstance(value, datetime.time):
        return value.isoformat()
    return value
