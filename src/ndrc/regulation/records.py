"""Input records of the engine's machine interface (pay, internships): one JSON object read field
by field, with French errors naming the record and the field, and a field never read refused."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ndrc.regulation.errors import InputError, shown
from ndrc.regulation.explanation import Step
from ndrc.regulation.jsonio import read_json

MISSING = object()


class Record:
    """One input object, read field by field with French errors naming the field."""

    def __init__(self, data: Any, label: str = "") -> None:
        self.label = label
        if not isinstance(data, dict):
            raise self.error("", "un objet JSON est attendu")
        self.data = data
        self.read: set[str] = set()
        self.children: list[Record] = []

    def error(self, field: str, message: str) -> InputError:
        where = f"{self.label} : " if self.label else ""
        return InputError(f"{where}champ « {field} » : {message}" if field else where + message)

    def raw(self, field: str, default: Any = MISSING) -> Any:
        self.read.add(field)
        if field not in self.data or self.data[field] is None:
            if default is MISSING:
                raise self.error(field, "obligatoire et absent")
            return default
        return self.data[field]

    def reject_unknown(self) -> None:
        """Refuse a field that was never read (a misspelt optional field would be silently
        ignored and change the amount), here and in the nested objects."""
        for field in self.data:
            if field not in self.read:
                raise self.error(field, "champ inconnu")
        for child in self.children:
            child.reject_unknown()

    def date(self, field: str) -> date:
        value = self.raw(field)
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.error(field, f"date AAAA-MM-JJ attendue, reçu {shown(value)}") from None

    def month(self, field: str) -> date:
        value = self.raw(field)
        try:
            year, month = value.split("-")
            if len(year) != 4 or len(month) != 2:
                raise ValueError
            return date(int(year), int(month), 1)
        except (AttributeError, TypeError, ValueError):
            raise self.error(field, f"mois AAAA-MM attendu, reçu {shown(value)}") from None

    def integer(self, field: str, default: Any = MISSING) -> int:
        value = self.raw(field, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error(field, f"nombre entier positif attendu, reçu {shown(value)}")
        return value

    def decimal(self, field: str, default: Any = MISSING) -> Decimal | None:
        value = self.raw(field, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
            raise self.error(field, f"nombre attendu, reçu {shown(value)}")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self.error(field, f"nombre attendu, reçu {shown(value)}") from None
        if not number.is_finite() or number < 0:
            raise self.error(field, f"nombre positif attendu, reçu {shown(value)}")
        return number

    def boolean(self, field: str, default: Any = MISSING) -> bool:
        value = self.raw(field, default)
        if not isinstance(value, bool):
            raise self.error(field, f"true ou false attendu, reçu {shown(value)}")
        return value

    def text(self, field: str) -> str:
        value = self.raw(field)
        if not isinstance(value, str):
            raise self.error(field, f"texte attendu, reçu {shown(value)}")
        return value

    def nested(self, field: str) -> "Record | None":
        value = self.raw(field, None)
        if value is None:
            return None
        child = Record(value, f"{self.label} · {field}" if self.label else field)
        self.children.append(child)
        return child

    def items(self, field: str) -> list["Record"]:
        value = self.raw(field)
        if not isinstance(value, list):
            raise self.error(field, "un tableau est attendu")
        prefix = f"{self.label} · " if self.label else ""
        children = [Record(item, f"{prefix}{field}[{index}]") for index, item in enumerate(value)]
        self.children.extend(children)
        return children


# The control characters (Unicode category Cc: C0, DEL and C1) people may type: a tab anywhere,
# line breaks in a text of several lines. Any other is a paste accident or worse: it breaks the
# XLSX exports and the documents, and NUL breaks PostgreSQL. The rule of every typed text, here
# because the command line reads records without Django (`core.validators` words it for forms).
_TYPED_ANYWHERE = frozenset("\t")
_TYPED_IN_MULTILINE = frozenset("\t\n\r")


def control_character(value: str | None, *, multiline: bool = False) -> str | None:
    """The first character of `value` people may not type (None when there is none)."""
    allowed = _TYPED_IN_MULTILINE if multiline else _TYPED_ANYWHERE
    for char in value or "":
        if (ord(char) < 32 or 127 <= ord(char) < 160) and char not in allowed:
            return char
    return None


def explained(steps: tuple[Step, ...]) -> list[dict[str, str]]:
    return [step.as_dict() for step in steps]


def each_record(path: str, compute: Callable[[Record], dict[str, Any]]) -> Any:
    """Apply `compute` to the object, or to each object of the array, read from `path`; a field
    that `compute` did not read is an input error."""

    def checked(record: Record) -> dict[str, Any]:
        result = compute(record)
        record.reject_unknown()
        return result

    data = read_json(path)
    if isinstance(data, list):
        return [checked(Record(item, f"enregistrement {i + 1}")) for i, item in enumerate(data)]
    return checked(Record(data))
