"""Reading CSV/XLSX files into numbered rows, and writing any list back (core.tabular)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from ndrc.core import tabular
from ndrc.core.tabular import TabularError, export_response, read_table, write_csv, write_xlsx

COLUMNS = [("last_name", "Nom"), ("birth_date", "Date de naissance"), ("grade", "Note")]
ROWS = [
    {"last_name": "Lefèvre", "birth_date": date(2006, 9, 29), "grade": Decimal("12.5")},
    {"last_name": "N'Diaye", "birth_date": date(2007, 2, 1), "grade": Decimal("8")},
]


def test_a_semicolon_csv_with_bom_is_read_with_its_line_numbers():
    data = "\ufeffNom;Prénom\nDupont;Zoé\n\nMartin;Léo\n".encode()
    table = read_table(data, filename="liste.csv")
    assert table.columns == ("Nom", "Prénom")
    assert [(r.line, dict(r.values)) for r in table.rows] == [
        (2, {"Nom": "Dupont", "Prénom": "Zoé"}),
        (4, {"Nom": "Martin", "Prénom": "Léo"}),  # line 3 is blank
    ]


def test_a_comma_csv_is_detected_from_its_header_and_quoted_cells_keep_their_commas():
    data = 'Nom,Adresse\nDupont,"4, rue Mercière"\n'.encode()
    assert read_table(data).rows[0].values == {"Nom": "Dupont", "Adresse": "4, rue Mercière"}


def test_a_quoted_cell_on_two_lines_does_not_shift_the_next_line_numbers():
    data = 'Nom;Adresse\nDupont;"4 rue Mercière\nBât. B"\nMartin;1 place Bellecour\n'.encode()
    assert [r.line for r in read_table(data).rows] == [2, 4]


def test_a_windows_1252_file_is_rejected_and_never_guessed():
    data = "Nom;Prénom\nDupont;Zoé\n".encode("cp1252")
    with pytest.raises(TabularError) as caught:
        read_table(data, filename="export.csv")
    assert "n'est pas encodé en UTF-8" in caught.value.message
    assert "ligne 1" in caught.value.message  # the é of "Prénom"
    assert "Windows-1252" in caught.value.message


def test_the_line_of_the_first_unreadable_character_is_named():
    data = "Nom;Prénom\n".encode() + "Dupont;Zoé\n".encode("cp1252")
    with pytest.raises(TabularError) as caught:
        read_table(data)
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\n \n", "Le fichier est vide."),
        ("Nom;Prénom\n".encode(), "aucune ligne de données"),
        (b"Nom;Nom\nA;B\n", "la colonne « Nom » apparaît deux fois"),
        ("Nom;Prénom\nA;B;C\n".encode(), "Ligne 2 : 3 valeurs pour 2 colonnes"),
        ("\ufeffNom".encode("utf-16"), "UTF-16"),
        (b"\xd0\xcf\x11\xe0old excel", ".xls"),
    ],
)
def test_unreadable_files_are_rejected_with_a_french_message(data, message):
    with pytest.raises(TabularError, match=message):
        read_table(data)


def test_an_xlsx_file_is_read_from_its_first_sheet_with_dates_as_iso_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Date de naissance", "Parcoursup", None])
    sheet.append(["Dupont", date(2007, 3, 14), 4821093, None])
    sheet.append([None, None, None, None])
    sheet.append(["Martin", "14/03/2007", 4821094.0, None])
    workbook.create_sheet("Autre").append(["ignorée"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), filename="admissions.xlsx")
    assert table.columns == ("Nom", "Date de naissance", "Parcoursup")
    assert [(r.line, dict(r.values)) for r in table.rows] == [
        (2, {"Nom": "Dupont", "Date de naissance": "2007-03-14", "Parcoursup": "4821093"}),
        (4, {"Nom": "Martin", "Date de naissance": "14/03/2007", "Parcoursup": "4821094"}),
    ]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_rejected():
    with pytest.raises(TabularError, match="illisible"):
        read_table(b"Nom;Prenom\n", filename="faux.xlsx")


def test_csv_export_opens_in_a_french_excel_and_reads_back():
    data = write_csv(ROWS, COLUMNS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Nom;Date de naissance;Note"
    assert "Lefèvre;29/09/2006;12,5\r\n" in text
    table = read_table(data)
    assert [dict(r.values) for r in table.rows] == [
        {"Nom": "Lefèvre", "Date de naissance": "29/09/2006", "Note": "12,5"},
        {"Nom": "N'Diaye", "Date de naissance": "01/02/2007", "Note": "8"},
    ]


def test_xlsx_export_has_typed_cells_and_reads_back():
    data = write_xlsx(ROWS, COLUMNS, title="Apprenants")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Apprenants"
    assert [c.value for c in sheet[1]] == ["Nom", "Date de naissance", "Note"]
    assert sheet["B2"].value.date() == date(2006, 9, 29)
    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].value == 12.5
    assert read_table(data).rows[1].values["Nom"] == "N'Diaye"


def test_a_cell_that_would_be_a_formula_is_exported_as_text_in_both_formats():
    rows = [{"last_name": '=HYPERLINK("http://x")', "birth_date": None, "grade": None}]
    csv_data = write_csv(rows, COLUMNS)
    assert "'=HYPERLINK" in csv_data.decode("utf-8-sig")
    assert read_table(csv_data).rows[0].values["Nom"] == '=HYPERLINK("http://x")'
    xlsx_data = write_xlsx(rows, COLUMNS)
    cell = load_workbook(io.BytesIO(xlsx_data)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_columns_may_read_attributes_and_callables_of_objects():
    class Learner:
        def __init__(self, name, cohort):
            self.last_name, self.cohort = name, cohort

    class Cohort:
        name = "BTS NDRC 1"

    rows = [Learner("Dupont", Cohort())]
    columns = [
        ("last_name", "Nom"),
        ("cohort.name", "Promotion"),
        (lambda r: r.last_name.upper(), "NOM"),
    ]
    assert read_table(write_csv(rows, columns)).rows[0].values == {
        "Nom": "Dupont",
        "Promotion": "BTS NDRC 1",
        "NOM": "DUPONT",
    }


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_export_response_is_a_download_named_after_the_list(fmt, content_type):
    response = export_response(ROWS, COLUMNS, fmt=fmt, filename="apprenants-bts-ndrc-1")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="apprenants-bts-ndrc-1.{fmt}"'
    assert [r.values["Nom"] for r in read_table(response.content).rows] == ["Lefèvre", "N'Diaye"]


def test_export_response_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="pdf"):
        export_response(ROWS, COLUMNS, fmt="pdf", filename="x")


@pytest.mark.parametrize("start", ["\t", "\r", "\n", "\r\n"])
def test_a_formula_behind_a_tab_or_a_line_break_is_exported_as_text(start):
    """Issue 10, hole 12: some spreadsheets skip a leading tab or line break and run the rest."""
    rows = [{"last_name": start + '=HYPERLINK("http://x")', "birth_date": None, "grade": None}]
    text = write_csv(rows, COLUMNS).decode("utf-8-sig")
    assert f"'{start}=HYPERLINK" in text


def test_an_unclosed_quote_is_named_with_the_line_it_opens_on():
    """Issue 10, hole 12: the open quote swallowed the rest of the file into one cell, and the
    import then reported a missing first name."""
    data = 'Nom;Prénom\nMartin;Léa\nDurand;"Nathan\nPetit;Lucas\nRoux;Emma\n'.encode()
    with pytest.raises(TabularError) as refused:
        read_table(data)
    assert refused.value.line == 3
    assert refused.value.message == (
        "Ligne 3 : un guillemet (\") ouvert n'est jamais refermé, la cellule courrait jusqu'à "
        "la fin du fichier : refermez-le ou retirez-le."
    )


def _workbook(rows: int) -> bytes:
    workbook = Workbook()
    workbook.active.append(["Nom", "Prénom"])
    for number in range(rows):
        workbook.active.append([f"Nom{number}", "Léa"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_beyond_the_row_limit_is_refused_as_soon_as_it_is_reached(monkeypatch):
    """Issue 10, hole 6: 3 million rows in 867 KB were all read (6 minutes, 5.2 GB)."""
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    assert len(read_table(_workbook(5)).rows) == 5
    with pytest.raises(TabularError) as refused:
        read_table(_workbook(500))
    assert refused.value.message == (
        "Le classeur dépasse 5 lignes de données (lecture arrêtée à la ligne 7) : importez-le "
        "en plusieurs fichiers."
    )


def test_a_workbook_too_big_once_unzipped_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_UNZIPPED_BYTES", 2**20)
    monkeypatch.setattr(tabular, "MAX_ROWS", 10**6)
    data = _workbook(40_000)
    assert len(data) < 2**20 // 2
    with pytest.raises(
        TabularError, match=r"trop gros une fois décompressé \(\d+ Mo, 1 Mo au plus"
    ):
        read_table(data)


def test_a_control_character_saved_before_they_were_refused_does_not_fail_the_export():
    """Issue 10, hole 5: one such name made every XLSX export of the cohort fail (a 500)."""
    rows = [{"last_name": "Ber\x01nard", "birth_date": None, "grade": None}]
    cell = load_workbook(io.BytesIO(write_xlsx(rows, COLUMNS))).active["A2"]
    assert cell.value == "Ber\ufffdnard"
