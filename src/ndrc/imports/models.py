"""An uploaded file waiting for its preview to be confirmed, then what applying it did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_plain_text
from ndrc.learners.models import Cohort


class ImportKind(models.TextChoices):
    LEARNERS = "learners", _("Apprenants")
    COMPANIES = "companies", _("Entreprises")


class ImportJob(models.Model):
    """One upload: kept between the preview and the confirmation, by the person who sent it.

    The file's content holds personal data: it is emptied once the import is applied, and only
    the counts stay (the changes themselves are in the audit trail).
    """

    kind = models.CharField(_("type d'import"), max_length=16, choices=ImportKind.choices)
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promotion"),
    )
    default_category = models.CharField(
        _("statut par défaut"), max_length=32, blank=True, validators=[validate_plain_text]
    )
    filename = models.CharField(_("fichier"), max_length=255, validators=[validate_plain_text])
    content = models.BinaryField(_("contenu"))
    row_count = models.PositiveIntegerField(_("lignes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("déposé le"))
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)
    counts = models.JSONField(_("résultat"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename}"
