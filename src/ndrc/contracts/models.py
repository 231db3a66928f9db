"""Alternance records: employment contracts, internship agreements and internship certificates.

The rules (age, dates, pay, quotas, caps) live in the engine (`ndrc.regulation.contracts`,
`ndrc.regulation.internships`); services call it before writing. These models hold the facts.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ndrc.companies.models import Company, CompanyContact, Supervision
from ndrc.core.validators import validate_plain_text
from ndrc.learners.models import Learner


class ContractKind(models.TextChoices):
    APPRENTICESHIP = "apprenticeship", _("Contrat d'apprentissage")
    PROFESSIONALISATION = "professionalisation", _("Contrat de professionnalisation")


class Qualification(models.TextChoices):
    BELOW_BAC_PRO = "below_bac_pro", _("Inférieure au bac professionnel")
    BAC_PRO_OR_ABOVE = "bac_pro_or_above", _("Bac professionnel ou titre de même niveau, ou plus")


class AgeException(models.TextChoices):
    # The codes of the parameter apprenticeship/age_limit_exceptions (L. 6222-2).
    HIGHER_DIPLOMA = "higher_diploma", _("Suite d'un contrat, diplôme de niveau supérieur")
    TERMINATION_BEYOND_CONTROL = (
        "termination_beyond_control",
        _("Rupture indépendante de la volonté de l'apprenti ou inaptitude temporaire"),
    )
    DISABILITY = "disability", _("Travailleur handicapé (RQTH)")
    BUSINESS_CREATION = "business_creation", _("Projet de création ou de reprise d'entreprise")
    HIGH_LEVEL_ATHLETE = "high_level_athlete", _("Sportif de haut niveau")


class TerminationCause(models.TextChoices):
    TRIAL_PERIOD = "trial_period", _("Pendant les 45 premiers jours en entreprise")
    MUTUAL_AGREEMENT = "mutual_agreement", _("Accord écrit des deux parties")
    APPRENTICE_RESIGNATION = (
        "apprentice_resignation",
        _("Démission de l'apprenti (après médiation)"),
    )
    DISMISSAL = "dismissal", _("Licenciement (faute grave, inaptitude, force majeure…)")
    EMPLOYER_LIQUIDATION = "employer_liquidation", _("Liquidation judiciaire de l'employeur")
    DIPLOMA_OBTAINED = "diploma_obtained", _("Obtention du diplôme")
    CFA_EXCLUSION = "cfa_exclusion", _("Exclusion définitive du centre de formation")
    OTHER = "other", _("Autre")


class Contract(models.Model):
    """An apprenticeship or professionalisation contract of a learner with an employer."""

    kind = models.CharField(_("type de contrat"), max_length=32, choices=ContractKind.choices)
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="contracts")
    employer = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("employeur")
    )
    apprenticeship_master = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("maître d'apprentissage ou tuteur"),
    )
    start = models.DateField(_("début du contrat"))
    end = models.DateField(_("fin du contrat"))
    cycle_start = models.DateField(_("début du cycle de formation"))
    # No default: the services give the legal working week on the first day (a parameter).
    weekly_hours = models.DecimalField(
        _("durée hebdomadaire (heures)"), max_digits=4, decimal_places=2
    )
    conventional_minimum = models.DecimalField(
        _("salaire minimum conventionnel mensuel"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Minimum de la convention collective ou de la branche, s'il y en a un."),
    )
    qualification = models.CharField(
        _("qualification à l'entrée (professionnalisation)"),
        max_length=32,
        choices=Qualification.choices,
        blank=True,
    )
    credited_years = models.PositiveSmallIntegerField(
        _("années du cycle déjà acquises"),
        default=0,
        help_text=_(
            "Ex. 1 pour un contrat d'un an après une 1re année de BTS sous statut scolaire."
        ),
    )
    plus_15_points = models.BooleanField(
        _("majoration de 15 points"),
        default=False,
        help_text=_(
            "Contrat d'un an au plus, diplôme de même niveau en rapport direct (D. 6222-30)."
        ),
    )
    disability = models.BooleanField(_("apprenti reconnu travailleur handicapé"), default=False)
    age_exception = models.CharField(
        _("dérogation à la limite d'âge"), max_length=32, choices=AgeException.choices, blank=True
    )
    previous_contract_end = models.DateField(_("fin du contrat précédent"), null=True, blank=True)
    previous_diploma_obtained = models.BooleanField(
        _("le contrat précédent a conduit au diplôme"), default=False
    )
    previous_same_employer = models.BooleanField(
        _("contrat précédent chez le même employeur"), default=False
    )
    previous_last_year_rate = models.DecimalField(
        _("part du SMIC de la dernière année du contrat précédent"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
    )
    termination_date = models.DateField(_("date de rupture"), null=True, blank=True)
    termination_cause = models.CharField(
        _("motif de la rupture"), max_length=32, choices=TerminationCause.choices, blank=True
    )
    prorogation_end = models.DateField(
        _("prorogation après échec à l'examen, jusqu'au"), null=True, blank=True
    )
    # The engine's checks as they stood when the contract was last saved, warnings accepted.
    review = models.JSONField(
        _("contrôles au moment de l'enregistrement"), default=list, blank=True
    )
    # The master's supervision of the learner that the contract makes, for its dates (services).
    supervision = models.OneToOneField(
        Supervision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contract",
        verbose_name=_("encadrement"),
    )

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="contract_end_after_start",
                violation_error_message=_("La fin du contrat précède son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.learner} ({self.start:%d/%m/%Y})"

    @property
    def last_day(self) -> date:
        """The last day the contract runs: its termination, or its prorogation, or its end."""
        if self.termination_date:
            return self.termination_date
        return self.prorogation_end or self.end

    def clean(self) -> None:
        errors = {}
        if self.apprenticeship_master_id and self.employer_id:
            master = self.apprenticeship_master
            if master.company_id != self.employer_id:
                errors["apprenticeship_master"] = _(
                    "%(name)s ne fait pas partie de l'employeur."
                ) % {"name": master.full_name}
            elif self.kind == ContractKind.APPRENTICESHIP and not master.is_apprenticeship_master:
                errors["apprenticeship_master"] = _(
                    "%(name)s n'est pas déclaré(e) maître d'apprentissage."
                ) % {"name": master.full_name}
        if self.kind == ContractKind.PROFESSIONALISATION and not self.qualification:
            errors["qualification"] = _(
                "Indiquez la qualification (contrat de professionnalisation)."
            )
        if bool(self.termination_date) != bool(self.termination_cause):
            errors["termination_cause"] = _("Une rupture a une date et un motif.")
        if (
            self.termination_date
            and self.start
            and not (self.start <= self.termination_date <= (self.prorogation_end or self.end))
        ):
            errors["termination_date"] = _("La rupture doit tomber pendant le contrat.")
        if self.prorogation_end and self.kind != ContractKind.APPRENTICESHIP:
            errors["prorogation_end"] = _("La prorogation concerne le contrat d'apprentissage.")
        if errors:
            raise ValidationError(errors)


class InternshipAgreement(models.Model):
    """An internship agreement (convention de stage) for one period with one host (annexe III b).

    `clauses` and `pedagogical_annex` map the codes of the framework's `internship.yaml` to the
    text agreed for each.
    """

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="internship_agreements"
    )
    host = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="internship_agreements",
        verbose_name=_("organisme d'accueil"),
    )
    tutor = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        related_name="internship_agreements",
        verbose_name=_("tuteur"),
    )
    start = models.DateField(_("premier jour"))
    end = models.DateField(_("dernier jour"))
    # No default: the services give the legal working week on the first day (a parameter).
    weekly_hours = models.DecimalField(
        _("durée hebdomadaire de présence (heures)"), max_digits=4, decimal_places=2
    )
    clauses = models.JSONField(_("clauses"), default=dict)
    pedagogical_annex = models.JSONField(_("annexe pédagogique"), default=dict)
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    # The tutor's supervision of the learner that the signed agreement makes, for its dates.
    supervision = models.OneToOneField(
        Supervision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement",
        verbose_name=_("encadrement"),
    )

    class Meta:
        verbose_name = _("convention de stage")
        verbose_name_plural = _("conventions de stage")
        ordering = ["-start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="internship_agreement_end_after_start",
                violation_error_message=_("Le dernier jour du stage précède le premier."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} chez {self.host} ({self.start:%d/%m/%Y} – {self.end:%d/%m/%Y})"

    def clean(self) -> None:
        if self.tutor_id and self.host_id:
            if self.tutor.company_id != self.host_id:
                raise ValidationError(
                    {
                        "tutor": _("%(name)s ne fait pas partie de l'organisme d'accueil.")
                        % {"name": self.tutor.full_name}
                    }
                )
            if not self.tutor.is_internship_tutor:
                raise ValidationError(
                    {
                        "tutor": _("%(name)s n'est pas déclaré(e) tuteur de stage.")
                        % {"name": self.tutor.full_name}
                    }
                )


class InternshipCertificate(models.Model):
    """The certificate the host gives at the end of an internship: its dates and duration."""

    agreement = models.OneToOneField(
        InternshipAgreement, on_delete=models.CASCADE, related_name="certificate"
    )
    start = models.DateField(_("premier jour effectué"))
    end = models.DateField(_("dernier jour effectué"))
    signed_on = models.DateField(_("signée le"))
    signatory = models.CharField(
        _("signataire pour l'organisme d'accueil"), max_length=200, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("attestation de stage")
        verbose_name_plural = _("attestations de stage")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="internship_certificate_end_after_start",
                violation_error_message=_("Le dernier jour du stage précède le premier."),
            )
        ]

    def __str__(self) -> str:
        return f"Attestation — {self.agreement}"

    def clean(self) -> None:
        if self.end and self.signed_on and self.signed_on < self.end:
            raise ValidationError(
                {"signed_on": _("L'attestation se signe à la fin du stage, pas avant.")}
            )


class ReductionReason(models.TextChoices):
    # Annexe III b, III: the three grounds for shortening the internship.
    FORCE_MAJEURE = "force_majeure", _("Force majeure dûment constatée")
    TRAINING_ADJUSTMENT = "training_adjustment", _("Décision d'aménagement de la formation")
    POSITIONING = "positioning", _("Décision de positionnement")


class InternshipReduction(models.Model):
    """A decided reduction of the learner's required internship duration (annexe III b, III).

    One per learner: the internship is the same for the E4 and E6 dossiers. The floor (8 weeks)
    and the route's duration are checked by the engine in the service.
    """

    learner = models.OneToOneField(
        Learner, on_delete=models.CASCADE, related_name="internship_reduction"
    )
    weeks = models.PositiveSmallIntegerField(_("durée de stage réduite à (semaines)"))
    reason = models.CharField(_("motif"), max_length=24, choices=ReductionReason.choices)
    decided_on = models.DateField(_("décidée le"))
    note = models.CharField(
        _("référence de la décision"), max_length=200, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("réduction de la durée de stage")
        verbose_name_plural = _("réductions de la durée de stage")

    def __str__(self) -> str:
        return f"{self.learner} : {self.weeks} semaines ({self.get_reason_display()})"
