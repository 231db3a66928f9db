"""Errors the engine raises on input it cannot decide on."""


class InputError(ValueError):
    """Malformed input. The message is French and names the record and the field at fault."""


class FrameworkDataError(ValueError):
    """The regulation data (YAML) is inconsistent; the message names the file and the entry."""
