"""Forms of the indicators pages: the filters, a year's figures, interruptions and situations,
surveys and their questions, and the answers given through a personal link."""

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from ndrc.core.ui.forms import VersionMixin
from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.indicators.models import (
    FIGURE_FAMILIES,
    FIRST_YEAR,
    EmploymentKind,
    InterruptionReason,
    Question,
    QuestionKind,
    Situation,
    SituationSource,
    Status,
    StatusFigures,
    SurveyKind,
    YearFigures,
)
from ndrc.indicators.selectors import figures_values
from ndrc.learners.models import Cohort

ALL = ""


class FilterForm(forms.Form):
    """Which learners the indicators count: a status, a cohort (both optional)."""

    statut = forms.ChoiceField(
        label=_("Statut des apprenants"),
        choices=[(ALL, _("Tous statuts confondus")), *Status.choices],
        required=False,
    )
    promotion = forms.ModelChoiceField(
        label=_("Promotion"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("Toutes les promotions"),
    )

    def __init__(self, *args: Any, centre: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["promotion"].queryset = Cohort.objects.filter(training_centre=centre)

    @property
    def status(self) -> str | None:
        return self.cleaned_data.get("statut") or None

    @property
    def cohort(self) -> Cohort | None:
        return self.cleaned_data.get("promotion")


# Which counts each status records: contracts only for apprentices.
def _counts_of(status: str) -> list[str]:
    return [
        name
        for family, names in FIGURE_FAMILIES.items()
        if family != "contracts" or status == Status.APPRENTICE
        for name in names
    ]


class YearFiguresForm(VersionMixin, forms.Form):
    """A year's figures, one column per status (fields `<status>__<count>`); a correction
    (`figures`) carries the version it started from."""

    year = forms.IntegerField(label=_("Session"), min_value=FIRST_YEAR)
    note = forms.CharField(
        label=_("Origine des chiffres"),
        required=False,
        max_length=300,
        validators=[validate_plain_text],
        help_text=_("Par exemple : résultats académiques, enquête interne, registre des contrats."),
    )
    companies_answered = forms.IntegerField(
        label=_("Entreprises ayant répondu au questionnaire de satisfaction"),
        min_value=0,
        initial=0,
    )
    companies_satisfied = forms.IntegerField(label=_("dont satisfaites"), min_value=0, initial=0)

    def __init__(self, *args: Any, on: date, figures: YearFigures | None = None, **kwargs: Any):
        if figures is not None:
            kwargs["initial"] = {"year": figures.year, **figures_values(figures)}
        super().__init__(*args, **kwargs)
        self.fields["year"].validators.append(MaxValueValidator(on.year))
        self.fields["year"].widget.attrs["max"] = on.year
        if figures is not None:
            self.fields["year"].disabled = True
        labels = {f.name: f.verbose_name for f in StatusFigures._meta.fields}
        for status, status_label in Status.choices:
            for name in _counts_of(status):
                self.fields[f"{status}__{name}"] = forms.IntegerField(
                    label=f"{status_label} — {labels[name]}",
                    min_value=0,
                    max_value=100_000,
                    required=False,
                    initial=0,
                )
        # The table of the page: a row per count, a column per status (None: not recorded).
        self.rows = [
            (
                labels[name],
                [self[f"{s}__{name}"] if name in _counts_of(s) else None for s in Status],
            )
            for names in FIGURE_FAMILIES.values()
            for name in names
        ]
        if figures is not None:
            self.start_from(figures, [n for n in self.fields if n != "year"], values=self.initial)

    def statuses(self) -> dict[str, dict[str, int]]:
        return {
            status: {
                name: self.cleaned_data.get(f"{status}__{name}") or 0 for name in _counts_of(status)
            }
            for status in Status.values
        }


class InterruptionForm(forms.Form):
    left_on = forms.DateField(
        label=_("A quitté la formation le"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(label=_("Motif"), choices=InterruptionReason.choices)
    note = forms.CharField(
        label=_("Précision"), required=False, max_length=200, validators=[validate_plain_text]
    )


YES_NO_UNKNOWN = [("", _("Non renseigné")), ("true", _("Oui")), ("false", _("Non"))]


def _yes_no(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class SituationForm(forms.Form):
    """A leaver's situation learned by staff (by phone…)."""

    situation = forms.ChoiceField(label=_("Situation six mois après"), choices=Situation.choices)
    employment = forms.ChoiceField(
        label=_("Type d'emploi"),
        choices=[("", _("—")), *EmploymentKind.choices],
        required=False,
    )
    related_to_training = forms.TypedChoiceField(
        label=_("Emploi en lien avec la formation"),
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )
    detail = forms.CharField(
        label=_("Employeur et poste, ou formation suivie"),
        required=False,
        max_length=200,
        validators=[validate_plain_text],
    )
    source = forms.ChoiceField(
        label=_("Appris par"),
        choices=[c for c in SituationSource.choices if c[0] != SituationSource.SURVEY],
    )
    observed_on = forms.DateField(
        label=_("Situation connue le"), widget=forms.DateInput(attrs={"type": "date"})
    )


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Enquête"), choices=SurveyKind.choices)
    year = forms.IntegerField(label=_("Session"), min_value=FIRST_YEAR, max_value=2100)
    cohort = forms.ModelChoiceField(
        label=_("Promotion"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("Toutes les promotions de la session"),
    )
    title = forms.CharField(label=_("Titre"), max_length=200, validators=[validate_plain_text])
    anonymous = forms.BooleanField(
        label=_("Réponses anonymes (sauf l'enquête à six mois)"), required=False, initial=True
    )
    closes_on = forms.DateField(
        label=_("Clôture le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, centre: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(training_centre=centre)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300, validators=[validate_plain_text])
    kind = forms.ChoiceField(label=_("Type de réponse"), choices=QuestionKind.choices)
    overall = forms.BooleanField(
        label=_("C'est la question de satisfaction globale (comptée par l'indicateur)"),
        required=False,
    )


SCALE = [
    ("1", _("Pas du tout satisfait(e)")),
    ("2", _("Plutôt pas satisfait(e)")),
    ("3", _("Plutôt satisfait(e)")),
    ("4", _("Très satisfait(e)")),
]


class AnswerForm(forms.Form):
    """The answers to a satisfaction questionnaire: one field `q<id>` per question."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.SCALE:
                field = forms.TypedChoiceField(
                    choices=SCALE, coerce=int, widget=forms.RadioSelect, required=question.overall
                )
            elif question.kind == QuestionKind.YES_NO:
                field = forms.TypedChoiceField(
                    choices=YES_NO_UNKNOWN[1:],
                    coerce=_yes_no,
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=2000,
                    required=False,
                    validators=[validate_multiline_text],
                )
            field.label = question.text
            self.fields[name] = field

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class SixMonthsForm(forms.Form):
    situation = forms.ChoiceField(
        label=_("Quelle est votre situation aujourd'hui ?"),
        choices=Situation.choices,
        widget=forms.RadioSelect,
    )
    employment = forms.ChoiceField(
        label=_("Si vous êtes en emploi : quel contrat ?"),
        choices=[("", _("—")), *EmploymentKind.choices],
        required=False,
    )
    related_to_training = forms.TypedChoiceField(
        label=_("Cet emploi est-il en lien avec votre formation ?"),
        choices=YES_NO_UNKNOWN,
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )
    detail = forms.CharField(
        label=_("Employeur et poste, ou formation suivie (facultatif)"),
        required=False,
        max_length=200,
        validators=[validate_plain_text],
    )
