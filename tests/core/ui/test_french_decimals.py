"""Decimals typed with a comma, as French users write them (issue 10, hole 12: « 1,5 » was
refused with « Saisissez un nombre. »), in the declared fields and the model forms' fields."""

from decimal import Decimal

from ndrc.portfolio.forms import DossierDocumentForm, EmploymentCertificateForm
from ndrc.timetable.forms import RhythmForm


def test_a_decimal_comma_is_read_in_declared_and_model_form_fields():
    fields = [
        DossierDocumentForm.base_fields["pages"],
        EmploymentCertificateForm.base_fields["months_full_time"],
        RhythmForm.base_fields["promised_hours"],
    ]
    assert [field.clean("1,5") for field in fields] == [Decimal("1.5")] * 3
