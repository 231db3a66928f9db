"""The training manager's export "pour réimport" holds the import's columns: exported, edited in
a spreadsheet or not, imported back, it changes nothing that was not edited."""

import pytest

from ndrc.core.models import AuditEntry
from ndrc.core.tabular import read_table
from ndrc.imports.services import LearnerImporter, iter_import, run
from ndrc.learners.demo import DEMO_ON


def reimport(demo, content):
    importer = LearnerImporter(
        cohort=demo.second_year,
        default_category="scolaire",
        on=DEMO_ON,
        by=demo.users["responsable"],
    )
    return run(iter_import(importer, read_table(content), apply=True))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_for_reimport_imports_back_and_changes_nothing(demo, client, fmt):
    client.force_login(demo.users["responsable"])
    response = client.get(f"/apprenants/promotions/{demo.second_year.pk}/reimport.{fmt}")
    assert response.status_code == 200
    table = read_table(response.content)
    assert {"Date de naissance", "INE", "Numéro Parcoursup", "Courriel"} <= set(table.columns)
    bernard = next(row.values for row in table.rows if row.values["Nom"] == "Bernard")
    assert (bernard["INE"], bernard["Date de naissance"]) == (
        demo.learners["bernard"].ine,
        demo.learners["bernard"].birth_date.strftime("%d/%m/%Y" if fmt == "csv" else "%Y-%m-%d"),
    )
    entries = AuditEntry.objects.count()
    report = reimport(demo, response.content)
    assert report.counts == {"total": 15, "created": 0, "changed": 0, "unchanged": 15, "errors": 0}
    assert not any(result.notes for result in report.results)  # statuses read back as they were
    assert AuditEntry.objects.count() == entries


def test_a_value_edited_in_the_exported_file_is_the_only_change(demo, client):
    client.force_login(demo.users["responsable"])
    response = client.get(f"/apprenants/promotions/{demo.second_year.pk}/reimport.csv")
    bernard = demo.learners["bernard"]
    edited = response.content.replace(bernard.email.encode(), b"lucas.b@example.fr")
    report = reimport(demo, edited)
    assert report.counts["changed"] == 1 and report.counts["unchanged"] == 14
    bernard.refresh_from_db()
    assert bernard.email == "lucas.b@example.fr"


def test_the_list_exports_still_hold_no_identifiers(demo, client):
    client.force_login(demo.users["examens"])
    table = read_table(client.get("/apprenants/export.csv").content)
    assert "INE" not in table.columns and "Date de naissance" not in table.columns
