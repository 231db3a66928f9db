"""Issue 11 (each rule stated once), issue 10 hole 5: the text people type refuses control
characters by one rule, `ndrc.core.validators`, which every text field of every model carries:
a copy of the rule in an app, or a field forgotten, fails here."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from ndrc.core.validators import (
    check_typed_text,
    control_character_errors,
    validate_multiline_text,
    validate_plain_text,
)

# Django's own fields of the user model: the username's and the e-mail's validators refuse
# control characters already, and the password field holds a hash, never what was typed.
DJANGOS_OWN = {("core.User", "username"), ("core.User", "email"), ("core.User", "password")}


def _text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("ndrc."):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue  # a choice is one of a list: nothing is typed
            if (model._meta.label, field.name) not in DJANGOS_OWN:
                yield model._meta.label, field


def test_every_text_field_of_the_models_carries_the_rule_of_core():
    fields = list(_text_fields())
    assert len(fields) > 150  # every app's models were read
    wrong = []
    for label, field in fields:
        rule = (
            validate_multiline_text if isinstance(field, models.TextField) else validate_plain_text
        )
        if rule not in field.validators:
            wrong.append(f"{label}.{field.name} ({type(field).__name__})")
    assert wrong == [], "without core's validate_plain_text / validate_multiline_text"


def test_no_text_field_carries_a_copy_of_the_rule():
    """A validator of a text field that is not core's rule refuses something else than
    control characters (a SIRET, a phone number), not the rule restated."""
    copies = []
    for label, field in _text_fields():
        for validator in field.validators:
            name = getattr(validator, "__name__", type(validator).__name__)
            module = getattr(validator, "__module__", "")
            if module.startswith("ndrc.") and "text" in name and module != "ndrc.core.validators":
                copies.append(f"{label}.{field.name}: {module}.{name}")
    assert copies == []


@pytest.mark.parametrize(
    ("value", "code"),
    [("Mo\x00rin", 0), ("Zoé\x1b[31m", 27), ("Bernard\n", 10), ("Le\rroy", 13), ("Ab\x85", 133)],
)
def test_a_line_of_text_refuses_a_control_character_naming_its_code(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_plain_text(value)
    assert refused.value.messages == [f"Caractère de contrôle interdit (code {code})."]
    assert refused.value.code == "control_character"


def test_a_text_of_several_lines_keeps_its_line_breaks_and_tabs_but_refuses_the_rest():
    validate_multiline_text("Très bon stage.\r\n\tÀ poursuivre.\n")
    validate_plain_text("Nom\tPrénom")  # a tab pasted from a spreadsheet is harmless
    with pytest.raises(ValidationError, match=r"\(code 7\)"):
        validate_multiline_text("Bien\x07")


def test_the_batch_checks_get_the_messages_without_an_exception():
    assert control_character_errors("Martin") == []
    assert control_character_errors("Mar\x07tin") == ["Caractère de contrôle interdit (code 7)."]
    assert control_character_errors("Deux\nlignes", multiline=True) == []


def test_a_service_names_the_field_refused():
    with pytest.raises(ValidationError) as refused:
        check_typed_text("Lyon\x00", field="place")
    assert refused.value.message_dict == {"place": ["Caractère de contrôle interdit (code 0)."]}
