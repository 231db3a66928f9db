"""Errors the engine raises on input it cannot decide on."""

from typing import Any


class InputError(ValueError):
    """Malformed input. The message is French and names the record and the field at fault."""


class FrameworkDataError(ValueError):
    """The regulation data (YAML) is inconsistent; the message names the file and the entry."""


def shown(value: Any) -> str:
    """A JSON value as the user wrote it (1.5, « texte », true), not as Python's repr: for the
    messages of input errors."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, str):
        return f"« {value} »"
    if isinstance(value, dict | list):
        return "un objet" if isinstance(value, dict) else "une liste"
    return str(value)


# The exit status of a command whose input is refused with an InputError (issue 2's machine
# interface: a French message on standard error, nothing on standard output).
EXIT_BAD_INPUT = 2
