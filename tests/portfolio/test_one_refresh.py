"""A bulk operation (an import of learners, the demo's build) queues one refresh of the dossier
checks it changes, not one a service call: the operator's queue holds one task, and once the
worker has run it every learner named has its stored check and their cohort its count."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ndrc.core.tabular import read_table
from ndrc.imports.services import LearnerImporter, iter_import, run
from ndrc.learners import services as learner_services
from ndrc.portfolio.models import StoredCohortDossiers, StoredDossierCheck
from ndrc.portfolio.tasks import one_refresh, refresh_dossier_checks
from tests import factories

PARCOURSUP = Path(__file__).parent.parent / "imports" / "files" / "parcoursup_admissions.csv"


@pytest.fixture
def by_a_worker(settings):
    """Jobs queued in the database, as in production. The tests commit (`transactional_db`):
    the worker closes the connection between tasks, which a test's transaction would not allow
    on PostgreSQL."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_refreshes() -> list:
    return list(
        DBTaskResult.objects.ready()
        .filter(task_path=refresh_dossier_checks.module_path)
        .values_list("args_kwargs", flat=True)
    )


def run_the_worker() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def stored(cohorts) -> tuple[set, set]:
    """(learner, exam) of the stored checks and (cohort, exam) of the stored counts."""
    return (
        set(StoredDossierCheck.objects.values_list("learner_id", "exam")),
        set(
            StoredCohortDossiers.objects.filter(cohort__in=cohorts).values_list("cohort_id", "exam")
        ),
    )


def every_check(learners, cohorts) -> tuple[set, set]:
    exams = ("E4", "E6")
    return (
        {(learner.pk, exam) for learner in learners for exam in exams},
        {(cohort.pk, exam) for cohort in cohorts for exam in exams},
    )


def test_an_import_of_learners_queues_one_refresh(transactional_db, by_a_worker):
    centre = factories.centre()
    manager = factories.manager_of(centre)
    cohort = factories.cohort(centre)
    importer = LearnerImporter(
        cohort=cohort, default_category="scolaire", on=date(2026, 9, 1), by=manager
    )
    table = read_table(PARCOURSUP.read_bytes(), filename="parcoursup.csv")
    report = run(iter_import(importer, table, apply=True))
    assert report.counts["created"] == 5

    learners = list(cohort.learners.all())
    assert len(queued_refreshes()) == 1  # one a file, not one a line
    assert stored([cohort]) == (set(), set())  # nothing stale meanwhile: checked at each view
    run_the_worker()
    assert stored([cohort]) == every_check(learners, [cohort])


def test_nested_scopes_queue_one_refresh_when_the_outer_one_ends(transactional_db, by_a_worker):
    centre = factories.centre()
    manager = factories.manager_of(centre)
    first, second = factories.cohort(centre), factories.cohort(centre, name="BTS NDRC 2")
    lina = factories.learner(first, by=manager)
    run_the_worker()
    assert stored([first]) == every_check([lina], [first])

    with one_refresh():
        with one_refresh():
            noah = factories.learner(second, first_name="Noah", last_name="Petit", by=manager)
        assert queued_refreshes() == []  # queued when the outer scope ends
        learner_services.update_learner(
            learner=lina, changes={"cohort": second}, on=date(2026, 9, 1), by=manager
        )
        # Forgotten at once: no page reads a stale check or count meanwhile.
        assert stored([first, second]) == (set(), set())

    assert len(queued_refreshes()) == 1
    run_the_worker()
    # The cohort Lina left is counted again too, without her.
    assert stored([first, second]) == every_check([lina, noah], [first, second])
    counted = StoredCohortDossiers.objects.filter(exam="E4").values_list("cohort_id", "lines")
    assert {cohort: [line[0] for line in lines] for cohort, lines in counted} == {
        first.pk: [],
        second.pk: sorted([lina.pk, noah.pk]),
    }
