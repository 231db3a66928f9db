"""Forms of the accounts pages: typed input only; the services check who may do what."""

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import is_administrator
from ndrc.core.services import ADMINISTRATORS_ONLY
from ndrc.learners.models import Cohort

# The roles given on the accounts pages without a record to link (learners, masters and tutors
# are invited from their learner record or company contact).
STAFF_ROLES = (Role.TEACHER, Role.EXAM_OFFICE, Role.TRAINING_MANAGER, Role.ADMINISTRATOR)


def role_choices(user: Any, roles=tuple(Role)) -> list[tuple[str, str]]:
    """The roles `user` may give, among `roles`."""
    return [
        (role.value, role.label)
        for role in roles
        if is_administrator(user) or role not in ADMINISTRATORS_ONLY
    ]


class CentreChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: TrainingCentre) -> str:
        return obj.name


class _CentreRoleForm(forms.Form):
    training_centre = CentreChoice(label=_("Centre de formation"), queryset=TrainingCentre.objects)
    role = forms.ChoiceField(label=_("Rôle"))

    def __init__(self, *args: Any, user: Any, centres, roles=tuple(Role), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_centre"].queryset = centres
        if len(centres) == 1:
            self.fields["training_centre"].initial = centres[0]
        self.fields["role"].choices = role_choices(user, roles)


class InviteForm(_CentreRoleForm):
    """A member of the centre's team (teacher, exam office, training manager…)."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("Adresse électronique"))

    field_order = ["first_name", "last_name", "email", "training_centre", "role"]

    def __init__(self, *args: Any, user: Any, centres, **kwargs: Any) -> None:
        super().__init__(*args, user=user, centres=centres, roles=STAFF_ROLES, **kwargs)


class GiveRoleForm(_CentreRoleForm):
    pass


class CohortFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Promotion"), queryset=Cohort.objects.none(), required=False,
        empty_label=_("Toutes les promotions"),
    )  # fmt: skip

    def __init__(self, *args: Any, cohorts, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class ChosenForm(forms.Form):
    """The people ticked in a list (`chosen`: their ids among `choices`)."""

    chosen = forms.MultipleChoiceField(label=_("Personnes à inviter"), required=True)

    def __init__(self, *args: Any, records, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.records = {str(record.pk): record for record in records}
        self.fields["chosen"].choices = [(pk, str(pk)) for pk in self.records]

    def chosen_records(self) -> list:
        return [self.records[pk] for pk in self.cleaned_data["chosen"]]


class ContactsForm(ChosenForm):
    training_centre = CentreChoice(label=_("Centre de formation"), queryset=TrainingCentre.objects)

    def __init__(self, *args: Any, records, centres, **kwargs: Any) -> None:
        super().__init__(*args, records=records, **kwargs)
        self.fields["training_centre"].queryset = centres
        if len(centres) == 1:
            self.fields["training_centre"].initial = centres[0]


class AcceptForm(SetPasswordForm):
    """Choose a password (twice), checked by the password validators of the settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The login is made once the form is valid; the validators see the invited person.
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mot de passe")
        self.fields["new_password2"].label = _("Mot de passe (confirmation)")


class CentreForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=200)
    uai = forms.CharField(label=_("UAI"), max_length=8)
    siret = forms.CharField(label=_("SIRET"), max_length=20)
    address = forms.CharField(
        label=_("Adresse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
