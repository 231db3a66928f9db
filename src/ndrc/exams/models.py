"""Exam sessions: registrations, grades, the jury's decisions and the documents of the results.

A session is one year of the examination as a training centre runs it: its calendar, its
deadlines and its state (registration open → closed → grading → jury → published → archived).
A registration is what `ndrc check-registration` checks; its grades are what the jury
deliberates (`ndrc.regulation.deliberation`), and each decision is stored as it was taken — the
record deliberated, the framework version, the explanation — and never changed: a jury change,
an épreuve de contrôle or a later rectification adds a new decision.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ndrc.core.models import TrainingCentre
from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.learners.models import Learner
from ndrc.regulation.framework import CURRENT_FRAMEWORK


class SessionState(models.TextChoices):
    REGISTRATION_OPEN = "registration_open", _("Inscriptions ouvertes")
    REGISTRATION_CLOSED = "registration_closed", _("Inscriptions closes")
    GRADING = "grading", _("Saisie des notes")
    JURY = "jury", _("Jury")
    PUBLISHED = "published", _("Résultats publiés")
    ARCHIVED = "archived", _("Archivée")


class ExamSession(models.Model):
    """The exam session of a year, as a training centre runs it for its candidates."""

    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.PROTECT,
        related_name="exam_sessions",
        verbose_name=_("centre de formation"),
    )
    year = models.PositiveSmallIntegerField(
        _("session"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    framework = models.CharField(
        _("référentiel"), max_length=40, default=CURRENT_FRAMEWORK, validators=[validate_plain_text]
    )
    state = models.CharField(
        _("état"),
        max_length=24,
        choices=SessionState.choices,
        default=SessionState.REGISTRATION_OPEN,
    )
    registration_deadline = models.DateField(_("clôture des inscriptions"))
    dossier_deadline = models.DateField(_("dépôt des dossiers E4 et E6"), null=True, blank=True)
    ccf_start = models.DateField(_("début de la période des CCF"), null=True, blank=True)
    ccf_end = models.DateField(_("fin de la période des CCF"), null=True, blank=True)
    oral_start = models.DateField(_("début des épreuves orales"), null=True, blank=True)
    oral_end = models.DateField(_("fin des épreuves orales"), null=True, blank=True)
    president = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("président du jury"),
    )
    jury_members = models.TextField(
        _("membres du jury"), blank=True, validators=[validate_multiline_text]
    )
    first_signed_off_at = models.DateTimeField(
        _("délibération du 1er groupe close le"), null=True, blank=True
    )
    signed_off_at = models.DateTimeField(_("délibération close le"), null=True, blank=True)
    publication_at = models.DateTimeField(_("publication des résultats"), null=True, blank=True)

    class Meta:
        verbose_name = _("session d'examen")
        verbose_name_plural = _("sessions d'examen")
        ordering = ["-year", "training_centre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_centre", "year"],
                name="one_exam_session_per_year",
                violation_error_message=_("Le centre a déjà une session d'examen cette année."),
            )
        ]

    def __str__(self) -> str:
        return f"Session {self.year}"


class CalendarKind(models.TextChoices):
    WRITTEN = "written", _("Épreuve écrite (date nationale)")
    PRACTICAL = "practical", _("Épreuve pratique")
    ORAL = "oral", _("Épreuve orale")
    CCF = "ccf", _("Situations de CCF")
    RESIT = "resit", _("Épreuves de contrôle")
    DEADLINE = "deadline", _("Date limite")
    OTHER = "other", _("Autre")


class CalendarEntry(models.Model):
    """A date of the session's calendar: an épreuve (national written date, oral window…) or a
    deadline."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="calendar")
    kind = models.CharField(_("nature"), max_length=12, choices=CalendarKind.choices)
    exam = models.CharField(
        _("épreuve"), max_length=4, blank=True, validators=[validate_plain_text]
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    time = models.CharField(
        _("horaire"), max_length=40, blank=True, validators=[validate_plain_text]
    )
    label = models.CharField(_("intitulé"), max_length=200, validators=[validate_plain_text])

    class Meta:
        verbose_name = _("date du calendrier")
        verbose_name_plural = _("calendrier de la session")
        ordering = ["starts_on", "exam", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} {self.label}"


class ExamForm(models.TextChoices):
    WHOLE = "whole", _("Globale")
    PROGRESSIVE = "progressive", _("Progressive")


class Registration(models.Model):
    """A learner registered as a candidate: the record `ndrc check-registration` checks."""

    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="registrations")
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="exam_registrations"
    )
    number = models.CharField(
        _("numéro de candidat"), max_length=20, validators=[validate_plain_text]
    )
    category = models.CharField(
        _("catégorie de candidat"), max_length=32, validators=[validate_plain_text]
    )
    category_on = models.DateField(_("catégorie au"))
    form = models.CharField(_("forme"), max_length=12, choices=ExamForm.choices)
    units = models.JSONField(_("unités présentées"), default=list)
    exemptions = models.JSONField(_("unités dispensées"), default=list, blank=True)
    qualifications = models.JSONField(
        _("titres justifiant les dispenses"), default=list, blank=True
    )
    diploma = models.TextField(
        _("diplôme présenté (intitulé, établissement, année)"),
        blank=True,
        validators=[validate_multiline_text],
    )
    lv1 = models.CharField(
        _("langue vivante 1 (E2)"), max_length=40, blank=True, validators=[validate_plain_text]
    )
    lv2 = models.CharField(
        _("langue vivante 2 (EF1)"), max_length=40, blank=True, validators=[validate_plain_text]
    )
    extra_time = models.BooleanField(_("tiers-temps"), default=False)
    arrangements = models.TextField(
        _("autres aménagements"), blank=True, validators=[validate_multiline_text]
    )
    accommodation_decision = models.TextField(
        _("décision d'aménagement"), blank=True, validators=[validate_multiline_text]
    )
    valid = models.BooleanField(_("inscription valide"), default=False)
    problems = models.JSONField(_("problèmes relevés"), default=list, blank=True)
    explanation = models.JSONField(_("explication"), default=list, blank=True)
    created_at = models.DateTimeField(_("inscrit le"))

    # Its documents (transcript, attestation) show the results: reading them needs
    # `view_grades`, which a learner has once the results are published (exams.selectors).
    DOCUMENT_READ_ACTION = "view_grades"

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["learner__last_name", "learner__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"],
                name="one_registration_per_session",
                violation_error_message=_("Cet apprenant est déjà inscrit à la session."),
            ),
            models.UniqueConstraint(fields=["session", "number"], name="unique_candidate_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.learner}"


class CarriedGrade(models.Model):
    """A grade ≥ 10 of an earlier session the candidate keeps (or renounces): D643-15."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="carried_grades"
    )
    unit = models.CharField(_("unité"), max_length=4, validators=[validate_plain_text])
    framework = models.CharField(
        _("référentiel"), max_length=40, default=CURRENT_FRAMEWORK, validators=[validate_plain_text]
    )
    grade = models.DecimalField(_("note"), max_digits=4, decimal_places=2)
    obtained_session = models.PositiveSmallIntegerField(_("session d'obtention"))
    waived = models.BooleanField(_("le candidat y renonce"), default=False)
    source = models.CharField(
        _("justificatif"), max_length=200, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("note conservée")
        verbose_name_plural = _("notes conservées")
        ordering = ["unit", "obtained_session", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.grade} ({self.obtained_session})"


class GradeStatus(models.TextChoices):
    GRADED = "graded", _("Note")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Absence justifiée (force majeure)")
    INVALID = "NV", _("Non valide (NV)")


class GradeSource(models.TextChoices):
    CCF = "ccf", _("CCF : situations confirmées")
    TYPED = "typed", _("Saisie")
    IMPORTED = "imported", _("Import de fichier")
    CONFORMITY = "conformity", _("Contrôle de conformité du dossier")


class Sitting(models.TextChoices):
    FIRST = "first", _("Premier groupe")
    RESIT = "resit", _("Épreuves de contrôle")


class Grade(models.Model):
    """A unit's (or a part's: U5 written, practical) grade or status at the session."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="grades")
    unit = models.CharField(_("unité"), max_length=4, validators=[validate_plain_text])
    part = models.CharField(
        _("partie"), max_length=20, blank=True, validators=[validate_plain_text]
    )
    sitting = models.CharField(
        _("groupe"), max_length=8, choices=Sitting.choices, default=Sitting.FIRST
    )
    status = models.CharField(_("état"), max_length=8, choices=GradeStatus.choices)
    value = models.DecimalField(_("note"), max_digits=4, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("origine"), max_length=12, choices=GradeSource.choices)
    note = models.TextField(_("précision"), blank=True, validators=[validate_multiline_text])
    entered_at = models.DateTimeField(_("saisie le"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("note d'examen")
        verbose_name_plural = _("notes d'examen")
        ordering = ["unit", "part", "sitting"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "unit", "part", "sitting"], name="one_grade_per_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(status="graded", value__isnull=False)
                | (~models.Q(status="graded") & models.Q(value__isnull=True)),
                name="grade_value_iff_graded",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.unit}{'.' + self.part if self.part else ''}"
        return f"{label}: {self.value if self.status == GradeStatus.GRADED else self.status}"


class ChangeKind(models.TextChoices):
    JURY = "jury", _("Modification par le jury")
    RECTIFICATION = "rectification", _("Rectification après la délibération")


class GradeChange(models.Model):
    """A grade changed by the jury before sign-off (raised, with its reason), or rectified
    after it: kept as it was decided, with who, when and why."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="grade_changes"
    )
    kind = models.CharField(_("nature"), max_length=16, choices=ChangeKind.choices)
    unit = models.CharField(_("unité"), max_length=4, validators=[validate_plain_text])
    part = models.CharField(
        _("partie"), max_length=20, blank=True, validators=[validate_plain_text]
    )
    sitting = models.CharField(_("groupe"), max_length=8, choices=Sitting.choices)
    before = models.CharField(_("avant"), max_length=20, validators=[validate_plain_text])
    after = models.CharField(_("après"), max_length=20, validators=[validate_plain_text])
    reason = models.TextField(_("motif"), validators=[validate_multiline_text])
    changed_at = models.DateTimeField(_("le"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("modification de note")
        verbose_name_plural = _("modifications de notes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.before} → {self.after}"


class DecisionKind(models.TextChoices):
    DELIBERATION = "deliberation", _("Délibération")
    JURY_CHANGE = "jury_change", _("Nouvelle délibération après modification du jury")
    RESIT = "resit", _("Délibération après les épreuves de contrôle")
    RESIT_NOT_TAKEN = "resit_not_taken", _("Épreuves de contrôle non subies")
    RECTIFICATION = "rectification", _("Rectification")


class Decision(models.Model):
    """The jury's decision for a candidate, stored as it was taken and never changed.

    The current decision is the latest; earlier ones stay as the history of the deliberation.
    `record` is the candidate record the engine deliberated (the grades used).
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="decisions"
    )
    sitting = models.CharField(_("groupe"), max_length=8, choices=Sitting.choices)
    kind = models.CharField(_("nature"), max_length=16, choices=DecisionKind.choices)
    decision = models.CharField(_("décision"), max_length=16, validators=[validate_plain_text])
    average = models.DecimalField(_("moyenne"), max_digits=5, decimal_places=2, null=True)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=4, null=True)
    coefficients = models.DecimalField(_("coefficients"), max_digits=6, decimal_places=2, null=True)
    professional_average = models.DecimalField(
        _("moyenne des épreuves professionnelles"), max_digits=5, decimal_places=2, null=True
    )
    units_obtained = models.JSONField(_("unités obtenues"), default=list)
    explanation = models.JSONField(_("explication"), default=list)
    record = models.JSONField(_("enregistrement délibéré"))
    # The relevé de notes as decided: per unit the grade used, its origin, coefficient, points
    # and article (`ndrc.regulation.exam_results.transcript`).
    lines = models.JSONField(_("relevé"), default=list)
    framework = models.CharField(_("référentiel"), max_length=40, validators=[validate_plain_text])
    framework_version = models.CharField(
        _("version des données"), max_length=80, validators=[validate_plain_text]
    )
    reason = models.TextField(_("motif"), blank=True, validators=[validate_multiline_text])
    taken_at = models.DateTimeField(_("prise le"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("décision du jury")
        verbose_name_plural = _("décisions du jury")
        ordering = ["registration", "-pk"]

    def __str__(self) -> str:
        return f"{self.registration.number}: {self.decision}"


class DocumentBundle(models.Model):
    """A session's documents (transcripts, attestations, procès-verbal) as one ZIP download."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="bundles")
    file = models.FileField(_("fichier"), upload_to="exams/bundles/%Y/", max_length=300)
    documents = models.PositiveIntegerField(_("documents"))
    sha256 = models.CharField(
        _("empreinte SHA-256"), max_length=64, validators=[validate_plain_text]
    )
    created_at = models.DateTimeField(_("créé le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("documents de la session")
        verbose_name_plural = _("documents des sessions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.session} — {self.created_at:%d/%m/%Y %H:%M}"
