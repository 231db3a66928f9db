"""Follow-up of the learner in the company: the apprenticeship logbook (livret d'apprentissage),
follow-up visits, tripartite meetings, the centre's follow-up settings and the weekly digest.

The brochures promise them (`seeds/000_*`, `002_*`): « le livret d'apprentissage dont
l'utilisation est obligatoire », « a minima, deux visites de suivi […] par année de formation »,
« entretiens tripartites avec le maître d'apprentissage ». See docs/followup.md.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ndrc.assessments.models import Level
from ndrc.companies.models import CompanyContact
from ndrc.contracts.models import Contract
from ndrc.core.models import TrainingCentre
from ndrc.core.text import as_read
from ndrc.core.ui.history import headed_text
from ndrc.core.ui.lines import day
from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.learners.models import Learner
from ndrc.portfolio.models import ActivitySheet

# --- The centre's settings ----------------------------------------------------------------------


class FollowupSettings(models.Model):
    """The centre's thresholds and delays for the follow-up; defaults when none were saved."""

    training_centre = models.OneToOneField(
        TrainingCentre,
        on_delete=models.CASCADE,
        related_name="followup_settings",
        verbose_name=_("centre de formation"),
    )
    # The brochures' promise is a minimum: « a minima, deux visites […] par année de formation ».
    visits_per_year = models.PositiveSmallIntegerField(
        _("visites de suivi par année de formation"),
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(12)],
        help_text=_("Deux au moins, l'engagement du centre envers ses apprentis."),
    )
    logbook_delay_days = models.PositiveSmallIntegerField(
        _("délai avant de signaler une période du livret vide (jours)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Compté depuis la fin de la période en entreprise."),
    )
    absence_threshold_hours = models.DecimalField(
        _("seuil d'absences injustifiées (heures)"),
        max_digits=5,
        decimal_places=1,
        default=10,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
        help_text=_("Au-delà, sur l'année de formation en cours, l'apprenti est signalé."),
    )
    internship_notice_days = models.PositiveSmallIntegerField(
        _("alerte avant un stage sans entreprise (jours)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    exams_month = models.PositiveSmallIntegerField(
        _("mois de début des épreuves"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Un contrat qui se termine avant ce mois de l'année de session est signalé."),
    )

    class Meta:
        verbose_name = _("paramètres du suivi")
        verbose_name_plural = _("paramètres du suivi")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} — {self.training_centre}"


# The grid a centre starts from (issue 14): integration, missions against the référentiel,
# working conditions, difficulties, actions agreed, rupture risk. The centre edits it; its French
# wording is saved with the grid, and shown in the reader's language until the centre rewrites it.
DEFAULT_GRID = (
    (
        "integration",
        gettext_noop("Intégration dans l'entreprise"),
        gettext_noop("Accueil, relations avec l'équipe."),
    ),
    (
        "missions",
        gettext_noop("Missions confiées au regard du référentiel"),
        gettext_noop("Activités des pôles 1 à 3 réellement exercées."),
    ),
    (
        "conditions",
        gettext_noop("Conditions de travail"),
        gettext_noop("Horaires, sécurité, équipement, déplacements."),
    ),
    ("difficulties", gettext_noop("Difficultés rencontrées"), ""),
    ("actions", gettext_noop("Actions convenues"), gettext_noop("Qui fait quoi, pour quand.")),
    (
        "rupture",
        gettext_noop("Risque de rupture"),
        gettext_noop("Signaux, propos des parties, mesures envisagées."),
    ),
)
_DEFAULT_TEXTS = frozenset(text for _code, *texts in DEFAULT_GRID for text in texts if text)


def grid_text(text: str) -> str:
    """A heading (or its guidance) of the visit grid as the reader reads it: a default wording
    in the reader's language, the centre's own as typed."""
    return as_read(text, _DEFAULT_TEXTS)


def _report_rows(report: dict) -> list[tuple[str, str]]:
    return [(grid_text(item["label"]), item["text"]) for item in report.values()]


def _report_text(report: dict) -> str:
    """A visit's report in one line: each heading (in the reader's language when a default)
    and its text."""
    return headed_text(_report_rows(report))


class VisitGridItem(models.Model):
    """One heading of the centre's visit report grid (integration, missions, conditions…)."""

    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.CASCADE,
        related_name="visit_grid_items",
        verbose_name=_("centre de formation"),
    )
    code = models.SlugField(_("code"), max_length=40, validators=[validate_plain_text])
    label = models.CharField(_("rubrique"), max_length=200, validators=[validate_plain_text])
    guidance = models.CharField(
        _("aide à la saisie"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("en usage"), default=True)

    class Meta:
        verbose_name = _("rubrique du compte rendu de visite")
        verbose_name_plural = _("rubriques du compte rendu de visite")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_centre", "code"],
                name="unique_visit_grid_item",
                violation_error_message=_("Une rubrique de ce code existe déjà."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def shown_label(self) -> str:
        return grid_text(self.label)

    @property
    def shown_guidance(self) -> str:
        return grid_text(self.guidance)


class Referent(models.Model):
    """The teacher who follows a learner in the company (visits, logbook comments)."""

    learner = models.OneToOneField(
        Learner, on_delete=models.CASCADE, related_name="referent", verbose_name=_("apprenant")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referred_learners",
        verbose_name=_("enseignant référent"),
    )
    since = models.DateField(_("depuis le"))

    class Meta:
        verbose_name = _("enseignant référent")
        verbose_name_plural = _("enseignants référents")

    def __str__(self) -> str:
        return f"{self.teacher.get_full_name() or self.teacher.username} → {self.learner}"


# --- The apprenticeship logbook -----------------------------------------------------------------


class Logbook(models.Model):
    """The livret d'apprentissage of one contract: its periods in the company and their entries."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="logbooks", verbose_name=_("apprenant")
    )
    contract = models.OneToOneField(
        Contract, on_delete=models.CASCADE, related_name="logbook", verbose_name=_("contrat")
    )
    opened_on = models.DateField(_("ouvert le"))

    class Meta:
        verbose_name = _("livret d'apprentissage")
        verbose_name_plural = _("livrets d'apprentissage")
        ordering = ["learner", "contract__start"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} — {self.learner}"


class LogbookPeriod(models.Model):
    """A period in the company: what the apprentice did, the master's appreciation and
    validation, the referent teacher's comment."""

    logbook = models.ForeignKey(
        Logbook, on_delete=models.CASCADE, related_name="periods", verbose_name=_("livret")
    )
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    appreciation = models.TextField(
        _("appréciation du maître d'apprentissage"),
        blank=True,
        validators=[validate_multiline_text],
    )
    validated_on = models.DateField(_("validée le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validée par"),
    )
    teacher_comment = models.TextField(
        _("commentaire de l'enseignant référent"), blank=True, validators=[validate_multiline_text]
    )
    commented_on = models.DateField(_("commentée le"), null=True, blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commentée par"),
    )

    class Meta:
        verbose_name = _("période en entreprise")
        verbose_name_plural = _("périodes en entreprise")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="logbook_period_end_after_start",
                violation_error_message=_("La fin de la période précède son début."),
            ),
            models.UniqueConstraint(fields=["logbook", "start"], name="unique_logbook_period"),
        ]

    def __str__(self) -> str:
        # Written as `{{ day|date:"d/m/Y" }}` writes a day: strftime took most of an apprentice's
        # lines of empty periods (one a month).
        return f"{day(self.start)} – {day(self.end)}"

    @property
    def is_validated(self) -> bool:
        return self.validated_on is not None


class LogbookEntry(models.Model):
    """An activity the apprentice did in the company during a period, tied to the référentiel
    (activities of Annexe I a, competences of Annexe I b) and to a portfolio sheet."""

    period = models.ForeignKey(
        LogbookPeriod, on_delete=models.CASCADE, related_name="entries", verbose_name=_("période")
    )
    day = models.DateField(_("date"))
    title = models.CharField(
        _("activité réalisée"), max_length=200, validators=[validate_plain_text]
    )
    description = models.TextField(
        _("ce que j'ai fait"), blank=True, validators=[validate_multiline_text]
    )
    activities = models.JSONField(_("activités du référentiel"), default=list, blank=True)
    competences = models.JSONField(_("compétences mobilisées"), default=list, blank=True)
    activity_sheet = models.ForeignKey(
        ActivitySheet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fiche d'activité du portfolio"),
    )
    written_at = models.DateTimeField(_("écrite le"))

    class Meta:
        verbose_name = _("activité du livret")
        verbose_name_plural = _("activités du livret")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.title}"


# --- Follow-up visits -----------------------------------------------------------------------------


class VisitMode(models.TextChoices):
    ON_SITE = "on_site", _("Sur place")
    VIDEO = "video", _("Visioconférence")
    PHONE = "phone", _("Téléphone")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    HELD = "held", _("Réalisée")
    CANCELLED = "cancelled", _("Annulée")


class RuptureRisk(models.TextChoices):
    NONE = "none", _("Aucun")
    LOW = "low", _("Faible")
    HIGH = "high", _("Élevé")


class Visit(models.Model):
    """A follow-up visit of the referent teacher: planned, then reported on the centre's grid,
    and countersigned by the apprenticeship master. `report` keeps each heading as it was when
    written ({code: {"label": …, "text": …}}), so that a later change of the grid rewrites
    nothing."""

    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        related_name="followup_visits",
        verbose_name=_("apprenant"),
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_visits",
        verbose_name=_("contrat"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="followup_visits",
        verbose_name=_("enseignant"),
    )
    planned_on = models.DateField(_("date prévue"))
    mode = models.CharField(_("modalité"), max_length=10, choices=VisitMode.choices)
    participants = models.CharField(
        _("participants"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    place = models.CharField(
        _("lieu"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    status = models.CharField(
        _("état"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    held_on = models.DateField(_("réalisée le"), null=True, blank=True)
    report = models.JSONField(_("compte rendu"), default=dict, blank=True)
    difficulty = models.BooleanField(_("difficulté signalée"), default=False)
    rupture_risk = models.CharField(
        _("risque de rupture"), max_length=5, choices=RuptureRisk.choices, default=RuptureRisk.NONE
    )
    countersigned_on = models.DateField(_("contresigné le"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contresigné par"),
    )
    master_remarks = models.TextField(
        _("observations du maître d'apprentissage"),
        blank=True,
        validators=[validate_multiline_text],
    )

    class Meta:
        verbose_name = _("visite de suivi")
        verbose_name_plural = _("visites de suivi")
        ordering = ["planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="held", held_on__isnull=False) | ~Q(status="held"),
                name="held_visit_has_its_date",
                violation_error_message=_("Une visite réalisée a sa date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} — {self.learner} ({self.planned_on:%d/%m/%Y})"

    @property
    def is_held(self) -> bool:
        return self.status == VisitStatus.HELD

    @property
    def report_rows(self) -> list[tuple[str, str]]:
        """(heading, text) of the report, in the order it was written."""
        return _report_rows(self.report)

    # A report in the history of changes: its headings and texts, not its stored form.
    history_shown = {"report": _report_text}


# --- Tripartite meetings ----------------------------------------------------------------------


class TripartiteMeeting(models.Model):
    """The evaluation in the company: learner, master and teacher rate the critères de
    performance of the chosen skill blocks; the ratings feed the learner's progress."""

    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        related_name="tripartite_meetings",
        verbose_name=_("apprenant"),
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tripartite_meetings",
        verbose_name=_("contrat"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tripartite_meetings",
        verbose_name=_("enseignant"),
    )
    master = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        related_name="tripartite_meetings",
        verbose_name=_("maître d'apprentissage"),
    )
    planned_on = models.DateField(_("date"))
    held_on = models.DateField(_("tenu le"), null=True, blank=True)
    blocks = models.JSONField(_("blocs de compétences évalués"), default=list)
    summary = models.TextField(_("synthèse"), blank=True, validators=[validate_multiline_text])
    master_appreciation = models.TextField(
        _("appréciation du maître d'apprentissage"),
        blank=True,
        validators=[validate_multiline_text],
    )
    master_signed_on = models.DateField(_("signé par le maître le"), null=True, blank=True)

    class Meta:
        verbose_name = _("entretien tripartite")
        verbose_name_plural = _("entretiens tripartites")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} — {self.learner} ({self.planned_on:%d/%m/%Y})"


class MeetingRating(models.Model):
    """The level a critère de performance received in a tripartite meeting."""

    meeting = models.ForeignKey(TripartiteMeeting, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.CharField(
        _("critère de performance"), max_length=20, validators=[validate_plain_text]
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)

    class Meta:
        verbose_name = _("évaluation d'un critère en entreprise")
        verbose_name_plural = _("évaluations des critères en entreprise")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "criterion"], name="unique_meeting_rating")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


# --- Notifications --------------------------------------------------------------------------------


class DigestPreference(models.Model):
    """Whether a person receives the weekly e-mail of what awaits them (yes unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followup_digest",
        verbose_name=_("utilisateur"),
    )
    weekly_digest = models.BooleanField(_("recevoir le récapitulatif hebdomadaire"), default=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return f"{self.user} : {self.weekly_digest}"
