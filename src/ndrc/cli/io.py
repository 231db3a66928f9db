"""Shared input/output of the engine commands: JSON in, JSON out, exit 2 on bad input."""

import json
import os
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from ndrc.regulation.errors import InputError
from ndrc.regulation.rounding import shared_decimal

EXIT_BAD_INPUT = 2
_CHUNK = 10_000  # items of a JSON array written at once


def today_in_paris() -> date:
    """Today's date in Europe/Paris: time enters at the edge, the engine takes dates as
    arguments."""
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def read_json(path: str) -> Any:
    """Read JSON from a path, or from standard input when the path is `-`.

    Decimal numbers are read as Decimal, never float (the usual grades as shared instances).
    """
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        raise InputError(f"impossible de lire le fichier « {path} » : {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"le fichier « {path} » n'est pas encodé en UTF-8") from error
    return parse_json(text)


def parse_json(text: str) -> Any:
    """JSON text as data, its decimal numbers as Decimal (the usual grades as shared instances);
    InputError naming the line and column when it is not JSON."""
    try:
        return json.loads(text, parse_float=shared_decimal)
    except json.JSONDecodeError as error:
        raise InputError(
            f"JSON invalide à la ligne {error.lineno}, colonne {error.colno} : {error.msg}"
        ) from error


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
    items = iter(items)
    write = sys.stdout.write
    separator = "[\n"
    while chunk := list(islice(items, _CHUNK)):
        write(separator + ",\n".join(chunk))
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
