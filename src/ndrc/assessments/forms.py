"""Forms of the CCF pages: typed input only; the rules live in the engine and the services."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.assessments.models import Exam, SituationCode
from ndrc.core.models import Role
from ndrc.core.ui.forms import VersionMixin
from ndrc.core.ui.widgets import DateInput

User = get_user_model()


def _person(user) -> str:
    return user.get_full_name() or user.username


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return _person(obj)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _person(obj)


class PlanForm(forms.Form):
    exam = forms.ChoiceField(label=_("Épreuve"), choices=Exam.choices)
    situation = forms.ChoiceField(label=_("Situation"), choices=SituationCode.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    members = PeopleChoice(
        label=_("Commission (enseignants de la promotion)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, cohort, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.filter(teacher_assignments__cohort=cohort)
            .distinct()
            .order_by("last_name", "first_name")
        )


class MemberForm(forms.Form):
    user = PersonChoice(label=_("Membre à ajouter"), queryset=User.objects.none())

    def __init__(self, *args, situation, members=None, **kwargs) -> None:
        """`members`: the commission's members, when the caller read them (`members_of`)."""
        super().__init__(*args, **kwargs)
        learner = situation.learner
        # Teachers of the centre, and the company contacts who supervise(d) this learner, not
        # members already; each named (`_person`).
        not_member = (
            ~Q(ccf_commissions__situation=situation)
            if members is None
            else ~Q(pk__in=[member.user_id for member in members])
        )
        # In one filter: a clone of the query less to build.
        users = User.objects.filter(
            Q(
                memberships__training_centre_id=learner.cohort.training_centre_id,
                memberships__role=Role.TEACHER,
            )
            | Q(company_contact__supervisions__learner=learner),
            not_member,
        )
        self.fields["user"].queryset = (
            users.distinct()
            .only("username", "first_name", "last_name")
            .order_by("last_name", "first_name")
        )


class RescheduleForm(VersionMixin, forms.Form):
    """A planned situation's date and place, from the version the page showed."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)

    def __init__(self, *args: Any, situation: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": situation.date, "place": situation.place})
        super().__init__(*args, **kwargs)
        self.start_from(situation, ("date", "place"))


class GradeForm(forms.Form):
    grade = forms.CharField(
        label=_("Note proposée sur 20"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    observations = forms.CharField(
        label=_("Observations de la commission"), required=False, widget=forms.Textarea
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    file = forms.FileField(label=_("Fichier"))
