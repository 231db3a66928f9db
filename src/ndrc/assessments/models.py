"""CCF assessment situations of E4 and E6: planned per learner, their commission, grid and grade.

The rules (who may sit, grid completeness, grade bounds, retention) are in
`ndrc.regulation.assessments`; these records keep what was decided, as it was decided.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.learners.models import Learner


class Exam(models.TextChoices):
    E4 = "E4", _("E4 — Relation client et négociation-vente")
    E6 = "E6", _("E6 — Relation client et animation de réseaux")


class SituationCode(models.TextChoices):
    A = "A", _("Situation A")
    B = "B", _("Situation B")


class Status(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    HELD = "held", _("Réalisée")
    GRADE_PROPOSED = "grade_proposed", _("Note proposée")
    GRADE_CONFIRMED = "grade_confirmed", _("Note confirmée")


class Level(models.TextChoices):
    """The rating scale of the grid (ccf_assessments.yaml, `rating_scale`)."""

    VERY_INSUFFICIENT = "very_insufficient", _("Très insuffisant")
    INSUFFICIENT = "insufficient", _("Insuffisant")
    SATISFACTORY = "satisfactory", _("Satisfaisant")
    VERY_SATISFACTORY = "very_satisfactory", _("Très satisfaisant")


class AssessmentSituation(models.Model):
    """One CCF situation (E4 or E6, A or B) of one learner."""

    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="assessment_situations"
    )
    exam = models.CharField(_("épreuve"), max_length=2, choices=Exam.choices)
    situation = models.CharField(_("situation"), max_length=1, choices=SituationCode.choices)
    framework = models.CharField(_("référentiel"), max_length=40, validators=[validate_plain_text])
    date = models.DateField(_("date"))
    place = models.CharField(
        _("lieu"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    grade = models.DecimalField(
        _("note sur 20"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    observations = models.TextField(
        _("observations de la commission"), blank=True, validators=[validate_multiline_text]
    )
    grade_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grade_proposed_at = models.DateTimeField(null=True, blank=True)
    grade_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grade_confirmed_at = models.DateTimeField(null=True, blank=True)
    file_purged_on = models.DateField(_("dossier d'évaluation purgé le"), null=True, blank=True)

    # Its documents (the filled grid, the evaluation file) show the grade: reading them needs
    # the `view_grades` permission, not just access to the situation (documents.selectors).
    DOCUMENT_READ_ACTION = "view_grades"
    # The filled grid is part of the evaluation file the law keeps (`evaluation_file_retention`):
    # an erasure leaves it as issued, only its title and file name no longer name the person;
    # the purge of evaluation files removes it when the retention ends.
    DOCUMENTS_KEPT_ON_ERASURE = True

    class Meta:
        verbose_name = _("situation d'évaluation")
        verbose_name_plural = _("situations d'évaluation")
        ordering = ["date", "learner__last_name", "learner__first_name", "exam", "situation"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "exam", "situation"],
                name="unique_assessment_situation",
                violation_error_message=_("Cette situation est déjà prévue pour cet apprenant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam} {self.situation} — {self.learner}"

    @property
    def label(self) -> str:
        return f"{self.exam} — {self.get_situation_display()}"

    @property
    def grade_text(self) -> str:
        """The grade as French text without trailing zeros: 14,5 ; 12 ; "" when none."""
        if self.grade is None:
            return ""
        text = f"{self.grade:f}"
        return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.GRADE_CONFIRMED


class MemberKind(models.TextChoices):
    TEACHER = "teacher", _("Enseignant ou formateur")
    PROFESSIONAL = "professional", _("Professionnel")


class CommissionMember(models.Model):
    """A person sitting in the commission of a situation; `responsible` as the engine decided."""

    situation = models.ForeignKey(
        AssessmentSituation, on_delete=models.CASCADE, related_name="commission_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ccf_commissions"
    )
    kind = models.CharField(_("qualité"), max_length=20, choices=MemberKind.choices)
    responsible = models.BooleanField(_("responsable de l'évaluation certificative"))
    reason = models.TextField(_("motif"), blank=True, validators=[validate_multiline_text])

    class Meta:
        verbose_name = _("membre de commission")
        verbose_name_plural = _("membres de commission")
        ordering = ["-responsible", "user__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["situation", "user"],
                name="unique_commission_member",
                violation_error_message=_("Cette personne siège déjà dans la commission."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.situation})"


class CriterionRating(models.Model):
    """The level a critère de performance received in a situation's grid."""

    situation = models.ForeignKey(
        AssessmentSituation, on_delete=models.CASCADE, related_name="ratings"
    )
    criterion = models.CharField(
        _("critère de performance"), max_length=20, validators=[validate_plain_text]
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)

    class Meta:
        verbose_name = _("évaluation d'un critère")
        verbose_name_plural = _("évaluations des critères")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["situation", "criterion"], name="unique_criterion_rating"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


def evaluation_document_path(instance: "EvaluationDocument", filename: str) -> str:
    return f"assessments/{instance.situation_id}/{filename}"


class EvaluationDocument(models.Model):
    """A document of the evaluation file used by the commission (periodic reviews, interim
    evaluations, the company's evaluation report…), kept with the grid for one year."""

    situation = models.ForeignKey(
        AssessmentSituation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("titre"), max_length=200, validators=[validate_plain_text])
    file = models.FileField(_("fichier"), upload_to=evaluation_document_path, max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("document du dossier d'évaluation")
        verbose_name_plural = _("documents du dossier d'évaluation")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title
