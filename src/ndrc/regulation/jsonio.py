"""JSON input of the engine's machine interface: a file, standard input or a request body read as
data, its decimal numbers as Decimal (never float), with a French InputError naming the line and
column when it is not JSON."""

import json
import sys
from typing import Any

from ndrc.regulation.errors import InputError
from ndrc.regulation.rounding import shared_decimal


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
    InputError naming the line and column when it is not JSON, or when it is nested too deep for
    the parser."""
    try:
        return json.loads(text, parse_float=shared_decimal)
    except json.JSONDecodeError as error:
        raise InputError(
            f"JSON invalide à la ligne {error.lineno}, colonne {error.colno} : {error.msg}"
        ) from error
    except RecursionError as error:  # thousands of nested [ or {: no record is that deep
        raise InputError(
            "JSON trop profondément imbriqué : des enregistrements plats sont attendus."
        ) from error
