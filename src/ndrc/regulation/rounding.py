"""Exact rounding of grades and averages: truncation, rounding up to a step, decimal strings.

Every function takes and returns `Decimal` and works exactly (integer division on scaled values),
so that a value such as 9.997 is shown "9.99" and never "10.00".
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

_MODES = {"truncate": ROUND_DOWN, "half_up": ROUND_HALF_UP}


def truncated_quotient(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    """numerator / denominator truncated to `places` decimals, computed exactly.

    Decimal division rounds to the context precision first; an integer division of the scaled
    numerator does not, so 29.99 / 3 = 9.99666… is 9.99 whatever the precision.
    """
    scale = _SCALES[places] if places < len(_SCALES) else Decimal(10**places)
    return (numerator * scale // denominator).scaleb(-places)


_SCALES = tuple(Decimal(10**places) for places in range(10))


def round_to(value: Decimal, mode: str, places: int = 2) -> Decimal:
    """`value` rounded to `places` decimals by `mode` (`none`, `truncate` or `half_up`)."""
    if mode == "none":
        return value
    try:
        rounding = _MODES[mode]
    except KeyError:
        raise ValueError(f"mode d'arrondi inconnu : « {mode} »") from None
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def ceil_quotient(numerator: Decimal, denominator: Decimal, step: Decimal) -> Decimal:
    """The smallest multiple of `step` ≥ numerator / denominator (denominator > 0), exactly.

    ceil_quotient(Decimal(25), Decimal(3), Decimal("0.01")) = 8.34 (25 / 3 = 8.333…).
    """
    divisor = denominator * step
    quotient = numerator // divisor  # truncated towards zero: the ceiling when negative
    if numerator > 0 and quotient * divisor != numerator:
        quotient += 1
    return quotient * step


def fixed_point(value: Decimal) -> str:
    """`format(value, "f")`: every digit, no exponent (10.00, 0.5, 1000). `str` writes the same
    text, eight times faster, whenever it needs no exponent."""
    text = str(value)
    return format(value, "f") if "E" in text else text


def decimal_text(value: Decimal | int) -> str:
    """A decimal as plain text, no exponent nor trailing zeros: 216.0 → "216", 0.50 → "0.5"."""
    text = fixed_point(value) if type(value) is Decimal else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def json_number(value: Decimal | None) -> int | Decimal | None:
    """Whole numbers as JSON integers (406), others as exact decimals (7.5); None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def french_number(value: Decimal | int) -> str:
    """A decimal as the French write it, with a decimal comma: 7.50 → "7,5", 16.0 → "16"."""
    return decimal_text(value).replace(".", ",")


# French typography: thousands grouped by a narrow no-break space (1 607), a unit after a
# no-break space (350 h, 43 %, 1 823,03 €): the number never parts from its unit at a line end.
THOUSANDS = "\u202f"
BEFORE_UNIT = "\u00a0"


def grouped_french_number(value: Decimal | int) -> str:
    """french_number with thousands grouped: 1607.5 → "1 607,5"."""
    whole, comma, decimals = french_number(value).partition(",")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = [digits[max(0, end - 3) : end] for end in range(len(digits), 0, -3)][::-1]
    return sign + THOUSANDS.join(groups) + comma + decimals


def french_money(value: Decimal | int) -> str:
    """An amount in euros, to the cent: 1823.03 → "1 823,03 €", 600 → "600,00 €"; a product
    not yet rounded keeps its digits: 774.774 → "774,774 €"."""
    cents = Decimal(value)
    if cents.as_tuple().exponent > -2:  # type: ignore[operator]  # finite amounts only
        cents = cents.quantize(Decimal("0.01"))
    whole, _point, decimals = fixed_point(abs(cents)).partition(".")
    sign = "-" if cents < 0 else ""
    return f"{sign}{grouped_french_number(int(whole))},{decimals}{BEFORE_UNIT}€"


def french_ordinal(number: int) -> str:
    """A rank before a feminine noun (année, session): 1 → "1re", 2 → "2e"."""
    return f"{number}re" if number == 1 else f"{number}e"


def french_hours(value: Decimal | int) -> str:
    """A number of hours: 350 → "350 h", 12.50 → "12,5 h"."""
    return f"{grouped_french_number(value)}{BEFORE_UNIT}h"


def french_percent(rate: Decimal | int) -> str:
    """A rate from 0 to 1 as a percentage, to a tenth at most: 0.43 → "43 %", 0.125 → "12,5 %"."""
    shown = (Decimal(rate) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{grouped_french_number(shown)}{BEFORE_UNIT}%"


class _SharedDecimals(dict):
    """Decimal(text), one shared instance per usual writing of a grade ("12.5", "7.25", "20.0").

    A batch of a million records holds a few million grades but a few thousand distinct ones:
    sharing them makes parsing faster, and their hash is computed once, not per record.
    """

    __slots__ = ()

    def __missing__(self, text: str) -> Decimal:
        return Decimal(text)  # not stored: the table stays bounded whatever the input


def _shared_decimals() -> _SharedDecimals:
    table = _SharedDecimals()
    for hundredths in range(2001):
        units, cents = divmod(hundredths, 100)
        writings = [f"{units}.{cents:02d}"]
        if cents % 10 == 0:
            writings.append(f"{units}.{cents // 10}")
        for text in writings:
            table[text] = Decimal(text)
    return table


_SHARED_DECIMALS = _shared_decimals()

# `parse_float` for json.loads: the same value as Decimal(text), exactly (digits and exponent).
shared_decimal = _SHARED_DECIMALS.__getitem__
