"""Forms of the calendar and timetable pages: typed input only; the rules live in the services
and the engine."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.core.ui.forms import VERSION, FrenchDecimalField, VersionMixin
from ndrc.core.validators import validate_plain_text
from ndrc.learners.models import Cohort, candidate_category_choices
from ndrc.timetable.models import (
    CalendarPeriod,
    FeedKind,
    HalfDay,
    Mode,
    PeriodKind,
    Rhythm,
    Room,
    TrainingCalendar,
)
from ndrc.timetable.selectors import centre_teachers, grid_modules, timetable_cohorts
from ndrc.timetable.services import CALENDAR_FIELDS, SESSION_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CalendarForm(VersionMixin, forms.ModelForm):
    """A cohort's calendar created or changed; a change carries the version it started from."""

    class Meta:
        model = TrainingCalendar
        fields = list(CALENDAR_FIELDS)
        widgets = {
            "start": DATE,
            "end": DATE,
            "am_start": TIME,
            "am_end": TIME,
            "pm_start": TIME,
            "pm_end": TIME,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.start_from(self.instance, CALENDAR_FIELDS)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _token_help() -> str:
    return _(
        "Une ligne par semaine du cycle (répétées dans l'ordre) ; sur chaque ligne, les "
        "demi-journées en centre : mon-am, mon-pm… ou mon pour la journée (mon, tue, wed, thu, "
        "fri, sat). Exemple « 2 jours en CFA » : mon tue. Semaine vide : ligne avec un tiret."
    )


class RhythmForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du groupe"), max_length=100, validators=[validate_plain_text]
    )
    categories = forms.MultipleChoiceField(
        label=_("Statuts des apprenants du groupe"), widget=forms.CheckboxSelectMultiple
    )
    weeks = forms.CharField(
        label=_("Rythme en centre"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_token_help
    )
    away_place = forms.ChoiceField(
        label=_("Hors du centre"),
        choices=[("company", _("en entreprise")), ("off", _("sans cours"))],
    )
    promised_hours = FrenchDecimalField(
        label=_("Volume promis sur le cycle (heures)"),
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=2,
    )
    promise_source = forms.CharField(
        label=_("Source du volume promis"),
        max_length=200,
        validators=[validate_plain_text],
        help_text=_("Par exemple : programme du centre (1 350 h sur deux ans), ou arrêté du 19 "
                    "février 2018, annexe III a."),
    )  # fmt: skip
    use_grid = forms.BooleanField(
        label=_("Volume par module de l'annexe III a (étudiants)"), required=False
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["categories"].choices = candidate_category_choices(cohort.framework)

    def clean_weeks(self) -> list[list[str]]:
        weeks = []
        for line in self.cleaned_data["weeks"].splitlines():
            line = line.strip()
            if not line:
                continue
            weeks.append([] if line == "-" else line.replace(",", " ").split())
        if not weeks:
            raise forms.ValidationError(_("Indiquez au moins une semaine."))
        return weeks

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "categories": data["categories"],
            "pattern": data["weeks"],
            "away_place": data["away_place"],
            "promised_hours": data["promised_hours"],
            "promise_source": data["promise_source"],
            "promised_by_module": {},
        }
        if data["use_grid"]:
            years = 2
            values["promised_by_module"] = {
                m.code: str(sum(m.annual_hours[:years]))
                for m in grid_modules(self.cohort.framework)
                if not m.optional
            }
        return values


def pattern_text(rhythm: Rhythm) -> str:
    return "\n".join(" ".join(week) or "-" for week in rhythm.pattern)


class PeriodForm(forms.ModelForm):
    class Meta:
        model = CalendarPeriod
        fields = ["kind", "start", "end", "label", "rhythm"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args: Any, calendar: TrainingCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rhythm"].queryset = calendar.rhythms.all()
        self.fields["kind"].choices = PeriodKind.choices


def module_choices(framework: str) -> list[tuple[str, str]]:
    return [(m.code, f"{m.code.upper()} — {m.title}") for m in grid_modules(framework)]


class SessionForm(VersionMixin, forms.Form):
    """A session planned or changed; a change (`session`) carries the version it started from."""

    date = forms.DateField(label=_("Date"), widget=DATE)
    half_day = forms.ChoiceField(label=_("Demi-journée"), choices=HalfDay.choices)
    module = forms.ChoiceField(label=_("Module"))
    teacher = forms.ModelChoiceField(label=_("Enseignant"), queryset=None)
    room = forms.ModelChoiceField(label=_("Salle"), queryset=None, required=False)
    mode = forms.ChoiceField(label=_("Modalité"), choices=Mode.choices)
    rhythm = forms.ModelChoiceField(
        label=_("Groupe"),
        queryset=Rhythm.objects.none(),
        required=False,
        empty_label=_("Toute la promotion"),
    )
    note = forms.CharField(
        label=_("Remarque"), max_length=200, required=False, validators=[validate_plain_text]
    )

    def __init__(self, *args: Any, cohort: Cohort, session: Any = None, **kwargs: Any) -> None:
        if session is not None:
            kwargs["initial"] = {name: getattr(session, name) for name in SESSION_FIELDS}
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = module_choices(cohort.framework)
        self.fields["teacher"].queryset = centre_teachers(cohort)
        self.fields["room"].queryset = Room.objects.filter(training_centre=cohort.training_centre)
        calendar = getattr(cohort, "training_calendar", None)
        if calendar is not None:
            self.fields["rhythm"].queryset = calendar.rhythms.all()
        if session is not None:
            self.start_from(session, SESSION_FIELDS)

    def values(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != VERSION}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"), max_length=200, validators=[validate_plain_text]
    )


class CopyWeekForm(forms.Form):
    target = forms.DateField(label=_("Copier vers la semaine du"), widget=DATE)


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=100, validators=[validate_plain_text])
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000, required=False)


class FeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Contenu"), choices=FeedKind.choices)
    cohort = forms.ModelChoiceField(label=_("Promotion"), queryset=None, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = timetable_cohorts(user)
