"""Writes of API tokens: issued (the token is shown once), revoked; audited without their hash."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ndrc.api.models import ApiToken
from ndrc.core import audit
from ndrc.core.models import AuditAction
from ndrc.core.permissions import Action, require

SECRET = ("key_hash",)


@transaction.atomic
def issue_token(*, user: Any, name: str, by: Any, now: datetime) -> tuple[ApiToken, str]:
    """A new token for `user` (oneself, or anyone for an administrator's command): the record,
    and the token in clear, to show once."""
    if not user.is_active:
        raise ValidationError(_("Ce compte est désactivé."))
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("Nom trop long (100 caractères au plus).")})
    record, token = ApiToken.issue(user=user, name=name.strip(), now=now)
    audit.record(
        action=AuditAction.CREATE, obj=record, by=by, after=audit.snapshot(record, exclude=SECRET)
    )
    return record, token


@transaction.atomic
def revoke_token(*, token: ApiToken, by: Any, now: datetime) -> ApiToken:
    """The token stops working at once."""
    require(by, Action.CHANGE, token)
    if token.revoked_at is None:
        before = audit.snapshot(token, exclude=SECRET)
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record_change(obj=token, by=by, before=before)
    return token


def revoke_tokens_of(*, user: Any, by: Any, now: datetime, **_signal: Any) -> None:
    """Every token of a person who was deactivated (`accounts.services.user_deactivated`)."""
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        before = audit.snapshot(token, exclude=SECRET)
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record_change(obj=token, by=by, before=before)
