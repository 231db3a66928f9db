"""The columns an import accepts, and how a file's header is matched to them.

A header is compared once normalised (accents, case, punctuation and spaces ignored), so that
"Date de naissance", "DATE DE NAISSANCE" and "date_de_naissance" are the same column. When a
file has several columns for one field (Parcoursup gives "Téléphone" and "Portable"), the first
non-empty one, in the order written here, gives the value. Any other column is ignored and
listed in the preview. `docs/imports.md` documents these lists: keep them in step.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


def normalise_header(text: str) -> str:
    """'N° Parcoursup' -> 'n parcoursup': no accents, lower case, words separated by a space."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.split(r"[^a-z0-9]+", bare)).strip()


@dataclass(frozen=True)
class Column:
    """A field of the import and the headers accepted for it, in order of preference."""

    field: str
    label: str  # the French name used in messages when the file has no such column
    headers: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class ColumnMap:
    """Which columns of a file give each field, and the columns that are ignored."""

    sources: dict[str, tuple[str, ...]]
    ignored: tuple[str, ...]

    def value(self, values: dict[str, str], field: str) -> str:
        """The first non-empty cell among the columns that give `field`."""
        for column in self.sources.get(field, ()):
            if values.get(column, ""):
                return values[column]
        return ""

    def column_of(self, field: str, columns: Sequence[Column]) -> str:
        """The name of the column a field came from (or its label), for error messages."""
        if self.sources.get(field):
            return self.sources[field][0]
        for column in columns:
            if column.field == field:
                return column.label
        return ""


def map_columns(header: Sequence[str], columns: Sequence[Column]) -> ColumnMap:
    """Match the header of a file to `columns`; unknown header names are ignored."""
    by_name = {normalise_header(name): name for name in header}
    sources: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for column in columns:
        found = tuple(
            by_name[normalise_header(h)] for h in column.headers if normalise_header(h) in by_name
        )
        if found:
            sources[column.field] = sources.get(column.field, ()) + found
            used.update(found)
    return ColumnMap(sources=sources, ignored=tuple(n for n in header if n not in used))


LEARNER_COLUMNS = (
    Column("last_name", "Nom", ("Nom", "Nom de famille", "Nom de naissance"), required=True),
    Column("first_name", "Prénom", ("Prénom", "Prénom 1", "Premier prénom"), required=True),
    Column(
        "birth_date",
        "Date de naissance",
        ("Date de naissance", "Date naissance", "Né(e) le", "Né le"),
        required=True,
    ),
    Column("ine", "INE", ("INE", "Numéro INE", "N° INE", "Identifiant national élève")),
    Column(
        "parcoursup_number",
        "Numéro Parcoursup",
        (
            "Numéro Parcoursup",
            "N° Parcoursup",
            "Numéro de dossier Parcoursup",
            "Numéro",  # the Parcoursup admissions export calls it just "Numéro"
            "Numéro candidat",
            "Numéro de candidat",
        ),
    ),
    Column(
        "email",
        "Courriel",
        ("Email", "E-mail", "Courriel", "Mail", "Adresse électronique", "Adresse e-mail"),
    ),
    # A mobile number first: it is the one that reaches the learner.
    Column(
        "phone",
        "Téléphone",
        ("Portable", "Téléphone portable", "Mobile", "Téléphone", "Tél", "Téléphone fixe"),
    ),
    Column("street", "Adresse", ("Adresse", "Adresse 1", "Adresse ligne 1", "Rue")),
    Column(
        "street_complement",
        "Complément d'adresse",
        ("Complément d'adresse", "Adresse 2", "Adresse ligne 2", "Adresse 3", "Adresse ligne 3"),
    ),
    Column("postal_code", "Code postal", ("Code postal", "CP")),
    Column("city", "Commune", ("Commune", "Ville", "Localité", "Commune de résidence")),
    Column(
        "guardian_name",
        "Représentant légal",
        (
            "Représentant légal",
            "Nom du représentant légal",
            "Représentant légal 1",
            "Responsable légal",
            "Responsable légal 1",
        ),
    ),
    Column(
        "guardian_email",
        "Courriel du représentant légal",
        (
            "Courriel du représentant légal",
            "Email du représentant légal",
            "Email représentant légal",
            "Email responsable légal",
        ),
    ),
    Column(
        "guardian_phone",
        "Téléphone du représentant légal",
        (
            "Téléphone du représentant légal",
            "Téléphone représentant légal",
            "Téléphone responsable légal",
        ),
    ),
    Column(
        "category",
        "Statut du candidat",
        ("Statut du candidat", "Statut", "Catégorie de candidat", "Voie"),
    ),
)
# At least one of these identifies a learner, so that a second import finds them again.
LEARNER_KEYS = ("ine", "parcoursup_number")

COMPANY_COLUMNS = (
    Column("siret", "SIRET", ("SIRET", "N° SIRET", "Numéro SIRET"), required=True),
    Column(
        "name",
        "Raison sociale",
        ("Raison sociale", "Dénomination", "Nom de l'entreprise", "Entreprise", "Nom"),
        required=True,
    ),
    Column("headcount", "Effectif", ("Effectif", "Effectifs", "Nombre de salariés")),
    Column("street", "Adresse", ("Adresse", "Adresse 1", "Rue")),
    Column("street_complement", "Complément d'adresse", ("Complément d'adresse", "Adresse 2")),
    Column("postal_code", "Code postal", ("Code postal", "CP")),
    Column("city", "Commune", ("Commune", "Ville", "Localité")),
    Column("naf_code", "Code NAF", ("Code NAF", "NAF", "Code APE", "APE", "Code NAF/APE")),
)


def export_columns(columns: Sequence[Column], keys: dict[str, str]) -> list[tuple[str, str]]:
    """The `(key, header)` columns of an export that imports back: each field under its label
    (an accepted header), read from the record's attribute `keys.get(field, field)`."""
    return [
        (keys.get(c.field, c.field), c.label) for c in columns if c.field != "street_complement"
    ]


# The training manager's learner export "pour réimport": the import's own columns.
LEARNER_EXPORT_COLUMNS = export_columns(LEARNER_COLUMNS, {"category": "current_category"})
