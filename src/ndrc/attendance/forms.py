"""Forms of the attendance pages: typed input only; the rules live in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.attendance.documents import KINDS
from ndrc.attendance.models import Status
from ndrc.core.validators import validate_plain_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


class SignForm(forms.Form):
    code = forms.CharField(
        label=_("Code affiché dans la salle"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )
    feuille = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Never shown: a request naming another learner is refused by the service.
    apprenant = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
    reason = forms.CharField(max_length=200, required=False, validators=[validate_plain_text])


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut corrigé"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Motif de la correction"), max_length=500, validators=[validate_plain_text]
    )


class JustificationForm(forms.Form):
    start = forms.DateField(label=_("Du"), widget=DATE)
    end = forms.DateField(label=_("Au"), widget=DATE)
    reason = forms.CharField(label=_("Motif"), max_length=200, validators=[validate_plain_text])
    document = forms.FileField(label=_("Justificatif (PDF, JPEG, PNG)"), required=False)

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document is None:
            return None
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("Fichier trop volumineux (5 Mo au plus)."))
        if not document.name.lower().endswith(DOCUMENT_TYPES):
            raise forms.ValidationError(_("Formats acceptés : PDF, JPEG, PNG."))
        return document


KIND_LABELS = {
    "completion_certificate": _("Certificat de réalisation (OPCO)"),
    "end_of_training_certificate": _("Attestation de fin de formation"),
    "attendance_certificate": _("Attestation d'assiduité"),
}


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=[(k, KIND_LABELS[k]) for k in KINDS])
    start = forms.DateField(label=_("Du"), widget=DATE)
    end = forms.DateField(label=_("Au"), widget=DATE)
    signatory = forms.CharField(
        label=_("Signataire"), max_length=200, validators=[validate_plain_text]
    )
    signatory_title = forms.CharField(
        label=_("Qualité du signataire"), max_length=200, validators=[validate_plain_text]
    )
    place = forms.CharField(label=_("Fait à"), max_length=100, validators=[validate_plain_text])
    results = forms.CharField(
        label=_("Résultats de l'évaluation des acquis (attestation de fin de formation)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("La fin précède le début."))
        return cleaned


class CohortDocumentsForm(CertificateForm):
    results = None  # one attestation per learner: results come from each learner's record
