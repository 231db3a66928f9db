"""Files joined to a sheet: size and type checked, read with the sheet, changed by its author."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ndrc.core import uploads
from ndrc.portfolio import services
from ndrc.portfolio.models import ActivitySheet

PDF = b"%PDF-1.4\n% une plaquette\n"


@pytest.fixture
def draft(portfolio):
    return services.create_sheet(
        learner=portfolio.learners["bernard"],
        exam="E4",
        title="Salon des vins",
        start=portfolio.second_year.first_year_start,
        company=portfolio.companies["rhone"],
        by=portfolio.users["apprenant"],
    )


def test_the_learner_joins_a_pdf_and_the_master_downloads_it(portfolio, draft, client_of):
    upload = SimpleUploadedFile("plaquette.pdf", PDF, content_type="application/pdf")
    attachment = services.add_attachment(
        sheet=draft, upload=upload, by=portfolio.users["apprenant"]
    )
    assert (attachment.name, attachment.size, attachment.content_type) == (
        "plaquette.pdf",
        len(PDF),
        "application/pdf",
    )
    response = client_of(portfolio.users["maitre"]).get(f"/portfolio/pieces/{attachment.pk}/")
    # Reading the whole stream closes the stored file (as a WSGI server would).
    assert b"".join(response.streaming_content) == PDF
    response = client_of(portfolio.users["tuteur"]).get(f"/portfolio/pieces/{attachment.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plaquette.pdf", b"MZ\x90\x00 not a pdf", "ne correspond pas à un fichier .pdf"),
        ("script.exe", b"MZ\x90\x00", "type de fichier refusé"),
        ("vide.pdf", b"", "fichier vide"),
    ],
)
def test_a_wrong_file_is_refused_with_its_name(portfolio, draft, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message) as error:
        services.add_attachment(sheet=draft, upload=upload, by=portfolio.users["apprenant"])
    assert name in str(error.value)
    assert not draft.attachments.exists()


def test_a_file_over_the_limit_is_refused(portfolio, draft, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", len(PDF) - 1)
    upload = SimpleUploadedFile("plaquette.pdf", PDF)
    with pytest.raises(ValidationError, match="trop volumineux"):
        services.add_attachment(sheet=draft, upload=upload, by=portfolio.users["apprenant"])


def test_nobody_else_joins_files_to_a_learners_sheet(portfolio, draft):
    upload = SimpleUploadedFile("plaquette.pdf", PDF)
    with pytest.raises(PermissionDenied):
        services.add_attachment(sheet=draft, upload=upload, by=portfolio.users["enseignant"])
    assert ActivitySheet.objects.get(pk=draft.pk).attachments.count() == 0


def test_upload_errors_shown_on_the_page_name_their_field(portfolio, draft, client_of):
    """Issue 10, hole 12: « Ce champ est obligatoire. » alone did not say which field."""
    client = client_of(portfolio.users["apprenant"])
    response = client.post(f"/portfolio/fiches/{draft.pk}/pieces/", {}, follow=True)
    assert "Fichier (PDF, image, ODT, DOCX ; 10 Mo au plus) : Ce champ est obligatoire." in (
        response.text
    )
    learner = portfolio.learners["bernard"]
    client = client_of(portfolio.users["responsable"])
    response = client.post(
        f"/portfolio/apprenants/{learner.pk}/documents/reflective_study/",
        {"pages": "douze"},
        follow=True,
    )
    assert "Étude réflexive réseau (E6) : Nombre de pages : Saisissez un nombre." in response.text
    assert not draft.attachments.exists()


@pytest.mark.parametrize("stem", ["é" * 200, "a" * 300])
def test_a_file_name_over_255_bytes_is_kept_whole_for_the_reader(portfolio, draft, stem):
    """Issue 10, hole 9: a file name over 255 bytes (the disks' limit; "é" is 2 bytes) was a 500.
    The file is stored under a shortened name; the reader gets the name as it was sent, cut to
    what the record holds."""
    upload = SimpleUploadedFile(f"{stem}.pdf", PDF, content_type="application/pdf")
    attachment = services.add_attachment(
        sheet=draft, upload=upload, by=portfolio.users["apprenant"]
    )
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert len(stored.encode()) <= 255 and stored.endswith(".pdf")
    with attachment.file.open("rb") as stored_file:
        assert stored_file.read() == PDF
    assert attachment.name.startswith(stem[:100])
