"""Background jobs: a user starts long work, follows its progress, gets its result or its error;
a failed job leaves nothing half-written; only its starter and the centre's managers see it."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from ndrc.core.models import AuditEntry, TrainingCentre
from ndrc.jobs.models import Job, State
from ndrc.jobs.services import ProgressFile, start_job
from tests.jobs import functions


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_job_gets_its_arguments_back_and_keeps_its_result(demo, client, settings):
    manager = demo.users["responsable"]
    job = start_job(
        functions.describe_arguments,
        by=manager,
        title="Rapport",
        arguments={
            "centre": demo.centre,
            "on": date(2027, 3, 2),
            "amount": Decimal("12.50"),
            "names": ["Bernard", "Durand"],
        },
        training_centre=demo.centre,
    )
    job.refresh_from_db()
    assert job.state == State.DONE and (job.done, job.total) == (2, 2)
    assert job.message.startswith(f"{demo.centre.name} le 02/03/2027 : 12.50 € pour Bernard")
    client.force_login(manager)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Terminée" in page and "Voir le référentiel" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: the page stops polling
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "Résumé\n".encode()
    assert 'filename="rapport.txt"' in download["Content-Disposition"]
    assert not (Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk) / "progress.json").exists()


def test_a_failed_job_leaves_nothing_written_and_says_why_in_french(demo, client, settings):
    admin = demo.users["admin"]
    centres, entries = TrainingCentre.objects.count(), AuditEntry.objects.count()
    job = start_job(functions.create_a_centre_then_refuse, by=admin, title="Création")
    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.error == "Ligne 2, champ « UAI » : le centre existe déjà."
    assert (TrainingCentre.objects.count(), AuditEntry.objects.count()) == (centres, entries)
    assert list((Path(settings.MEDIA_ROOT) / "jobs").glob(f"{job.pk}/*")) == []
    client.force_login(admin)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Échouée" in page and "le centre existe déjà" in page
    assert "Interrompue à 1 sur 3." in page
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_an_unexpected_error_shows_a_plain_french_message_not_the_traceback(demo, client):
    job = start_job(functions.crash, by=demo.users["responsable"], title="Plantage")
    job.refresh_from_db()
    assert job.state == State.FAILED
    assert "erreur inattendue" in job.error and "/srv/ndrc" not in job.error
    client.force_login(demo.users["responsable"])
    assert "/srv/ndrc" not in client.get(job.get_absolute_url()).content.decode()


def test_a_job_is_stored_in_french_and_read_in_its_readers_language(demo, client, settings):
    """Started from an English page, a job runs in French and keeps its texts in French, with
    their templates: each reader reads its title and its error in their own language."""
    from django.utils import translation
    from django.utils.translation import gettext_noop

    from ndrc.regulation.explanation import Message

    manager = demo.users["responsable"]
    title = Message(gettext_noop("Grilles CCF — %(cohort)s"), cohort="BTS NDRC 2e année")
    with translation.override("en"):
        refused = start_job(functions.refuse_lazily, by=manager, title=title)
        crashed = start_job(functions.crash, by=manager, title=title)
    refused.refresh_from_db()
    assert refused.title == "Grilles CCF — BTS NDRC 2e année"
    assert refused.error == "Aucune grille CCF que vous puissiez imprimer dans cette promotion."
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(refused.get_absolute_url()).content.decode()
    assert "CCF grids — BTS NDRC 2e année" in page and "Grilles" not in page
    assert "No CCF grid of this cohort that you may print." in page
    page = client.get(crashed.get_absolute_url()).content.decode()
    assert "An unexpected error stopped the job; nothing was saved." in page
    assert "CCF grids — BTS NDRC 2e année" in client.get(reverse("jobs:list")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(refused.get_absolute_url()).content.decode()
    assert "Grilles CCF — BTS NDRC 2e année" in page and "Aucune grille CCF" in page


def test_the_page_of_a_running_job_shows_its_progress_and_keeps_polling(demo, client):
    manager = demo.users["responsable"]
    job = Job.objects.create(
        kind="k", title="Lot", function="x.y", started_by=manager, state=State.RUNNING
    )
    ProgressFile(job.pk)(2, 5, "Grille de Durand Nathan")
    client.force_login(manager)
    status = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "En cours" in status and "2 sur 5" in status and "Grille de Durand Nathan" in status
    assert 'hx-trigger="every 1s"' in status and '<progress value="2" max="5">' in status


def test_only_the_starter_and_the_centres_managers_follow_a_job(demo, client):
    teacher = demo.users["enseignant"]
    job = start_job(
        functions.describe_arguments,
        by=teacher,
        title="Rapport",
        arguments={
            "centre": demo.centre,
            "on": date(2027, 1, 1),
            "amount": Decimal(1),
            "names": [],
        },
        training_centre=demo.centre,
    )
    for login, status in [
        ("enseignant", 200),
        ("responsable", 200),
        ("admin", 200),
        ("enseignante", 404),
        ("apprenant", 404),
        ("tuteur", 404),
    ]:
        client.force_login(demo.users[login])
        assert client.get(job.get_absolute_url()).status_code == status, login
        download = client.get(reverse("jobs:file", args=[job.pk]))
        assert download.status_code == status, login
        if download.streaming:
            b"".join(download.streaming_content)  # read to its end, which closes the file
        listed = job.title in client.get(reverse("jobs:list")).content.decode()
        assert listed is (status == 200), login
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302  # to the login page


def test_a_database_worker_runs_the_queued_job(transactional_db, demo, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = start_job(
        functions.describe_arguments,
        by=demo.users["responsable"],
        title="Rapport",
        arguments={
            "centre": demo.centre,
            "on": date(2027, 1, 1),
            "amount": Decimal(1),
            "names": [],
        },
    )
    assert job.state == State.QUEUED and job.task_id
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.state == State.DONE and job.result_file


def test_a_job_refuses_arguments_it_could_not_store(demo):
    with pytest.raises(TypeError):
        start_job(
            functions.crash,
            by=demo.users["admin"],
            title="x",
            arguments={"when": object()},
        )
    assert not Job.objects.exists()


def test_an_erased_learner_leaves_the_jobs_run_on_them_without_their_file(demo, client):
    from ndrc.learners.personal_data import erase_person

    manager = demo.users["responsable"]
    bernard, other = demo.learners["bernard"], demo.learners["durand"]
    name = bernard.full_name
    with_him = start_job(
        functions.list_learners,
        by=manager,
        title=f"Liste avec {name}",
        arguments={"learners": [other, bernard]},
        training_centre=demo.centre,
    )
    without_him = start_job(
        functions.list_learners,
        by=manager,
        title="Liste",
        arguments={"learners": [other]},
        training_centre=demo.centre,
    )
    kept = Path(without_him.result_file.path)

    erase_person(bernard, by=manager, on=date(2026, 11, 20))

    with_him.refresh_from_db()
    assert not with_him.result_file and not list(Path(kept.parent.parent).glob(f"{with_him.pk}/*"))
    assert name not in with_him.title + with_him.message
    client.force_login(manager)
    page = client.get(with_him.get_absolute_url()).content.decode()
    assert "Fichier supprimé" in page and reverse("jobs:file", args=[with_him.pk]) not in page
    # A job that did not concern him keeps its file as it was.
    without_him.refresh_from_db()
    assert without_him.result_file and kept.read_text() == other.full_name


def test_a_job_ending_after_an_erasure_keeps_nothing_of_the_person(demo, settings, tmp_path):
    """A job that read a person before their erasure and ends after it keeps no file, summary
    nor progress line naming them: it fails, saying to start it again."""
    settings.MEDIA_ROOT = tmp_path
    manager = demo.users["responsable"]
    bernard, other = demo.learners["bernard"], demo.learners["durand"]
    name = bernard.full_name
    job = start_job(
        functions.list_learners_while_the_first_is_erased,
        by=manager,
        title="Liste",
        arguments={"learners": [bernard, other]},
        training_centre=demo.centre,
    )
    job.refresh_from_db()
    assert job.state == State.FAILED and not job.result_file
    assert "effacées pendant la tâche" in job.error
    assert name not in job.title + job.message + job.error
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
    # The next job, started once the erasure is over, runs as usual.
    again = start_job(
        functions.list_learners,
        by=manager,
        title="Liste",
        arguments={"learners": [other]},
        training_centre=demo.centre,
    )
    again.refresh_from_db()
    assert again.state == State.DONE and again.result_file
