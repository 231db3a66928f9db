"""Writes of the core records: users, training centres, memberships. Atomic and audited.

Every service takes keyword-only arguments, the acting user `by` last, checks that `by` may act
(`PermissionDenied` otherwise), validates (`ValidationError` with French messages naming the
field) and records the change in the audit trail.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ndrc.core import audit, versions
from ndrc.core.models import AuditAction, Membership, Role, TrainingCentre
from ndrc.core.permissions import forget_roles, is_administrator, is_manager
from ndrc.core.validators import validate_plain_text

User = get_user_model()


# A record's own validation, when the model's `full_clean` is not the whole of it (e.g. a
# learner's, which depends on the date of the record).
Clean = Callable[[models.Model], None]


def _control_character_errors(obj: models.Model) -> dict[str, list[str]]:
    """Each text field of `obj` holding a control character (line breaks allowed in a long
    text), in the field's own words when its validators refuse it too: the typed value would
    break the XLSX exports and, for NUL, PostgreSQL."""
    errors: dict[str, list[str]] = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(obj, field.attname)
            try:
                validate_plain_text(value, multiline=isinstance(field, models.TextField))
            except ValidationError as refused:
                errors[field.name] = _own_words(field, value) or refused.messages
    return errors


def _own_words(field: models.Field, value: Any) -> list[str]:
    """The messages of the field's own validators for `value` (none when they accept it)."""
    try:
        field.run_validators(value)
    except ValidationError as error:
        return error.messages
    return []


def validated_save(obj: models.Model, *, clean: Clean | None = None) -> None:
    """Validate `obj` (every field and constraint, or `clean` when given; no text field with a
    control character), then save it."""
    errors = _control_character_errors(obj)
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


def create_and_record(obj: models.Model, *, by: Any, clean: Clean | None = None) -> models.Model:
    """Validate (as `validated_save`) and insert a new record, and audit its creation."""
    validated_save(obj, clean=clean)
    audit.record(action=AuditAction.CREATE, obj=obj, by=by, after=audit.snapshot(obj))
    return obj


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
        type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
        obj.refresh_from_db()
        changes = versions.merge(obj, changes=changes, version=version)
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
