"""Forms of the training manager on a learner's record; the services validate and audit."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from ndrc.learners.models import PERSONAL_FIELDS, Learner, candidate_category_choices

EDITABLE_FIELDS = PERSONAL_FIELDS


class LearnerForm(forms.Form):
    """The learner's identity, contact, guardian and accommodation, as in `PERSONAL_FIELDS`.

    A plain form with the model's fields (not a ModelForm, which would change the record in
    memory before the service takes its "before" snapshot for the audit trail).
    """

    def __init__(self, *args: Any, learner: Learner, **kwargs: Any) -> None:
        kwargs.setdefault("initial", model_to_dict(learner, fields=EDITABLE_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Learner,
                fields=EDITABLE_FIELDS,
                widgets={
                    "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    "accommodation": forms.Textarea(attrs={"rows": 3}),
                },
            )
        )
        self.fields["birth_date"].required = True

    def changes(self) -> dict[str, Any]:
        """The fields the user changed, for `update_learner`."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


class CategoryForm(forms.Form):
    """From a date, the learner's candidate category changes (`change_category`)."""

    category = forms.ChoiceField(label=_("Nouveau statut"))
    start = forms.DateField(
        label=_("À partir du"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, learner: Learner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = candidate_category_choices(learner.cohort.framework)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme l'effacement des données personnelles de cet apprenant."),
        required=True,
    )
