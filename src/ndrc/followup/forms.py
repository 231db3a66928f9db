"""The follow-up's forms: typed input for the services, which validate and audit."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from ndrc.assessments.models import Level
from ndrc.core.ui.forms import ChangesMixin, VersionMixin, french_formfield
from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.followup import selectors
from ndrc.followup.models import (
    FollowupSettings,
    RuptureRisk,
    TripartiteMeeting,
    Visit,
    VisitGridItem,
    VisitMode,
)
from ndrc.followup.services import (
    GRID_FIELDS,
    MEETING_FIELDS,
    REPORT_FIELDS,
    SETTINGS_FIELDS,
    VISIT_FIELDS,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text_field(label, *, required: bool = True, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        validators=[validate_multiline_text],
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class SettingsForm(VersionMixin, ChangesMixin, forms.Form):
    """The centre's follow-up thresholds and delays (with the version the edit started from)."""

    def __init__(self, *args: Any, settings: FollowupSettings, **kwargs: Any) -> None:
        kwargs.setdefault("initial", model_to_dict(settings, fields=SETTINGS_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                FollowupSettings, fields=SETTINGS_FIELDS, formfield_callback=french_formfield
            )
        )
        self.start_from(settings, SETTINGS_FIELDS)


class GridItemForm(VersionMixin, forms.Form):
    """A heading of the visit report grid (a new one, or changes to one: `of`, with the version
    the edit started from)."""

    label = forms.CharField(label=_("Rubrique"), max_length=200, validators=[validate_plain_text])
    guidance = forms.CharField(
        label=_("Aide à la saisie"),
        max_length=300,
        required=False,
        validators=[validate_plain_text],
    )
    position = forms.IntegerField(label=_("Ordre"), min_value=0, max_value=99, required=False)
    active = forms.BooleanField(label=_("En usage"), required=False)

    @classmethod
    def of(cls, item: VisitGridItem, *args: Any, **kwargs: Any) -> "GridItemForm":
        initial = {name: getattr(item, name) for name in GRID_FIELDS}
        form = cls(*args, initial=initial, prefix=item.code, **kwargs)
        form.start_from(item, GRID_FIELDS)
        return form

    def changes(self) -> dict[str, Any]:
        """The heading's fields as typed (an empty position: unchanged)."""
        values = {name: self.cleaned_data[name] for name in GRID_FIELDS}
        return {name: value for name, value in values.items() if value is not None}


class ReferentsForm(VersionMixin, forms.Form):
    """One choice of referent teacher per learner of a cohort, from the version the page
    showed (`selectors.referent_values`)."""

    since = forms.DateField(label=_("Référent à compter du"), widget=DATE)

    def __init__(self, *args: Any, cohort: Any, rows: list, teachers: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(t.pk), t.get_full_name() or t.username) for t in teachers]
        self.rows = []
        for learner, referent in rows:
            name = f"learner_{learner.pk}"
            self.fields[name] = forms.ChoiceField(
                label=learner.full_name, choices=choices, required=False
            )
            self.initial[name] = str(referent.teacher_id) if referent else ""
            self.rows.append((learner, referent, name))
        self.start_from(cohort, [name for *_row, name in self.rows], values=self.initial)

    def bound_rows(self):
        return [(learner, referent, self[name]) for learner, referent, name in self.rows]

    def chosen(self) -> dict[str, str]:
        """`learner_<pk>` → the teacher's pk chosen ("" for none)."""
        return {name: self.cleaned_data[name] for *_row, name in self.rows}


class EntryForm(forms.Form):
    """An activity the apprentice did in the company."""

    day = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(
        label=_("Activité réalisée"), max_length=200, validators=[validate_plain_text]
    )
    description = _text_field(_("Ce que j'ai fait, avec qui, ce que j'en retiens"), required=False)
    activities = forms.MultipleChoiceField(
        label=_("Activités du référentiel"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competences = forms.MultipleChoiceField(
        label=_("Compétences mobilisées"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activity_sheet = forms.ChoiceField(label=_("Fiche d'activité du portfolio"), required=False)

    def __init__(
        self, *args: Any, activities: list, competences: list, sheets: list, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = activities
        self.fields["competences"].choices = competences
        self.sheets = {str(sheet.pk): sheet for sheet in sheets}
        self.fields["activity_sheet"].choices = [("", "—")] + [
            (str(sheet.pk), f"{sheet.exam} — {sheet.title}") for sheet in sheets
        ]

    def sheet(self) -> Any:
        return self.sheets.get(self.cleaned_data.get("activity_sheet") or "")


class ValidateForm(forms.Form):
    appreciation = _text_field(_("Appréciation du maître d'apprentissage"))


class CommentForm(forms.Form):
    teacher_comment = _text_field(_("Commentaire de l'enseignant référent"))


class VisitForm(VersionMixin, forms.Form):
    """A visit planned, or rescheduled (`visit`: the one rescheduled, whose version the edit
    starts from)."""

    planned_on = forms.DateField(label=_("Date prévue"), widget=DATE)
    mode = forms.ChoiceField(label=_("Modalité"), choices=VisitMode.choices)
    participants = forms.CharField(
        label=_("Participants"),
        max_length=300,
        required=False,
        validators=[validate_plain_text],
        help_text=_("Vide : l'apprenti, le maître d'apprentissage et vous."),
    )
    place = forms.CharField(
        label=_("Lieu"),
        max_length=300,
        required=False,
        validators=[validate_plain_text],
        help_text=_("Vide, pour une visite sur place : l'adresse de l'entreprise."),
    )

    def __init__(self, *args: Any, visit: Visit | None = None, **kwargs: Any) -> None:
        if visit is not None:
            kwargs.setdefault("initial", {name: getattr(visit, name) for name in VISIT_FIELDS})
        super().__init__(*args, **kwargs)
        if visit is not None:
            self.start_from(visit, VISIT_FIELDS)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in VISIT_FIELDS}


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(5)]


class WeekPlanForm(forms.Form):
    """A week of visits: for each learner to visit, whether to plan them, which day, how."""

    def __init__(self, *args: Any, rows: list, monday: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = [(d.isoformat(), f"{d:%d/%m}") for d in week_days(monday)]
        self.rows = []
        for row in rows:
            pk = row.tally.learner.pk
            self.fields[f"plan_{pk}"] = forms.BooleanField(required=False, label=_("Prévoir"))
            # Only the rows ticked are read: their day and mode are checked in `clean`.
            self.fields[f"day_{pk}"] = forms.ChoiceField(
                choices=days, label=_("Jour"), required=False
            )
            self.fields[f"mode_{pk}"] = forms.ChoiceField(
                choices=VisitMode.choices, label=_("Modalité"), required=False
            )
            self.rows.append(row)

    def bound_rows(self):
        return [
            (row, self[f"plan_{row.tally.learner.pk}"], self[f"day_{row.tally.learner.pk}"],
             self[f"mode_{row.tally.learner.pk}"])
            for row in self.rows
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for row in self.rows:
            pk = row.tally.learner.pk
            if cleaned.get(f"plan_{pk}"):
                for name in (f"day_{pk}", f"mode_{pk}"):
                    if not cleaned.get(name):
                        self.add_error(name, _("Choisissez le jour et la modalité."))
        return cleaned

    def plans(self) -> list[tuple[Any, date, str]]:
        return [
            (
                row.tally.learner,
                date.fromisoformat(self.cleaned_data[f"day_{row.tally.learner.pk}"]),
                self.cleaned_data[f"mode_{row.tally.learner.pk}"],
            )
            for row in self.rows
            if self.cleaned_data.get(f"plan_{row.tally.learner.pk}")
        ]


class ReportForm(VersionMixin, forms.Form):
    """The visit's report, one text per heading of the centre's grid (with the version of
    `visit` the edit started from)."""

    held_on = forms.DateField(label=_("Visite réalisée le"), widget=DATE)
    participants = forms.CharField(
        label=_("Participants"), max_length=300, required=False, validators=[validate_plain_text]
    )
    difficulty = forms.BooleanField(label=_("Difficulté signalée"), required=False)
    rupture_risk = forms.ChoiceField(label=_("Risque de rupture"), choices=RuptureRisk.choices)

    def __init__(self, *args: Any, grid: list[VisitGridItem], visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        for item in grid:
            self.fields[f"item_{item.code}"] = _text_field(
                item.shown_label, required=False, rows=3, help_text=item.shown_guidance
            )
        self.start_from(visit, REPORT_FIELDS, values=selectors.report_values(visit, grid))

    def field_of(self, name: str) -> str:
        """A heading of the report (`report.<code>`) is its text's field."""
        return f"item_{name[len('report.') :]}" if name.startswith("report.") else name

    def answers(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[f"item_{item.code}"] for item in self.grid}

    def grid_fields(self):
        return [self[f"item_{item.code}"] for item in self.grid]


class CountersignForm(forms.Form):
    remarks = _text_field(_("Vos observations (facultatif)"), required=False)


class MeetingForm(forms.Form):
    planned_on = forms.DateField(label=_("Date"), widget=DATE)
    blocks = forms.MultipleChoiceField(
        label=_("Blocs de compétences évalués"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, blocks: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["blocks"].choices = blocks


class MeetingGridForm(VersionMixin, forms.Form):
    """The meeting's grid: a level per critère de performance (blank: not evaluated), with the
    version of `meeting` the edit started from."""

    held_on = forms.DateField(label=_("Entretien tenu le"), widget=DATE)
    summary = _text_field(_("Synthèse"), required=False)

    def __init__(
        self,
        *args: Any,
        criteria: list[tuple[str, str]],
        meeting: TripartiteMeeting,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(meeting, MEETING_FIELDS, values=selectors.meeting_values(meeting))
        choices = [("", "—"), *Level.choices]
        self.codes = []
        for code, text in criteria:
            self.fields[f"c_{code}"] = forms.ChoiceField(
                label=f"{code} — {text}",
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"aria-label": code}),
            )
            self.codes.append(code)

    def ratings(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"c_{code}"] for code in self.codes}

    def field_of(self, name: str) -> str:
        """A critère's level (`ratings.<code>`) is its field."""
        return f"c_{name[len('ratings.') :]}" if name.startswith("ratings.") else name


class SignMeetingForm(forms.Form):
    master_appreciation = _text_field(_("Appréciation du maître d'apprentissage"))


class DigestForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label=_("Recevoir chaque semaine par courriel ce qui m'attend dans le suivi"),
        required=False,
    )
