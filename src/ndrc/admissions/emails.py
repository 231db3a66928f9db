"""E-mails to applicants and companies: the centre's French templates, filled and sent once the
change that triggers them is committed (a rolled-back change sends nothing).

A template may use the placeholders of `PLACEHOLDERS`; any other name between braces is refused
when the centre saves it, so an e-mail never goes out with a hole in it.
"""

import contextvars
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Each placeholder, and what it stands for (shown to the one who edits the templates, in their
# language).
PLACEHOLDERS = {
    "prenom": gettext_lazy("le prénom du candidat"),
    "nom": gettext_lazy("son nom"),
    "formation": gettext_lazy("l'intitulé de la formation"),
    "etape": gettext_lazy("le nom de l'étape"),
    "centre": gettext_lazy("le nom du centre"),
}
_BRACES = re.compile(r"\{(\w*)\}")
logger = logging.getLogger(__name__)
_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("ndrc_mail_off", default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """Within this block nothing is sent (the demo population writes to no one)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def check_template(text: str, *, field: str) -> None:
    """Refuse a template naming a placeholder that does not exist."""
    unknown = sorted({name for name in _BRACES.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise ValidationError(
            {
                field: _("Champ inconnu : %(names)s (possibles : %(known)s).")
                % {"names": ", ".join("{" + n + "}" for n in unknown), "known": known}
            }
        )


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with each known placeholder replaced (plain text: nothing is escaped)."""
    return _BRACES.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def send_after_commit(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail once the current transaction commits. A mail server that
    refuses it is logged: the change itself is kept (the centre can send the link again)."""
    if _suppressed.get():
        return
    subject = " ".join(subject.split())  # a header holds one line

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        except OSError:
            logger.exception("courriel non envoyé à %s : %s", to, subject)

    transaction.on_commit(send)
