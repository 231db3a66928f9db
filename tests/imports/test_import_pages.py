"""The import pages: upload, streamed preview, confirmation; who may use them."""

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ndrc.core.models import AuditEntry
from ndrc.imports.models import ImportJob
from ndrc.learners.models import Learner

FILES = Path(__file__).parent / "files"


def body(response):
    """The page's text as a reader sees it (HTML entities decoded)."""
    if response.streaming:
        return html.unescape(b"".join(response.streaming_content).decode())
    return html.unescape(response.content.decode())


def upload(client, cohort, data, name="admissions.csv", category="scolaire"):
    return client.post(
        reverse("imports:learners", args=[cohort.pk]),
        {"file": SimpleUploadedFile(name, data), "default_category": category},
    )


@pytest.fixture
def manager_client(client, demo):
    client.force_login(demo.users["responsable"])
    return client


def test_the_manager_sees_the_cohorts_to_import_into(manager_client, demo):
    page = body(manager_client.get(reverse("imports:index")))
    assert reverse("imports:learners", args=[demo.first_year.pk]) in page
    assert reverse("imports:companies") in page


def test_upload_preview_confirm_then_the_learners_exist(manager_client, demo):
    cohort = demo.first_year
    response = upload(manager_client, cohort, (FILES / "parcoursup_admissions.csv").read_bytes())
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    entries = AuditEntry.objects.count()

    preview = body(manager_client.get(response["Location"]))
    assert "Aperçu : rien n'est encore enregistré" in preview
    assert "5 / 5 lignes traitées" in preview
    assert "FONTAINE Maëlle" in preview and "à créer" in preview
    assert "Colonnes ignorées" in preview and "Sexe" in preview
    assert "Confirmer l'import" in preview
    assert not cohort.learners.filter(parcoursup_number="4821093").exists()
    assert AuditEntry.objects.count() == entries

    result = body(manager_client.post(reverse("imports:apply", args=[job.pk])))
    assert "Import appliqué" in result
    assert cohort.learners.filter(parcoursup_number__startswith="482").count() == 5
    entry = AuditEntry.objects.filter(content_type__model="learner").latest("pk")
    assert entry.actor == demo.users["responsable"]
    assert entry.origin == f"POST {reverse('imports:apply', args=[job.pk])}"
    job.refresh_from_db()
    assert job.applied_at is not None and bytes(job.content) == b""
    assert job.counts["created"] == 5

    summary = body(manager_client.get(reverse("imports:job", args=[job.pk])))
    assert "Import appliqué le" in summary
    again = manager_client.post(reverse("imports:apply", args=[job.pk]))
    assert again.status_code == 302
    assert cohort.learners.filter(parcoursup_number__startswith="482").count() == 5


def test_a_file_in_windows_1252_is_refused_at_upload(manager_client, demo):
    data = (FILES / "parcoursup_admissions.csv").read_text("utf-8").encode("cp1252")
    response = upload(manager_client, demo.first_year, data)
    assert response.status_code == 400
    assert "n'est pas encodé en UTF-8" in body(response)
    assert not ImportJob.objects.exists()


def test_an_empty_file_is_refused_at_upload(manager_client, demo):
    response = upload(manager_client, demo.first_year, b"")
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_a_rejected_file_lists_its_errors_and_offers_no_confirmation(manager_client, demo):
    data = (
        (FILES / "parcoursup_admissions.csv").read_bytes().replace(b"090455511EF", b"090412345AB")
    )
    response = upload(manager_client, demo.first_year, data)
    page = body(manager_client.get(response["Location"]))
    assert "Fichier refusé : 1 erreur. Rien n'a été modifié." in page
    assert "<td>6</td><td>INE</td><td>INE 090412345AB déjà présent ligne 2.</td>" in page
    assert "Confirmer l'import" not in page
    job = ImportJob.objects.get()
    manager_client.post(reverse("imports:apply", args=[job.pk]))
    assert not Learner.objects.filter(parcoursup_number__startswith="482").exists()


def test_the_companies_import_page(manager_client):
    response = manager_client.post(
        reverse("imports:companies"),
        {"file": SimpleUploadedFile("entreprises.csv", (FILES / "companies.csv").read_bytes())},
    )
    page = body(manager_client.get(response["Location"]))
    assert "Boulangerie des Pentes" in page
    assert "effectif : 240 → 250" in page


def test_an_upload_can_be_abandoned(manager_client, demo):
    upload(manager_client, demo.first_year, (FILES / "parcoursup_admissions.csv").read_bytes())
    job = ImportJob.objects.get()
    manager_client.post(reverse("imports:discard", args=[job.pk]))
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("login", "page", "status"),
    [
        ("enseignant", "index", 403),
        ("enseignant", "second_year", 403),  # their cohort: reachable, import forbidden
        ("enseignant", "first_year", 404),  # not their cohort: out of reach
        ("enseignant", "companies", 403),
        ("examens", "first_year", 403),
        ("apprenant", "index", 403),
        ("apprenant", "second_year", 404),
        ("tuteur", "second_year", 404),
        ("tuteur", "companies", 403),
        ("responsable", "first_year", 200),
        ("admin", "second_year", 200),
    ],
)
def test_who_may_open_the_import_pages(client, demo, login, page, status):
    client.force_login(demo.users[login])
    if page == "index":
        url = reverse("imports:index")
    elif page == "companies":
        url = reverse("imports:companies")
    else:
        url = reverse("imports:learners", args=[getattr(demo, page).pk])
    assert client.get(url).status_code == status


def test_a_teacher_posting_a_file_changes_nothing(client, demo):
    client.force_login(demo.users["enseignant"])
    response = upload(client, demo.second_year, (FILES / "parcoursup_admissions.csv").read_bytes())
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_an_upload_is_seen_only_by_its_author(client, demo):
    client.force_login(demo.users["responsable"])
    upload(client, demo.first_year, (FILES / "parcoursup_admissions.csv").read_bytes())
    job = ImportJob.objects.get()
    client.force_login(demo.users["admin"])
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:apply", args=[job.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("imports:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_file_over_the_size_limit_is_refused_naming_it_and_nothing_is_kept(
    manager_client, demo, settings
):
    settings.IMPORT_MAX_BYTES = 2048
    data = (FILES / "parcoursup_admissions.csv").read_bytes()
    data += b"\n" * (2049 - len(data))
    response = upload(manager_client, demo.first_year, data, name="admissions-2026.csv")
    assert response.status_code == 400
    text = " ".join(body(response).split())
    assert "« admissions-2026.csv » : fichier trop volumineux (2,0 Kio, au plus 2,0 Kio)." in text
    assert not ImportJob.objects.exists()
    settings.IMPORT_MAX_BYTES = 4096
    assert upload(manager_client, demo.first_year, data).status_code == 302
