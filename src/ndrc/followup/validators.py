"""Validators of what people type in the follow-up: text without control characters."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Line breaks and tabs are text; every other control character is a paste accident or worse.
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def validate_text(value: str) -> None:
    """Refuse control characters (NUL, escape…), which no one types on purpose."""
    for position, char in enumerate(value or "", start=1):
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
            raise ValidationError(
                _("Caractère de contrôle interdit (position %(position)s)."),
                code="control_character",
                params={"position": position},
            )
