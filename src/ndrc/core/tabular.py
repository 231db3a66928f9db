"""Tables in and out: CSV and XLSX files read into numbered rows, any list written back.

Reading is strict, so that an import never works on a misread file: CSV must be UTF-8 (with or
without the BOM Excel adds); a file in another encoding is rejected with a French message, never
decoded with a guessed encoding. The separator (`;` or `,`) is read from the header line. XLSX is
read from its first sheet, header in the first row. Every row keeps its line number in the file,
so that errors can name it.

Writing produces what a French spreadsheet opens without a dialog: CSV with `;`, UTF-8 with a
BOM, CRLF line ends, dates as JJ/MM/AAAA and decimal commas; XLSX with typed cells.
"""

import csv
import datetime
import decimal
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
# A leading character that makes a spreadsheet evaluate a cell as a formula (CSV injection).
# A tab or line break before them is skipped by some spreadsheets, which then run the formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# An import holds a centre's learners or companies, a few thousand lines at most. A small XLSX
# may unzip to millions of rows (867 KB held 3 million: 6 minutes, 5 GB): refused early.
MAX_ROWS = 20_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class TabularError(ValueError):
    """A file that cannot be read as a table; the message is French and names the line."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Row:
    """One data row: its line number in the file (the header is line 1) and its cells as text."""

    line: int
    values: Mapping[str, str]


@dataclass(frozen=True)
class Table:
    """The header (column names as written in the file) and the non-blank data rows."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]


# ---------------------------------------------------------------------------------------------
# Reading


def read_table(data: bytes, *, filename: str = "") -> Table:
    """Read a CSV or XLSX file (told apart by its content, then its name) into a `Table`.

    Raises `TabularError` when the file is empty, not UTF-8, an old `.xls`, or malformed.
    """
    if not data.strip():
        raise TabularError("Le fichier est vide.", line=1)
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data)
    if data.startswith(OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise TabularError(
            "Le format Excel 97-2003 (.xls) n'est pas pris en charge : enregistrez le fichier "
            "au format .xlsx ou « CSV UTF-8 », puis importez-le à nouveau."
        )
    if filename.lower().endswith(".xlsx"):
        raise TabularError("Le fichier .xlsx est illisible : ce n'est pas un classeur Excel.")
    return read_csv(data)


def decode_utf8(data: bytes) -> str:
    """The text of a UTF-8 file (BOM removed); a `TabularError` naming the line otherwise."""
    if data.startswith(UTF16_BOMS):
        raise TabularError(
            "Le fichier est encodé en UTF-16, pas en UTF-8 : enregistrez-le au format "
            "« CSV UTF-8 », puis importez-le à nouveau.",
            line=1,
        )
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TabularError(
            f"Le fichier n'est pas encodé en UTF-8 (caractère illisible à la ligne {line}) : "
            "il a été enregistré dans un autre encodage, par exemple Windows-1252 (« CSV "
            "séparateur point-virgule » d'Excel). Enregistrez-le au format « CSV UTF-8 », "
            "puis importez-le à nouveau.",
            line=line,
        ) from error


def detect_delimiter(header_line: str) -> str:
    """`;` or `,`: whichever the header line uses more (outside quotes); `;` on a tie."""
    counts = {";": 0, ",": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return "," if counts[","] > counts[";"] else ";"


def read_csv(data: bytes) -> Table:
    """Read a UTF-8 CSV file separated by `;` or `,` (detected from the header line)."""
    text = decode_utf8(data)
    if "\x00" in text:
        raise TabularError("Le fichier contient des caractères nuls : ce n'est pas un CSV.")
    header_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Strict: a quote left open would otherwise swallow the rest of the file into one cell.
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=detect_delimiter(header_line), strict=True
    )
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for cells in reader:
            # A quoted cell may span lines: a record starts on the line after the previous one.
            records.append((previous_end + 1, cells))
            previous_end = reader.line_num
    except csv.Error as error:
        start = previous_end + 1
        if str(error) == "unexpected end of data":
            raise TabularError(
                f"Ligne {start} : un guillemet (\") ouvert n'est jamais refermé, la cellule "
                "courrait jusqu'à la fin du fichier : refermez-le ou retirez-le.",
                line=start,
            ) from error
        if "expected after" in str(error):
            raise TabularError(
                f"Ligne {reader.line_num} : CSV mal formé, un guillemet fermant doit être suivi "
                "du séparateur ou de la fin de la ligne.",
                line=reader.line_num,
            ) from error
        raise TabularError(
            f"Ligne {reader.line_num} : CSV mal formé ({error}).", line=reader.line_num
        ) from error
    return _table(records)


def read_xlsx(data: bytes) -> Table:
    """Read the first sheet of an XLSX workbook, header in the first row."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise TabularError(
            "Le fichier .xlsx est illisible : ce n'est pas un classeur Excel."
        ) from error
    if unzipped > MAX_UNZIPPED_BYTES:
        raise TabularError(
            f"Le classeur est trop gros une fois décompressé ({unzipped // 2**20} Mo, "
            f"{MAX_UNZIPPED_BYTES // 2**20} Mo au plus) : importez-le en plusieurs fichiers."
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TabularError(
            "Le fichier .xlsx est illisible : ce n'est pas un classeur Excel."
        ) from (error)
    try:
        sheet = workbook.worksheets[0]
        # Without this, a sheet whose stored dimensions are wrong would be read short.
        sheet.reset_dimensions()
        records = []
        rows = sheet.iter_rows(min_row=1, values_only=True)
        for number, values in enumerate(rows, start=1):
            if number > MAX_ROWS + 1:  # the header, then the data
                raise TabularError(
                    f"Le classeur dépasse {MAX_ROWS} lignes de données (lecture arrêtée à la "
                    f"ligne {number}) : importez-le en plusieurs fichiers.",
                    line=number,
                )
            records.append((number, [cell_text(value) for value in values]))
    finally:
        workbook.close()
    return _table(records)


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text an import parses (dates in ISO form, integers bare)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        # Through str(): the shortest text that reads back as the same binary value.
        return str(decimal.Decimal(str(value)))
    return str(value).strip()


def _unescape(value: str) -> str:
    """Undo the quote `write_csv` puts before a cell that would read as a formula."""
    if value.startswith("'") and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def _table(records: list[tuple[int, list[str]]]) -> Table:
    """Header and rows from (line, cells): blank lines skipped, cells stripped, checked."""
    records = [(line, [_unescape(c.strip()) for c in cells]) for line, cells in records]
    records = [(line, cells) for line, cells in records if any(cells)]
    if not records:
        raise TabularError("Le fichier est vide.", line=1)
    header_line, header = records[0]
    while header and not header[-1]:
        header.pop()
    columns: list[str] = []
    for position, name in enumerate(header, start=1):
        if not name:
            name = f"(colonne {position} sans titre)"
        if name in columns:
            raise TabularError(
                f"Ligne {header_line} : la colonne « {name} » apparaît deux fois dans l'en-tête.",
                line=header_line,
            )
        columns.append(name)
    rows = []
    for line, cells in records[1:]:
        extra = [c for c in cells[len(columns) :] if c]
        if extra:
            raise TabularError(
                f"Ligne {line} : {len(columns) + len(extra)} valeurs pour {len(columns)} "
                "colonnes d'en-tête (une valeur contient-elle le séparateur sans guillemets ?).",
                line=line,
            )
        cells = cells + [""] * (len(columns) - len(cells))
        rows.append(Row(line=line, values=dict(zip(columns, cells, strict=False))))
    if not rows:
        raise TabularError(
            "Le fichier ne contient que la ligne d'en-tête, aucune ligne de données.", line=2
        )
    return Table(columns=tuple(columns), rows=tuple(rows))


# ---------------------------------------------------------------------------------------------
# Writing

ColumnKey = str | Callable[[Any], Any]
ColumnSpec = str | tuple[ColumnKey, str]


def _columns(columns: Sequence[ColumnSpec]) -> list[tuple[ColumnKey, str]]:
    return [(c, c) if isinstance(c, str) else (c[0], c[1]) for c in columns]


def _value(row: Any, key: ColumnKey, position: int) -> Any:
    """The value of a column: a callable applied to the row, a mapping key, a dotted attribute
    path (`cohort.name`), or a position when the row is a list or tuple."""
    if callable(key):
        return key(row)
    if isinstance(row, list | tuple):
        return row[position]
    if isinstance(row, Mapping):
        return row.get(key)
    value = row
    for name in key.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    if callable(value) and not isinstance(value, type):
        value = value()  # e.g. `get_role_display`
    return value


def _matrix(rows: Iterable[Any], columns: Sequence[ColumnSpec]) -> tuple[list[str], list[list]]:
    specs = _columns(columns)
    header = [label for _key, label in specs]
    body = [[_value(row, key, i) for i, (key, _label) in enumerate(specs)] for row in rows]
    return header, body


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, decimal.Decimal | int):
        return str(value).replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(rows: Iterable[Any], columns: Sequence[ColumnSpec]) -> bytes:
    """CSV bytes: `;`-separated, UTF-8 with a BOM (so that Excel reads the accents), CRLF.

    `columns` are `(key, header)` pairs (or bare keys used as headers); see `_value` for keys.
    A text starting with = + - @ is written after a quote so that no spreadsheet runs it as a
    formula; `read_csv` removes that quote.
    """
    header, body = _matrix(rows, columns)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for cells in body:
        writer.writerow([_csv_text(value) for value in cells])
    return UTF8_BOM + buffer.getvalue().encode("utf-8")


def write_xlsx(
    rows: Iterable[Any], columns: Sequence[ColumnSpec], *, title: str = "Export"
) -> bytes:
    """XLSX bytes: one sheet, a bold frozen header row, dates as date cells, text as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    header, body = _matrix(rows, columns)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit on sheet names
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for line, cells in enumerate(body, start=2):
        for position, value in enumerate(cells, start=1):
            cell = sheet.cell(row=line, column=position)
            if isinstance(value, datetime.datetime):
                cell.value = value.replace(tzinfo=None)
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, datetime.date):
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, bool):
                cell.value = "oui" if value else "non"
            elif isinstance(value, int | decimal.Decimal) or value is None:
                cell.value = value
            else:
                # A control character saved before they were refused would fail the whole
                # export: shown as � instead.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))
                cell.data_type = "s"  # never a formula, whatever the text starts with
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    rows: Iterable[Any], columns: Sequence[ColumnSpec], *, fmt: str, filename: str
) -> HttpResponse:
    """An attachment download of `rows` as CSV or XLSX (`fmt`), for the "Exporter" buttons.

    `filename` is given without extension (one is added when missing).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if not filename.lower().endswith(f".{fmt}"):
        filename = f"{filename}.{fmt}"
    if fmt == "csv":
        content, content_type = write_csv(rows, columns), CSV_CONTENT_TYPE
    else:
        content, content_type = write_xlsx(rows, columns), XLSX_CONTENT_TYPE
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def export_page(
    rows: Iterable[Any], columns: Sequence[ColumnSpec], *, fmt: str, filename: str
) -> HttpResponse:
    """`export_response` for a page whose address names the format: an unknown one is a 404."""
    if fmt not in FORMATS:
        raise Http404("Format d'export inconnu.")
    return export_response(rows, columns, fmt=fmt, filename=filename)
