"""The dashboard's stored pages (`dashboard.stored`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_multiline_text, validate_plain_text


class StoredDashboard(models.Model):
    """A reader's dashboard (what the page shows under the menu) as last computed for a date, in
    one language: what the selectors gave, shown by the same templates. Derived from the
    records, never written by hand, and shown only while no record has changed since
    (`changes`) and until `until` when results are due to be published in between: stored at
    the reader's view, and ahead by a background job for the training managers and the exam
    office (`dashboard.stored`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_dashboards"
    )
    language = models.CharField(_("langue"), max_length=8, validators=[validate_plain_text])
    on = models.DateField(_("date des chiffres"))
    html = models.TextField(_("tableau de bord"), validators=[validate_multiline_text])
    computed_at = models.DateTimeField(_("calculé le"))
    changes = models.BigIntegerField(_("changements des dossiers vus"))
    until = models.DateTimeField(_("valable jusqu'au"), null=True, blank=True)

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


class RecordChanges(models.Model):
    """How many times the records have changed (one row, made when the first dashboard is
    computed): a stored dashboard computed when it was N is shown only while it is still N.
    Counted in the change's own transaction, so that a dashboard computed from records read
    before a change is never taken for one read after."""

    count = models.BigIntegerField(_("changements"), default=0)

    class Meta:
        verbose_name = _("changements des dossiers")
        verbose_name_plural = _("changements des dossiers")

    def __str__(self) -> str:
        return str(self.count)
