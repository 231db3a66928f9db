"""Documents the application generates (PDF), each kept with what it was made from."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_plain_text


def document_path(instance: "GeneratedDocument", filename: str) -> str:
    return f"documents/{instance.kind}/{instance.created_at:%Y/%m}/{filename}"


class GeneratedDocument(models.Model):
    """A generated PDF about one record (its `subject`), stored as it was issued.

    `sources` says what it was made from — record ids, framework version, parameters used,
    the date it speaks of — so that a later change of data never rewrites what was issued.
    """

    kind = models.CharField(_("type de document"), max_length=50, validators=[validate_plain_text])
    title = models.CharField(_("titre"), max_length=200, validators=[validate_plain_text])
    template_name = models.CharField(_("gabarit"), max_length=200, validators=[validate_plain_text])
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, validators=[validate_plain_text])
    subject = GenericForeignKey("subject_type", "subject_id")
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=300)
    sha256 = models.CharField(
        _("empreinte SHA-256"), max_length=64, validators=[validate_plain_text]
    )
    sources = models.JSONField(_("sources"), default=dict)
    created_at = models.DateTimeField(_("créé le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )

    class Meta:
        verbose_name = _("document généré")
        verbose_name_plural = _("documents générés")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return self.title
