"""Output of the engine commands: JSON on standard output, or a French message on standard error
and exit status 2 on bad input (`ndrc.regulation.errors.EXIT_BAD_INPUT`). Their JSON input is
the engine's (`ndrc.regulation.jsonio`)."""

import json
import os
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ndrc.regulation.errors import EXIT_BAD_INPUT, InputError


def today_in_paris() -> date:
    """Today's date in Europe/Paris: time enters at the edge, the engine takes dates as
    arguments."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()


class JsonArray:
    """A JSON array whose items are already JSON texts, for `run` and `write_json` to print as
    they come, one item per line: a large batch is never held as one text."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[str]) -> None:
        self.items = items


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")


def write_json(value: Any) -> None:
    try:
        if isinstance(value, JsonArray):
            _write_array(value.items)
        else:
            json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=_default)
            sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `| head`) closed the pipe: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _write_array(items: Iterable[str]) -> None:
    # Item by item into the stream's buffer: no text of a whole chunk to build and free.
    write = sys.stdout.write
    separator = "[\n"
    for item in items:
        write(separator)
        write(item)
        separator = ",\n"
    write("[]\n" if separator == "[\n" else "\n]\n")


def run(action: Callable[[], Any]) -> int:
    """Run an action that returns JSON-able data (or a JsonArray); print it, or print the input
    error and exit 2."""
    try:
        result = action()
    except InputError as error:
        print(f"ndrc : erreur : {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    write_json(result)
    return 0
