"""The candidate-category selector of the exams page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.regulation.framework import Framework


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label=_("Catégorie de candidat"))
    extra_time = forms.BooleanField(
        label=_("Aménagement : majoration d'un tiers-temps"), required=False
    )

    def __init__(self, *args, framework: Framework, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (code, f"{category.label} — {_('colonne')} {category.column}")
            for code, category in framework.candidate_categories.items()
        ]
        self.fields["category"].error_messages["invalid_choice"] = _(
            "Catégorie inconnue : « %(value)s ». Choisissez une catégorie de la liste."
        )
