"""Numbers, amounts and names as the reader's language writes them, for pages, PDFs and e-mails
alike (`templatetags/ui_format.py` offers them as filters).

French is the reference and follows the engine's writing (`ndrc.regulation.rounding`): thousands
grouped by a narrow no-break space, the unit after a no-break space ("1 823,03 €", "350 h",
"43 %"), "1re année", "d'Inès". English: "€1,823.03", "350 h", "43%", "1st year", "Inès's".
The engine's sentences (`Message`) are shown through `engine_text`, their templates translated
by the gettext catalogues.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext, pgettext

from ndrc.regulation.explanation import Message, Quantity, french, message_from_data
from ndrc.regulation.framework import CURRENT_FRAMEWORK, load_framework
from ndrc.regulation.rounding import (
    BEFORE_UNIT,
    decimal_text,
    french_hours,
    french_money,
    french_ordinal,
    french_percent,
    grouped_french_number,
)

FRENCH_VOWELS = frozenset("AEIOUaeiouÀÂÄÉÈÊËÎÏÔÖÙÛÜàâäéèêëîïôöùûü")


def _english() -> bool:
    return (get_language() or "fr").startswith("en")


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _english_number(value: Decimal | int, places: int | None = None) -> str:
    if places is not None:
        return f"{value:,.{places}f}"
    whole, point, decimals = decimal_text(value).partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{point}{decimals}"


def number(value: Any) -> str:
    """A plain number: "1 607,5" ("1,607.5" in English); "—" when there is none."""
    if value is None or value == "":
        return "—"
    value = _decimal(value)
    return _english_number(value) if _english() else grouped_french_number(value)


def money(value: Any) -> str:
    """An amount in euros to the cent: "1 823,03 €" ("€1,823.03"); "—" when there is none."""
    if value is None or value == "":
        return "—"
    value = _decimal(value)
    if not _english():
        return french_money(value)
    sign = "-" if value < 0 else ""
    return f"{sign}€{_english_number(abs(value), 2)}"


def hours(value: Any) -> str:
    """A number of hours: "350 h", "12,5 h" ("12.5 h"); "—" when there is none."""
    if value is None or value == "":
        return "—"
    value = _decimal(value)
    return f"{_english_number(value)}{BEFORE_UNIT}h" if _english() else french_hours(value)


def percent(rate: Any, scale: Any = 1) -> str:
    """A rate from 0 to `scale` (1, or 100 for a figure already in percent) as a percentage, to
    a tenth: "43 %" ("43%"); "—" when there is none."""
    if rate is None or rate == "":
        return "—"
    rate = _decimal(rate) / _decimal(scale)
    if not _english():
        return french_percent(rate)
    return f"{_english_number((rate * 100).quantize(Decimal('0.1')).normalize())}%"


def ordinal(rank: int) -> str:
    """A rank before "année" / "year": "1re", "2e" ("1st", "2nd")."""
    if not _english():
        return french_ordinal(rank)
    suffix = (
        "th" if rank % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    )
    return f"{rank}{suffix}"


def year_of_training(rank: int | None) -> str:
    """ "1re année", "2e année" ("1st year"); empty when there is none."""
    if not rank:
        return ""
    return pgettext("year of training", "%(rank)s année") % {"rank": ordinal(rank)}


def candidate_category(code: str | None, framework: str = CURRENT_FRAMEWORK) -> str:
    """A candidate category in words, from the framework ("Apprentissage (CFA ou section
    habilité)" for `apprenti_habilite`); the code itself if the framework does not know it."""
    if not code:
        return ""
    category = load_framework(framework).candidate_categories.get(code)
    return category.label if category else code


def elide(text: str) -> str:
    """A French sentence with "de" elided before a vowel: "Portefeuille de Inès Moreau" →
    "Portefeuille d'Inès Moreau". English text is returned as it is."""
    if _english() or "de " not in text:
        return text
    words = text.split(" ")
    for index, word in enumerate(words[:-1]):
        if word in ("de", "De") and words[index + 1][:1] in FRENCH_VOWELS:
            words[index] = f"{word[0]}'"
    return " ".join(words).replace("' ", "'")


def _value(value: Any) -> str:
    """A value of an engine message in the reader's language."""
    if not _english():
        return french(value)
    kind = type(value)
    if kind is Decimal or kind is int:
        return decimal_text(value)
    if kind is date:
        return f"{value:%d/%m/%Y}"
    if kind is Quantity:
        return {"€": money, "h": hours, "%": percent, "e": ordinal}[value.unit](value.value)
    return str(value)


def engine_text(message: Message) -> str:
    """An engine sentence in the reader's language: French as the engine wrote it, otherwise its
    template translated by the catalogue and its values written the reader's way."""
    if not _english():
        return str.__str__(message)
    return message.render(gettext, _value)


def shown(text: Any) -> str:
    """Any text that may be an engine sentence, as the reader should see it."""
    return engine_text(text) if isinstance(text, Message) else str(text)


def stored_text(entry: dict[str, Any], key: str) -> str:
    """The text `key` of an engine result stored as JSON (a problem, a step), as the reader
    should see it: from its template when it was stored with it (`<key>_data`)."""
    data = entry.get(f"{key}_data")
    return str(entry.get(key, "")) if data is None else engine_text(message_from_data(data))
