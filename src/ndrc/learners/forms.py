"""Forms of the training manager on a learner's record; the services validate and audit."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from ndrc.core.ui.forms import ChangesMixin, VersionMixin
from ndrc.core.ui.widgets import DateInput
from ndrc.learners.models import (
    PERSONAL_FIELDS,
    Cohort,
    Learner,
    candidate_category_choices,
    subject_choices,
)
from ndrc.learners.services import LEARNER_FIELDS

EDITABLE_FIELDS = PERSONAL_FIELDS


class LearnerForm(VersionMixin, ChangesMixin, forms.Form):
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
                    "birth_date": DateInput(),
                    "accommodation": forms.Textarea(attrs={"rows": 3}),
                },
            )
        )
        self.fields["birth_date"].required = True
        self.start_from(learner, LEARNER_FIELDS)


class CategoryForm(forms.Form):
    """From a date, the learner's candidate category changes (`change_category`)."""

    category = forms.ChoiceField(label=_("Nouveau statut"))
    start = forms.DateField(label=_("À partir du"), widget=DateInput())

    def __init__(self, *args: Any, learner: Learner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = candidate_category_choices(learner.cohort.framework)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme l'effacement des données personnelles de cet apprenant."),
        required=True,
    )


# Forms of the training manager's pages creating records (the services validate and audit).

_DATE = DateInput()


class NewLearnerForm(forms.Form):
    """A new learner of a cohort with their first candidate category (`create_learner`)."""

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Learner,
                fields=EDITABLE_FIELDS,
                widgets={"birth_date": _DATE, "accommodation": forms.Textarea(attrs={"rows": 3})},
            )
        )
        self.fields["birth_date"].required = True
        self.fields["category"] = forms.ChoiceField(
            label=_("Statut du candidat"), choices=candidate_category_choices(cohort.framework)
        )
        self.fields["category_start"] = forms.DateField(
            label=_("Statut à partir du"), initial=cohort.first_year_start, widget=_DATE
        )


class CohortForm(forms.Form):
    """A new cohort in one of the centres the user manages (`create_cohort`)."""

    training_centre = forms.ModelChoiceField(queryset=None, label=_("Centre de formation"))

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_centre"].queryset = centres
        if len(centres) == 1:
            self.fields["training_centre"].initial = centres[0]
        self.fields.update(
            fields_for_model(
                Cohort,
                fields=("name", "first_year_start", "exam_session"),
                widgets={"first_year_start": _DATE},
            )
        )


class TeacherAssignmentForm(forms.Form):
    """A teacher of the centre assigned to the cohort, for a block or unit (`assign_teacher`)."""

    teacher = forms.ModelChoiceField(queryset=None, label=_("Enseignant"))
    subject = forms.ChoiceField(label=_("Bloc ou unité"), required=False)

    def __init__(self, *args: Any, cohort: Cohort, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["teacher"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["subject"].choices = [
            ("", _("Toute la classe")),
            *subject_choices(cohort.framework),
        ]


class SupervisionForm(forms.Form):
    """A company contact starts supervising the learner (`start_supervision`)."""

    contact = forms.ModelChoiceField(queryset=None, label=_("Encadrant"))
    role = forms.ChoiceField(label=_("Rôle"))
    start = forms.DateField(label=_("Début"), widget=_DATE)
    end = forms.DateField(label=_("Fin (si elle est connue)"), widget=_DATE, required=False)

    def __init__(self, *args: Any, contacts: Any, roles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts
        self.fields["role"].choices = roles


class EndSupervisionForm(forms.Form):
    """The supervision ends on this day, included (`end_supervision`)."""

    end = forms.DateField(label=_("Dernier jour d'encadrement"), widget=_DATE)
