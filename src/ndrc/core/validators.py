"""Validators shared by the records: official identifiers, dates, phone numbers, postal codes.

Each raises Django's `ValidationError` with a French message naming what is wrong. The functions
`is_valid_*` answer without raising, for imports that collect every error of a file first.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ndrc.regulation.records import control_character

# The SIREN of La Poste: its establishments outnumber what the Luhn key allows, so INSEE gives
# their SIRETs a different key (sum of the 14 digits a multiple of 5).
LA_POSTE_SIREN = "356000000"

# Letters of the UAI key: the 26 letters without I, O and Q (easily mistaken for 1 and 0).
UAI_KEY_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

# The INE formats of the répertoire national des identifiants élèves, étudiants et apprentis.
INE_PATTERNS = (
    re.compile(r"\d{10}[A-Z]"),  # INE-BEA / RNIE attributed before 2018: 10 digits, 1 letter
    re.compile(r"\d{9}[A-Z]{2}"),  # INE-RNIE since 2018: 9 digits, 2 letters
    re.compile(r"\d{4}A\d{5}[A-Z]"),  # INE of apprentices (SIFA): year, A, 5 digits, 1 letter
)

_SEPARATORS = re.compile(r"[\s.\-]")


def normalise_digits(value: str) -> str:
    """The value without spaces, dots and dashes (how people write SIRETs and phone numbers)."""
    return _SEPARATORS.sub("", value or "")


def luhn_ok(digits: str) -> bool:
    """True when a string of digits passes the Luhn check (used for SIREN and SIRET)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_siret(value: str) -> bool:
    digits = normalise_digits(value)
    if len(digits) != 14 or not digits.isdigit():
        return False
    if digits[:9] == LA_POSTE_SIREN:
        return sum(int(c) for c in digits) % 5 == 0
    return luhn_ok(digits)


def validate_siret(value: str) -> None:
    if not is_valid_siret(value):
        raise ValidationError(
            _(
                "SIRET « %(value)s » invalide : 14 chiffres attendus, "
                "avec une clé de Luhn correcte."
            ),
            code="invalid_siret",
            params={"value": value},
        )


def uai_key(number: str) -> str:
    """The key letter of a UAI: the 7-digit number modulo 23, read in `UAI_KEY_LETTERS`."""
    return UAI_KEY_LETTERS[int(number) % 23]


def is_valid_uai(value: str) -> bool:
    value = (value or "").strip().upper()
    return bool(re.fullmatch(r"\d{7}[A-Z]", value)) and uai_key(value[:7]) == value[7]


def validate_uai(value: str) -> None:
    if not is_valid_uai(value):
        raise ValidationError(
            _("UAI « %(value)s » invalide : 7 chiffres suivis de la lettre clé attendus."),
            code="invalid_uai",
            params={"value": value},
        )


def is_valid_ine(value: str) -> bool:
    value = (value or "").strip().upper()
    return any(pattern.fullmatch(value) for pattern in INE_PATTERNS)


def validate_ine(value: str) -> None:
    if not is_valid_ine(value):
        raise ValidationError(
            _(
                "INE « %(value)s » invalide : 11 caractères attendus (10 chiffres et 1 lettre, "
                "9 chiffres et 2 lettres, ou INE d'apprenti AAAA A 5 chiffres et 1 lettre)."
            ),
            code="invalid_ine",
            params={"value": value},
        )


# No learner, master or tutor was born before: an earlier date is a typing slip (0001-01-01).
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

# The dates a record may hold: wider than any birth, contract, session or retention, and far
# from the calendar's ends, where the rules' computations (a date plus a duration) overflow.
EARLIEST_DATE, LATEST_DATE = EARLIEST_BIRTH_DATE, date(2100, 12, 31)


def validate_record_date(value: date | None, *, label: str) -> None:
    """Refuse a date of a record (`label`: the field's name) outside the dates admitted."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("%(label)s : %(value)s hors des dates admises (du %(first)s au %(last)s).")
            % {
                "label": label,
                "value": f"{value.day:02d}/{value.month:02d}/{value.year}",
                "first": f"{EARLIEST_DATE:%d/%m/%Y}",
                "last": f"{LATEST_DATE:%d/%m/%Y}",
            },
            code="date_out_of_range",
        )


def validate_birth_date(value: date, *, on: date) -> None:
    """A birth date cannot be after the date of the record (`on`, given by the caller), nor
    before 1900."""
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("Date de naissance %(value)s invraisemblable (antérieure au 01/01/1900)."),
            code="early_birth_date",
            params={"value": value.strftime("%d/%m/%Y")},
        )
    if value > on:
        raise ValidationError(
            _("Date de naissance %(value)s dans le futur (postérieure au %(on)s)."),
            code="future_birth_date",
            params={"value": f"{value:%d/%m/%Y}", "on": f"{on:%d/%m/%Y}"},
        )


def normalise_phone(value: str) -> str:
    """A French phone number in its national form `0X XX XX XX XX`; +33 / 0033 accepted."""
    digits = normalise_digits(value).replace("(0)", "")
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        raise ValidationError(
            _(
                "Numéro de téléphone « %(value)s » invalide : 10 chiffres commençant par 0 "
                "(ou +33) attendus."
            ),
            code="invalid_phone",
            params={"value": value},
        )
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def validate_phone(value: str) -> None:
    normalise_phone(value)


def validate_postal_code(value: str) -> None:
    """Five digits; the department part 01–95 (Corsica is 20), or 97/98 overseas."""
    department = value[:2]
    if not (
        re.fullmatch(r"\d{5}", value or "")
        and ("01" <= department <= "95" or department in {"97", "98"})
    ):
        raise ValidationError(
            _(
                "Code postal « %(value)s » invalide : 5 chiffres "
                "d'un département français attendus."
            ),
            code="invalid_postal_code",
            params={"value": value},
        )


def control_character_errors(value: str | None, *, multiline: bool = False) -> list[str]:
    """The messages refusing `value` by the rule of typed text (`regulation.records`), none when
    it holds no forbidden control character. For the checks that collect every error of a batch
    before writing anything."""
    if (char := control_character(value, multiline=multiline)) is not None:
        return [_("Caractère de contrôle interdit (code %(code)s).") % {"code": ord(char)}]
    return []


def validate_plain_text(value: str | None) -> None:
    """A text of one line typed by people (a name, a title): no control character but a tab.
    Every single-line text field of the models carries it (`CharField`)."""
    for message in control_character_errors(value):
        raise ValidationError(message, code="control_character")


def validate_multiline_text(value: str | None) -> None:
    """A text of several lines typed by people (an appreciation, observations): no control
    character but a tab and line breaks. Every `TextField` of the models carries it."""
    for message in control_character_errors(value, multiline=True):
        raise ValidationError(message, code="control_character")


def check_typed_text(value: str | None, *, field: str, multiline: bool = False) -> None:
    """Refuse a text a service receives for `field` (the error keyed by it, so that the form
    shows it next to that field) when it holds a control character."""
    errors = control_character_errors(value, multiline=multiline)
    if errors:
        raise ValidationError({field: errors}, code="control_character")
