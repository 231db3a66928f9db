"""Forms of admissions: typed input only; the services validate and audit.

The public forms (an application, a company's offer) carry two guards against robots: a field
hidden from people (a robot fills every field) and the signed time the form was shown (a person
takes a few seconds; a form older than a day is stale).
"""

from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from ndrc.admissions.company_search import COMPANY_ANSWERS, OFFER_FIELDS
from ndrc.admissions.defaults import GRID_LEVELS
from ndrc.admissions.models import (
    Application,
    CompanyApplicationStatus,
    DocumentKind,
    InterviewDecision,
    Offer,
    Outcome,
    Route,
    Source,
    Stage,
    StageSetting,
)
from ndrc.admissions.services import (
    ADAPTATION_FIELDS,
    INTAKE_EDIT_FIELDS,
    PERSONAL_FIELDS,
    POSITIONING_FIELDS,
    STAGE_SETTING_FIELDS,
    intake_version,
)
from ndrc.core.ui.forms import VERSION, ChangesMixin, VersionMixin
from ndrc.learners.models import candidate_category_choices
from ndrc.regulation.framework import FRAMEWORKS_DIR, load_framework, read_yaml

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
FORM_MAX_AGE = 24 * 3600  # seconds a public form stays valid once shown
_SIGNING_SALT = "ndrc.admissions.public-form"


class RobotCheckMixin(forms.Form):
    """The honeypot field and the signed time the form was shown (see the module)."""

    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    shown_at = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now
        self.fields["shown_at"].initial = signing.dumps(now.timestamp(), salt=_SIGNING_SALT)

    def is_robot(self) -> bool:
        """True for a submission no person would make (the caller answers as if it worked)."""
        if self.data.get("website"):
            return True
        try:
            shown = signing.loads(
                self.data.get("shown_at", ""), salt=_SIGNING_SALT, max_age=FORM_MAX_AGE
            )
        except signing.BadSignature:
            return True
        return self.now.timestamp() - float(shown) < settings.ADMISSIONS_MIN_SECONDS


def _personal_fields(*, public: bool) -> dict[str, forms.Field]:
    names = [n for n in PERSONAL_FIELDS if not (public and n == "parcoursup_number")]
    fields = fields_for_model(
        Application,
        fields=names,
        widgets={"birth_date": DATE, "motivation": TEXTAREA},
    )
    fields["birth_date"].required = True
    fields["email"].required = True
    fields["phone"].required = public
    return fields


class ApplyForm(RobotCheckMixin):
    """The public application form of an intake, with its documents."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = _personal_fields(public=True)
        fields["motivation"].help_text = _(
            "Votre projet, ce qui vous attire dans le métier et l'alternance (5 000 caractères "
            "au plus)."
        )
        fields["has_recognised_disability"].help_text = _(
            "Facultatif : la formation est accessible à tous. Cette information n'est lue que "
            "par l'équipe d'admission et le référent handicap."
        )
        for kind, label in DocumentKind.choices:
            fields[f"document_{kind}"] = forms.FileField(label=label, required=False)
        fields["consent"] = forms.BooleanField(
            label=_("J'accepte que le centre traite ces informations pour étudier ma candidature."),
            required=True,
        )
        self.fields.update(fields)
        # The guards last, after what a person reads.
        for name in ("website", "shown_at"):
            self.fields[name] = self.fields.pop(name)

    def personal(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in PERSONAL_FIELDS if n in self.cleaned_data}

    def documents(self) -> list[tuple[str, Any]]:
        return [
            (kind, self.cleaned_data[f"document_{kind}"])
            for kind in DocumentKind.values
            if self.cleaned_data.get(f"document_{kind}")
        ]

    def document_fields(self) -> list[forms.BoundField]:
        return [self[f"document_{kind}"] for kind in DocumentKind.values]

    def person_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in PERSONAL_FIELDS if n in self.fields]


class OfferForm(forms.Form):
    """A company's offer: through the public form (with the robot checks) or by the centre."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Offer, fields=OFFER_FIELDS, widgets={"start_date": DATE, "description": TEXTAREA}
            )
        )
        # Typed with spaces ("802 345 678 00006"): the service normalises and checks it.
        self.fields["siret"] = forms.CharField(label=_("SIRET"), max_length=20)

    def offer(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OFFER_FIELDS}


class PublicOfferForm(RobotCheckMixin, OfferForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("website", "shown_at"):
            self.fields[name] = self.fields.pop(name)


class StaffOfferForm(VersionMixin, ChangesMixin, OfferForm):
    """An offer entered by the centre, or changed (`offer`: starting from its version)."""

    send_link = forms.BooleanField(
        label=_("Envoyer à l'entreprise son lien personnel"), required=False, initial=True
    )

    def __init__(self, *args: Any, offer: Offer | None = None, **kwargs: Any) -> None:
        if offer is not None:
            kwargs["initial"] = {name: getattr(offer, name) for name in OFFER_FIELDS}
        super().__init__(*args, **kwargs)
        if offer is not None:
            self.fields.pop("send_link")
            self.start_from(offer, OFFER_FIELDS)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Pièce"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Fichier (PDF, image, ODT, DOCX)"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi retirez-vous votre candidature ?"), widget=TEXTAREA, max_length=2000
    )


class IntakeForm(VersionMixin, forms.Form):
    """A new intake (or the settings of `intake`, the edit carrying the version it started
    from) with the places of its cohort (`places`: their number now)."""

    cohort = forms.ModelChoiceField(queryset=None, label=_("Promotion d'accueil"))
    title = forms.CharField(label=_("Formation"), max_length=200)
    route = forms.ChoiceField(label=_("Voie"), choices=Route.choices)
    default_category = forms.ChoiceField(label=_("Statut des inscrits"))
    training_start = forms.DateField(label=_("Début de la formation"), widget=DATE)
    closes_on = forms.DateField(label=_("Clôture des candidatures"), widget=DATE, required=False)
    places = forms.IntegerField(label=_("Places dans la promotion"), min_value=1, max_value=500)

    def __init__(
        self, *args: Any, cohorts: Any, intake: Any = None, places: Any = None, **kwargs: Any
    ) -> None:
        if intake is not None:
            initial = {name: getattr(intake, name) for name in INTAKE_EDIT_FIELDS}
            kwargs.setdefault("initial", {**initial, "cohort": intake.cohort, "places": places})
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["default_category"].choices = candidate_category_choices()
        self.fields["default_category"].initial = "apprenti_habilite"
        if intake is not None:
            self.start_from(intake, INTAKE_EDIT_FIELDS)
            self.fields[VERSION].initial = intake_version(intake, INTAKE_EDIT_FIELDS)

    def changes(self) -> dict[str, Any]:
        """An intake's settings as typed (the cohort only when changed: it stays)."""
        return {name: self.cleaned_data[name] for name in INTAKE_EDIT_FIELDS} | (
            {"cohort": self.cleaned_data["cohort"]} if "cohort" in self.changed_data else {}
        )


class ApplicationForm(VersionMixin, ChangesMixin, forms.Form):
    """What the applicant gave, typed or corrected by the centre (`application`: the one
    corrected, whose version the edit starts from)."""

    def __init__(self, *args: Any, application: Any = None, **kwargs: Any) -> None:
        if application is not None:
            kwargs.setdefault(
                "initial", {name: getattr(application, name) for name in PERSONAL_FIELDS}
            )
        super().__init__(*args, **kwargs)
        self.fields.update(_personal_fields(public=False))
        if application is not None:
            self.start_from(application, PERSONAL_FIELDS)


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Nouvelle étape"))
    reason = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s, labels[s]) for s in Stage.values]


class BulkMoveForm(MoveForm):
    applications = forms.ModelMultipleChoiceField(queryset=None, label=_("Candidatures"))

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["applications"].error_messages["required"] = _(
            "Cochez au moins une candidature."
        )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Issue"),
        choices=[
            (Outcome.WITHDRAWN, Outcome.WITHDRAWN.label),
            (Outcome.REFUSED, Outcome.REFUSED.label),
        ],
    )
    reason = forms.CharField(label=_("Motif"), widget=TEXTAREA, max_length=2000)


class InterviewForm(forms.Form):
    """The centre's grid (a level and a comment per line), then the decision and its reasons."""

    held_on = forms.DateField(label=_("Date de l'entretien"), widget=DATE)
    decision = forms.ChoiceField(label=_("Avis"), choices=InterviewDecision.choices)
    reasons = forms.CharField(label=_("Motifs de l'avis"), widget=TEXTAREA, max_length=5000)

    def __init__(self, *args: Any, criteria: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        levels = [("", "—"), *((str(value), label) for value, label in GRID_LEVELS)]
        for criterion in criteria:
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=levels,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire"), required=False, max_length=1000
            )

    def grid_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"level_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def levels(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data[f"level_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


def exemption_choices(framework: str) -> tuple[list, list]:
    """The units of the framework, and the titles its exemptions rest on (annexe II b)."""
    loaded = load_framework(framework)
    units = [(u.code, f"{u.code} — {u.title}") for u in loaded.units.values()]
    data = read_yaml(FRAMEWORKS_DIR / framework / "exemptions.yaml")
    titles = list(data["qualifications"].items())
    return units, titles


class PositioningForm(VersionMixin, forms.Form):
    """The positioning decision (`record`: the application's, or `positioning_default`, whose
    version the edit starts from)."""

    credited_years = forms.TypedChoiceField(
        label=_("Années du cycle acquises"),
        choices=[(0, _("Aucune")), (1, _("La 1re année (entrée en 2e année)"))],
        coerce=int,
    )
    extra_years = forms.TypedChoiceField(
        label=_("Années ajoutées au parcours"),
        choices=[(0, _("Aucune")), (1, _("Une année de plus"))],
        coerce=int,
    )
    exempted_units = forms.MultipleChoiceField(
        label=_("Unités dispensées"), required=False, widget=forms.CheckboxSelectMultiple
    )
    qualifications = forms.MultipleChoiceField(
        label=_("Titres qui les justifient"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reasons = forms.CharField(label=_("Motifs"), widget=TEXTAREA, max_length=5000)
    decided_on = forms.DateField(label=_("Décidé le"), widget=DATE)

    def __init__(self, *args: Any, framework: str, record: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {name: getattr(record, name) for name in POSITIONING_FIELDS}
        super().__init__(*args, **kwargs)
        units, titles = exemption_choices(framework)
        self.fields["exempted_units"].choices = units
        self.fields["qualifications"].choices = titles
        self.start_from(record, POSITIONING_FIELDS)


class AdaptationForm(VersionMixin, forms.Form):
    """The referent's record (`record`: the application's, or an unsaved one, whose version
    the edit starts from: what the referent writes, not who recorded it when)."""

    needs = forms.CharField(label=_("Besoins exprimés (confidentiel)"), widget=TEXTAREA)
    training_adaptations = forms.CharField(
        label=_("Aménagements de la formation"), widget=TEXTAREA, required=False
    )
    exam_accommodation = forms.CharField(
        label=_("Aménagements d'examen à demander"), widget=TEXTAREA, required=False
    )
    extra_time = forms.BooleanField(label=_("Tiers-temps"), required=False)

    def __init__(self, *args: Any, record: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {name: getattr(record, name) for name in ADAPTATION_FIELDS}
        super().__init__(*args, **kwargs)
        self.start_from(record, ADAPTATION_FIELDS)


class StageSettingForm(VersionMixin, forms.ModelForm):
    """A step's name and e-mail (`instance`: the centre's, or the default, whose version the
    edit starts from)."""

    class Meta:
        model = StageSetting
        fields = STAGE_SETTING_FIELDS
        widgets = {"email_body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(self.instance, STAGE_SETTING_FIELDS)

    def _post_clean(self) -> None:
        # The service validates (templates' placeholders, control characters) and audits.
        pass


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Critère"), max_length=200)
    description = forms.CharField(label=_("Ce qu'on observe"), max_length=300, required=False)
    position = forms.IntegerField(label=_("Ordre"), min_value=0, max_value=100, initial=10)
    is_active = forms.BooleanField(label=_("Dans la grille"), required=False, initial=True)


class ReferentForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label=_("Référent handicap"))

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class ProposeForm(forms.Form):
    offer = forms.ModelChoiceField(queryset=None, label=_("Offre"))
    note = forms.CharField(
        label=_("Note pour l'entreprise"), required=False, max_length=2000, widget=TEXTAREA
    )

    def __init__(self, *args: Any, offers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = lambda o: (
            f"{o.position} — {o.company_name} ({o.city}, {o.start_date:%d/%m/%Y})"
        )


class CompanyApplicationForm(forms.Form):
    """An application the candidate made outside the offers, or the outcome of one."""

    company_name = forms.CharField(label=_("Entreprise"), max_length=200)
    status = forms.ChoiceField(label=_("Suite"), choices=CompanyApplicationStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Suite"), choices=CompanyApplicationStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AnswerForm(forms.Form):
    """A company's answer about a candidate proposed to it."""

    status = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[(s.value, s.label) for s in COMPANY_ANSWERS],
    )
    note = forms.CharField(
        label=_("Message au centre"), required=False, max_length=2000, widget=TEXTAREA
    )


class CommitmentForm(forms.Form):
    """The employer's commitment: the company (from a proposal or the directory), the
    apprenticeship master (one of its contacts, or a new one), the post and the dates."""

    company_application = forms.ModelChoiceField(
        queryset=None, label=_("Candidature en entreprise"), required=False
    )
    company = forms.ModelChoiceField(
        queryset=None,
        label=_("Employeur"),
        required=False,
        help_text=_("Si la candidature en entreprise n'est pas dans la liste."),
    )
    master = forms.ModelChoiceField(
        queryset=None, label=_("Maître d'apprentissage"), required=False
    )
    master_first_name = forms.CharField(label=_("ou nouveau maître : prénom"), required=False)
    master_last_name = forms.CharField(label=_("nom"), required=False)
    master_email = forms.EmailField(label=_("courriel"), required=False)
    master_job_title = forms.CharField(label=_("fonction"), required=False)
    position = forms.CharField(label=_("Poste"), max_length=200)
    contract_start = forms.DateField(label=_("Début du contrat prévu"), widget=DATE)
    signatory_name = forms.CharField(label=_("Signataire pour l'employeur"), max_length=200)
    signed_on = forms.DateField(label=_("Attestation signée le"), widget=DATE)

    def __init__(
        self, *args: Any, proposals: Any, companies: Any, masters: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company_application"].queryset = proposals
        self.fields["company_application"].label_from_instance = lambda ca: (
            f"{ca.company_name} — {ca.get_status_display()}"
        )
        self.fields["company"].queryset = companies
        self.fields["master"].queryset = masters
        self.fields["master"].label_from_instance = lambda c: f"{c.full_name} ({c.company.name})"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        proposal = cleaned.get("company_application")
        if proposal is not None and proposal.offer is not None and proposal.offer.company:
            cleaned["company"] = cleaned.get("company") or proposal.offer.company
        if cleaned.get("company") is None:
            self.add_error("company", _("Choisissez l'employeur."))
        return cleaned

    def new_master(self) -> dict[str, str] | None:
        if not self.cleaned_data.get("master_last_name"):
            return None
        return {
            "first_name": self.cleaned_data["master_first_name"],
            "last_name": self.cleaned_data["master_last_name"],
            "email": self.cleaned_data["master_email"],
            "job_title": self.cleaned_data["master_job_title"],
        }


class SignedForm(forms.Form):
    signed_on = forms.DateField(label=_("Contrat signé le"), widget=DATE)


class EnrolForm(forms.Form):
    cohort = forms.ModelChoiceField(queryset=None, label=_("Promotion"))
    category = forms.ChoiceField(label=_("Statut du candidat"))
    category_start = forms.DateField(label=_("Statut à partir du"), widget=DATE)
    with_contract = forms.BooleanField(
        label=_("Préparer le contrat d'apprentissage avec l'employeur engagé"), required=False
    )
    confirm_warnings = forms.BooleanField(
        label=_("J'ai pris connaissance des avertissements du contrat et je confirme"),
        required=False,
    )

    def __init__(self, *args: Any, cohorts: Any, framework: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["category"].choices = candidate_category_choices(framework)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Liste Parcoursup (CSV ou XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Fichier trop volumineux."))
        return upload


class FilterForm(forms.Form):
    """The filters of the board and of the list (a GET form)."""

    intake = forms.TypedChoiceField(
        label=_("Session"), required=False, coerce=int, empty_value=None
    )
    source = forms.ChoiceField(label=_("Source"), required=False)
    stage = forms.ChoiceField(label=_("Étape"), required=False)
    outcome = forms.ChoiceField(label=_("Issue"), required=False)
    query = forms.CharField(
        label=_("Nom, courriel ou n° Parcoursup"), required=False, max_length=100
    )
    alert = forms.BooleanField(label=_("Échéance sans contrat proche"), required=False)

    def __init__(self, *args: Any, intakes: list, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intake"].choices = [("", _("Toutes")), *((i.pk, str(i)) for i in intakes)]
        self.fields["source"].choices = [("", _("Toutes")), *Source.choices]
        self.fields["stage"].choices = [("", _("Toutes")), *((s, labels[s]) for s in Stage.values)]
        self.fields["outcome"].choices = [
            ("", _("Toutes")),
            *((o.value, o.label) for o in (Outcome.ACTIVE, Outcome.WITHDRAWN, Outcome.REFUSED)),
        ]
