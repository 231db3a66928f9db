"""Rows written once, put back at will: the demo population is built through its services once
per test process, and each test that uses it gets the very same rows inserted in its own
transaction (rolled back at its end) instead of building it again."""

import datetime
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


Snapshot = tuple[Table, ...]


def _contents() -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
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


def take(build) -> Snapshot:
    """The rows `build()` adds to the database. Call it in a transaction then rolled back."""
    before = _contents()
    build()
    after = _contents()
    keys = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
    pointing = {}
    for model in _models(set(after)):
        pointing.setdefault(model._meta.db_table, set()).update(_content_type_columns(model))
    tables = []
    for table, (columns, rows) in after.items():
        known = set(before[table][1])
        added = [row for row in rows if row not in known]
        if not added:
            continue
        indexes = tuple(i for i, c in enumerate(columns) if c in pointing.get(table, ()))
        rows = tuple(
            tuple(keys.get(v) if i in indexes and v is not None else v for i, v in enumerate(r))
            for r in added
        )
        tables.append(Table(table, columns, rows, indexes))
    return tuple(tables)


def restore(snapshot: Snapshot) -> None:
    """Insert the snapshot's rows, in one transaction: foreign keys are checked at its end,
    whatever the order of the tables."""
    quote = connection.ops.quote_name
    ids = {ct.natural_key(): ct.pk for ct in ContentType.objects.all()}
    with transaction.atomic(), connection.cursor() as cursor:
        for table in snapshot:
            names = ", ".join(quote(c) for c in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            rows = [
                tuple(
                    ids[v] if i in table.content_types and v is not None else _adapted(v)
                    for i, v in enumerate(row)
                )
                for row in table.rows
            ]
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})",  # noqa: S608
                rows,
            )
        # PostgreSQL's sequences do not follow explicit ids (SQLite's do): set them after them.
        tables = {table.name for table in snapshot}
        for sql in connection.ops.sequence_reset_sql(no_style(), _models(tables)):
            cursor.execute(sql)


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
