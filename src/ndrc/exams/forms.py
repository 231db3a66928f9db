"""The deliberation simulator's form: grades as a user types them, turned into a candidate record.

The record is the JSON candidate record of the machine interface (`ndrc deliberate`), so the
simulator and the command line feed the engine the same thing. The form only reads what was
typed (a number with a comma or a dot, or a status word); every rule is the engine's.
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ndrc.regulation.correspondence import load_correspondence
from ndrc.regulation.exemptions import load_exemptions
from ndrc.regulation.framework import Framework
from ndrc.regulation.parameters import parameter

# Status words a user may type instead of a number, mapped to the record's values.
STATUS_WORDS = {
    "absent": "absent",
    "abs": "absent",
    "excusé": "excused",
    "excuse": "excused",
    "excused": "excused",
    "justifié": "excused",
    "nv": "NV",
    "non valide": "NV",
}

# How the page names the parts of a unit graded in parts (U5), by the framework's part codes.
PART_LABELS = {"written": _("partie écrite"), "practical": _("partie pratique")}
CARRIED_ROWS = 3


def grade_fields(framework: Framework) -> list[tuple[str, str, str]]:
    """(record key, field name, label) of each grade of the framework's units, in its order: a
    unit graded in parts (U5) has one grade per part (`U5.written`)."""
    fields = []
    for unit in framework.units.values():
        label = f"{unit.code} — {unit.title}"
        if unit.is_optional:
            label = _("%(unit)s (facultative)") % {"unit": label}
        parts = framework.exam_of_unit(unit.code).parts
        if not parts:
            fields.append((unit.code, f"grade_{unit.code}", label))
        for part in parts:
            name = PART_LABELS.get(part.code, part.code)
            fields.append(
                (
                    f"{unit.code}.{part.code}",
                    f"grade_{unit.code}_{part.code}",
                    f"{unit.code} — {name}",
                )
            )
    return fields


def parse_grade(text: str, *, maximum: Decimal) -> Decimal | str | None:
    """ "12,5" → Decimal("12.5"), "abs" → "absent", "" → None; ValidationError otherwise."""
    text = text.strip()
    if not text:
        return None
    if text.lower() in STATUS_WORDS:
        return STATUS_WORDS[text.lower()]
    try:
        grade = Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise forms.ValidationError(
            _(
                "« %(text)s » n'est pas une note : saisissez un nombre de 0 à %(maximum)s, "
                "ou absent, excusé, NV."
            ),
            params={"text": text, "maximum": maximum},
        ) from None
    if not grade.is_finite() or not 0 <= grade <= maximum:
        raise forms.ValidationError(
            _(
                "La note %(text)s est hors de l'échelle : elle doit être comprise entre 0 et "
                "%(maximum)s."
            ),
            params={"text": text, "maximum": maximum},
        )
    return grade


class GradeField(forms.CharField):
    """A grade: a number from 0 to the grade maximum (comma or dot), or absent / excusé / NV."""

    def __init__(self, *, maximum: Decimal, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.maximum = maximum
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "list": "grade-statuses", "size": 6}
        )

    def clean(self, value: Any) -> Decimal | str | None:
        return parse_grade(super().clean(value) or "", maximum=self.maximum)


class SimulatorForm(forms.Form):
    category = forms.ChoiceField(label=_("Catégorie de candidat"))
    session = forms.IntegerField(label=_("Session"), min_value=2020, max_value=2100)
    form = forms.ChoiceField(
        label=_("Forme de l'examen"),
        choices=(("whole", _("Globale")), ("progressive", _("Progressive"))),
        initial="whole",
    )
    lv1 = forms.CharField(label=_("Langue vivante 1 (U2)"), required=False, max_length=40)
    lv2 = forms.CharField(label=_("Langue vivante 2 (UF1)"), required=False, max_length=40)
    exemptions = forms.MultipleChoiceField(
        label=_("Unités dispensées"), required=False, widget=forms.CheckboxSelectMultiple
    )
    qualifications = forms.MultipleChoiceField(
        label=_("Titres ou diplômes détenus"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, framework: Framework, on: date, **kwargs: Any) -> None:
        """The fields of `framework`'s units, exemptions (annexe II b) and resit units; grades
        up to the maximum in force `on`."""
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.grades = grade_fields(framework)
        maximum = parameter("deliberation/grade_maximum").at(on).value
        self.fields["category"].choices = [
            (code, category.label) for code, category in framework.candidate_categories.items()
        ]
        exemptions = load_exemptions(framework.code)
        self.fields["exemptions"].choices = [(unit, unit) for unit in exemptions.units]
        self.fields["qualifications"].choices = [
            (code, capfirst(title)) for code, title in exemptions.qualifications.items()
        ]
        for _key, name, label in self.grades:
            self.fields[name] = GradeField(label=label, maximum=maximum)
        units = [(u.code, u.code) for u in framework.units.values() if not u.is_optional]
        former = load_correspondence(framework.code)
        frameworks = [(framework.code, framework.title), (former.from_framework, former.from_title)]
        for row in range(1, CARRIED_ROWS + 1):
            self.fields[f"carried_{row}_unit"] = forms.ChoiceField(
                label=_("Unité"), required=False, choices=[("", "—"), *units]
            )
            self.fields[f"carried_{row}_grade"] = GradeField(
                label=_("Note conservée"), maximum=maximum
            )
            self.fields[f"carried_{row}_session"] = forms.IntegerField(
                label=_("Session d'obtention"), required=False, min_value=1990, max_value=2100
            )
            self.fields[f"carried_{row}_framework"] = forms.ChoiceField(
                label=_("Référentiel"), required=False, choices=frameworks
            )
            self.fields[f"carried_{row}_waived"] = forms.BooleanField(
                label=_("Renonce au bénéfice"), required=False
            )
        for unit in framework.resit_units:
            self.fields[f"resit_{unit}"] = GradeField(
                label=_("Épreuve de contrôle %(unit)s") % {"unit": unit}, maximum=maximum
            )
        for name, field in self.fields.items():
            # Ties each input to the error paragraph shown under it (ui/_field_errors.html).
            field.widget.attrs["aria-describedby"] = f"id_{name}-error"

    def grade_fields(self):
        return [self[name] for _key, name, _label in self.grades]

    def carried_rows(self):
        return [
            [
                self[f"carried_{row}_{part}"]
                for part in ("unit", "grade", "session", "framework", "waived")
            ]
            for row in range(1, CARRIED_ROWS + 1)
        ]

    def resit_fields(self):
        return [self[f"resit_{unit}"] for unit in self.framework.resit_units]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in range(1, CARRIED_ROWS + 1):
            unit, grade, session = (
                data.get(f"carried_{row}_{part}") for part in ("unit", "grade", "session")
            )
            if unit and (grade is None or session is None):
                self.add_error(
                    f"carried_{row}_grade" if grade is None else f"carried_{row}_session",
                    _("Une note conservée a besoin de sa note et de sa session d'obtention."),
                )
            if isinstance(grade, str):
                self.add_error(
                    f"carried_{row}_grade",
                    _("Une note conservée est un nombre de 0 à %(maximum)s.")
                    % {"maximum": self.fields[f"carried_{row}_grade"].maximum},
                )
        return data

    def empty_units(self) -> list[str]:
        """Units with no grade typed and not exempted: where a grade may still be needed."""
        data = self.cleaned_data
        units = []
        for key, name, _label in self.grades:
            unit = key.split(".")[0]
            if data.get(name) is None and unit not in data["exemptions"] and unit not in units:
                units.append(unit)
        return units

    def as_record(self) -> dict[str, Any]:
        """The candidate record of the machine interface, from the cleaned data."""
        data = self.cleaned_data
        grades: dict[str, Any] = {}
        for key, name, _label in self.grades:
            value = data.get(name)
            if value is None:
                continue
            if "." in key:
                unit, part = key.split(".")
                grades.setdefault(unit, {})[part] = value
            else:
                grades[key] = value
        record: dict[str, Any] = {
            "id": "simulation",
            "session": data["session"],
            "category": data["category"],
            "form": data["form"],
            "grades": grades,
        }
        if data["lv1"]:
            record["lv1"] = data["lv1"].strip().lower()
        if data["lv2"]:
            record["lv2"] = data["lv2"].strip().lower()
        if data["exemptions"]:
            record["exemptions"] = list(data["exemptions"])
        if data["qualifications"]:
            record["qualifications"] = list(data["qualifications"])
        carried, waived = [], []
        for row in range(1, CARRIED_ROWS + 1):
            unit = data.get(f"carried_{row}_unit")
            if not unit:
                continue
            carried.append(
                {
                    "unit": unit,
                    "grade": data[f"carried_{row}_grade"],
                    "session": data[f"carried_{row}_session"],
                    "framework": data[f"carried_{row}_framework"] or self.framework.code,
                }
            )
            if data.get(f"carried_{row}_waived"):
                waived.append(unit)
        if carried:
            record["carried_grades"] = carried
        if waived:
            record["waived"] = waived
        resits = {
            u: data[f"resit_{u}"]
            for u in self.framework.resit_units
            if data.get(f"resit_{u}") is not None
        }
        if resits:
            record["resit_grades"] = resits
        return record
