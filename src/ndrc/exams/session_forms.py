"""Forms of the exam sessions: they read what is typed; the services and the engine decide.

The choices (units, exemptible units, titles, categories) come from the framework data.
"""

from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ndrc.core.models import Role
from ndrc.exams.forms import GradeField
from ndrc.exams.models import CalendarEntry, ExamForm, ExamSession
from ndrc.exams.selectors import Slot
from ndrc.exams.services import SESSION_FIELDS, CarriedInput, RegistrationInput
from ndrc.regulation.correspondence import load_correspondence
from ndrc.regulation.exemptions import load_exemptions
from ndrc.regulation.framework import CURRENT_FRAMEWORK, load_framework

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CARRIED_ROWS = 3


def unit_choices(framework: str = CURRENT_FRAMEWORK) -> list[tuple[str, str]]:
    return [(u.code, f"{u.code} — {u.title}") for u in load_framework(framework).units.values()]


class SessionForm(forms.ModelForm):
    """A session's dates, president and jury (the year only when it is created)."""

    class Meta:
        model = ExamSession
        fields = ("year", *SESSION_FIELDS)
        widgets = {
            name: DATE for name in SESSION_FIELDS if name not in ("president", "jury_members")
        }
        widgets["jury_members"] = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *args: Any, training_centre: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["year"]
        self.fields["president"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__training_centre=training_centre,
                memberships__role=Role.EXAM_OFFICE,
                is_active=True,
            )
            .distinct()
        )

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "year"}


class CalendarEntryForm(forms.ModelForm):
    class Meta:
        model = CalendarEntry
        fields = ("kind", "exam", "starts_on", "ends_on", "time", "label")
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args: Any, framework: str = CURRENT_FRAMEWORK, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exams = load_framework(framework).exams
        self.fields["exam"] = forms.ChoiceField(
            label=_("Épreuve"),
            required=False,
            choices=[("", "—"), *((code, f"{code} — {e.title}") for code, e in exams.items())],
        )


def _carried_unit_choices(framework: str) -> list[tuple[str, Any]]:
    current = [(u, u) for u in load_framework(framework).units]
    correspondence = load_correspondence(framework)
    former = [
        (f"{correspondence.from_framework}:{u}", u) for u in sorted(correspondence.former_units)
    ]
    return [
        ("", "—"),
        (_("BTS NDRC"), current),
        (_("BTS NRC (annexe IV)"), former),
    ]


class RegistrationForm(forms.Form):
    """A registration: form, units, exemptions with their diploma, carried grades, languages,
    accommodations."""

    form = forms.ChoiceField(label=_("Forme de l'examen"), choices=ExamForm.choices)
    units = forms.MultipleChoiceField(
        label=_("Unités présentées à la session"), widget=forms.CheckboxSelectMultiple
    )
    exemptions = forms.MultipleChoiceField(
        label=_("Unités dispensées"), required=False, widget=forms.CheckboxSelectMultiple
    )
    qualifications = forms.MultipleChoiceField(
        label=_("Titres justifiant les dispenses"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    diploma = forms.CharField(
        label=_("Diplôme présenté (intitulé, établissement, année)"),
        required=False,
        max_length=300,
    )
    lv1 = forms.CharField(label=_("Langue vivante 1 (E2)"), required=False, max_length=40)
    lv2 = forms.CharField(
        label=_("Langue vivante 2 (EF1, unité facultative)"), required=False, max_length=40
    )
    extra_time = forms.BooleanField(label=_("Tiers-temps"), required=False)
    arrangements = forms.CharField(
        label=_("Autres aménagements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accommodation_decision = forms.CharField(
        label=_("Décision d'aménagement (autorité, date)"), required=False, max_length=300
    )

    def __init__(
        self, *args: Any, maximum: Decimal, framework: str = CURRENT_FRAMEWORK, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        exemptions = load_exemptions(framework)
        self.fields["units"].choices = unit_choices(framework)
        self.fields["exemptions"].choices = [(u, u) for u in exemptions.units]
        self.fields["qualifications"].choices = list(exemptions.qualifications.items())
        for row in range(1, CARRIED_ROWS + 1):
            self.fields[f"carried_{row}_unit"] = forms.ChoiceField(
                label=_("Unité"), required=False, choices=_carried_unit_choices(framework)
            )
            self.fields[f"carried_{row}_grade"] = GradeField(
                label=_("Note conservée"), maximum=maximum
            )
            self.fields[f"carried_{row}_session"] = forms.IntegerField(
                label=_("Session d'obtention"), required=False, min_value=1990, max_value=2100
            )
            self.fields[f"carried_{row}_waived"] = forms.BooleanField(
                label=_("Le candidat y renonce"), required=False
            )
            self.fields[f"carried_{row}_source"] = forms.CharField(
                label=_("Justificatif"), required=False, max_length=200
            )

    def carried_rows(self) -> list[list[forms.BoundField]]:
        parts = ("unit", "grade", "session", "waived", "source")
        return [
            [self[f"carried_{row}_{part}"] for part in parts] for row in range(1, CARRIED_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in range(1, CARRIED_ROWS + 1):
            unit, grade, year = (
                data.get(f"carried_{row}_{p}") for p in ("unit", "grade", "session")
            )
            if unit and (grade is None or year is None):
                self.add_error(
                    f"carried_{row}_grade" if grade is None else f"carried_{row}_session",
                    _("Une note conservée a besoin de sa note et de sa session d'obtention."),
                )
            if isinstance(grade, str):
                self.add_error(
                    f"carried_{row}_grade", _("Une note conservée est un nombre de 0 à 20.")
                )
        return data

    def as_input(self) -> RegistrationInput:
        data = self.cleaned_data
        carried = []
        for row in range(1, CARRIED_ROWS + 1):
            unit = data.get(f"carried_{row}_unit")
            if not unit:
                continue
            framework, _sep, code = unit.rpartition(":")
            carried.append(
                CarriedInput(
                    unit=code,
                    framework=framework or self.framework,
                    grade=data[f"carried_{row}_grade"],
                    obtained_session=data[f"carried_{row}_session"],
                    waived=data[f"carried_{row}_waived"],
                    source=data[f"carried_{row}_source"],
                )
            )
        return RegistrationInput(
            form=data["form"],
            units=tuple(data["units"]),
            exemptions=tuple(data["exemptions"]),
            qualifications=tuple(data["qualifications"]),
            diploma=data["diploma"],
            lv1=data["lv1"].strip().lower(),
            lv2=data["lv2"].strip().lower(),
            carried=tuple(carried),
            extra_time=data["extra_time"],
            arrangements=data["arrangements"],
            accommodation_decision=data["accommodation_decision"],
        )

    @staticmethod
    def initial_of(registration: Any) -> dict[str, Any]:
        initial = {
            name: getattr(registration, name)
            for name in (
                "form", "units", "exemptions", "qualifications", "diploma", "lv1", "lv2",
                "extra_time", "arrangements", "accommodation_decision",
            )
        }  # fmt: skip
        for row, carried in enumerate(registration.carried_grades.all(), start=1):
            unit = carried.unit
            if carried.framework != registration.session.framework:
                unit = f"{carried.framework}:{unit}"
            initial.update(
                {
                    f"carried_{row}_unit": unit,
                    f"carried_{row}_grade": str(carried.grade).replace(".", ","),
                    f"carried_{row}_session": carried.obtained_session,
                    f"carried_{row}_waived": carried.waived,
                    f"carried_{row}_source": carried.source,
                }
            )
        return initial


class CohortLineForm(forms.Form):
    """One learner's line of a cohort's registration screen, pre-filled from their records: the
    category on the day, the extra time of their file, and the exemptions with the titles that
    justify them decided at admission (the positioning). Carried grades are added afterwards on
    the registration's page."""

    include = forms.BooleanField(label=_("Inscrire"), required=False)
    form = forms.ChoiceField(label=_("Forme"), choices=ExamForm.choices)
    units = forms.MultipleChoiceField(
        label=_("Unités"), required=False, widget=forms.CheckboxSelectMultiple
    )
    exemptions = forms.MultipleChoiceField(
        label=_("Dispenses"), required=False, widget=forms.CheckboxSelectMultiple
    )
    qualifications = forms.MultipleChoiceField(
        label=_("Titres"), required=False, widget=forms.CheckboxSelectMultiple
    )
    diploma = forms.CharField(label=_("Diplôme présenté"), required=False, max_length=300)
    lv1 = forms.CharField(label=_("LV1"), required=False, max_length=40)
    lv2 = forms.CharField(label=_("LV2 (facultative)"), required=False, max_length=40)
    extra_time = forms.BooleanField(label=_("Tiers-temps"), required=False)
    accommodation_decision = forms.CharField(
        label=_("Décision d'aménagement"), required=False, max_length=300
    )

    def __init__(
        self, *args: Any, learner: Any, framework: str, positioning: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.learner = learner
        self.positioning = positioning
        exemptions = load_exemptions(framework)
        self.fields["units"].choices = [(u, u) for u in load_framework(framework).units]
        self.fields["exemptions"].choices = [(u, u) for u in exemptions.units]
        self.fields["qualifications"].choices = list(exemptions.qualifications.items())

    def as_input(self) -> RegistrationInput:
        data = self.cleaned_data
        return RegistrationInput(
            form=data["form"],
            units=tuple(data["units"]),
            exemptions=tuple(data["exemptions"]),
            qualifications=tuple(data["qualifications"]),
            diploma=data["diploma"],
            lv1=data["lv1"].strip().lower(),
            lv2=data["lv2"].strip().lower(),
            extra_time=data["extra_time"],
            accommodation_decision=data["accommodation_decision"],
        )


def _positioning_diploma(positioning: Any, titles: dict[str, str]) -> str:
    """The diploma field of a line, from the positioning: its titles and its day."""
    if not positioning.exempted_units:
        return ""
    named = ", ".join(titles.get(code, code) for code in positioning.qualifications)
    day = f"{positioning.decided_on:%d/%m/%Y}"
    return f"{named or '—'} (positionnement du {day})"  # the record's text: French


def cohort_forms(
    learners: list[Any], framework: str, data: Any = None, positioning: dict | None = None
) -> list[CohortLineForm]:
    """The lines of a cohort's registration screen, pre-filled from the learners' records and
    their positioning at admission (`positioning`: learner id → PositioningSummary)."""
    positioning = positioning or {}
    compulsory = [u.code for u in load_framework(framework).compulsory_units]
    titles = load_exemptions(framework).qualifications
    forms_ = []
    for learner in learners:
        decided = positioning.get(learner.pk)
        exempted = list(decided.exempted_units) if decided else []
        forms_.append(
            CohortLineForm(
                data,
                prefix=f"l{learner.pk}",
                learner=learner,
                framework=framework,
                positioning=decided,
                initial={
                    "include": True,
                    "form": ExamForm.WHOLE,
                    "units": [u for u in compulsory if u not in exempted],
                    "exemptions": exempted,
                    "qualifications": list(decided.qualifications) if decided else [],
                    "diploma": _positioning_diploma(decided, titles) if decided else "",
                    "lv1": "anglais",
                    "extra_time": learner.extra_time,
                },
            )
        )
    return forms_


class GradeImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier des notes (CSV ou XLSX)"))


class GradeSheetForm(forms.Form):
    """The grades of one unit (or part) for every candidate who sits it."""

    def __init__(
        self, *args: Any, rows: list[tuple[Any, Any]], maximum: Decimal, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for registration, grade in rows:
            self.fields[f"r{registration.pk}"] = GradeField(
                label=f"{registration.number} — {registration.learner}",
                initial=_shown(grade),
                maximum=maximum,
            )

    def lines(self) -> list[tuple[Any, forms.BoundField]]:
        return [(registration, self[f"r{registration.pk}"]) for registration, _g in self.rows]

    def values(self) -> list[tuple[Any, Decimal | str]]:
        return [
            (registration, self.cleaned_data[f"r{registration.pk}"])
            for registration, _g in self.rows
            if self.cleaned_data.get(f"r{registration.pk}") is not None
        ]


def _shown(grade: Any) -> str:
    if grade is None:
        return ""
    if grade.value is not None:
        return str(grade.value).replace(".", ",").rstrip("0").rstrip(",")
    return {"absent": "absent", "excused": "excusé", "NV": "NV"}[grade.status]


class ChangeForm(forms.Form):
    """A grade the jury raises (before the sign-off) or the president rectifies (after)."""

    slot = forms.ChoiceField(label=_("Unité"))
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ("slot", "value", "reason")

    def __init__(self, *args: Any, slots: list[Slot], maximum: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.key, slot.label) for slot in slots]
        self.fields["value"] = GradeField(label=_("Nouvelle note"), required=True, maximum=maximum)
        self.order_fields(self.field_order)

    def unit_part(self) -> tuple[str, str]:
        unit, _sep, part = self.cleaned_data["slot"].partition(".")
        return unit, part


class ResitForm(forms.Form):
    """The épreuves de contrôle of a candidate: grades (or absent) in at most two units."""

    def __init__(
        self, *args: Any, units: list[str], initial_grades: dict, maximum: Decimal, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for unit in units:
            self.fields[unit] = GradeField(
                label=unit, initial=_shown(initial_grades.get(unit)), maximum=maximum
            )

    def grades(self) -> dict[str, Decimal | str]:
        return {u: v for u, v in self.cleaned_data.items() if v is not None}


class PublishForm(forms.Form):
    day = forms.DateField(label=_("Date de publication"), widget=DATE)
    hour = forms.TimeField(
        label=_("Heure"), initial=time(10, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def at(self) -> datetime:
        naive = datetime.combine(self.cleaned_data["day"], self.cleaned_data["hour"])
        return timezone.make_aware(naive)
