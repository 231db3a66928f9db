"""The form renderer writing Django's form templates as strings (core.ui.renderers) writes the
same HTML as Django's templates: unbound, with initial values, bound and valid, bound with
errors, for each widget it writes (and those it leaves to the templates)."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import override

from ndrc.core.ui.renderers import WRITERS, StringRenderer
from ndrc.core.ui.widgets import DateInput

GROUPS = [
    ("", "---------"),
    ("Nord & <Est>", [("lille", "Lille <59>"), ("arras", 'Arras "62"')]),
    ("Sud", [("nice", "Nice & co")]),
    ("autre", "Autre"),
]


class EveryWidget(forms.Form):
    name = forms.CharField(
        label="Nom", max_length=20, help_text=mark_safe("Comme sur <em>l'état civil</em>")
    )
    nickname = forms.CharField(
        required=False, initial='<b>"Zaz" & l\'autre</b>', help_text="<i>Facultatif</i> & libre"
    )
    age = forms.IntegerField(label="Âge ?", min_value=16, required=False)
    email = forms.EmailField(label="Courriel", required=False, disabled=True)
    day = forms.DateField(label="Date", widget=DateInput())
    city = forms.ChoiceField(label="Ville", choices=GROUPS)
    kind = forms.ChoiceField(
        label="Genre", choices=[("a", "A"), ("b", "B")], widget=forms.Select(attrs={"size": 2})
    )
    towns = forms.MultipleChoiceField(
        label="Villes",
        choices=GROUPS[1:],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
        required=False,
        help_text="Une ou plusieurs",
    )
    members = forms.MultipleChoiceField(
        label="Membres",
        choices=[(1, "Une"), (2, mark_safe("<i>Deux</i>")), (3, "Trois")],
        widget=forms.CheckboxSelectMultiple,
    )
    several = forms.MultipleChoiceField(
        label="Plusieurs", choices=[(1, "Un"), (2, "Deux")], required=False
    )
    notes = forms.CharField(
        label="", required=False, widget=forms.Textarea(attrs={"rows": 3, "data-x": True})
    )
    file = forms.FileField(label="Fichier", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, initial="v1:abc")
    agreed = forms.BooleanField(label="D'accord", required=False)
    choice = forms.ChoiceField(
        label="Radio", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, required=False
    )
    custom = forms.CharField(
        label="Personnalisé",
        required=False,
        widget=forms.TextInput(
            attrs={
                "id": "mine",
                "inputmode": "decimal",
                "size": 6,
                "off": False,
                "on": True,
                "title": mark_safe("a&amp;b<br>"),
                "lang": "<fr>",
            }
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nickname") == "refus":
            raise ValidationError(["Refusé <tout>.", mark_safe("<b>Refusé</b>")])
        return cleaned


class Styled(EveryWidget):
    required_css_class = "required"
    error_css_class = "error"
    label_suffix = " :"


class OnlyHidden(forms.Form):
    secret = forms.CharField(widget=forms.HiddenInput)


VALID = {
    "name": "Dupré",
    "nickname": "Zaz",
    "age": "17",
    "day": "2026-09-01",
    "city": "arras",
    "kind": "b",
    "towns": ["lille", "nice"],
    "members": ["2"],
    "several": ["1", "2"],
    "notes": "Ligne 1\n<script>",
    "secret": "v1:abc",
    "agreed": "on",
    "choice": "y",
    "custom": "12,5",
}
INVALID = {
    "name": "x" * 30,
    "nickname": "refus",
    "age": "douze",
    "day": "01/13/2026",
    "city": "paris",
    "members": ["9"],
    "notes": "",
}


def forms_of(form_class, **kwargs):
    """The same form twice: with Django's templates, and written as strings."""
    return (
        form_class(renderer=DjangoTemplates(), **kwargs),
        form_class(renderer=StringRenderer(), **kwargs),
    )


def every_rendering(form) -> list[str]:
    """What a page writes of a form: as a whole, and each field's parts one by one."""
    written = [form.as_div(), form.non_field_errors(), form.as_p(), form.as_table()]
    for field in form:
        written += [
            str(field),
            field.label_tag(),
            field.legend_tag(),
            field.label_tag(attrs={"class": "x"}, label_suffix="!"),
            field.errors,
            field.as_field_group(),
            field.as_hidden(),
        ]
    return [str(part) for part in written]


CASES = {
    "unbound": {},
    "initial": {
        "initial": {"name": "<Ann>", "city": "nice", "members": [1, 3], "day": date(2026, 9, 1)}
    },
    "bound and valid": {"data": VALID, "files": {"file": SimpleUploadedFile("a.pdf", b"%PDF")}},
    "bound with errors": {"data": INVALID},
    "bound and empty": {"data": {}},
    "prefixed, ids of their own": {"data": INVALID, "prefix": "p", "auto_id": "f-%s"},
    "without ids": {"data": INVALID, "auto_id": False},
    "without required attributes": {"data": VALID, "use_required_attribute": False},
}  # fmt: skip


@pytest.mark.parametrize("form_class", [EveryWidget, Styled])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_form_is_written_as_django_s_templates_write_it(form_class, case, language):
    with override(language):
        django, strings = forms_of(form_class, **CASES[case])
        assert every_rendering(strings) == every_rendering(django)


@pytest.mark.parametrize("case", [{}, {"data": {}}, {"data": {"secret": "x"}}])
def test_a_form_of_hidden_fields_alone_is_written_as_django_s_templates_write_it(case):
    django, strings = forms_of(OnlyHidden, **case)
    assert every_rendering(strings) == every_rendering(django)


def test_the_inputs_written_alike_are_those_whose_template_is_the_input_s():
    """Each input template the renderer writes as `input.html` includes `input.html` alone (a
    new Django writing one of them otherwise fails here)."""
    templates = DjangoTemplates()
    written = WRITERS["django/forms/widgets/input.html"]
    alike = [name for name, write in WRITERS.items() if write is written]
    assert len(alike) > 10
    for name in alike:
        if not name.endswith("/input.html"):
            source = templates.get_template(name).template.source
            assert source == '{% include "django/forms/widgets/input.html" %}\n', name


class WithoutTemplates(StringRenderer):
    def get_template(self, template_name):
        raise AssertionError(f"{template_name} rendered by the template engine")


class WrittenWidgets(EveryWidget):
    """The widgets the renderer writes (not the single checkbox nor the radio buttons)."""

    agreed = None
    choice = None


@pytest.mark.parametrize("case", list(CASES))
def test_a_form_of_the_widgets_written_needs_no_template(case):
    form = WrittenWidgets(renderer=WithoutTemplates(), **CASES[case])
    assert "<select" in form.as_div()
    assert form["members"].as_field_group()
