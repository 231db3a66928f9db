"""The dashboard's stored figures (`dashboard.stored`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_multiline_text, validate_plain_text


class StoredDashboard(models.Model):
    """The sections of a training manager's or exam office's dashboard (their role sections and
    the apps' panels) as last computed for a date, in one language: what the selectors gave,
    shown by the same templates. Derived from the records, never written by hand: refreshed by
    a background job when a record changes and when the date changes (`dashboard.stored`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_dashboards"
    )
    language = models.CharField(_("langue"), max_length=8, validators=[validate_plain_text])
    on = models.DateField(_("date des chiffres"))
    html = models.TextField(_("sections"), validators=[validate_multiline_text])
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("tableau de bord enregistré")
        verbose_name_plural = _("tableaux de bord enregistrés")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "language"], name="one_stored_dashboard_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.language} — {self.on}"
