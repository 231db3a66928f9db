"""Text as people search it: without accents nor capitals ("theo dupre" finds Théo Dupré); and
the default wordings a centre may rewrite, as their reader reads them (`as_read`).

`fold(text)` in Python and `Folded(expression)` in a query give the same text on SQLite and
PostgreSQL: the same table of letters, applied by the same Python function on SQLite (registered
on each connection) and by `translate()` on PostgreSQL. A letter outside the table is kept as it
is, on both.
"""

import string

from django.db.models import Func, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext

# Accented Latin letters of French and neighbouring languages, and the capitals: one letter each.
ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ"
PLAIN = "aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooooouuuuuuuuyyy"
FOLD_FROM = ACCENTED + string.ascii_uppercase
FOLD_TO = PLAIN + string.ascii_lowercase
# Two letters in one: written out.
LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"))

# The letters and the ligatures in one table: a search folds every name it looks through.
_TABLE = str.maketrans({**dict(zip(FOLD_FROM, FOLD_TO, strict=True)), **dict(LIGATURES)})
SQLITE_FUNCTION = "ndrc_fold"


def fold(text: str) -> str:
    """`text` without accents nor capitals, ligatures written out: "Cœur de Théo" → "coeur de
    theo"."""
    return None if text is None else text.translate(_TABLE)


class Folded(Func):
    """`fold()` of a text expression, in the database (to compare with `fold(query)`)."""

    function = SQLITE_FUNCTION
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        expression = self.source_expressions[0]
        for ligature, letters in LIGATURES:
            expression = Replace(expression, Value(ligature), Value(letters))
        translated = Func(expression, Value(FOLD_FROM), Value(FOLD_TO), function="translate")
        return translated.as_sql(compiler, connection, **extra)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """On each new SQLite connection, the function `Folded` calls (the `connection_created`
    signal)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def as_read(text: str, defaults: frozenset[str]) -> str:
    """A wording the centre may rewrite (a heading of its visit grid, the name of a stage) as
    the reader reads it: one of the `defaults`, saved as its French msgid, in the reader's
    language; the centre's own as typed."""
    return gettext(text) if text in defaults else text
