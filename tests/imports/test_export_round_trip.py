"""What is exported can be imported again, and then changes nothing."""

import pytest
from django.urls import reverse

from ndrc.core.models import AuditEntry
from ndrc.core.tabular import export_response, read_table
from ndrc.imports.services import CompanyImporter, LearnerImporter, iter_import, run
from ndrc.learners.demo import DEMO_ON

# The learner columns of a cohort file, under the headers the import reads.
LEARNER_FILE_COLUMNS = [
    ("last_name", "Nom"),
    ("first_name", "Prénom"),
    ("birth_date", "Date de naissance"),
    ("ine", "INE"),
    ("parcoursup_number", "Numéro Parcoursup"),
    ("email", "Courriel"),
    ("phone", "Téléphone"),
    ("street", "Adresse"),
    ("postal_code", "Code postal"),
    ("city", "Commune"),
    ("guardian_name", "Représentant légal"),
    ("guardian_email", "Courriel du représentant légal"),
    ("guardian_phone", "Téléphone du représentant légal"),
    ("current_category", "Statut"),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cohort_exported_then_imported_again_is_unchanged(demo, fmt):
    cohort, manager = demo.first_year, demo.users["responsable"]
    response = export_response(
        cohort.learners.all(), LEARNER_FILE_COLUMNS, fmt=fmt, filename="promotion"
    )
    entries = AuditEntry.objects.count()
    importer = LearnerImporter(cohort=cohort, default_category="scolaire", on=DEMO_ON, by=manager)
    report = run(iter_import(importer, read_table(response.content), apply=True))
    assert report.counts == {"total": 15, "created": 0, "changed": 0, "unchanged": 15, "errors": 0}
    assert not any(result.notes for result in report.results)  # statuses read back as they were
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_companies_list_exported_from_its_page_imports_back_unchanged(client, demo, fmt):
    manager = demo.users["responsable"]
    client.force_login(manager)
    response = client.get(reverse("companies:export", args=[fmt]))
    assert response.status_code == 200
    report = run(iter_import(CompanyImporter(by=manager), read_table(response.content), apply=True))
    assert report.counts["unchanged"] == report.counts["total"] == 5
