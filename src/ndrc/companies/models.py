"""Companies hosting learners, the people there, and who supervises whom."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.core.validators import (
    validate_phone,
    validate_plain_text,
    validate_postal_code,
    validate_siret,
)
from ndrc.learners.models import Learner


class Company(models.Model):
    """A company (entreprise d'accueil), keyed by its SIRET; shared by the centres of a site."""

    name = models.CharField(_("raison sociale"), max_length=200, validators=[validate_plain_text])
    siret = models.CharField(
        _("SIRET"), max_length=14, unique=True, validators=[validate_siret, validate_plain_text]
    )
    headcount = models.PositiveIntegerField(_("effectif"), null=True, blank=True)
    street = models.CharField(
        _("adresse"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    postal_code = models.CharField(
        _("code postal"),
        max_length=5,
        blank=True,
        validators=[validate_postal_code, validate_plain_text],
    )
    city = models.CharField(
        _("commune"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    naf_code = models.CharField(
        _("code NAF"), max_length=6, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContactRole(models.TextChoices):
    APPRENTICESHIP_MASTER = "apprenticeship_master", _("Maître d'apprentissage")
    INTERNSHIP_TUTOR = "internship_tutor", _("Tuteur de stage")


class CompanyContact(models.Model):
    """A person at a company: apprenticeship master, internship tutor, or both."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("entreprise")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="company_contact",
        verbose_name=_("compte"),
    )
    first_name = models.CharField(_("prénom"), max_length=100, validators=[validate_plain_text])
    last_name = models.CharField(_("nom"), max_length=100, validators=[validate_plain_text])
    email = models.EmailField(_("courriel"), blank=True, validators=[validate_plain_text])
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_phone, validate_plain_text]
    )
    job_title = models.CharField(
        _("fonction"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    is_apprenticeship_master = models.BooleanField(_("maître d'apprentissage"), default=False)
    is_internship_tutor = models.BooleanField(_("tuteur de stage"), default=False)
    # What the master's and tutor's legal conditions are checked on (ndrc.regulation.masters);
    # blank: not declared, the qualification is then not checked.
    related_diploma_level = models.PositiveSmallIntegerField(
        _("niveau du plus haut diplôme du domaine"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_(
            "Diplôme ou titre du domaine professionnel du diplôme préparé, niveau 1 à 8 du cadre "
            "national des certifications (BTS : 5). Vide : aucun."
        ),
    )
    related_experience_years = models.DecimalField(
        _("années d'activité en rapport avec la qualification préparée"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("Hors stages et périodes de formation (R. 6223-22). Vide : non renseigné."),
    )
    is_employer = models.BooleanField(_("employeur (assure lui-même le tutorat)"), default=False)

    class Meta:
        verbose_name = _("contact en entreprise")
        verbose_name_plural = _("contacts en entreprise")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.company})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Supervision(models.Model):
    """A contact supervising a learner from `start` to `end`: what gives a tutor access."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="supervisions", verbose_name=_("apprenant")
    )
    contact = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        related_name="supervisions",
        verbose_name=_("encadrant"),
    )
    role = models.CharField(_("rôle"), max_length=32, choices=ContactRole.choices)
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("encadrement")
        verbose_name_plural = _("encadrements")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="supervision_end_after_start",
                violation_error_message=_("La fin de l'encadrement précède son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact.full_name} → {self.learner} ({self.get_role_display()})"

    def covers(self, on) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)
