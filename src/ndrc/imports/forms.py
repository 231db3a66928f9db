from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.learners.models import candidate_category_choices


class CompanyImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV ou XLSX"))


class LearnerImportForm(CompanyImportForm):
    default_category = forms.ChoiceField(
        label=_("Statut des nouveaux apprenants"),
        help_text=_("Utilisé quand le fichier n'a pas de colonne « Statut » ou qu'elle est vide."),
    )

    def __init__(self, *args, framework: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_category"].choices = candidate_category_choices(framework)
        self.fields["default_category"].initial = "scolaire"
