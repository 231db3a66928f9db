"""The teaching year: gradebooks (assessments and marks), periods, bulletins, class councils and
the livret scolaire's appreciations.

A gradebook is kept by one teacher for one module of the hours grid (annexe III a) in one
cohort; its assessments have a scale, a weight and, optionally, the compétences they assess. The
averages are the engine's (`ndrc.regulation.gradebook_averages`): nothing here computes one.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ndrc.core.models import TrainingCentre
from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.learners.models import Cohort, Learner


class PeriodKind(models.TextChoices):
    SEMESTER = "semester", _("Semestres")
    TRIMESTER = "trimester", _("Trimestres")


class CentreSettings(models.Model):
    """What a centre chooses for its teaching year: semesters or trimesters, and whether the
    apprenticeship masters read their apprentices' bulletins."""

    training_centre = models.OneToOneField(
        TrainingCentre,
        on_delete=models.CASCADE,
        related_name="gradebook_settings",
        verbose_name=_("centre de formation"),
    )
    period_kind = models.CharField(
        _("découpage de l'année"),
        max_length=10,
        choices=PeriodKind.choices,
        default=PeriodKind.SEMESTER,
    )
    share_reports_with_masters = models.BooleanField(
        _("les maîtres d'apprentissage et tuteurs lisent les bulletins publiés"), default=False
    )

    class Meta:
        verbose_name = _("réglages des notes du centre")
        verbose_name_plural = _("réglages des notes des centres")

    def __str__(self) -> str:
        return str(self.training_centre)


class Period(models.Model):
    """A semester or trimester of the centre's school year: what a bulletin covers."""

    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("centre de formation"),
    )
    name = models.CharField(_("nom"), max_length=60, validators=[validate_plain_text])
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))

    class Meta:
        verbose_name = _("période")
        verbose_name_plural = _("périodes")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="gradebook_period_end_after_start",
                violation_error_message=_("La fin de la période précède son début."),
            ),
            models.UniqueConstraint(
                fields=["training_centre", "name"],
                name="unique_period_name",
                violation_error_message=_("Une période de ce nom existe déjà."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, day) -> bool:
        return self.start <= day <= self.end


class Gradebook(models.Model):
    """A teacher's marks for one module of the hours grid in one cohort (a line of the
    bulletin)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="gradebooks", verbose_name=_("promotion")
    )
    module = models.CharField(_("module"), max_length=16, validators=[validate_plain_text])
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="gradebooks",
        verbose_name=_("enseignant"),
    )
    coefficient = models.DecimalField(
        _("coefficient dans la moyenne générale"), max_digits=4, decimal_places=2
    )

    class Meta:
        verbose_name = _("carnet de notes")
        verbose_name_plural = _("carnets de notes")
        ordering = ["cohort", "module", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "module", "teacher"],
                name="unique_gradebook",
                violation_error_message=_(
                    "Cet enseignant tient déjà un carnet de ce module pour cette promotion."
                ),
            ),
            models.CheckConstraint(
                condition=Q(coefficient__gte=0), name="gradebook_coefficient_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module_title} — {self.cohort.name}"

    @property
    def module_title(self) -> str:
        from ndrc.regulation.gradebook_averages import teaching_module

        return teaching_module(self.module, self.cohort.framework).title

    @property
    def unit(self) -> str | None:
        from ndrc.regulation.gradebook_averages import teaching_module

        return teaching_module(self.module, self.cohort.framework).unit


class AssessmentKind(models.TextChoices):
    WRITTEN = "written", _("Écrit")
    ORAL = "oral", _("Oral")
    PRACTICAL = "practical", _("Pratique")


class Assessment(models.Model):
    """A test, an oral, a practical exercise: one column of the gradebook."""

    gradebook = models.ForeignKey(
        Gradebook, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("carnet")
    )
    title = models.CharField(_("intitulé"), max_length=120, validators=[validate_plain_text])
    date = models.DateField(_("date"))
    kind = models.CharField(_("nature"), max_length=10, choices=AssessmentKind.choices)
    scale = models.DecimalField(_("barème (noté sur)"), max_digits=5, decimal_places=2)
    weight = models.DecimalField(_("coefficient"), max_digits=4, decimal_places=2)
    published_at = models.DateTimeField(_("publiée aux apprenants le"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CompetenceLevel(models.TextChoices):
    """The level at which an assessment assesses a compétence (its weight in the learner's level
    on it: parameter gradebook/competence_evidence)."""

    DISCOVERY = "discovery", _("Découverte")
    PRACTICE = "practice", _("Entraînement")
    MASTERY = "mastery", _("Maîtrise (niveau de l'examen)")


class AssessedCompetence(models.Model):
    """A compétence of the référentiel an assessment assesses, and at which level."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="competences")
    competence = models.CharField(_("compétence"), max_length=12, validators=[validate_plain_text])
    level = models.CharField(_("niveau évalué"), max_length=10, choices=CompetenceLevel.choices)

    class Meta:
        verbose_name = _("compétence évaluée")
        verbose_name_plural = _("compétences évaluées")
        ordering = ["competence"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competence"], name="unique_assessed_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.get_level_display()})"


class MarkStatus(models.TextChoices):
    MARKED = "marked", _("Noté")
    ABSENT = "absent", _("Absent")
    EXEMPT = "exempt", _("Dispensé")


# What a learner reads of the records below about them, as their pages show it (the learners
# app's personal data export asks it: `SHOWN_TO_THE_LEARNER`): a mark once its assessment is
# published; an appreciation or a bulletin once the period's bulletins of their cohort are.
MARK_PUBLISHED = Q(assessment__published_at__isnull=False)
BULLETIN_PUBLISHED = Q(
    period__councils__cohort=F("learner__cohort"),
    period__councils__reports_published_at__isnull=False,
)


class Mark(models.Model):
    """A learner's mark in an assessment, or their absence or exemption (no row: nothing yet)."""

    SHOWN_TO_THE_LEARNER = MARK_PUBLISHED

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="marks")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="marks")
    status = models.CharField(_("état"), max_length=8, choices=MarkStatus.choices)
    value = models.DecimalField(_("note"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "learner"], name="unique_mark"),
            models.CheckConstraint(
                condition=(Q(status="marked") & Q(value__isnull=False))
                | (~Q(status="marked") & Q(value__isnull=True)),
                name="mark_value_only_when_marked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.assessment}: {self.value or self.status}"


class Appreciation(models.Model):
    """A teacher's appreciation of a learner in their gradebook for a period (on the
    bulletin)."""

    SHOWN_TO_THE_LEARNER = BULLETIN_PUBLISHED

    gradebook = models.ForeignKey(Gradebook, on_delete=models.CASCADE, related_name="appreciations")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="appreciations")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="appreciations")
    text = models.TextField(
        _("appréciation"), max_length=1000, validators=[validate_multiline_text]
    )

    class Meta:
        verbose_name = _("appréciation")
        verbose_name_plural = _("appréciations")
        constraints = [
            models.UniqueConstraint(
                fields=["gradebook", "learner", "period"], name="unique_appreciation"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Referent(models.Model):
    """The cohort's referent teacher (professeur principal): writes the general appreciations."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="referent", verbose_name=_("promotion")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referent_of",
        verbose_name=_("enseignant référent"),
    )

    class Meta:
        verbose_name = _("référent de promotion")
        verbose_name_plural = _("référents de promotion")

    def __str__(self) -> str:
        return f"{self.teacher} — {self.cohort}"


class ClassCouncil(models.Model):
    """A cohort's period: its class council (conseil de classe) and the publication of its
    bulletins."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="councils", verbose_name=_("promotion")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="councils", verbose_name=_("période")
    )
    date = models.DateField(_("date du conseil"), null=True, blank=True)
    chair = models.CharField(
        _("présidé par"), max_length=120, blank=True, validators=[validate_plain_text]
    )
    attendees = models.TextField(
        _("participants"), max_length=2000, blank=True, validators=[validate_multiline_text]
    )
    notes = models.TextField(
        _("bilan de la classe"), max_length=4000, blank=True, validators=[validate_multiline_text]
    )
    reports_published_at = models.DateTimeField(_("bulletins publiés le"), null=True, blank=True)

    class Meta:
        verbose_name = _("conseil de classe")
        verbose_name_plural = _("conseils de classe")
        ordering = ["period__start", "cohort"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "period"], name="unique_class_council")
        ]

    def __str__(self) -> str:
        return f"{self.cohort.name} — {self.period.name}"


class Decision(models.TextChoices):
    """What a class council may decide for a learner on a period."""

    NONE = "", _("—")
    CONGRATULATIONS = "congratulations", _("Félicitations")
    COMPLIMENTS = "compliments", _("Compliments")
    ENCOURAGEMENTS = "encouragements", _("Encouragements")
    WORK_WARNING = "work_warning", _("Mise en garde sur le travail")
    ATTENDANCE_WARNING = "attendance_warning", _("Mise en garde sur l'assiduité")
    PROMOTED = "promoted", _("Passage en 2e année")
    REPEAT = "repeat", _("Redoublement proposé")


class ExamOpinion(models.TextChoices):
    """The teaching team's opinion for the exam, on the livret scolaire (the official model's
    three boxes: docs/gradebook.md)."""

    NONE = "", _("—")
    VERY_FAVOURABLE = "very_favourable", _("Très favorable")
    FAVOURABLE = "favourable", _("Favorable")
    MUST_PROVE = "must_prove", _("Doit faire ses preuves")


class PeriodReport(models.Model):
    """A learner's bulletin for a period: the referent's general appreciation and the council's
    decision (the averages and the teachers' appreciations are read, never stored here)."""

    SHOWN_TO_THE_LEARNER = BULLETIN_PUBLISHED

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="period_reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    general_appreciation = models.TextField(
        _("appréciation générale"),
        max_length=1500,
        blank=True,
        validators=[validate_multiline_text],
    )
    decision = models.CharField(
        _("décision du conseil"), max_length=20, choices=Decision.choices, blank=True
    )
    exam_opinion = models.CharField(
        _("avis pour l'examen"), max_length=16, choices=ExamOpinion.choices, blank=True
    )

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        constraints = [
            models.UniqueConstraint(fields=["learner", "period"], name="unique_period_report")
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.period}"


class RecordAppreciation(models.Model):
    """The appreciation of a unit on the learner's livret scolaire, written for the jury by the
    teacher who represents the teaching team of that unit."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="record_appreciations"
    )
    unit = models.CharField(_("unité"), max_length=4, validators=[validate_plain_text])
    text = models.TextField(
        _("appréciation"), max_length=1000, validators=[validate_multiline_text]
    )

    class Meta:
        verbose_name = _("appréciation du livret scolaire")
        verbose_name_plural = _("appréciations du livret scolaire")
        constraints = [
            models.UniqueConstraint(fields=["learner", "unit"], name="unique_record_appreciation")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.learner}"


class RecordObservations(models.Model):
    """What the livret scolaire tells the jury beyond the units: "éléments complémentaires portés
    à la connaissance du jury pour tenir compte de l'assiduité, de la motivation et de
    l'engagement du candidat" (official model, docs/gradebook.md). Also the record a livret PDF
    is kept about."""

    learner = models.OneToOneField(
        Learner, on_delete=models.CASCADE, related_name="record_observations"
    )
    text = models.TextField(
        _("éléments complémentaires pour le jury (assiduité, motivation, engagement)"),
        max_length=2000,
        blank=True,
        validators=[validate_multiline_text],
    )

    # Its documents (the livret PDF) show the grades: reading them needs `view_grades`.
    DOCUMENT_READ_ACTION = "view_grades"

    class Meta:
        verbose_name = _("observations du livret scolaire")
        verbose_name_plural = _("observations des livrets scolaires")

    def __str__(self) -> str:
        return f"{self.learner}"
