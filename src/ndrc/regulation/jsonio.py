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


# The json module's messages (English), as a French reader is told them; by their beginning,
# since some end with the character at fault.
_JSON_MESSAGES = (
    ("Expecting value", "valeur attendue"),
    ("Expecting property name enclosed in double quotes", "nom de champ entre guillemets attendu"),
    ("Expecting ':' delimiter", "« : » attendu"),
    ("Expecting ',' delimiter", "« , » attendu"),
    ("Unterminated string starting at", "texte sans guillemet fermant"),
    ("Invalid control character at", "caractère de contrôle dans un texte"),
    ("Invalid \\uXXXX escape", "séquence \\uXXXX invalide"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
    ("Extra data", "données après la fin du JSON"),
    ("Illegal trailing comma", "virgule en trop avant la fin"),
)


def _french(message: str) -> str:
    return next((fr for en, fr in _JSON_MESSAGES if message.startswith(en)), message)


def parse_json(text: str) -> Any:
    """JSON text as data, its decimal numbers as Decimal (the usual grades as shared instances);
    InputError naming the line and column when it is not JSON, or when it is nested too deep for
    the parser."""
    try:
        return json.loads(text, parse_float=shared_decimal)
    except json.JSONDecodeError as error:
        where = f"à la ligne {error.lineno}, colonne {error.colno}"
        raise InputError(f"JSON invalide {where} : {_french(error.msg)}.") from error
    except RecursionError as error:  # thousands of nested [ or {: no record is that deep
        raise InputError(
            "JSON trop profondément imbriqué : des enregistrements plats sont attendus."
        ) from error
