"""The version an edit started from, and the three-way merge of a save (optimistic concurrency).

A record's version is a keyed digest of each of its editable values (`name:digest` joined by
`,`; a dict field such as an agreement's clauses counts key by key, `clauses.code`). An edit
form carries it in a hidden field, an API client sends back the `version` it read. When the
save comes, for each value the user sends:

- unchanged since the version: not the user's change, the record keeps its present value
  (whatever someone else wrote meanwhile stays);
- changed by the user, and not by anyone else since: saved;
- changed by the user and by someone else since, to different values: a conflict. Nothing is
  saved; each such field is reported with the other person's value and the user's, and the
  version given back makes a second save, knowingly, keep the user's value.

See docs/records.md (« Two people editing the same record »).
"""

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ndrc.core.audit import jsonable

_SALT = "ndrc.core.versions"


def _canonical(value: Any) -> str:
    if isinstance(value, Decimal):
        value = format(value.normalize(), "f")
    return repr(jsonable(value))


def _digest(scope: str, name: str, value: Any) -> str:
    return salted_hmac(_SALT, f"{scope}\x00{name}\x00{_canonical(value)}").hexdigest()[:12]


def _scope(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _flat(values: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dict):
            flat.update({f"{name}.{key}": item for key, item in value.items()})
        else:
            flat[name] = value
    return flat


# A record's values by name when they are not all its own fields (a year's figures with its
# rows by status, an assessment with the levels of its compétences).
Values = Mapping[str, Any] | None


def _value(obj: models.Model, name: str, values: Values) -> Any:
    if values is not None:
        return values.get(name)
    # Foreign keys by their id, as the digests of the values a user sends (a record: its pk).
    return obj._meta.get_field(name).value_from_object(obj)


def _stored(obj: models.Model, names: Iterable[str], values: Values = None) -> dict[str, Any]:
    return _flat({name: _value(obj, name, values) for name in names})


def version_of(obj: models.Model, names: Iterable[str], *, values: Values = None) -> str:
    """The version of `obj`'s values of the fields `names` (or of `values`, by name), for an
    edit to start from."""
    scope = _scope(obj)
    return ",".join(
        f"{name}:{_digest(scope, name, value)}"
        for name, value in _stored(obj, names, values).items()
    )


def from_default(
    version: str | None, default: models.Model, pk: int, names: Iterable[str]
) -> str | None:
    """An edit opened on a default, a record not yet saved (`default`, as the page showed it):
    its `version`, for the row saved since (`pk`, by this save or meanwhile). Any other version
    as it is (a centre's settings, grid headings or steps before its first save)."""
    if version is None or version != version_of(default, names):
        return version
    default.pk = pk
    return version_of(default, names)


def _parse(version: str) -> dict[str, str]:
    try:
        return dict(item.split(":", 1) for item in version.split(",") if item)
    except ValueError:
        raise ValidationError(
            {"version": _("Version illisible : rouvrez la page (ou relisez l'enregistrement).")}
        ) from None


def shown(value: Any) -> str:
    """A value as a reader sees it in a conflict message."""
    if value is None or value == "":
        return _("(vide)")
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, Decimal):  # 35 as typed, not 35,00 as stored
        value = Decimal(format(value.normalize(), "f"))
    return str(formats.localize(value))


class EditConflict(ValidationError):
    """Someone else changed, since the version the user started from, fields the user changed
    too: each in `conflicts` (`name → (their value, the user's)`); `version` is the version to
    save again with, knowingly. `readable(name, value)`: a value as the reader knows it (a form
    gives a choice's label), before `shown`."""

    def __init__(
        self,
        conflicts: Mapping[str, tuple[Any, Any]],
        version: str,
        readable: Callable[[str, Any], Any] = lambda name, value: value,
    ) -> None:
        self.conflicts = dict(conflicts)
        self.version = version
        super().__init__(
            {
                name: _(
                    "Modifié entre-temps par un autre utilisateur : « %(theirs)s » ; votre "
                    "saisie : « %(yours)s ». Enregistrez à nouveau pour garder la vôtre."
                )
                % {
                    "theirs": shown(readable(name, theirs)),
                    "yours": shown(readable(name, yours)),
                }
                for name, (theirs, yours) in self.conflicts.items()
            }
        )

    def reworded(self, readable: Callable[[str, Any], Any]) -> "EditConflict":
        """The same conflict, its values shown through `readable`."""
        return EditConflict(self.conflicts, self.version, readable)


def merge(
    obj: models.Model, *, changes: Mapping[str, Any], version: str, values: Values = None
) -> dict[str, Any]:
    """The `changes` that are the user's since `version`, merged with what someone else saved
    meanwhile (`obj` holds the record as it is now, or `values` its present values by name);
    `EditConflict` when both changed a field.

    A dict field comes back whole: its present keys, with the user's changed ones."""
    started = _parse(version)
    scope = _scope(obj)
    now = _stored(obj, changes, values)
    mine: dict[str, Any] = {}
    conflicts: dict[str, tuple[Any, Any]] = {}
    for name, value in _flat(changes).items():
        yours = _digest(scope, name, value)
        if yours == started.get(name):
            continue  # not changed by this user: the present value stays
        theirs = _digest(scope, name, now.get(name))
        if name in started and theirs not in (started[name], yours):
            conflicts[name] = (now.get(name), value)
        mine[name] = value
    if conflicts:
        for name in conflicts:
            started[name] = _digest(scope, name, now.get(name))
        again = ",".join(f"{name}:{digest}" for name, digest in started.items())
        shown_conflicts = {
            name: (theirs if values is not None else _related(obj, name, theirs), yours)
            for name, (theirs, yours) in conflicts.items()
        }
        raise EditConflict(shown_conflicts, again)
    merged: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, dict):
            present = dict(_value(obj, name, values) or {})
            keys = {key for key in value if f"{name}.{key}" in mine}
            if keys:
                merged[name] = {**present, **{key: value[key] for key in keys}}
        elif name in mine:
            merged[name] = value
    return merged


def _related(obj: models.Model, name: str, value: Any) -> Any:
    # A foreign key's other value is shown by its record's name, not its id.
    base = name.split(".", 1)[0]
    field = obj._meta.get_field(base)
    if field.is_relation and value is not None:
        return field.related_model._default_manager.filter(pk=value).first() or value
    return value
