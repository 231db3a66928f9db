"""The shared validators accept real identifiers and reject malformed ones with a French message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ndrc.core import validators


@pytest.mark.parametrize(
    "siret",
    [
        "41234567000019",
        "412 345 670 00019",  # written with spaces, as on a Kbis
        "35600000000001",  # La Poste: digit sum 15, a multiple of 5 (fails Luhn)
    ],
)
def test_a_valid_siret_is_accepted(siret):
    validators.validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "why"),
    [
        ("41234567000018", "wrong Luhn key"),
        ("4123456700001", "13 digits"),
        ("4123456700001A", "a letter"),
        ("35600000000014", "La Poste: passes Luhn but digit sum 19"),
        ("", "empty"),
    ],
)
def test_an_invalid_siret_is_rejected_with_a_french_message(siret, why):
    with pytest.raises(ValidationError) as error:
        validators.validate_siret(siret)
    assert "SIRET" in error.value.messages[0] and "invalide" in error.value.messages[0], why


def test_uai_key_letter_is_checked():
    # 0750654 mod 23 = 3 → D (Lycée Henri-IV, Paris: 0750654D).
    validators.validate_uai("0750654D")
    with pytest.raises(ValidationError, match="UAI"):
        validators.validate_uai("0750654E")
    with pytest.raises(ValidationError, match="UAI"):
        validators.validate_uai("075065D")


@pytest.mark.parametrize("ine", ["1234567890A", "123456789AB", "2024A00012K", "123456789ab"])
def test_an_ine_of_each_documented_format_is_accepted(ine):
    validators.validate_ine(ine)


@pytest.mark.parametrize(
    "ine", ["1234567890", "1234567890AB", "12345678ABC", "A234567890B", "2024B00012K", ""]
)
def test_an_ine_of_no_documented_format_is_rejected(ine):
    with pytest.raises(ValidationError, match="INE"):
        validators.validate_ine(ine)


def test_a_birth_date_after_the_record_date_is_rejected():
    validators.validate_birth_date(date(2008, 1, 1), on=date(2026, 9, 1))
    validators.validate_birth_date(date(2026, 9, 1), on=date(2026, 9, 1))
    with pytest.raises(ValidationError, match="futur"):
        validators.validate_birth_date(date(2026, 9, 2), on=date(2026, 9, 1))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("0033478001001", "04 78 00 10 01"),
    ],
)
def test_a_french_phone_number_is_written_in_its_national_form(raw, expected):
    assert validators.normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["061234567", "0012345678", "+44 20 7946 0958", "téléphone"])
def test_a_phone_number_that_is_not_french_is_rejected(raw):
    with pytest.raises(ValidationError, match="téléphone"):
        validators.validate_phone(raw)


@pytest.mark.parametrize("code", ["69003", "01000", "20000", "97400", "98800"])
def test_a_french_postal_code_is_accepted(code):
    validators.validate_postal_code(code)


@pytest.mark.parametrize("code", ["6900", "00100", "96000", "99000", "6900A"])
def test_a_postal_code_outside_french_departments_is_rejected(code):
    with pytest.raises(ValidationError, match="Code postal"):
        validators.validate_postal_code(code)
