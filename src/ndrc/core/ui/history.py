"""The audit trail as a page shows it: who, when, what, and each field before and after."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ndrc.core.models import AuditAction, AuditEntry


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def headed_text(rows: Iterable[tuple[str, str]]) -> str:
    """Headings and their texts in one line, written the reader's way ("Intégration : bonne ;
    Missions : vente" in French, "Integration: good; Missions: sales" in English): a JSON value
    of a record (a visit's report, an interview's grid) as its history shows it."""
    written = ""
    for heading, text in rows:
        row = _("%(heading)s : %(text)s") % {"heading": heading, "text": text or "—"}
        if written:
            row = _("%(first)s ; %(next)s") % {"first": written, "next": row}
        written = row
    return written


def _shown(value: Any, words: dict | None = None, write: Any = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if write is not None:
        return write(value) or "—"
    if isinstance(value, list) and not any(isinstance(item, dict | list) for item in value):
        return ", ".join(_shown(item, words) for item in value)  # codes, names: listed
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if words and value in words:
        return str(words[value])
    return str(value)


_ACTOR = ("first_name", "last_name", "username")  # `get_full_name() or username`


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    kind: str  # create, update or delete
    action: str
    record: str
    changes: tuple[Change, ...]


def _labels(model: type[models.Model] | None) -> dict[str, str]:
    return {} if model is None else _field_labels(model, get_language())


@cache
def _field_labels(model: type[models.Model], language: str | None) -> dict[str, str]:
    # Translated once per model and language, not on every page of a record (a few dozen fields).
    return {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}


def _value_labels(model: type[models.Model] | None) -> dict[str, dict]:
    """The words of each coded field's values: its choices, or the model's `history_labels`
    (a field checked against data rather than choices), so that no code is shown raw."""
    if model is None:
        return {}
    labels = {f.attname: dict(f.flatchoices) for f in model._meta.concrete_fields if f.choices}
    for name, words in getattr(model, "history_labels", {}).items():
        labels[name] = words()
    return labels


def _writers(model: type[models.Model] | None) -> dict[str, Any]:
    """How the model writes a field's stored value for a reader (`history_shown`: a JSON value
    whose texts are shown in the reader's language), beyond its plain text."""
    return getattr(model, "history_shown", {}) if model is not None else {}


# What a row shows of an entry: its time, its action, its record's model (its content type from
# Django's cache), the values before and after, and who made it (not who was logged in).
_ROW = ("at", "action", "content_type", "before", "after", *(f"actor__{n}" for n in _ACTOR))


def history_rows(entries: Iterable[AuditEntry]) -> list[HistoryRow]:
    """Rows of a history table, from audit entries (the caller has checked `view_history`):
    entries not read yet are read with what a row shows alone."""
    if isinstance(entries, QuerySet) and entries._result_cache is None:
        entries = entries.select_related(None).select_related("actor").only(*_ROW)
    actions = dict(AuditAction.choices)
    # The labels depend on the record's model alone: read once per model, not once per entry,
    # its content type from Django's cache (not one query an entry).
    described: dict[int, tuple[str, dict, dict, dict]] = {}
    rows = []
    for entry in entries:
        if entry.content_type_id not in described:
            content_type = ContentType.objects.get_for_id(entry.content_type_id)
            model = content_type.model_class()
            described[entry.content_type_id] = (
                str(model._meta.verbose_name) if model else content_type.model,
                _labels(model),
                _value_labels(model),
                _writers(model),
            )
        record, labels, words, writers = described[entry.content_type_id]
        before, after = entry.before or {}, entry.after or {}
        names = [n for n in labels if n != "id" and (n in before or n in after)]
        changes = tuple(
            Change(
                labels[n],
                _shown(before.get(n), words.get(n), writers.get(n)),
                _shown(after.get(n), words.get(n), writers.get(n)),
            )
            for n in names
        )
        actor = entry.actor.get_full_name() or entry.actor.username if entry.actor else "—"
        rows.append(
            HistoryRow(entry.at, actor, entry.action, str(actions[entry.action]), record, changes)
        )
    return rows
