"""The spine of the application: users, training centres, roles, and the audit trail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import (
    validate_multiline_text,
    validate_plain_text,
    validate_siret,
    validate_uai,
)


class User(AbstractUser):
    """The project's user model (Django's advice for new projects); roles come from memberships."""

    # Django's own, with the rule of the text typed by people (`username` and `email` have
    # validators refusing control characters already; `password` holds a hash).
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[validate_plain_text]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")


class TrainingCentre(models.Model):
    """A lycée, CFA or training organisation running a BTS NDRC section."""

    name = models.CharField(_("nom"), max_length=200, validators=[validate_plain_text])
    uai = models.CharField(
        _("UAI"), max_length=8, unique=True, validators=[validate_uai, validate_plain_text]
    )
    siret = models.CharField(
        _("SIRET"), max_length=14, validators=[validate_siret, validate_plain_text]
    )
    address = models.TextField(_("adresse"), blank=True, validators=[validate_multiline_text])

    class Meta:
        verbose_name = _("centre de formation")
        verbose_name_plural = _("centres de formation")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"


class Role(models.TextChoices):
    TRAINING_MANAGER = "training_manager", _("Responsable de formation")
    TEACHER = "teacher", _("Enseignant")
    LEARNER = "learner", _("Apprenant")
    APPRENTICESHIP_MASTER = "apprenticeship_master", _("Maître d'apprentissage")
    INTERNSHIP_TUTOR = "internship_tutor", _("Tuteur de stage")
    EXAM_OFFICE = "exam_office", _("Service des examens / jury")
    ADMINISTRATOR = "administrator", _("Administrateur")


class Membership(models.Model):
    """A user's role in a training centre; a user may hold several (a teacher who is also jury)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("utilisateur"),
    )
    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("centre de formation"),
    )
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("rôle dans un centre")
        verbose_name_plural = _("rôles dans les centres")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "training_centre", "role"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.training_centre.name}"


class AuditAction(models.TextChoices):
    CREATE = "create", _("Création")
    UPDATE = "update", _("Modification")
    DELETE = "delete", _("Suppression")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("le journal d'audit ne se modifie pas")

    def delete(self):
        raise AppendOnlyError("le journal d'audit ne s'efface pas")

    def _redact(self, replacements: dict) -> int:
        """The one sanctioned rewrite: personal data erased on request (see `core.audit`)."""
        return super().update(**replacements)


class AuditEntry(models.Model):
    """One change of a record, append-only: who, when, what, before and after (JSON)."""

    at = models.DateTimeField(_("date"), db_index=True)
    # PROTECT: a user who acted is deactivated or anonymised, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    request_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utilisateur de la requête"),
    )
    origin = models.CharField(
        _("origine"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    action = models.CharField(_("action"), max_length=8, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type de fiche")
    )
    object_id = models.CharField(
        _("identifiant"), max_length=64, db_index=True, validators=[validate_plain_text]
    )
    before = models.JSONField(_("avant"), null=True, blank=True)
    after = models.JSONField(_("après"), null=True, blank=True)
    redacted = models.BooleanField(_("données personnelles effacées"), default=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.content_type.model} {self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("le journal d'audit ne se modifie pas")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("le journal d'audit ne s'efface pas")
