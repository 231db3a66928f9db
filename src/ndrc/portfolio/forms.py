"""Forms of the portfolio pages: they validate input; the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.companies.models import Company
from ndrc.core.ui.forms import VERSION, FrenchDecimalField, VersionMixin, french_formfield
from ndrc.core.ui.widgets import DateInput
from ndrc.portfolio.models import (
    HEADINGS,
    ActivitySheet,
    DossierExam,
    EmploymentCertificate,
    Evidence,
    ExamDossier,
)
from ndrc.regulation.framework import Framework

COMMON_FIELDS = ("title", "start", "end", "company")
EXAM_FIELDS = {
    DossierExam.E4: ("nature", *HEADINGS[DossierExam.E4]),
    DossierExam.E6: ("network_type", "real_network_experience", *HEADINGS[DossierExam.E6]),
}


class SheetForm(VersionMixin, forms.ModelForm):
    """The headings of the national model of the sheet's exam (a sheet's edit carries the
    version it started from)."""

    class Meta:
        model = ActivitySheet
        fields = (*COMMON_FIELDS, *EXAM_FIELDS[DossierExam.E4], *EXAM_FIELDS[DossierExam.E6])
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
        }

    def __init__(self, *args, exam: str, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exam = exam
        keep = {*COMMON_FIELDS, *EXAM_FIELDS[exam]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["company"].queryset = companies if companies is not None else Company.objects
        if exam == DossierExam.E4:
            self.fields["context"].label = _("contexte réel")
        for name in HEADINGS[exam]:
            self.fields[name].widget.attrs["rows"] = 4
        if self.instance.pk is not None:
            self.start_from(self.instance, list(self.fields))

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != VERSION}


class TagsForm(forms.Form):
    """One choice per critère de performance: not shown, performed, or observed."""

    def __init__(self, *args, framework: Framework, initial_tags: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *Evidence.choices]
        self.groups = []
        for block in framework.skill_blocks.values():
            for competence in block.competences:
                names = []
                for criterion in competence.performance_criteria:
                    name = f"tag-{criterion.code}"
                    self.fields[name] = forms.ChoiceField(
                        label=f"{criterion.code} — {criterion.text}",
                        choices=choices,
                        required=False,
                        initial=initial_tags.get(criterion.code, ""),
                    )
                    names.append(name)
                self.groups.append((block, competence, names))

    def bound_groups(self):
        for block, competence, names in self.groups:
            yield block, competence, [self[name] for name in names]

    def tags(self) -> dict[str, str]:
        return {
            name.removeprefix("tag-"): value for name, value in self.cleaned_data.items() if value
        }


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Fichier (PDF, image, ODT, DOCX ; 10 Mo au plus)"))


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Date limite de dépôt"), widget=DateInput())


class DossierDocumentForm(forms.Form):
    pages = FrenchDecimalField(
        label=_("Nombre de pages"), min_value=0, max_digits=4, decimal_places=1
    )
    file = forms.FileField(label=_("Fichier"), required=False)


class FilingForm(VersionMixin, forms.ModelForm):
    """The filing of the dossier and the centre's visa; a change carries the version it started
    from."""

    class Meta:
        model = ExamDossier
        fields = ["deposited_on", "signed"]
        widgets = {"deposited_on": DateInput()}
        help_texts = {"deposited_on": _("Laisser vide tant que le dossier n'est pas déposé.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.start_from(self.instance, self._meta.fields)

    def _post_clean(self) -> None:
        # The learner and exam are set by the service, which validates the record.
        pass


class EmploymentCertificateForm(forms.ModelForm):
    class Meta:
        formfield_callback = french_formfield
        model = EmploymentCertificate
        fields = ["company", "months_full_time", "months_part_time", "signed", "note"]

    def __init__(self, *args, companies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies if companies is not None else Company.objects

    def _post_clean(self) -> None:
        pass
