"""Forms of the interface shared by the apps: the rate-limited login, service errors on forms,
the changed fields of a record's form, the version an edit form started from, a record chosen by
its id in a posted field."""

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ndrc.core.ui import throttle
from ndrc.core.versions import EditConflict, version_of


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing to check a password after too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "too_many_failures": _(
            "Trop de tentatives de connexion échouées. Réessayez dans %(minutes)s minutes."
        ),
    }

    locked = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        # Time enters here, at the edge.
        now = timezone.now()
        if throttle.is_blocked(username=username, address=address, now=now):
            self.locked = True
            raise ValidationError(
                self.error_messages["too_many_failures"],
                code="too_many_failures",
                params={"minutes": int(throttle.window().total_seconds() // 60)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(username=username, address=address, now=now)
            raise
        throttle.forget_failures(username=username)
        return cleaned


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's password reset form, refusing to send more e-mails after too many recent
    requests for one address or from one client (the login's limits, counted apart).

    Every request counts, whether or not the e-mail belongs to an account, so that the answer
    never tells which addresses are known."""

    too_many_requests = _(
        "Trop de demandes de réinitialisation du mot de passe. Réessayez dans %(minutes)s minutes."
    )
    locked = False

    def __init__(self, *args: Any, request: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        email = cleaned.get("email") or ""
        address = throttle.client_address(self.request)
        now = timezone.now()  # time enters here, at the edge
        scope = throttle.RESET_SCOPE
        if throttle.is_blocked(username=email, address=address, now=now, scope=scope):
            self.locked = True
            raise ValidationError(
                self.too_many_requests,
                code="too_many_requests",
                params={"minutes": int(throttle.window().total_seconds() // 60)},
            )
        throttle.record_failure(username=email, address=address, now=now, scope=scope)
        return cleaned


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed with a comma or a point, whatever the interface language ("1,5")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def french_formfield(field: Any, **kwargs: Any) -> forms.Field | None:
    """A model field's form field, its decimals typed with a comma too (`formfield_callback`)."""
    if isinstance(field, models.DecimalField):
        kwargs.setdefault("form_class", FrenchDecimalField)
    return field.formfield(**kwargs)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's `ValidationError` on the form: next to its field when the form has one.

    An `EditConflict` also gives the form the record's present version: saving again, knowingly,
    keeps the values the user typed (`VersionMixin`)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    field_of = getattr(form, "field_of", lambda name: name)
    if isinstance(error, EditConflict):
        form.data = form.data.copy()
        form.data[form.add_prefix(VERSION)] = error.version
        error = error.reworded(lambda name, value: _as_chosen(form, field_of(name), value))
    for name, errors in error.error_dict.items():
        name = field_of(name)
        form.add_error(name if name in form.fields else None, errors)


def _as_chosen(form: forms.Form, name: str, value: Any) -> Any:
    """A value of the form's field `name` as its list shows it (a choice's label; several
    choices' labels)."""
    field = form.fields.get(name)
    if isinstance(field, forms.ModelChoiceField) and isinstance(value, models.Model):
        return field.label_from_instance(value)  # a person by their name, as the list shows
    if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
        return value
    labels: dict[Any, Any] = {}
    for key, label in field.choices:  # a group of choices: (its name, its choices)
        labels.update(dict(label) if isinstance(label, list | tuple) else {key: label})
    if isinstance(value, list | tuple):  # several choices (ticked boxes): their labels
        return ", ".join(str(labels.get(item, labels.get(str(item), item))) for item in value)
    return labels.get(value, labels.get(str(value), value))


def labelled_errors(form: forms.Form) -> list[str]:
    """A form's errors, each after the label of its field (« Fichier : Ce champ est
    obligatoire. »), for messages shown away from the form."""
    return [
        f"{form.fields[name].label} : {message}" if name in form.fields else message
        for name, errors in form.errors.items()
        for message in errors
    ]


def flash_form_errors(request: Any, form: forms.Form) -> bool:
    """Show a form's errors as messages, each naming its field (a form posted from a section of
    another page, which redirects back there); True when there were any."""
    for message in labelled_errors(form):
        messages.error(request, message)
    return bool(form.errors)


class ChangesMixin:
    """For a plain form over a record: what the user changed, for an `update_*` service."""

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data if name != VERSION}


VERSION = "version"


class VersionMixin:
    """An edit form carrying, in a hidden field, the version of the record it was opened on
    (`core.versions`): the service then saves only this user's changes, and a field someone
    else changed meanwhile comes back as a conflict, with both values, instead of being lost."""

    def start_from(self, record: Any, names: Iterable[str], values: Any = None) -> None:
        """Call in `__init__` for an edit (not a creation): the version of `names` of `record`
        (`values`: its present values by name, when they are not all its own fields)."""
        self.fields[VERSION] = forms.CharField(
            widget=forms.HiddenInput,
            required=False,
            initial=version_of(record, names, values=values),
        )

    def version(self) -> str | None:
        """The version the edit started from, for the service's `version=`."""
        return self.cleaned_data.get(VERSION) if VERSION in self.fields else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if VERSION in self.fields and not cleaned.get(VERSION):
            raise ValidationError(
                _(
                    "Le formulaire ne dit pas de quelle version de la fiche il part : "
                    "rouvrez la page."
                )
            )
        return cleaned

    def field_of(self, name: str) -> str:
        """The form's field for a field of the record named in a conflict (identity here)."""
        return name


def posted_record_or_404(queryset: QuerySet, data: Any, name: str) -> Model:
    """The record of `queryset` whose id is posted in the field `name` (a button's or a hidden
    field's value): Http404 when the field is missing, is not a whole number (empty, text, a
    control character), is beyond the database's integers or names no record of the queryset,
    the same answer as for a record out of reach."""
    value = data.get(name) or ""
    if not re.fullmatch(r"[0-9]{1,18}", value):
        raise Http404
    record = queryset.filter(pk=int(value)).first()
    if record is None:
        raise Http404
    return record
