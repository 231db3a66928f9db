"""Attendance sheets (one per half-day session), each learner's record and signature, the
corrections made after a sheet is locked, and the absence justifications. Nothing is deleted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_plain_text
from ndrc.learners.models import Learner
from ndrc.timetable.models import Session


class Status(models.TextChoices):
    PRESENT = "present", _("Présent")
    LATE = "late", _("En retard")
    ABSENT_JUSTIFIED = "absent_justified", _("Absence justifiée")
    ABSENT_UNJUSTIFIED = "absent_unjustified", _("Absence non justifiée")


class AttendanceSheet(models.Model):
    """The sheet of a half-day: opened by the teacher, signed by the learners on their phones
    with a short-lived code derived from `secret`, then signed by the teacher, which locks it."""

    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="sheet")
    opened_at = models.DateTimeField(_("ouverte le"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    secret = models.CharField(max_length=64, validators=[validate_plain_text])
    teacher_signed_at = models.DateTimeField(_("signée par le formateur le"), null=True, blank=True)
    teacher_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signée par"),
    )

    class Meta:
        verbose_name = _("feuille d'émargement")
        verbose_name_plural = _("feuilles d'émargement")

    def __str__(self) -> str:
        return f"{self.session}"

    @property
    def locked(self) -> bool:
        return self.teacher_signed_at is not None


class AbsenceJustification(models.Model):
    """A justification of absence for a period (sick note, summons…), with its document."""

    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="absence_justifications"
    )
    start = models.DateField(_("du"))
    end = models.DateField(_("au"))
    reason = models.CharField(_("motif"), max_length=200, validators=[validate_plain_text])
    document = models.FileField(
        _("justificatif"), upload_to="attendance/justifications/%Y/%m/", blank=True
    )
    recorded_at = models.DateTimeField(_("enregistrée le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("justificatif d'absence")
        verbose_name_plural = _("justificatifs d'absence")
        ordering = ["-start", "-pk"]

    def __str__(self) -> str:
        return f"{self.learner} — {self.start:%d/%m/%Y} → {self.end:%d/%m/%Y}"


class AttendanceRecord(models.Model):
    """A learner on a sheet: status, their own signature (when, from where), or the reason the
    teacher recorded for a learner who could not sign."""

    sheet = models.ForeignKey(AttendanceSheet, on_delete=models.PROTECT, related_name="records")
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, blank=True)
    learner_signed_at = models.DateTimeField(_("signé le"), null=True, blank=True)
    signed_from = models.CharField(
        _("adresse IP"), max_length=45, blank=True, validators=[validate_plain_text]
    )
    user_agent = models.CharField(
        _("appareil"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    learner_unable_reason = models.CharField(
        _("motif (sans signature de l'apprenant)"),
        max_length=200,
        blank=True,
        validators=[validate_plain_text],
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("noté par"),
    )
    justification = models.ForeignKey(
        AbsenceJustification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )

    class Meta:
        verbose_name = _("relevé de présence")
        verbose_name_plural = _("relevés de présence")
        ordering = ["learner__last_name", "learner__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "learner"], name="one_record_per_learner")
        ]
        indexes = [models.Index(fields=["learner", "sheet"])]

    def __str__(self) -> str:
        return f"{self.learner} — {self.sheet}"


class Correction(models.Model):
    """A change of a record after its sheet was locked: by the training manager, with a reason.
    The record shows the corrected status; the corrections keep what it was."""

    record = models.ForeignKey(
        AttendanceRecord, on_delete=models.PROTECT, related_name="corrections"
    )
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("motif"), max_length=500, validators=[validate_plain_text])
    status_before = models.CharField(_("statut avant"), max_length=20, choices=Status.choices)
    status_after = models.CharField(_("statut après"), max_length=20, choices=Status.choices)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.record} : {self.status_before} → {self.status_after}"
