"""Explanations: every engine decision carries the steps that led to it, each citing its source.

The engine writes in French, the reference. A sentence meant for a reader is a `Message`: its
French text, plus the template and values it was written from, so that an interface can show it
in its reader's language (`Message.render`) — the rule that writes it stays stated once, here.
Templates are written `_("… %(name)s …", name=value)`, the gettext marker, so that the
interface's catalogue extracts them (`makemessages`); the engine itself never translates.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ndrc.regulation.rounding import (
    french_hours,
    french_money,
    french_number,
    french_ordinal,
    french_percent,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit in a message: written "1 823,03 €", "350 h", "43 %" in French."""

    value: Decimal | int
    unit: str  # "€", "h", "%" (a rate from 0 to 1) or "e" (a rank: 1re, 2e année)


def euros(value: Decimal | int) -> Quantity:
    return Quantity(value, "€")


def hours(value: Decimal | int) -> Quantity:
    return Quantity(value, "h")


def percent(rate: Decimal | int) -> Quantity:
    return Quantity(rate, "%")


def ordinal(rank: int) -> Quantity:
    return Quantity(rank, "e")


_FRENCH_UNITS = {
    "€": french_money,
    "h": french_hours,
    "%": french_percent,
    "e": french_ordinal,
}


def french(value: Any) -> str:
    """A value of a message as written in French: 12,5; 05/09/2026; 1 823,03 €."""
    kind = type(value)
    if kind is str:
        return value
    if kind is Decimal or kind is int:
        return french_number(value)
    if kind is date:
        return f"{value:%d/%m/%Y}"
    if kind is Quantity:
        return _FRENCH_UNITS[value.unit](value.value)
    return str(value)


class Message(str):
    """A sentence of the engine: a `str` holding its French text (what the command line's JSON
    and the stored decisions keep), written from `template % values`."""

    def __new__(cls, template: str, /, **values: Any) -> "Message":
        text = template
        if values:
            # Most values are text already (a unit, a number the rule wrote, a message): a batch
            # writes millions, so they go in as they are unless one needs writing in French.
            written = values
            for value in values.values():
                if not isinstance(value, str):
                    written = {n: v if isinstance(v, str) else french(v) for n, v in values.items()}
                    break
            text = template % written
        message = str.__new__(cls, text)
        message.template = template
        message.values = values
        return message

    def render(self, translate: Callable[[str], str], write: Callable[[Any], str]) -> str:
        """The sentence in another language: the template through `translate`, each value
        through `write` (a message inside a message is rendered the same way)."""
        template = translate(self.template)
        if not self.values:
            return template
        return template % {
            name: value.render(translate, write) if isinstance(value, Message) else write(value)
            for name, value in self.values.items()
        }

    def __html__(self) -> str:
        """What a web page shows: the sentence in the reader's language (see `show_messages`)."""
        return html.escape(_shown(self))


_ = Message  # the gettext marker: `_("Âge : %(age)s ans.", age=age)`


def comma_list(texts: list[str]) -> str:
    """Texts joined by commas, each written in the reader's language."""
    return joined(texts, _("%(first)s, %(next)s").template)


def sentences(texts: list[str]) -> str:
    """Sentences one after the other, each written in the reader's language."""
    return joined(texts, _("%(first)s %(next)s").template)


def joined(texts: list[str], between: str) -> str:
    """Texts joined two by two by the template `between` ("%(first)s ; %(next)s"), each written
    in the reader's language; "" for none."""
    written = texts[0] if texts else ""
    for text in texts[1:]:
        written = Message(between, first=written, next=text)
    return written


def message_data(message: Message) -> dict[str, Any]:
    """A message as JSON data, its template and values, so that a stored result (a registration
    check) can still be shown in its reader's language: `message_from_data` reads it back."""
    return {
        "template": message.template,
        "values": {name: _value_data(value) for name, value in message.values.items()},
    }


def _value_data(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int:
        return value
    if isinstance(value, Message):
        return {"message": message_data(value)}
    if kind is Decimal:
        return {"decimal": str(value)}
    if kind is date:
        return {"date": value.isoformat()}
    if kind is Quantity:
        return {"quantity": _value_data(value.value), "unit": value.unit}
    return french(value)  # any other value is written as the French text has it


def message_from_data(data: dict[str, Any]) -> Message:
    """The message `message_data` stored: its French text the same, character for character."""
    values = {name: _value_from_data(value) for name, value in data["values"].items()}
    return Message(data["template"], **values)


def _value_from_data(data: Any) -> Any:
    if type(data) is not dict:
        return data
    if "message" in data:
        return message_from_data(data["message"])
    if "decimal" in data:
        return Decimal(data["decimal"])
    if "date" in data:
        return date.fromisoformat(data["date"])
    return Quantity(_value_from_data(data["quantity"]), data["unit"])


_shown: Callable[[Message], str] = str


def show_messages(render: Callable[[Message], str]) -> None:
    """How an interface shows messages in its pages (`Message.__html__`): set once at start-up by
    the interface, which knows its reader's language; the French text until then."""
    global _shown
    _shown = render


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a decision: the rule applied, its source (article, annex) and what it did.

    `values` holds the figures the step used, so that a reader can redo the computation.
    """

    rule: str
    source: str
    text: str
    values: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "source": self.source, "text": self.text}


class Explanation:
    """An ordered list of steps, built while a decision is taken."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(self, rule: str, source: str, text: str, **values: Any) -> None:
        self.steps.append(Step(rule, source, text, values))

    def freeze(self) -> tuple[Step, ...]:
        return tuple(self.steps)
