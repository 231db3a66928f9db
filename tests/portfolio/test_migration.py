"""Migration 0002: proofs recorded twice go, certificates of employment and reductions stay.

The migrations are squashed (0001_initial_squashed_…); a database migrated with the files before
the squash runs the replaced migrations themselves: the test builds such a database at 0001 (from
an empty one, as old sites were) and migrates it to 0002."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

BEFORE = [("portfolio", "0001_initial"), ("contracts", "0001_initial")]
AFTER = [("portfolio", "0002_employment_certificate")]


def replaced_migrations_executor() -> MigrationExecutor:
    """An executor whose graph holds the migrations the squashes replaced, the squashes left out
    (the graph of the files before the squash)."""
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    for squash, migration in executor.loader.replacements.items():
        executor.loader.graph.remove_replacement_node(squash, migration.replaces)
    return executor


def drop_every_table():
    """An empty database: migrating it back to 0001 would compute the state of every migration
    of every app, which costs more than migrating an empty one forward."""
    tables = connection.introspection.table_names()
    with connection.schema_editor() as editor:
        for model in [*apps.get_models(), MigrationRecorder.Migration]:
            if model._meta.db_table in tables:
                editor.delete_model(model)


@pytest.fixture(autouse=True)
def migrated_forward_again(transactional_db, migrate_again):
    """The database is left migrated as `migrate` leaves a new one, for the tests after this one
    (same process)."""
    drop_every_table()
    yield
    drop_every_table()
    migrate_again()


@pytest.mark.django_db(transaction=True)
def test_employment_proofs_and_reductions_survive_the_migration():
    executor = replaced_migrations_executor()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    centre = old.get_model("core", "TrainingCentre").objects.create(
        name="Centre", uai="0691234S", siret="", address=""
    )
    cohort = old.get_model("learners", "Cohort").objects.create(
        training_centre=centre, name="BTS 2", first_year_start=date(2025, 9, 1), exam_session=2027
    )
    learner = old.get_model("learners", "Learner").objects.create(
        cohort=cohort, first_name="Ana", last_name="Lopez", birth_date=date(1990, 1, 2)
    )
    proof = old.get_model("portfolio", "PracticeProof")
    proof.objects.create(learner=learner, kind="internship", weeks=6, signed=True)
    proof.objects.create(learner=learner, kind="apprenticeship_contract", signed=True)
    kept = proof.objects.create(
        learner=learner, kind="employment", months_full_time=Decimal(7), signed=True
    )
    dossier = old.get_model("portfolio", "ExamDossier")
    dossier.objects.create(learner=learner, exam="E4", internship_reduced_to_weeks=10)
    dossier.objects.create(learner=learner, exam="E6", internship_reduced_to_weeks=12)

    executor = replaced_migrations_executor()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    certificates = new.get_model("portfolio", "EmploymentCertificate").objects.all()
    # Only the certificate of employment stays (same row), its missing part-time months → 0.
    assert [(c.pk, c.months_full_time, c.months_part_time, c.signed) for c in certificates] == [
        (kept.pk, Decimal(7), Decimal(0), True)
    ]
    # One reduction per learner: the larger of the two (the stricter requirement), to check.
    reduction = new.get_model("contracts", "InternshipReduction").objects.get(learner=learner.pk)
    assert (reduction.weeks, reduction.decided_on) == (12, date(2025, 9, 1))
    assert "à vérifier" in reduction.note
