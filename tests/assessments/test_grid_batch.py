"""A manager prints every filled grid of a cohort at once: a background job, one ZIP, each grid
kept in its evaluation file; one grid refused and none is kept."""

import io
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.assessments import services
from ndrc.assessments.selectors import grid_situations
from ndrc.documents.models import GeneratedDocument
from ndrc.jobs.models import Job, State


def test_the_manager_gets_every_grid_of_the_cohort_in_one_zip(client, ccf):
    client.force_login(ccf.users["responsable"])
    cohort_page = reverse("assessments:cohort", args=[ccf.second_year.pk])
    assert "Imprimer toutes les grilles (ZIP)" in client.get(cohort_page).content.decode()
    response = client.post(reverse("assessments:cohort_grids", args=[ccf.second_year.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.state == State.DONE and job.training_centre == ccf.centre
    expected = len(grid_situations(ccf.users["responsable"], ccf.second_year))
    assert expected == 5 and (job.done, job.total) == (5, 5)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "5 grille(s) CCF générée(s)" in page and cohort_page in page
    download = client.get(reverse("jobs:file", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 5 and all(name.endswith(".pdf") for name in names)
    assert all(archive.read(name).startswith(b"%PDF") for name in names)
    assert GeneratedDocument.objects.filter(kind="ccf_assessment_grid").count() == 5


def test_one_grid_refused_and_no_grid_of_the_batch_is_kept(client, ccf, monkeypatch, settings):
    made = []
    original = services.grid_document

    def second_one_fails(*, situation, by):
        if made:
            raise ValidationError("Le dossier d'évaluation a été purgé.")
        made.append(original(situation=situation, by=by))
        return made[-1]

    monkeypatch.setattr(services, "grid_document", second_one_fails)
    client.force_login(ccf.users["responsable"])
    client.post(reverse("assessments:cohort_grids", args=[ccf.second_year.pk]))
    job = Job.objects.get()
    assert job.state == State.FAILED and job.error == "Le dossier d'évaluation a été purgé."
    assert made and not GeneratedDocument.objects.exists()
    assert not job.result_file
    # The first grid's PDF was written before the refusal; it is gone with its record.
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []


def test_a_learner_cannot_print_the_cohorts_grids(client, ccf):
    client.force_login(ccf.users["apprenant"])
    response = client.post(reverse("assessments:cohort_grids", args=[ccf.second_year.pk]))
    assert response.status_code == 404
    assert not Job.objects.exists()
