"""Writes of the core records: users, training centres, memberships. Atomic and audited.

Every service takes keyword-only arguments, the acting user `by` last, checks that `by` may act
(`PermissionDenied` otherwise), validates (`ValidationError` with French messages naming the
field) and records the change in the audit trail.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ndrc.core import audit, versions
from ndrc.core.models import AuditAction, Membership, Role, TrainingCentre
from ndrc.core.permissions import forget_roles, is_administrator, is_manager
from ndrc.core.validators import (
    control_character_errors,
    validate_multiline_text,
    validate_plain_text,
    validate_record_date,
)

User = get_user_model()


# A record's own validation, when the model's `full_clean` is not the whole of it (e.g. a
# learner's, which depends on the date of the record).
Clean = Callable[[models.Model], None]


def typing_errors(obj: models.Model) -> dict[str, list[str]]:
    """The fields of `obj` no record may hold, checked before anything computes with them: a
    text with a control character (the rule its field carries, `validate_plain_text` or
    `validate_multiline_text`; it would break the XLSX exports and, for NUL, PostgreSQL), in the
    field's own words when its other validators refuse it too; a date outside the dates
    admitted (9999-12-31 plus a day overflows)."""
    errors: dict[str, list[str]] = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            label = capfirst(field.verbose_name)
            try:
                validate_record_date(getattr(obj, field.attname), label=label)
            except ValidationError as refused:
                errors[field.name] = refused.messages
        elif isinstance(field, models.CharField | models.TextField):
            value = getattr(obj, field.attname)
            multiline = validate_multiline_text in field.validators or (
                validate_plain_text not in field.validators and isinstance(field, models.TextField)
            )  # a field carrying neither (Django's own): by its type
            if refused := control_character_errors(value, multiline=multiline):
                errors[field.name] = _own_words(field, value) or refused
    return errors


def _own_words(field: models.Field, value: Any) -> list[str]:
    """The messages of the field's other validators for `value` (none when they accept it):
    a SIRET's validator names the SIRET."""
    messages: list[str] = []
    for validator in field.validators:
        if validator in (validate_plain_text, validate_multiline_text):
            continue
        try:
            validator(value)
        except ValidationError as error:
            messages.extend(error.messages)
    return messages


def validated_save(obj: models.Model, *, clean: Clean | None = None) -> None:
    """Validate `obj` (no value `typing_errors` refuses; then every field and constraint, or
    `clean` when given), then save it."""
    errors = typing_errors(obj)
    if clean is not None and not errors:
        clean(obj)  # its own refusal (e.g. warnings to confirm) passes through unchanged
    elif clean is None:
        try:
            # The fields refused above stay out of the unique checks' queries (NUL).
            obj.full_clean(exclude=list(errors))
        except ValidationError as error:
            if not errors:
                raise
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        # A simultaneous save took the same SIRET, INE or Parcoursup number between the check
        # above and this write: checked again, the clash is named as the check would have.
        obj.validate_unique()
        obj.validate_constraints()
        raise error


def full_clean_many(
    objs: Sequence[models.Model], *, exclude: Sequence[Iterable[str]] | None = None
) -> list[dict[str, list[str]]]:
    """What `obj.full_clean(exclude=...)` says of each record of `objs` (all of one model): its
    messages by field (and, as `validated_save`, none of `typing_errors`), empty when it
    is valid — in a few queries for all of them instead of several per record (an import of a
    thousand lines).

    The same checks, each Django's own: fields and `clean()` record by record (no query);
    foreign keys with one query for all the values (Django's check names a missing one);
    a check constraint once per distinct set of the values it reads; a field unique on its own
    (`unique=True`) or a one-field unique constraint with one query finding the values already
    taken, and Django's check only for the records that may clash; any other constraint record
    by record. Records of the batch are not compared with each other: a value repeated within
    it is the caller's to refuse.
    """
    if not objs:
        return []
    model = type(objs[0])
    skips = [set(e) for e in exclude] if exclude is not None else [set() for _ in objs]
    found: list[dict[str, list[ValidationError]]] = [{} for _ in objs]

    def add(index: int, error: ValidationError) -> None:
        found[index] = error.update_error_dict(found[index])

    keys = [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
    keys += [f for f in model._meta.concrete_fields if f.is_relation and f.one_to_one]
    key_names = {f.name for f in keys}
    for index, obj in enumerate(objs):
        # As `validated_save`: no control character, no date out of range, those fields out of
        # the queries below.
        for name, messages in typing_errors(obj).items():
            if name not in skips[index]:
                add(index, ValidationError({name: messages}))
                skips[index].add(name)
        try:
            obj.clean_fields(exclude=skips[index] | key_names)
        except ValidationError as error:
            add(index, error)
    for field in keys:
        _check_foreign_keys(field, objs, skips, found, add)
    # A field unique on its own: Django's check only where another row holds the value.
    using = router.db_for_write(model)
    unclaimed: list[set[str]] = [set() for _ in objs]
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            taken = _taken(model, field, objs, using)
            for index, obj in enumerate(objs):
                if not taken.get(getattr(obj, field.attname), set()) - {obj.pk}:
                    unclaimed[index].add(field.name)
    for index, obj in enumerate(objs):
        try:
            obj.clean()
        except ValidationError as error:
            add(index, error)
        skips[index] |= {name for name in found[index] if name != NON_FIELD_ERRORS}
        try:
            obj.validate_unique(exclude=skips[index] | unclaimed[index])
        except ValidationError as error:
            add(index, error)
        skips[index] |= {name for name in found[index] if name != NON_FIELD_ERRORS}
    for model_class, constraints in objs[0].get_constraints():
        for constraint in constraints:
            for index, error in _constraint_errors(model_class, constraint, objs, skips, using):
                if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                    found[index].setdefault(constraint.fields[0], []).append(error)
                else:
                    add(index, error)
    return [ValidationError(f).message_dict if f else {} for f in found]


def _check_foreign_keys(field, objs, skips, found, add) -> None:
    """A foreign key's own check (`field.clean`), with one query for the values of all `objs`."""
    wanted = {
        getattr(obj, field.attname)
        for index, obj in enumerate(objs)
        if field.name not in skips[index]
    }
    wanted.discard(None)
    target = field.remote_field
    existing: set[Any] = set()
    values = sorted(wanted, key=str)
    for start in range(0, len(values), 500):
        queryset = target.model._base_manager.filter(
            **{f"{target.field_name}__in": values[start : start + 500]}
        ).complex_filter(field.get_limit_choices_to())
        existing.update(queryset.values_list(target.field_name, flat=True))
    for index, obj in enumerate(objs):
        value = getattr(obj, field.attname)
        if field.name in skips[index] or (value is not None and value in existing):
            continue
        try:  # a missing value or a missing record: Django's own check and message
            setattr(obj, field.attname, field.clean(value, obj))
        except ValidationError as error:
            add(index, ValidationError({field.name: error.error_list}))


def _taken(model, field, objs, using, condition=None) -> dict[Any, set[Any]]:
    """The values of `field` among `objs` that rows (matching `condition`) already hold, with
    those rows' keys: a query per 500 values."""
    values = sorted({getattr(o, field.attname) for o in objs} - {None}, key=str)
    taken: dict[Any, set[Any]] = {}
    for start in range(0, len(values), 500):
        rows = model._default_manager.using(using).filter(
            condition or models.Q(), **{f"{field.attname}__in": values[start : start + 500]}
        )
        for value, pk in rows.values_list(field.attname, "pk"):
            taken.setdefault(value, set()).add(pk)
    return taken


def _constraint_errors(model, constraint, objs, skips, using):
    """(index, error) of each record of `objs` that `constraint` refuses."""
    single = (
        isinstance(constraint, models.UniqueConstraint)
        and len(constraint.fields) == 1
        and not constraint.expressions
    )
    if single:
        field = model._meta.get_field(constraint.fields[0])
        taken = _taken(model, field, objs, using, constraint.condition)
        # Only a record whose value another row holds may clash: Django's check for it.
        suspects = [
            i for i, o in enumerate(objs) if taken.get(getattr(o, field.attname), set()) - {o.pk}
        ]
    elif isinstance(constraint, models.CheckConstraint):
        names = constraint.condition.referenced_base_fields
        read = sorted(model._meta.get_field(name).attname for name in names)
        verdicts: dict[tuple, ValidationError | None] = {}
        for index, obj in enumerate(objs):
            skipped = tuple(sorted(skips[index]))
            key = (tuple(getattr(obj, n, None) for n in read), skipped)
            if key not in verdicts:
                try:
                    constraint.validate(model, obj, exclude=skips[index], using=using)
                    verdicts[key] = None
                except ValidationError as error:
                    verdicts[key] = error
            if verdicts[key] is not None:
                yield index, verdicts[key]
        return
    else:
        suspects = range(len(objs))
    for index in suspects:
        try:
            constraint.validate(model, objs[index], exclude=skips[index], using=using)
        except ValidationError as error:
            yield index, error


def create_and_record(obj: models.Model, *, by: Any, clean: Clean | None = None) -> models.Model:
    """Validate (as `validated_save`) and insert a new record, and audit its creation."""
    validated_save(obj, clean=clean)
    audit.record(action=AuditAction.CREATE, obj=obj, by=by, after=audit.snapshot(obj))
    return obj


class RecordsRefused(ValidationError):
    """A service writing many records at once refused some of them: `errors` gives each one's
    by its index in the list given. Nothing was written."""

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        super().__init__([m for error in errors.values() for m in error.messages])
        self.errors = errors


def insert_and_record_many(objs: Sequence[models.Model], *, by: Any) -> list[models.Model]:
    """Insert new records already checked (all of one model) and audit their creation: one
    insert for the records, one for their audit entries. A record of the same key saved
    meanwhile by someone else is refused as its check would have (`RecordsRefused`)."""
    if not objs:
        return []
    model = type(objs[0])
    try:
        with transaction.atomic():
            model._default_manager.bulk_create(objs)
    except IntegrityError:
        refused = {i: ValidationError(e) for i, e in enumerate(full_clean_many(objs)) if e}
        if refused:
            raise RecordsRefused(refused) from None
        raise
    audit.record_many(action=AuditAction.CREATE, objs=objs, by=by, after=audit.snapshot)
    return list(objs)


def create_many_and_record(objs: Sequence[models.Model], *, by: Any) -> list[models.Model]:
    """`create_and_record` for many new records of one model at once: each validated as
    `validated_save` does (`full_clean_many`, a few queries in all); if any is refused,
    `RecordsRefused` names each one and nothing is written; otherwise
    `insert_and_record_many`. Records of the list are not compared with each other (a key
    repeated within it is the caller's to refuse)."""
    refused = {i: ValidationError(e) for i, e in enumerate(full_clean_many(objs)) if e}
    if refused:
        raise RecordsRefused(refused)
    return insert_and_record_many(objs, by=by)


def field_error(field: str, error: Exception | str) -> ValidationError:
    """A refusal to show next to a form's `field`: the French message of an engine's
    `InputError` (or a text), without the engine's leading `champ « field » : `, capitalised."""
    message = str(error)
    prefix = f"champ « {field} » : "
    if message.startswith(prefix):
        message = message[len(prefix) :]
    return ValidationError({field: message[:1].upper() + message[1:]})


def refuse_unknown_fields(changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """A `ValidationError` naming each field of `changes` that is not `allowed`."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError(
            {name: _("Ce champ ne peut pas être modifié ici.") for name in unknown}
        )


def own_changes(
    obj: models.Model,
    *,
    changes: Mapping[str, Any],
    version: str,
    values: Callable[[models.Model], Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The user's own `changes` since `version`, merged with anyone else's
    (`core.versions.merge`): `obj` is read again, its row locked until the transaction ends;
    `values(obj)`: its present values by name when they are not all its own fields.
    `EditConflict` when both changed a field."""
    type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    obj.refresh_from_db()
    present = values(obj) if values is not None else None
    return versions.merge(obj, changes=changes, version=version, values=present)


def merged_values(
    obj: models.Model,
    *,
    changes: Mapping[str, Any],
    version: str,
    values: Callable[[models.Model], Mapping[str, Any]],
) -> dict[str, Any]:
    """`changes` whole once merged (`own_changes`): the user's own since `version`, the others
    as `values(obj)` gives them now. For a service that checks and saves every value together."""
    mine = own_changes(obj, changes=changes, version=version, values=values)
    now = values(obj)
    return {name: mine.get(name, now[name]) for name in changes}


def apply_changes(
    obj: models.Model,
    *,
    changes: Mapping[str, Any],
    allowed: Iterable[str],
    by: Any,
    clean: Clean | None = None,
    version: str | None = None,
) -> models.Model:
    """Set the `changes` (only `allowed` fields), validate (as `validated_save`), save, and audit
    what changed.

    With the `version` the user's edit started from (`core.versions`), the record is read again
    (locked) and only the user's own changes since are saved, merged with anyone else's;
    `EditConflict` when both changed a field."""
    refuse_unknown_fields(changes, allowed)
    if version is not None:
        changes = own_changes(obj, changes=changes, version=version)
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    validated_save(obj, clean=clean)
    audit.record_change(obj=obj, by=by, before=before)
    return obj


def delete_and_record(obj: models.Model, *, by: Any) -> None:
    """Write the deletion in the audit trail (with the record as it was), then delete it."""
    audit.record(action=AuditAction.DELETE, obj=obj, by=by, before=audit.snapshot(obj))
    obj.delete()


def require_administrator(by: Any) -> None:
    if not is_administrator(by):
        raise PermissionDenied(_("Action réservée aux administrateurs."))


def require_manager(by: Any, training_centre: TrainingCentre | None = None) -> None:
    """`by` must manage `training_centre` (any centre when None) or be an administrator."""
    if not is_manager(by, training_centre):
        raise PermissionDenied(_("Action réservée au responsable de formation du centre."))


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    by: Any,
) -> Any:
    """A login; without a password it can only be activated by a password reset e-mail."""
    require_manager(by)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return create_and_record(user, by=by)


@transaction.atomic
def create_training_centre(
    *, name: str, uai: str, siret: str, address: str = "", by: Any
) -> TrainingCentre:
    require_administrator(by)
    centre = TrainingCentre(name=name, uai=uai.strip().upper(), siret=siret, address=address)
    return create_and_record(centre, by=by)


# Roles only an administrator gives; a centre's training manager gives the others there.
ADMINISTRATORS_ONLY = frozenset({Role.ADMINISTRATOR, Role.TRAINING_MANAGER})


def require_may_give(by: Any, training_centre: TrainingCentre, role: Role | str) -> None:
    """`by` may give (or take back) `role` in `training_centre`: PermissionDenied otherwise."""
    if Role(role) in ADMINISTRATORS_ONLY:
        require_administrator(by)
    else:
        require_manager(by, training_centre)


@transaction.atomic
def grant_role(
    *, user: Any, training_centre: TrainingCentre, role: Role | str, by: Any
) -> Membership:
    """Give `user` a role in a centre. Only administrators grant administrator or manager."""
    role = Role(role)
    require_may_give(by, training_centre, role)
    existing = Membership.objects.filter(user=user, training_centre=training_centre, role=role)
    if existing.exists():
        return existing.get()
    membership = create_and_record(
        Membership(user=user, training_centre=training_centre, role=role), by=by
    )
    forget_roles(user)
    return membership
