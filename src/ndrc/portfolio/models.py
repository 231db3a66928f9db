"""The portfolio of professional activities and the E4/E6 exam dossiers built from it.

An activity sheet (*fiche descriptive*) is written by a learner, reviewed by a teacher of the
cohort, attested by the company's apprenticeship master or internship tutor, and tagged with the
critères de performance it shows. The exam dossier's other pieces (certificates of employment,
the E6 reflective study or professional dossier, the filing and its deadline) are recorded here
too; internship certificates and apprenticeship contracts come from the contracts app. So the
conformity control (`ndrc.regulation.conformity`) runs on what the application knows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.companies.models import Company, CompanyContact
from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.learners.models import Cohort, Learner
from ndrc.regulation.framework import load_framework


class DossierExam(models.TextChoices):
    E4 = "E4", _("E4 — Relation client et négociation-vente")
    E6 = "E6", _("E6 — Relation client et animation de réseaux")


class E4Nature(models.TextChoices):
    NEGOTIATION = "negotiation", _("Négociation-vente et accompagnement de la relation client")
    EVENT = "event", _("Organisation et animation d'un évènement commercial")


class NetworkType(models.TextChoices):
    DISTRIBUTORS = "distributors", _("Réseau de distributeurs")
    PARTNERS = "partners", _("Réseau de partenaires")
    DIRECT_SALES = "direct_sales", _("Réseau de vente directe")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")
    VALIDATED = "validated", _("Validée")
    RETURNED = "returned", _("À reprendre")


class Evidence(models.TextChoices):
    PERFORMED = "performed", _("Réalisé")
    OBSERVED = "observed", _("Observé")


# The headings of the national model each exam's sheet must fill in ("en renseignant
# impérativement chaque rubrique", annexe II d, 4.1): a sheet missing one is incomplete.
HEADINGS = {
    DossierExam.E4: ("context", "upstream_analysis", "information_analysis", "reflective_analysis"),
    DossierExam.E6: ("context", "diagnosis", "actions", "methods", "results", "recommendations"),
}


class ActivitySheet(models.Model):
    """A fiche descriptive d'activité professionnelle, for the E4 or the E6 dossier."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="activity_sheets")
    exam = models.CharField(_("épreuve"), max_length=2, choices=DossierExam.choices)
    title = models.CharField(
        _("intitulé de l'activité"), max_length=200, validators=[validate_plain_text]
    )
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"), null=True, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_sheets",
        verbose_name=_("entreprise"),
    )
    # E4
    nature = models.CharField(
        _("nature de l'activité"), max_length=16, choices=E4Nature.choices, blank=True
    )
    upstream_analysis = models.TextField(
        _("analyse en amont (ciblage, prospection)"),
        blank=True,
        validators=[validate_multiline_text],
    )
    information_analysis = models.TextField(
        _("analyse de l'information (marché, clientèle, secteur, veille, partage)"),
        blank=True,
        validators=[validate_multiline_text],
    )
    reflective_analysis = models.TextField(
        _("analyse réflexive"), blank=True, validators=[validate_multiline_text]
    )
    # E4 ("contexte réel") and E6
    context = models.TextField(_("contexte"), blank=True, validators=[validate_multiline_text])
    # E6
    network_type = models.CharField(
        _("type de réseau"), max_length=16, choices=NetworkType.choices, blank=True
    )
    real_network_experience = models.BooleanField(
        _("expérience réelle vécue au sein d'un réseau"), default=False
    )
    diagnosis = models.TextField(_("diagnostic"), blank=True, validators=[validate_multiline_text])
    actions = models.TextField(
        _("actions menées"), blank=True, validators=[validate_multiline_text]
    )
    methods = models.TextField(
        _("méthodes et outils"), blank=True, validators=[validate_multiline_text]
    )
    results = models.TextField(_("résultats"), blank=True, validators=[validate_multiline_text])
    recommendations = models.TextField(
        _("préconisations"), blank=True, validators=[validate_multiline_text]
    )

    status = models.CharField(
        _("statut"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    submitted_on = models.DateField(_("soumise le"), null=True, blank=True)
    validated_on = models.DateField(_("validée le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validée par"),
    )
    attested_by = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attested_sheets",
        verbose_name=_("attestée par"),
    )
    attested_on = models.DateField(_("attestée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("fiche descriptive d'activité")
        verbose_name_plural = _("fiches descriptives d'activité")
        ordering = ["learner", "exam", "start", "pk"]
        # The sheets waiting for a teacher's review, the longest first (`sheets_to_review`, on
        # every teacher's dashboard): looked up by their status, not among every sheet kept.
        indexes = [models.Index(fields=["status", "submitted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="activity_sheet_end_after_start",
                violation_error_message=_("La fin de l'activité précède son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.exam} — {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.exam == DossierExam.E4:
            if self.network_type:
                errors["network_type"] = _("Sans objet pour une fiche E4.")
        elif self.exam == DossierExam.E6:
            if self.nature:
                errors["nature"] = _("Sans objet pour une fiche E6 : indiquez le type de réseau.")
        if errors:
            raise ValidationError(errors)

    @property
    def kind(self) -> str:
        """The sheet's nature for the conformity control: E4 nature or E6 network type."""
        return self.nature if self.exam == DossierExam.E4 else self.network_type

    def kind_label(self) -> str:
        if self.exam == DossierExam.E4:
            return self.get_nature_display()
        return self.get_network_type_display()

    def missing_headings(self) -> list[str]:
        """The verbose names of the headings of the national model left empty."""
        missing = [self._meta.get_field(name).verbose_name for name in ("title",) if not self.title]
        if not self.kind:
            missing.append(
                self._meta.get_field(
                    "nature" if self.exam == DossierExam.E4 else "network_type"
                ).verbose_name
            )
        for name in HEADINGS.get(self.exam, ()):
            if not getattr(self, name).strip():
                missing.append(self._meta.get_field(name).verbose_name)
        if self.company_id is None:
            missing.append(self._meta.get_field("company").verbose_name)
        return [str(label) for label in missing]

    @property
    def is_complete(self) -> bool:
        return not self.missing_headings()

    @property
    def is_attested(self) -> bool:
        return self.attested_by_id is not None and self.attested_on is not None

    @property
    def is_editable(self) -> bool:
        return self.status in (SheetStatus.DRAFT, SheetStatus.RETURNED)


class SheetComment(models.Model):
    """A teacher's comment on a sheet, given when returning or validating it (or at any time)."""

    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("le"))
    text = models.TextField(_("commentaire"), validators=[validate_multiline_text])

    class Meta:
        verbose_name = _("commentaire d'enseignant")
        verbose_name_plural = _("commentaires d'enseignants")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def validate_criterion_code(value: str) -> None:
    # Tags are codes of the current framework (the cohort's framework is checked in the service).
    try:
        load_framework().performance_criterion(value)
    except KeyError as error:
        raise ValidationError(
            _("« %(value)s » n'est pas un critère de performance du référentiel."),
            params={"value": value},
        ) from error


class CriterionTag(models.Model):
    """A critère de performance the sheet shows, performed by the learner or only observed."""

    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="tags")
    criterion = models.CharField(
        _("critère de performance"),
        max_length=20,
        validators=[validate_criterion_code, validate_plain_text],
    )
    evidence = models.CharField(_("niveau"), max_length=10, choices=Evidence.choices)

    class Meta:
        verbose_name = _("critère mobilisé")
        verbose_name_plural = _("critères mobilisés")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="unique_sheet_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} ({self.get_evidence_display()})"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"portfolio/{instance.sheet.learner_id}/{instance.sheet_id}/{filename}"


class Attachment(models.Model):
    """A file joined to a sheet (a photo, a document produced during the activity…)."""

    sheet = models.ForeignKey(ActivitySheet, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("nom du fichier"), max_length=200, validators=[validate_plain_text])
    content_type = models.CharField(_("type"), max_length=100, validators=[validate_plain_text])
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("déposé le"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    REFLECTIVE_STUDY = "reflective_study", _("Étude réflexive réseau (E6)")
    PROFESSIONAL_DOSSIER = (
        "professional_dossier",
        _("Dossier professionnel (E6, candidat au titre de l'expérience)"),
    )


def dossier_document_path(instance: "DossierDocument", filename: str) -> str:
    return f"portfolio/{instance.learner_id}/{instance.kind}/{filename}"


class DossierDocument(models.Model):
    """The E6 network reflective study, or the professional dossier that replaces the sheets."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="dossier_documents")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    pages = models.DecimalField(
        _("nombre de pages"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("Étude réflexive : pages recto-verso ; dossier professionnel : pages."),
    )
    file = models.FileField(
        _("fichier"), upload_to=dossier_document_path, max_length=300, blank=True
    )
    name = models.CharField(
        _("nom du fichier"), max_length=200, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("document du dossier E6")
        verbose_name_plural = _("documents du dossier E6")
        constraints = [
            models.UniqueConstraint(fields=["learner", "kind"], name="unique_dossier_document")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.learner}"


class EmploymentCertificate(models.Model):
    """A certificate of employment (certificat de travail) the centre holds for a candidate in
    further training or on experience (annexe III b, II.3.b and II.5), with the months of
    salaried work it attests. Internship certificates and apprenticeship contracts are records
    of the contracts app (`ndrc.contracts`): the dossier check reads them there."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="employment_certificates"
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entreprise"),
    )
    months_full_time = models.DecimalField(
        _("mois à temps plein"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    months_part_time = models.DecimalField(
        _("mois à temps partiel"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    signed = models.BooleanField(_("signé"), default=False)
    note = models.CharField(
        _("remarque"), max_length=200, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("certificat de travail")
        verbose_name_plural = _("certificats de travail")
        ordering = ["learner", "pk"]

    def __str__(self) -> str:
        return f"Certificat de travail — {self.learner}"


class DossierDeadline(models.Model):
    """The date set by the academic authority for filing a cohort's E4 or E6 dossier."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="dossier_deadlines")
    exam = models.CharField(_("épreuve"), max_length=2, choices=DossierExam.choices)
    date = models.DateField(_("date limite de dépôt"))

    class Meta:
        verbose_name = _("date limite de dépôt du dossier")
        verbose_name_plural = _("dates limites de dépôt des dossiers")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "exam"], name="unique_dossier_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.exam} — {self.cohort} : {self.date:%d/%m/%Y}"


class ExamDossier(models.Model):
    """The filing of a learner's E4 or E6 dossier: when it was filed, and the centre's visa.

    A decided reduction of the internship is the learner's, for both dossiers
    (`contracts.InternshipReduction`)."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="exam_dossiers")
    exam = models.CharField(_("épreuve"), max_length=2, choices=DossierExam.choices)
    deposited_on = models.DateField(_("déposé le"), null=True, blank=True)
    signed = models.BooleanField(_("visé et signé par l'établissement"), default=False)

    class Meta:
        verbose_name = _("dossier support d'épreuve")
        verbose_name_plural = _("dossiers support d'épreuve")
        constraints = [
            models.UniqueConstraint(fields=["learner", "exam"], name="unique_exam_dossier")
        ]

    def __str__(self) -> str:
        return f"{self.exam} — {self.learner}"


class StoredDossierCheck(models.Model):
    """A learner's E4 or E6 dossier check as last computed, for the pages that show a whole
    cohort or every cohort (dashboards, a cohort's conformity): the engine's findings and what
    reading them on a date needs. Derived from the records, never written by hand: refreshed by
    a background job when a service changes what the check reads (`portfolio.tasks`)."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="stored_dossier_checks"
    )
    exam = models.CharField(_("épreuve"), max_length=2, choices=DossierExam.choices)
    deadline = models.DateField(_("date limite de dépôt"), null=True, blank=True)
    deposited = models.BooleanField(_("déposé"), default=False)
    all_attested = models.BooleanField(_("fiches toutes attestées"), default=False)
    # The engine's findings ({code, effect, text, source, text_data: the text's template and
    # values}), the notes on the records read, and the internship figures the check used
    # ({required, certified, planned, apprenticeship}).
    findings = models.JSONField(_("constats"), default=list)
    notes = models.JSONField(_("remarques"), default=list)
    practice = models.JSONField(_("stage"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True, validators=[validate_multiline_text])
    # The error's template and values (as `text_data` above), to be shown in the reader's
    # language; none for an engine's input error, French by design.
    error_data = models.JSONField(_("erreur (modèle)"), null=True, blank=True)
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("contrôle de dossier enregistré")
        verbose_name_plural = _("contrôles de dossier enregistrés")
        constraints = [
            models.UniqueConstraint(fields=["learner", "exam"], name="one_stored_check_per_exam")
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.exam}"


class StoredCohortDossiers(models.Model):
    """A cohort's E4 or E6 dossier checks as last counted, for the dashboards (which count and
    list every cohort's dossiers at risk at each view): the learners checked, in the pages'
    order, each with their risk read before and after the deadline (the only thing the date
    changes). Derived from the learners' checks by the same selectors, never written by hand:
    refreshed by the background job that refreshes their checks (`portfolio.tasks`)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="stored_dossier_summaries"
    )
    exam = models.CharField(_("épreuve"), max_length=2, choices=DossierExam.choices)
    deadline = models.DateField(_("date limite de dépôt"), null=True, blank=True)
    # [[learner id, risk up to the deadline, risk after it], …], by name.
    lines = models.JSONField(_("apprenants"), default=list)
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("décompte des dossiers d'une promotion")
        verbose_name_plural = _("décomptes des dossiers des promotions")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "exam"], name="one_stored_summary_per_exam")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} — {self.exam}"
