"""Forms of the teaching year's pages: typed input only; the rules live in the engine and the
services."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ndrc.core.ui.forms import VERSION, FrenchDecimalField, VersionMixin
from ndrc.gradebook.models import (
    AssessmentKind,
    ClassCouncil,
    CompetenceLevel,
    Decision,
    ExamOpinion,
    PeriodKind,
)
from ndrc.gradebook.selectors import (
    ASSESSMENT_FIELDS,
    REPORT_FIELDS,
    SETTINGS_FIELDS,
    assessment_values,
    referent_values,
    settings_values,
)
from ndrc.learners.selectors import assignable_teachers
from ndrc.regulation.framework import load_framework

User = get_user_model()

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class GradebookForm(forms.Form):
    module = forms.ChoiceField(label=_("Module"))
    teacher = PersonChoice(label=_("Enseignant"), queryset=User.objects.none(), required=False)
    coefficient = FrenchDecimalField(
        label=_("Coefficient dans la moyenne générale"),
        required=False,
        min_value=Decimal(0),
        max_digits=4,
        decimal_places=2,
        help_text=_("Vide : celui de l'unité au règlement d'examen (1 pour les autres modules)."),
    )

    def __init__(self, *args, modules, cohort, manages: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = modules
        if manages:
            self.fields["teacher"].queryset = assignable_teachers(cohort)
            self.fields["teacher"].required = True
        else:
            del self.fields["teacher"]


class CoefficientForm(VersionMixin, forms.Form):
    """A gradebook's coefficient, from the version the page showed."""

    coefficient = FrenchDecimalField(
        label=_("Coefficient dans la moyenne générale"),
        min_value=Decimal(0),
        max_digits=4,
        decimal_places=2,
    )

    def __init__(self, *args, gradebook, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(gradebook, ("coefficient",))


class AssessmentForm(VersionMixin, forms.Form):
    """An assessment's fields and the level of each compétence it assesses; its edit
    (`assessment`) carries the version it started from."""

    title = forms.CharField(label=_("Intitulé"), max_length=120)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Nature"), choices=AssessmentKind.choices)
    scale = FrenchDecimalField(
        label=_("Noté sur"), initial=Decimal(20), max_digits=5, decimal_places=2
    )
    weight = FrenchDecimalField(
        label=_("Coefficient"), initial=Decimal(1), max_digits=4, decimal_places=2
    )

    def __init__(self, *args, framework: str, assessment=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        levels = [("", _("non évaluée")), *CompetenceLevel.choices]
        self.competence_fields = []
        for competence in load_framework(framework).competences():
            name = f"competence-{competence.code}"
            self.fields[name] = forms.ChoiceField(
                label=f"{competence.code} — {competence.title}", choices=levels, required=False
            )
            self.competence_fields.append(name)
        if assessment is not None:
            values = assessment_values(assessment)
            self.start_from(assessment, values, values=values)

    def competences(self) -> dict[str, str]:
        """code → level of the compétences the assessment assesses (with a version: of every
        compétence, "" when not assessed)."""
        return {
            name.removeprefix("competence-"): self.cleaned_data[name]
            for name in self.competence_fields
            if self.cleaned_data.get(name) or VERSION in self.fields
        }

    def assessment_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_FIELDS}

    def field_of(self, name: str) -> str:
        """A compétence's level in a conflict (`competences.C11`) is its field's."""
        return name.replace("competences.", "competence-")


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=60)
    start = forms.DateField(label=_("Début"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Fin"), widget=DATE_WIDGET)


class SchoolYearForm(forms.Form):
    first_day = forms.DateField(
        label=_("Rentrée (premier jour de l'année scolaire)"), widget=DATE_WIDGET
    )


class SettingsForm(VersionMixin, forms.Form):
    """A centre's settings, from the version the page showed (`selectors.settings_values`)."""

    period_kind = forms.ChoiceField(label=_("Découpage de l'année"), choices=PeriodKind.choices)
    share_reports_with_masters = forms.BooleanField(
        label=_(
            "Les maîtres d'apprentissage et tuteurs lisent les bulletins publiés de leurs "
            "apprenants"
        ),
        required=False,
    )

    def __init__(self, *args, centre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(centre, SETTINGS_FIELDS, values=settings_values(centre))

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}


class ReferentForm(VersionMixin, forms.Form):
    """A cohort's referent teacher, from the version the page showed (scoped on the cohort:
    there may be no referent yet)."""

    teacher = PersonChoice(
        label=_("Enseignant référent"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, cohort, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = assignable_teachers(cohort)
        self.start_from(cohort, ("teacher",), values=referent_values(cohort))


class CouncilForm(VersionMixin, forms.ModelForm):
    """A council's record; its edit carries the version it started from."""

    class Meta:
        model = ClassCouncil
        fields = ("date", "chair", "attendees", "notes")
        widgets = {
            "date": DATE_WIDGET,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.start_from(self.instance, self.Meta.fields)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReportForm(VersionMixin, forms.Form):
    """One learner's line of the class council: typed during the meeting, saved as it goes,
    from the version of the line (`values`, `selectors.report_values`) the page showed."""

    general_appreciation = forms.CharField(
        label=_("Appréciation générale"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(
        label=_("Décision du conseil"), choices=Decision.choices, required=False
    )
    exam_opinion = forms.ChoiceField(
        label=_("Avis pour l'examen"), choices=ExamOpinion.choices, required=False
    )

    def __init__(self, *args, final_year: bool, learner, values, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not final_year:
            del self.fields["exam_opinion"]
        # The report may not exist yet: its version is scoped on the learner.
        self.start_from(learner, REPORT_FIELDS, values=values)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS if name in self.fields}


class TextForm(VersionMixin, forms.Form):
    """A text about a learner saved as it is typed (an appreciation, the livret's elements),
    from the version of the text the page showed (`selectors.text_version`)."""

    text = forms.CharField(
        label=_("Appréciation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, learner, present: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(learner, ("text",), values={"text": present})
