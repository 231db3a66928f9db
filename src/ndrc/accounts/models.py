"""Invitations: how a person gets a login. The training manager (or an administrator) invites
someone by e-mail to a role in a centre, linked to their learner record or company contact when
they have one; the e-mail holds a one-time link to set a password. Accepting it creates the login,
gives the role and links the record."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.companies.models import CompanyContact
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.validators import validate_plain_text
from ndrc.learners.models import Learner


def hash_token(token: str) -> str:
    """SHA-256 of an invitation token: tokens are 256-bit random, a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationState(models.TextChoices):
    PENDING = "pending", _("En attente")
    EXPIRED = "expired", _("Expirée")
    ACCEPTED = "accepted", _("Acceptée")
    REVOKED = "revoked", _("Annulée")


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        """Neither accepted nor revoked: pending, or expired and waiting to be sent again."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self, *, now) -> "InvitationQuerySet":
        return self.open().filter(expires_at__gt=now)


class Invitation(models.Model):
    """An e-mail inviting a person to a role in a centre, with a link valid until `expires_at`.

    Only the token's hash is stored: the link is in the e-mail alone. Sending the invitation
    again makes a new link (the former one stops working) and a new expiry.
    """

    email = models.EmailField(_("courriel"), validators=[validate_plain_text])
    first_name = models.CharField(
        _("prénom"), max_length=150, blank=True, validators=[validate_plain_text]
    )
    last_name = models.CharField(
        _("nom"), max_length=150, blank=True, validators=[validate_plain_text]
    )
    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("centre de formation"),
    )
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("apprenant"),
    )
    contact = models.ForeignKey(
        CompanyContact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("contact en entreprise"),
    )
    token_hash = models.CharField(
        _("empreinte du lien"), max_length=64, unique=True, validators=[validate_plain_text]
    )
    created_at = models.DateTimeField(_("créée le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invitée par"),
    )
    sent_at = models.DateTimeField(_("envoyée le"))
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("compte créé"),
    )
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(learner__isnull=True) | Q(contact__isnull=True),
                name="invitation_learner_or_contact",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()} — {self.training_centre.name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def state_on(self, now) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        return InvitationState.PENDING if now < self.expires_at else InvitationState.EXPIRED
