"""French messages for the API's input validation errors (pydantic's, raised by django-ninja).

One place maps each pydantic error type to a French sentence naming the field, so that a 422
reads like the pages' form errors: `{"detail": {"field": ["message", …]}}`.
"""

from typing import Any

# The field's place in the request (a body field, a query or path parameter) is not part of its
# name for the user; django-ninja also puts the body parameter's name ("payload") in the path.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}

# pydantic error type → French text after "Le champ « x » " (ctx values are filled in).
MESSAGES = {
    "missing": "est obligatoire.",
    "extra_forbidden": "n'est pas attendu.",
    "int_parsing": "doit être un nombre entier.",
    "int_type": "doit être un nombre entier.",
    "int_from_float": "doit être un nombre entier (sans partie décimale).",
    "float_parsing": "doit être un nombre.",
    "float_type": "doit être un nombre.",
    "decimal_parsing": "doit être un nombre décimal.",
    "decimal_type": "doit être un nombre décimal.",
    "bool_parsing": "doit valoir true ou false.",
    "bool_type": "doit valoir true ou false.",
    "string_type": "doit être une chaîne de caractères.",
    "string_too_short": "doit comporter au moins {min_length} caractère(s).",
    "string_too_long": "doit comporter au plus {max_length} caractère(s).",
    "date_parsing": "doit être une date au format AAAA-MM-JJ.",
    "date_from_datetime_parsing": "doit être une date valide au format AAAA-MM-JJ.",
    "date_from_datetime_inexact": "doit être une date sans heure (AAAA-MM-JJ).",
    "date_type": "doit être une date au format AAAA-MM-JJ.",
    "datetime_parsing": "doit être une date et heure au format ISO 8601.",
    "datetime_from_date_parsing": "doit être une date et heure au format ISO 8601.",
    "datetime_type": "doit être une date et heure au format ISO 8601.",
    "greater_than": "doit être supérieur à {gt}.",
    "greater_than_equal": "doit être supérieur ou égal à {ge}.",
    "less_than": "doit être inférieur à {lt}.",
    "less_than_equal": "doit être inférieur ou égal à {le}.",
    "literal_error": "doit valoir l'une de ces valeurs : {expected}.",
    "enum": "doit valoir l'une de ces valeurs : {expected}.",
    "list_type": "doit être une liste.",
    "dict_type": "doit être un objet JSON.",
    "model_type": "doit être un objet JSON.",
    "model_attributes_type": "doit être un objet JSON.",
}
DEFAULT = "a une valeur invalide."


def field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    """The field named by a pydantic error location: `["body", "payload", "name"]` → `name`,
    `["query", "session"]` → `session`, a list item `["grades", 0]` → `grades.0`."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source == "body" and parts:
            parts.pop(0)  # the view's body parameter
    return ".".join(str(part) for part in parts)


def french_message(error: dict[str, Any]) -> str:
    """One pydantic error as a French sentence naming its field."""
    field = field_of(error.get("loc", ()))
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    template = MESSAGES.get(kind, DEFAULT)
    try:
        text = template.format(**context)
    except (KeyError, IndexError):
        text = DEFAULT
    return f"Le champ « {field} » {text}"


def french_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """pydantic's errors grouped by field, in French: `{"name": ["Le champ « name » …"]}`."""
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(field_of(error.get("loc", ())), []).append(french_message(error))
    return grouped
