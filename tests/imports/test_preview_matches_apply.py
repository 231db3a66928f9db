"""The preview writes nothing, and says exactly what applying the same file then does."""

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.core.models import AuditEntry
from ndrc.core.tabular import read_table
from ndrc.imports.services import CompanyImporter, LearnerImporter, iter_import, run
from ndrc.learners.models import Learner
from tests import factories

FILES = Path(__file__).parent / "files"
ON = date(2026, 9, 1)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

HEADER = "Nom;Prénom;Date de naissance;INE;Email;Portable;Statut;Représentant légal\n"
MIXED_FILE = (
    HEADER
    # Known and identical (phone written another way): unchanged.
    + "Martin;Lina;04/05/2006;123456789AB;lina@example.fr;0611223344;;\n"
    # Known, new e-mail, and a status in the file that an import does not apply: changed + note.
    + "ROUX;Hugo;12/01/2006;223456789AB;hugo.roux@example.fr;;"
    + "Apprentissage (CFA ou section habilité);\n"
    # New, with the default status.
    + "BLANC;Zoé;30/06/2006;323456789AB;zoe@example.fr;+33 6 55 44 33 22;;\n"
    # New, an apprentice.
    + "NOIR;Adam;02/02/2006;423456789AB;;;apprenti_habilite;\n"
)


@pytest.fixture
def cohort(db):
    return factories.cohort(factories.centre(), start=ON)


@pytest.fixture
def manager(cohort):
    return factories.manager_of(cohort.training_centre)


@pytest.fixture
def known(cohort):
    factories.learner(cohort, ine="123456789AB", email="lina@example.fr", phone="06 11 22 33 44")
    factories.learner(
        cohort, first_name="Hugo", last_name="ROUX", birth_date=date(2006, 1, 12),
        ine="223456789AB", email="h.roux@example.fr",
    )  # fmt: skip


def learners(data, cohort, manager, *, apply):
    importer = LearnerImporter(cohort=cohort, default_category="scolaire", on=ON, by=manager)
    return run(iter_import(importer, read_table(data.encode("utf-8")), apply=apply))


def seen(report):
    """What a reader of the report checks: each line's outcome, changes and notes."""
    return [
        (r.line, r.outcome, r.record, [(c.field, c.before, c.after) for c in r.changes], r.notes)
        for r in report.results
    ], [str(e) for e in report.errors]


def test_the_preview_of_a_mixed_file_says_what_applying_it_does(cohort, manager, known):
    preview = learners(MIXED_FILE, cohort, manager, apply=False)
    assert preview.counts == {"total": 4, "created": 2, "changed": 1, "unchanged": 1, "errors": 0}
    assert "un import ne change pas le statut" in preview.results[1].notes[0]
    assert Learner.objects.count() == 2
    applied = learners(MIXED_FILE, cohort, manager, apply=True)
    assert applied.applied
    assert applied.counts == preview.counts
    assert seen(applied) == seen(preview)
    assert Learner.objects.count() == 4
    assert cohort.learners.get(ine="323456789AB").phone == "06 55 44 33 22"


def test_a_preview_writes_nothing_and_holds_no_transaction(cohort, manager, known):
    with CaptureQueriesContext(connection) as queries:
        learners(MIXED_FILE, cohort, manager, apply=False)
    sql = [q["sql"].lstrip() for q in queries.captured_queries]
    statements = [s.split(" ", 1)[0].upper() for s in sql]
    assert "SELECT" in statements  # it did read the database
    assert not [s for s in statements if s in WRITES]
    # The only savepoints are Django's own around each constraint check (one SELECT each):
    # no transaction spans the lines.
    for position, statement in enumerate(statements):
        if statement == "SAVEPOINT":
            assert '"_check"' in sql[position + 1]
            assert statements[position + 2] == "RELEASE"


def test_preview_and_apply_refuse_the_same_lines_for_the_same_reasons(cohort, manager, known):
    bad = (
        MIXED_FILE
        # A minor without a legal guardian: refused by the records' own validation.
        + "PETIT;Léa;01/03/2010;523456789AB;;;;\n"
        # A bad e-mail and a bad phone.
        + "GRAND;Tom;01/03/2006;623456789AB;tom@;0123;;\n"
        # The INE of a learner already in the file.
        + "BIS;Zoé;30/06/2006;323456789AB;;;;\n"
    )
    entries = AuditEntry.objects.count()
    preview = learners(bad, cohort, manager, apply=False)
    applied = learners(bad, cohort, manager, apply=True)
    assert preview.counts == applied.counts
    assert preview.counts["errors"] == 4
    assert seen(applied)[1] == seen(preview)[1]
    assert seen(preview)[1][0] == (
        "Ligne 6, colonne « Représentant légal » : "
        "Apprenant mineur : le représentant légal est obligatoire."
    )
    assert not applied.applied
    assert Learner.objects.count() == 2
    assert AuditEntry.objects.count() == entries


def test_the_preview_of_a_companies_file_says_what_applying_it_does(demo):
    manager = demo.users["responsable"]
    data = (FILES / "companies.csv").read_bytes()
    preview = run(iter_import(CompanyImporter(by=manager), read_table(data), apply=False))
    applied = run(iter_import(CompanyImporter(by=manager), read_table(data), apply=True))
    assert preview.counts == applied.counts == {
        "total": 3, "created": 2, "changed": 1, "unchanged": 0, "errors": 0,
    }  # fmt: skip
    assert seen(applied) == seen(preview)
