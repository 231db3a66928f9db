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
    scale = 10**places
    return (numerator * scale // denominator).scaleb(-places)


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


def decimal_text(value: Decimal | int) -> str:
    """A decimal as plain text, no exponent nor trailing zeros: 216.0 → "216", 0.50 → "0.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
