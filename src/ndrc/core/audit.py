"""The audit trail: services call `record(...)` for every create, update and delete.

Who acted (`by`) is an argument of every service. The user of the HTTP request (or the command
line) is taken from a context set by `core.middleware.AuditContextMiddleware` or by
`acting_as(...)`, so an entry also says through which request a change came.
"""

import contextvars
import datetime
import decimal
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from ndrc.core.models import AuditAction, AuditEntry

REDACTED = "[effacé]"

_request_context: contextvars.ContextVar[tuple[Any, str] | None] = contextvars.ContextVar(
    "ndrc_audit_request", default=None
)


@contextmanager
def acting_as(user: Any, origin: str) -> Iterator[None]:
    """Within this block, audit entries name `user` as the request's user, from `origin`."""
    token = _request_context.set((user, origin))
    try:
        yield
    finally:
        _request_context.reset(token)


def jsonable(value: Any) -> Any:
    """A value as JSON holds it (dates in ISO, decimals as text, records by their id)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # a stored file is recorded by its name
        return value.name or ""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return value


def snapshot(obj: models.Model, *, exclude: Iterable[str] = ("password",)) -> dict[str, Any]:
    """The concrete fields of a record as JSON-able values (foreign keys as their id)."""
    excluded = set(exclude)
    return {
        field.attname: jsonable(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in excluded and field.attname not in excluded
    }


def record(
    *,
    action: AuditAction | str,
    obj: models.Model,
    by: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry about `obj`. For a delete, call it before the row goes (its pk is kept)."""
    entries = record_many(
        action=action, objs=[obj], by=by, before=lambda _obj: before, after=lambda _obj: after
    )
    return entries[0]


def record_many(
    *,
    action: AuditAction | str,
    objs: Iterable[models.Model],
    by: Any,
    before: Callable[[models.Model], dict[str, Any] | None] = lambda obj: None,
    after: Callable[[models.Model], dict[str, Any] | None] = lambda obj: None,
) -> list[AuditEntry]:
    """`record` for each of `objs` (the same `action`, each its own `before` and `after`), in
    one insert: a service that writes many records at once (an import) audits them at once."""
    context = _request_context.get()
    request_user, origin = context if context else (None, "")
    if request_user is not None and not getattr(request_user, "is_authenticated", False):
        request_user = None
    at, actor = timezone.now(), by if by is not None and by.is_authenticated else None
    action, types = AuditAction(action), {}
    entries = []
    for obj in objs:
        kind = type(obj)
        if kind not in types:
            types[kind] = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        entries.append(
            AuditEntry(
                at=at,
                actor=actor,
                request_user=request_user,
                origin=origin,
                action=action,
                content_type=types[kind],
                object_id=str(obj.pk),
                before=before(obj),
                after=after(obj),
            )
        )
    return AuditEntry.objects.bulk_create(entries)


def record_change(*, obj: models.Model, by: Any, before: dict[str, Any]) -> AuditEntry | None:
    """Append an update entry with only the fields that changed; nothing when none did."""
    after = snapshot(obj)
    changed = sorted(k for k in after if before.get(k) != after[k])
    if not changed:
        return None
    return record(
        action=AuditAction.UPDATE,
        obj=obj,
        by=by,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
    )


def redact(obj: models.Model, fields: Iterable[str]) -> int:
    """Replace the values of personal `fields` in every past entry about `obj` (erasure).

    The only rewrite the journal allows: the right to erasure of personal data outweighs the
    journal's integrity for those values; the entries themselves (who, when, what) stay.
    """
    names = set(fields)
    return _rewrite_entries(obj, lambda values: _redacted(values, names))


def _rewrite_entries(obj: models.Model, rewrite: Callable[[Any], Any]) -> int:
    """Rewrite the values before and after of every past entry about `obj` (the journal's one
    allowed rewrite, marked `redacted`); how many entries changed."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    )
    count = 0
    for entry in entries:
        before, after = rewrite(entry.before), rewrite(entry.after)
        if before != entry.before or after != entry.after:
            count += AuditEntry.objects.filter(pk=entry.pk)._redact(
                {"before": before, "after": after, "redacted": True}
            )
    return count


def _redacted(values: dict[str, Any] | None, names: set[str]) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: (REDACTED if k in names and v not in (None, "") else v) for k, v in values.items()}


def redact_values(obj: models.Model, values: Iterable[str]) -> int:
    """Replace each of `values` (a person's name, e-mail…) wherever it is written in the past
    entries about `obj`, in any field: erasure of a record that mentions the person in its
    texts (a document's title, a comment) whose other contents stay."""
    pattern = _pattern(values)
    if pattern is None:
        return 0
    return _rewrite_entries(obj, lambda entry_values: scrub(entry_values, pattern))


def redact_admin_log(objs: Iterable[models.Model], values: Iterable[str]) -> int:
    """Replace each of `values` in the admin site's own log about each of `objs` (Django's
    `LogEntry`: the record's name as shown, the change made through /admin/): the other journal
    a person's erasure must reach. How many entries changed."""
    from django.contrib.admin.models import LogEntry

    pattern = _pattern(values)
    about = models.Q(pk__in=[])
    for obj in objs:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        about |= models.Q(content_type=content_type, object_id=str(obj.pk))
    count = 0
    for entry in list(LogEntry.objects.filter(about)) if pattern is not None else []:
        if changes := scrubbed(entry, ("object_repr", "change_message"), pattern):
            count += LogEntry.objects.filter(pk=entry.pk).update(**changes)
    return count


def scrubbed(
    obj: models.Model, fields: Iterable[str], pattern: "re.Pattern[str] | Iterable[str] | None"
) -> dict[str, Any]:
    """The fields of `obj` that `scrub` changes, with their scrubbed values (none: nothing to
    write)."""
    changes = {}
    for name in fields:
        value = getattr(obj, name)
        if (clean := scrub(value, pattern)) != value:
            changes[name] = clean
    return changes


def _pattern(values: Iterable[str]) -> "re.Pattern[str] | None":
    # Longest first: « Zoé Martin » goes whole before « Zoé » alone; whole words only (not
    # between letters or digits: « Ana » leaves « analyse », a slug in a file name is found).
    words = sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True)
    if not words:
        return None
    either = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W_])(?:{either})(?![^\W_])", re.IGNORECASE)


def scrub(value: Any, pattern: "re.Pattern[str] | Iterable[str] | None") -> Any:
    """`value` (text, or JSON: dicts and lists walked) with every match of `pattern` (or of
    each value of an iterable) replaced by REDACTED."""
    if pattern is not None and not isinstance(pattern, re.Pattern):
        pattern = _pattern(pattern)
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, dict):
        return {k: scrub(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, pattern) for v in value]
    return value
