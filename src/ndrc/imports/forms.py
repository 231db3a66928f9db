from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ndrc.learners.models import candidate_category_choices


class CompanyImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV ou XLSX"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _t("« %(name)s » : fichier trop volumineux (%(size)s, au plus %(limit)s).")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            )
        return upload


class LearnerImportForm(CompanyImportForm):
    default_category = forms.ChoiceField(
        label=_("Statut des nouveaux apprenants"),
        help_text=_("Utilisé quand le fichier n'a pas de colonne « Statut » ou qu'elle est vide."),
    )

    def __init__(self, *args, framework: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_category"].choices = candidate_category_choices(framework)
        self.fields["default_category"].initial = "scolaire"
