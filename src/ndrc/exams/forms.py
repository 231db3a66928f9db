"""The deliberation simulator's form: grades as a user types them, turned into a candidate record.

The record is the JSON candidate record of the machine interface (`ndrc deliberate`), so the
simulator and the command line feed the engine the same thing. The form only reads what was
typed (a number with a comma or a dot, or a status word); every rule is the engine's.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ndrc.regulation.framework import Framework

# The grade scale of the machine interface: a number from 0 to 20.
GRADE_MIN, GRADE_MAX = Decimal(0), Decimal(20)

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

# (record key, field name, label): U5 is graded in two parts.
GRADE_FIELDS = (
    ("U1", "grade_U1", _("U1 — Culture générale et expression")),
    ("U2", "grade_U2", _("U2 — Langue vivante étrangère 1")),
    ("U3", "grade_U3", _("U3 — Culture économique, juridique et managériale")),
    ("U4", "grade_U4", _("U4 — Relation client et négociation-vente")),
    ("U5.written", "grade_U5_written", _("U5 — partie écrite")),
    ("U5.practical", "grade_U5_practical", _("U5 — partie pratique")),
    ("U6", "grade_U6", _("U6 — Relation client et animation de réseaux")),
    ("UF1", "grade_UF1", _("UF1 — Langue vivante étrangère 2 (facultative)")),
)
QUALIFICATIONS = (
    ("bts", _("BTS d'une autre spécialité")),
    ("dut", _("DUT")),
    ("licence", _("Licence")),
    ("diplome_niveau_5", _("Diplôme national de niveau 5 ou plus")),
    ("ue_eco_droit_management", _("UE de droit, économie et management validée")),
)
CARRIED_ROWS = 3
RESIT_UNITS = ("U1", "U2", "U3")


def parse_grade(text: str) -> Decimal | str | None:
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
                "« %(text)s » n'est pas une note : saisissez un nombre de 0 à 20, "
                "ou absent, excusé, NV."
            ),
            params={"text": text},
        ) from None
    if not grade.is_finite() or not GRADE_MIN <= grade <= GRADE_MAX:
        raise forms.ValidationError(
            _("La note %(text)s est hors de l'échelle : elle doit être comprise entre 0 et 20."),
            params={"text": text},
        )
    return grade


class GradeField(forms.CharField):
    """A grade: a number from 0 to 20 (comma or dot), or absent / excusé / NV."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "list": "grade-statuses", "size": 6}
        )

    def clean(self, value: Any) -> Decimal | str | None:
        return parse_grade(super().clean(value) or "")


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
        label=_("Unités dispensées"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(("U1", "U1"), ("U2", "U2"), ("U3", "U3")),
    )
    qualifications = forms.MultipleChoiceField(
        label=_("Titres ou diplômes détenus"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=QUALIFICATIONS,
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (code, category.label) for code, category in framework.candidate_categories.items()
        ]
        for _key, name, label in GRADE_FIELDS:
            self.fields[name] = GradeField(label=label)
        units = [(code, code) for code in framework.units if code != "UF1"]
        for row in range(1, CARRIED_ROWS + 1):
            self.fields[f"carried_{row}_unit"] = forms.ChoiceField(
                label=_("Unité"), required=False, choices=[("", "—"), *units]
            )
            self.fields[f"carried_{row}_grade"] = GradeField(label=_("Note conservée"))
            self.fields[f"carried_{row}_session"] = forms.IntegerField(
                label=_("Session d'obtention"), required=False, min_value=1990, max_value=2100
            )
            self.fields[f"carried_{row}_framework"] = forms.ChoiceField(
                label=_("Référentiel"),
                required=False,
                choices=(("bts_ndrc_2018", "BTS NDRC (2018)"), ("bts_nrc_2003", "BTS NRC (2003)")),
            )
            self.fields[f"carried_{row}_waived"] = forms.BooleanField(
                label=_("Renonce au bénéfice"), required=False
            )
        for unit in RESIT_UNITS:
            self.fields[f"resit_{unit}"] = GradeField(
                label=_("Épreuve de contrôle %(unit)s") % {"unit": unit}
            )
        for name, field in self.fields.items():
            # Ties each input to the error paragraph shown under it (ui/_field_errors.html).
            field.widget.attrs["aria-describedby"] = f"id_{name}-error"

    def grade_fields(self):
        return [self[name] for _key, name, _label in GRADE_FIELDS]

    def carried_rows(self):
        return [
            [
                self[f"carried_{row}_{part}"]
                for part in ("unit", "grade", "session", "framework", "waived")
            ]
            for row in range(1, CARRIED_ROWS + 1)
        ]

    def resit_fields(self):
        return [self[f"resit_{unit}"] for unit in RESIT_UNITS]

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
                    f"carried_{row}_grade", _("Une note conservée est un nombre de 0 à 20.")
                )
        return data

    def empty_units(self) -> list[str]:
        """Units with no grade typed and not exempted: where a grade may still be needed."""
        data = self.cleaned_data
        units = []
        for key, name, _label in GRADE_FIELDS:
            unit = key.split(".")[0]
            if data.get(name) is None and unit not in data["exemptions"] and unit not in units:
                units.append(unit)
        return units

    def as_record(self) -> dict[str, Any]:
        """The candidate record of the machine interface, from the cleaned data."""
        data = self.cleaned_data
        grades: dict[str, Any] = {}
        for key, name, _label in GRADE_FIELDS:
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
                    "framework": data[f"carried_{row}_framework"] or "bts_ndrc_2018",
                }
            )
            if data.get(f"carried_{row}_waived"):
                waived.append(unit)
        if carried:
            record["carried_grades"] = carried
        if waived:
            record["waived"] = waived
        resits = {u: data[f"resit_{u}"] for u in RESIT_UNITS if data.get(f"resit_{u}") is not None}
        if resits:
            record["resit_grades"] = resits
        return record
