"""Forms of the interface shared by the apps: the rate-limited login, service errors on forms."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ndrc.web import throttle


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


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's `ValidationError` on the form: next to its field when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
