"""Admissions: from the first application to the enrolled apprentice with a contract.

An **intake** (session de recrutement) gathers the applications to one training of a centre for
one start date; its public form is opened and closed by the centre. An **application** moves
through the centre's **stages** (the names are the centre's, the codes fixed), or ends withdrawn
or refused; every move is kept (`StageMove`). Interviews, the positioning decision, the
disability referent's adaptations, the applications to companies and the employer's commitment
hang on the application; enrolment makes it a `learners.Learner` (and drafts the contract
through the contracts app). Companies post **offers**; the centre proposes candidates to them.

Personal links (the applicant's file, a company's offer) are random tokens of which only the
SHA-256 digest is stored (`admissions.tokens`).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.companies.models import Company, CompanyContact
from ndrc.core.models import TrainingCentre
from ndrc.core.validators import (
    validate_multiline_text,
    validate_phone,
    validate_plain_text,
    validate_postal_code,
)
from ndrc.learners.models import Cohort, Learner

TEXT_LIMIT = 5000  # characters of a free text typed in a public form


class Stage(models.TextChoices):
    """The stages of the pipeline, in order. The centre renames them (`StageSetting.label`)."""

    RECEIVED = "received", _("Candidature reçue")
    INFORMATION_MEETING = "information_meeting", _("Réunion d'information")
    INTERVIEW = "interview", _("Entretien")
    POSITIONING = "positioning", _("Positionnement")
    ACCEPTED = "accepted", _("Admis, en recherche d'entreprise")
    COMPANY_FOUND = "company_found", _("Entreprise trouvée")
    CONTRACT_SIGNED = "contract_signed", _("Contrat signé")
    ENROLLED = "enrolled", _("Inscrit")


STAGE_ORDER = {code: index for index, code in enumerate(Stage.values)}


class Outcome(models.TextChoices):
    ACTIVE = "active", _("En cours")
    WITHDRAWN = "withdrawn", _("Désistement")
    REFUSED = "refused", _("Refusée")
    MERGED = "merged", _("Fusionnée avec un doublon")


class EmailStep(models.TextChoices):
    """When an e-mail may go to the applicant: entering a stage, or a withdrawal or refusal."""

    RECEIVED = Stage.RECEIVED.value, Stage.RECEIVED.label
    INFORMATION_MEETING = Stage.INFORMATION_MEETING.value, Stage.INFORMATION_MEETING.label
    INTERVIEW = Stage.INTERVIEW.value, Stage.INTERVIEW.label
    POSITIONING = Stage.POSITIONING.value, Stage.POSITIONING.label
    ACCEPTED = Stage.ACCEPTED.value, Stage.ACCEPTED.label
    COMPANY_FOUND = Stage.COMPANY_FOUND.value, Stage.COMPANY_FOUND.label
    CONTRACT_SIGNED = Stage.CONTRACT_SIGNED.value, Stage.CONTRACT_SIGNED.label
    ENROLLED = Stage.ENROLLED.value, Stage.ENROLLED.label
    WITHDRAWN = Outcome.WITHDRAWN.value, Outcome.WITHDRAWN.label
    REFUSED = Outcome.REFUSED.value, Outcome.REFUSED.label


class Source(models.TextChoices):
    FORM = "form", _("Formulaire en ligne")
    PARCOURSUP = "parcoursup", _("Parcoursup")
    CENTRE = "centre", _("Saisie par le centre")


class Route(models.TextChoices):
    APPRENTICESHIP = "apprenticeship", _("Apprentissage")
    SCHOOL = "school", _("Scolaire")
    CONTINUING = "continuing", _("Stagiaires de la formation continue")


class StageSetting(models.Model):
    """A centre's name for a stage, and the e-mail (French template) sent when an application
    enters it, if the centre chose to send one."""

    training_centre = models.ForeignKey(
        TrainingCentre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    step = models.CharField(_("étape"), max_length=24, choices=EmailStep.choices)
    label = models.CharField(_("nom affiché"), max_length=100, validators=[validate_plain_text])
    send_email = models.BooleanField(_("écrire au candidat"), default=False)
    email_subject = models.CharField(
        _("objet du courriel"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    email_body = models.TextField(
        _("texte du courriel"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text],
    )

    class Meta:
        verbose_name = _("réglage d'étape")
        verbose_name_plural = _("réglages des étapes")
        constraints = [
            models.UniqueConstraint(fields=["training_centre", "step"], name="unique_stage_step")
        ]

    def __str__(self) -> str:
        return self.label


class DisabilityReferent(models.Model):
    """The person a centre designates to receive disabled applicants and record adaptations
    (référent handicap): the only one, with administrators, who reads their confidential part."""

    training_centre = models.ForeignKey(
        TrainingCentre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("référent handicap"),
    )

    class Meta:
        verbose_name = _("référent handicap")
        verbose_name_plural = _("référents handicap")
        constraints = [
            models.UniqueConstraint(fields=["training_centre", "user"], name="unique_referent")
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class CohortPlaces(models.Model):
    """How many learners a cohort takes ("sous réserve de places disponibles")."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="+", verbose_name=_("promotion")
    )
    places = models.PositiveSmallIntegerField(_("places"), validators=[MaxValueValidator(500)])

    class Meta:
        verbose_name = _("capacité d'une promotion")
        verbose_name_plural = _("capacités des promotions")

    def __str__(self) -> str:
        return f"{self.cohort} : {self.places}"


class Intake(models.Model):
    """The recruitment for one training of a centre and one start date, with its public form."""

    training_centre = models.ForeignKey(
        TrainingCentre, on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("promotion d'accueil"),
    )
    title = models.CharField(_("formation"), max_length=200, validators=[validate_plain_text])
    route = models.CharField(
        _("voie"), max_length=16, choices=Route.choices, default=Route.APPRENTICESHIP
    )
    default_category = models.CharField(
        _("statut des inscrits"), max_length=32, validators=[validate_plain_text]
    )
    training_start = models.DateField(_("début de la formation"))
    is_open = models.BooleanField(_("formulaire ouvert"), default=False)
    closes_on = models.DateField(_("clôture des candidatures"), null=True, blank=True)
    # The public form's address: random, so that closed or future intakes are not listed.
    public_key = models.CharField(
        _("clé du formulaire public"), max_length=32, unique=True, validators=[validate_plain_text]
    )
    created_at = models.DateTimeField(_("créée le"))

    class Meta:
        verbose_name = _("session de recrutement")
        verbose_name_plural = _("sessions de recrutement")
        ordering = ["-training_start", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.training_start:%d/%m/%Y})"


class Application(models.Model):
    """One person's application to an intake, whatever its source."""

    intake = models.ForeignKey(
        Intake, on_delete=models.PROTECT, related_name="applications", verbose_name=_("session")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    stage = models.CharField(
        _("étape"), max_length=24, choices=Stage.choices, default=Stage.RECEIVED
    )
    outcome = models.CharField(
        _("issue"), max_length=16, choices=Outcome.choices, default=Outcome.ACTIVE
    )
    outcome_reason = models.TextField(
        _("motif"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text]
    )
    stage_since = models.DateTimeField(_("à cette étape depuis"))
    first_name = models.CharField(_("prénom"), max_length=100, validators=[validate_plain_text])
    last_name = models.CharField(_("nom"), max_length=100, validators=[validate_plain_text])
    birth_date = models.DateField(_("date de naissance"))
    email = models.EmailField(_("courriel"), validators=[validate_plain_text])
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_phone, validate_plain_text]
    )
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
    guardian_name = models.CharField(
        _("représentant légal"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    guardian_email = models.EmailField(
        _("courriel du représentant légal"), blank=True, validators=[validate_plain_text]
    )
    guardian_phone = models.CharField(
        _("téléphone du représentant légal"),
        max_length=20,
        blank=True,
        validators=[validate_phone, validate_plain_text],
    )
    ine = models.CharField(_("INE"), max_length=11, blank=True, validators=[validate_plain_text])
    parcoursup_number = models.CharField(
        _("numéro Parcoursup"), max_length=20, blank=True, validators=[validate_plain_text]
    )
    last_diploma = models.CharField(
        _("dernier diplôme ou classe"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    motivation = models.TextField(
        _("projet et motivation"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text],
    )
    has_recognised_disability = models.BooleanField(
        _("reconnaissance de la qualité de travailleur handicapé (RQTH)"), default=False
    )
    wants_disability_contact = models.BooleanField(
        _("souhaite rencontrer le référent handicap"), default=False
    )
    email_confirmed_at = models.DateTimeField(_("courriel confirmé le"), null=True, blank=True)
    access_token_digest = models.CharField(
        _("empreinte du lien personnel"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_plain_text],
    )
    created_at = models.DateTimeField(_("reçue le"), db_index=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fusionnée dans"),
    )
    learner = models.OneToOneField(
        Learner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("apprenant"),
    )

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["intake", "outcome", "stage"])]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class StageMove(models.Model):
    """One step of an application's path: a stage entered, a withdrawal or refusal, a reopening,
    or a merge — with who and when (`by` empty: the applicant, through the public pages)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="moves", verbose_name=_("candidature")
    )
    from_stage = models.CharField(
        _("étape de départ"), max_length=24, blank=True, validators=[validate_plain_text]
    )
    to_stage = models.CharField(_("étape"), max_length=24, choices=Stage.choices)
    outcome = models.CharField(_("issue"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("motif"), blank=True, validators=[validate_multiline_text])
    at = models.DateTimeField(_("le"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )

    class Meta:
        verbose_name = _("étape franchie")
        verbose_name_plural = _("étapes franchies")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["to_stage", "at"])]

    def __str__(self) -> str:
        return f"{self.application} → {self.to_stage} ({self.at:%d/%m/%Y})"


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    COVER_LETTER = "cover_letter", _("Lettre de motivation")
    SCHOOL_REPORTS = "school_reports", _("Bulletins scolaires")
    DIPLOMA = "diploma", _("Diplôme ou relevé de notes")
    IDENTITY = "identity", _("Pièce d'identité")
    OTHER = "other", _("Autre pièce")


def document_path(instance: "ApplicationDocument", filename: str) -> str:
    # Outside any public folder; a random name, so that a path reveals nothing about its owner.
    return f"admissions/{instance.application.intake_id}/{instance.stored_name}"


class ApplicationDocument(models.Model):
    """A file joined to an application, served to the centre's staff only."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("candidature"),
    )
    kind = models.CharField(_("pièce"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=300)
    stored_name = models.CharField(
        _("nom de stockage"), max_length=64, validators=[validate_plain_text]
    )
    name = models.CharField(_("nom du fichier"), max_length=200, validators=[validate_plain_text])
    content_type = models.CharField(_("type"), max_length=100, validators=[validate_plain_text])
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("déposé le"))

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class InterviewCriterion(models.Model):
    """A line of the centre's interview grid."""

    training_centre = models.ForeignKey(
        TrainingCentre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    label = models.CharField(_("critère"), max_length=200, validators=[validate_plain_text])
    description = models.CharField(
        _("ce qu'on observe"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("dans la grille"), default=True)

    class Meta:
        verbose_name = _("critère d'entretien")
        verbose_name_plural = _("grille d'entretien")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class InterviewDecision(models.TextChoices):
    FAVOURABLE = "favourable", _("Avis favorable")
    RESERVED = "reserved", _("Avis réservé")
    UNFAVOURABLE = "unfavourable", _("Avis défavorable")


class Interview(models.Model):
    """An interview held, with the grid as it stood then (`grid` keeps each criterion's
    wording, so a later edit of the grid never rewrites a past interview)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("candidature"),
    )
    held_on = models.DateField(_("date de l'entretien"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mené par"),
    )
    grid = models.JSONField(_("grille"), default=list, blank=True)
    decision = models.CharField(_("avis"), max_length=16, choices=InterviewDecision.choices)
    reasons = models.TextField(
        _("motifs de l'avis"), validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text]
    )
    recorded_at = models.DateTimeField(_("enregistré le"))

    class Meta:
        verbose_name = _("entretien")
        verbose_name_plural = _("entretiens")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application} — {self.held_on:%d/%m/%Y}"


class Positioning(models.Model):
    """The positioning decision: years of the cycle credited, years added, units exempted
    (with the titles that justify them). It flows into the enrolment (cohort year), the draft
    contract (`credited_years` of the pay) and, through `selectors.positioning_for`, the exam
    registration."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="positioning",
        verbose_name=_("candidature"),
    )
    credited_years = models.PositiveSmallIntegerField(
        _("années du cycle acquises"), default=0, validators=[MaxValueValidator(1)]
    )
    extra_years = models.PositiveSmallIntegerField(
        _("années ajoutées au parcours"), default=0, validators=[MaxValueValidator(1)]
    )
    exempted_units = models.JSONField(_("unités dispensées"), default=list, blank=True)
    qualifications = models.JSONField(
        _("titres justifiant les dispenses"), default=list, blank=True
    )
    reasons = models.TextField(
        _("motifs"), validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text]
    )
    decided_on = models.DateField(_("décidé le"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("décidé par"),
    )

    class Meta:
        verbose_name = _("positionnement")
        verbose_name_plural = _("positionnements")

    def __str__(self) -> str:
        return f"{self.application} — {self.decided_on:%d/%m/%Y}"


class Adaptation(models.Model):
    """What the disability referent recorded. `needs` stays between the referent and the
    administrators; the rest is shared with the training manager and, at enrolment, the exam
    accommodation and extra time go to the learner's record (whose own rules then apply)."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="adaptation",
        verbose_name=_("candidature"),
    )
    needs = models.TextField(
        _("besoins exprimés (confidentiel)"),
        validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text],
    )
    training_adaptations = models.TextField(
        _("aménagements de la formation"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text],
    )
    exam_accommodation = models.TextField(
        _("aménagements d'examen à demander"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text],
    )
    extra_time = models.BooleanField(_("tiers-temps"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("enregistré le"))

    class Meta:
        verbose_name = _("aménagements (référent handicap)")
        verbose_name_plural = _("aménagements (référent handicap)")

    def __str__(self) -> str:
        return f"{self.application}"


class OfferStatus(models.TextChoices):
    SUBMITTED = "submitted", _("À valider")
    PUBLISHED = "published", _("Publiée")
    FILLED = "filled", _("Pourvue")
    CLOSED = "closed", _("Fermée")


class Offer(models.Model):
    """A company's apprenticeship offer, posted through the public form or entered by the
    centre. The company follows the candidates proposed to it through a personal link."""

    training_centre = models.ForeignKey(
        TrainingCentre, on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )
    status = models.CharField(
        _("état"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.SUBMITTED
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entreprise"),
    )
    company_name = models.CharField(
        _("raison sociale"), max_length=200, validators=[validate_plain_text]
    )
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_plain_text])
    contact_name = models.CharField(
        _("personne à contacter"), max_length=200, validators=[validate_plain_text]
    )
    contact_email = models.EmailField(_("courriel du contact"), validators=[validate_plain_text])
    contact_phone = models.CharField(
        _("téléphone du contact"),
        max_length=20,
        blank=True,
        validators=[validate_phone, validate_plain_text],
    )
    position = models.CharField(_("poste"), max_length=200, validators=[validate_plain_text])
    description = models.TextField(
        _("missions"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text],
    )
    city = models.CharField(
        _("lieu de travail (commune)"), max_length=100, validators=[validate_plain_text]
    )
    postal_code = models.CharField(
        _("code postal"), max_length=5, validators=[validate_postal_code, validate_plain_text]
    )
    start_date = models.DateField(_("début souhaité"))
    access_token_digest = models.CharField(
        _("empreinte du lien de l'entreprise"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_plain_text],
    )
    created_at = models.DateTimeField(_("reçue le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
    )

    class Meta:
        verbose_name = _("offre d'entreprise")
        verbose_name_plural = _("offres d'entreprises")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.position} — {self.company_name}"


class CompanyApplicationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    INTERVIEW = "interview", _("Entretien prévu")
    ACCEPTED = "accepted", _("Retenu par l'entreprise")
    DECLINED_BY_COMPANY = "declined_by_company", _("Non retenu par l'entreprise")
    DECLINED_BY_CANDIDATE = "declined_by_candidate", _("Refusé par le candidat")


class CompanyApplication(models.Model):
    """A candidate's application to a company: proposed by the centre on an offer (the company
    then sees it through its link), or made by the candidate elsewhere and noted by the centre."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="company_applications",
        verbose_name=_("candidature"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("offre"),
    )
    company_name = models.CharField(
        _("entreprise"), max_length=200, validators=[validate_plain_text]
    )
    status = models.CharField(
        _("suite"),
        max_length=24,
        choices=CompanyApplicationStatus.choices,
        default=CompanyApplicationStatus.PROPOSED,
    )
    note = models.TextField(
        _("note"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT), validate_multiline_text]
    )
    created_at = models.DateTimeField(_("proposé le"))
    updated_at = models.DateTimeField(_("mis à jour le"))

    class Meta:
        verbose_name = _("candidature en entreprise")
        verbose_name_plural = _("candidatures en entreprise")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "offer"],
                condition=Q(offer__isnull=False),
                name="one_proposal_per_offer",
                violation_error_message=_("Ce candidat est déjà proposé sur cette offre."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.company_name}"


class EmployerCommitment(models.Model):
    """The employer's commitment (attestation d'engagement), recorded before the contract; the
    date the contract itself is signed comes later (`contract_signed_on`)."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="commitment",
        verbose_name=_("candidature"),
    )
    company_application = models.ForeignKey(
        CompanyApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidature en entreprise"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="+", verbose_name=_("employeur")
    )
    master = models.ForeignKey(
        CompanyContact,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("maître d'apprentissage"),
    )
    position = models.CharField(_("poste"), max_length=200, validators=[validate_plain_text])
    contract_start = models.DateField(_("début du contrat prévu"))
    signatory_name = models.CharField(
        _("signataire pour l'employeur"), max_length=200, validators=[validate_plain_text]
    )
    signed_on = models.DateField(_("attestation signée le"))
    contract_signed_on = models.DateField(_("contrat signé le"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"))

    class Meta:
        verbose_name = _("attestation d'engagement de l'employeur")
        verbose_name_plural = _("attestations d'engagement des employeurs")

    def __str__(self) -> str:
        return f"{self.application} — {self.company}"


class Merge(models.Model):
    """A duplicate absorbed into another application: what matched, and what was taken."""

    survivor = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="merges", verbose_name=_("gardée")
    )
    absorbed = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("absorbée")
    )
    matched_on = models.CharField(
        _("reconnue par"), max_length=200, validators=[validate_plain_text]
    )
    fields_taken = models.JSONField(_("valeurs reprises"), default=dict, blank=True)
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )

    class Meta:
        verbose_name = _("fusion de doublons")
        verbose_name_plural = _("fusions de doublons")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.survivor_id}"


class ParcoursupUpload(models.Model):
    """A Parcoursup file kept between its preview and its confirmation, by who sent it; its
    content (personal data) is emptied once applied."""

    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="+", verbose_name=_("session")
    )
    filename = models.CharField(_("fichier"), max_length=255, validators=[validate_plain_text])
    content = models.BinaryField(_("contenu"))
    row_count = models.PositiveIntegerField(_("lignes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("déposé le"))
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)
    counts = models.JSONField(_("résultat"), null=True, blank=True)

    class Meta:
        verbose_name = _("import Parcoursup")
        verbose_name_plural = _("imports Parcoursup")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class DeadlineAlert(models.Model):
    """An alert sent about the end of the period without a contract (once per threshold)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("candidature")
    )
    days_before = models.SmallIntegerField(_("jours avant l'échéance"))
    sent_on = models.DateField(_("envoyée le"))

    class Meta:
        verbose_name = _("alerte d'échéance")
        verbose_name_plural = _("alertes d'échéance")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "days_before"], name="one_alert_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — J-{self.days_before}"
