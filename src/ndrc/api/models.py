"""API tokens: a user's key to the JSON API, stored hashed (shown once, at creation)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_plain_text

PREFIX_LENGTH = 8


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are 256-bit random, so a fast hash cannot be brute-forced."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("utilisateur"),
    )
    name = models.CharField(_("nom"), max_length=100, blank=True, validators=[validate_plain_text])
    # The first characters, to recognise a token in a list without storing it.
    prefix = models.CharField(
        _("début du jeton"), max_length=PREFIX_LENGTH, validators=[validate_plain_text]
    )
    key_hash = models.CharField(
        _("empreinte"), max_length=64, unique=True, validators=[validate_plain_text]
    )
    created_at = models.DateTimeField(_("créé le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.prefix}…"

    @classmethod
    def issue(cls, *, user, name: str = "", now) -> tuple["ApiToken", str]:
        """A new token for `user`: the record, and the token in clear (to show once)."""
        token = secrets.token_urlsafe(32)
        record = cls.objects.create(
            user=user,
            name=name,
            prefix=token[:PREFIX_LENGTH],
            key_hash=hash_token(token),
            created_at=now,
        )
        return record, token
