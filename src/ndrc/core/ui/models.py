"""Records of the interface itself: failed logins, counted to slow down password guessing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_plain_text


class LoginFailure(models.Model):
    """One failed login attempt (see `ndrc.core.ui.throttle`); rows older than the window go."""

    at = models.DateTimeField(_("date"), db_index=True)
    # Case-folded, so that "Admin" and "admin" share one counter.
    username = models.CharField(
        _("identifiant"), max_length=150, db_index=True, validators=[validate_plain_text]
    )
    address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("échec de connexion")
        verbose_name_plural = _("échecs de connexion")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.address}"
