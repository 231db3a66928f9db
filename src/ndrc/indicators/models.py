"""The facts of the indicators that no other app holds, and the surveys that collect them.

- `YearFigures` / `StatusFigures`: a year's figures recorded by the training manager for the
  years before the centre used ndrc (candidates, entries, leavers' situations, contracts,
  satisfaction), so that several years of indicators exist from the first day;
- `Interruption`: a learner who left the training before its end;
- `LeaverSituation`: a leaver's situation six months after the training, answered to the survey
  or learned by phone;
- `Survey`, `Question`, `Invitation`, `Response`: the satisfaction questionnaires (learners,
  companies) and the six-month survey, sent by e-mail with a personal link.

The indicators themselves are computed by the engine (`ndrc.regulation.indicators`) from these
facts and those of the learners, contracts and exams apps (`indicators.selectors`).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.companies.models import CompanyContact
from ndrc.core.models import TrainingCentre
from ndrc.core.validators import validate_plain_text
from ndrc.learners.models import Cohort, Learner

# The years a centre may record or survey: the BTS NDRC exists since the 2020 session (arrêté
# du 19 février 2018); earlier years of the former BTS NRC are accepted back to 2000.
FIRST_YEAR = 2000
LAST_YEAR = 2100


def validate_year(value: int) -> None:
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            _("Année attendue entre %(first)s et %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year_out_of_range",
        )


class Status(models.TextChoices):
    """The statuses the indicators are given for (`ndrc.regulation.indicators.STATUSES`)."""

    APPRENTICE = "apprentice", _("Apprentis")
    STUDENT = "student", _("Étudiants (voie scolaire)")
    CONTINUING_EDUCATION = "continuing_education", _("Stagiaires de la formation continue")
    OTHER = "other", _("Autres statuts")


class Situation(models.TextChoices):
    EMPLOYED = "employed", _("En emploi")
    FURTHER_STUDIES = "further_studies", _("En poursuite d'études (apprentissage compris)")
    SEEKING = "seeking", _("En recherche d'emploi")
    OTHER = "other", _("Autre situation")


class EmploymentKind(models.TextChoices):
    PERMANENT = "permanent", _("CDI")
    FIXED_TERM = "fixed_term", _("CDD")
    TEMPORARY = "temporary", _("Intérim")
    SELF_EMPLOYED = "self_employed", _("À son compte")
    OTHER = "other", _("Autre emploi")


class SituationSource(models.TextChoices):
    SURVEY = "survey", _("Enquête en ligne")
    PHONE = "phone", _("Appel téléphonique")
    OTHER = "other", _("Autre (courriel, rencontre…)")


class InterruptionReason(models.TextChoices):
    DROPPED_OUT = "dropped_out", _("Abandon")
    REORIENTED = "reoriented", _("Réorientation")
    NO_EMPLOYER = "no_employer", _("Pas de nouvel employeur après une rupture")
    EXCLUDED = "excluded", _("Exclusion")
    OTHER = "other", _("Autre motif")


class YearFigures(models.Model):
    """A year's figures recorded by hand (a year before ndrc, or what ndrc did not hold): the
    companies' satisfaction here, the rest by status in `StatusFigures`. A family of figures
    recorded (not all zero) replaces ndrc's own facts of that family for the year."""

    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.PROTECT,
        related_name="indicator_years",
        verbose_name=_("centre de formation"),
    )
    year = models.PositiveSmallIntegerField(_("session"), validators=[validate_year])
    companies_answered = models.PositiveIntegerField(
        _("entreprises ayant répondu (satisfaction)"), default=0
    )
    companies_satisfied = models.PositiveIntegerField(_("dont satisfaites"), default=0)
    note = models.CharField(
        _("origine des chiffres"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    recorded_at = models.DateTimeField(_("saisis le"))

    class Meta:
        verbose_name = _("chiffres saisis d'une année")
        verbose_name_plural = _("chiffres saisis des années")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_centre", "year"],
                name="one_figures_per_centre_year",
                violation_error_message=_("Les chiffres de cette session sont déjà saisis."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_centre.name} — {self.year}"


# The counts of `StatusFigures`, by family: the facts each family stands for.
FIGURE_FAMILIES = {
    "candidates": ("candidates_present", "candidates_admitted", "candidates_absent"),
    "enrolments": ("enrolled", "interrupted"),
    "leavers": (
        "leavers_employed",
        "leavers_further_studies",
        "leavers_seeking",
        "leavers_other",
        "leavers_unknown",
    ),
    "contracts": ("contracts_concluded", "contracts_terminated", "contracts_terminated_trial"),
    "answers": ("learners_answered", "learners_satisfied"),
}


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0, validators=[MaxValueValidator(100_000)])


class StatusFigures(models.Model):
    """The recorded counts of one status for a year."""

    year_figures = models.ForeignKey(YearFigures, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(_("statut"), max_length=24, choices=Status.choices)
    candidates_present = _count(_("candidats présents à l'examen"))
    candidates_admitted = _count(_("dont reçus"))
    candidates_absent = _count(_("candidats inscrits absents"))
    enrolled = _count(_("apprenants entrés en formation"))
    interrupted = _count(_("dont partis avant le terme"))
    leavers_employed = _count(_("sortants en emploi à 6 mois"))
    leavers_further_studies = _count(_("sortants en poursuite d'études"))
    leavers_seeking = _count(_("sortants en recherche d'emploi"))
    leavers_other = _count(_("sortants dans une autre situation"))
    leavers_unknown = _count(_("sortants de situation inconnue"))
    contracts_concluded = _count(_("contrats d'apprentissage conclus"))
    contracts_terminated = _count(_("dont rompus avant leur terme"))
    contracts_terminated_trial = _count(_("dont rompus pendant les 45 premiers jours"))
    learners_answered = _count(_("apprenants ayant répondu (satisfaction)"))
    learners_satisfied = _count(_("dont satisfaits"))

    class Meta:
        verbose_name = _("chiffres d'un statut")
        verbose_name_plural = _("chiffres des statuts")
        constraints = [
            models.UniqueConstraint(fields=["year_figures", "status"], name="one_row_per_status")
        ]

    def __str__(self) -> str:
        return f"{self.year_figures} — {self.get_status_display()}"

    def recorded(self, family: str) -> bool:
        return any(getattr(self, name) for name in FIGURE_FAMILIES[family])


class Interruption(models.Model):
    """A learner who left the training before its end (taux d'interruption, L. 6111-8, 3°)."""

    learner = models.OneToOneField(
        Learner,
        on_delete=models.CASCADE,
        related_name="training_interruption",
        verbose_name=_("apprenant"),
    )
    left_on = models.DateField(_("a quitté la formation le"))
    reason = models.CharField(_("motif"), max_length=16, choices=InterruptionReason.choices)
    note = models.CharField(
        _("précision"), max_length=200, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("interruption de formation")
        verbose_name_plural = _("interruptions de formation")

    def __str__(self) -> str:
        return f"{self.learner} — {self.left_on:%d/%m/%Y}"


class LeaverSituation(models.Model):
    """A leaver's situation six months after the training (taux de poursuite d'études et
    d'insertion, L. 6111-8, 2° and 4°)."""

    learner = models.OneToOneField(
        Learner,
        on_delete=models.CASCADE,
        related_name="six_month_situation",
        verbose_name=_("apprenant"),
    )
    situation = models.CharField(_("situation"), max_length=16, choices=Situation.choices)
    employment = models.CharField(
        _("type d'emploi"), max_length=16, choices=EmploymentKind.choices, blank=True
    )
    related_to_training = models.BooleanField(_("en lien avec la formation"), null=True, blank=True)
    detail = models.CharField(
        _("employeur et poste, ou formation suivie"),
        max_length=200,
        blank=True,
        validators=[validate_plain_text],
    )
    source = models.CharField(_("source"), max_length=8, choices=SituationSource.choices)
    observed_on = models.DateField(_("situation connue le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
    )

    class Meta:
        verbose_name = _("situation à six mois")
        verbose_name_plural = _("situations à six mois")

    def __str__(self) -> str:
        return f"{self.learner} — {self.get_situation_display()}"

    def clean(self) -> None:
        if self.situation == Situation.EMPLOYED:
            return
        errors = {}
        if self.employment:
            errors["employment"] = _("Le type d'emploi ne vaut que pour une personne en emploi.")
        if self.related_to_training is not None:
            errors["related_to_training"] = _(
                "Le lien avec la formation ne vaut que pour une personne en emploi."
            )
        if errors:
            raise ValidationError(errors)


class SurveyKind(models.TextChoices):
    LEARNERS = "learners", _("Satisfaction des apprenants")
    COMPANIES = "companies", _("Satisfaction des entreprises")
    SIX_MONTHS = "six_months", _("Situation six mois après la formation")


class Survey(models.Model):
    """A questionnaire sent to the learners or the companies of a session's cohorts (or of one
    cohort), or the six-month survey of its leavers."""

    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("centre de formation"),
    )
    kind = models.CharField(_("enquête"), max_length=16, choices=SurveyKind.choices)
    year = models.PositiveSmallIntegerField(_("session"), validators=[validate_year])
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("promotion (toutes celles de la session si vide)"),
    )
    title = models.CharField(_("titre"), max_length=200, validators=[validate_plain_text])
    anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=True,
        help_text=_("Les réponses ne sont pas reliées à la personne qui répond."),
    )
    closes_on = models.DateField(_("clôture le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"))
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")
        ordering = ["-year", "kind", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="six_months") | Q(anonymous=False),
                name="six_month_survey_is_nominative",
                violation_error_message=_(
                    "L'enquête à six mois enregistre la situation de chacun : elle n'est pas "
                    "anonyme."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Satisfaction de 1 à 4")
    YES_NO = "yes_no", _("Oui ou non")
    TEXT = "text", _("Réponse libre")


class Question(models.Model):
    """A question of a satisfaction questionnaire; `overall` marks the question of overall
    satisfaction the indicator counts (one per questionnaire, on the 1 to 4 scale)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("ordre"))
    text = models.CharField(_("question"), max_length=300, validators=[validate_plain_text])
    kind = models.CharField(_("type de réponse"), max_length=8, choices=QuestionKind.choices)
    overall = models.BooleanField(_("satisfaction globale"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey"], condition=Q(overall=True), name="one_overall_question"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """A person asked to answer a survey through a personal link (`token`). The e-mail address
    is the learner's or the contact's, read when sending: none is copied here, so that erasing a
    person's data leaves none behind."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    contact = models.ForeignKey(
        CompanyContact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_invitations",
    )
    token = models.CharField(max_length=64, unique=True, validators=[validate_plain_text])
    sent_at = models.DateTimeField(_("envoyée le"))
    reminders = models.PositiveSmallIntegerField(_("relances"), default=0)
    reminded_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)
    answered_at = models.DateTimeField(_("a répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "learner"], name="one_learner_invitation"),
            models.UniqueConstraint(fields=["survey", "contact"], name="one_contact_invitation"),
            models.CheckConstraint(
                condition=Q(learner__isnull=True) ^ Q(contact__isnull=True),
                name="invitation_to_a_learner_or_a_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.learner or self.contact}"

    @property
    def email(self) -> str:
        return (self.learner or self.contact).email


class Response(models.Model):
    """The answers to a satisfaction questionnaire. Anonymous: linked to no invitation, not dated,
    and keyed by a random id, so that neither order nor time ties it to the person; only the
    respondent's status is kept, for the rates by status."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="response"
    )
    status = models.CharField(_("statut"), max_length=24, choices=Status.choices, blank=True)
    answers = models.JSONField(_("réponses"), default=dict)
    satisfied = models.BooleanField(_("satisfait"), null=True)
    submitted_on = models.DateField(_("répondu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self) -> str:
        return f"{self.survey} — {self.pk}"
