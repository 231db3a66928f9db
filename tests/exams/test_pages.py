"""The exam session's pages, as the exam office, the training manager, a learner and outsiders
use them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from ndrc.exams.demo import grade_file
from ndrc.exams.models import Decision
from ndrc.exams.selectors import session_table


def pdf_text(client, response) -> str:
    assert response.status_code == 302, response.content[:500]
    download = client.get(response["Location"])
    content = b"".join(download.streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def office_client(client, office, session):
    # After `session`: built once on the database as the demo leaves it (a login first would
    # add its own row, and the session be built again).
    client.force_login(office)
    return client


def test_every_page_of_the_session_opens_for_the_exam_office(office_client, session):
    pk = session.pk
    registration = session.registrations.first()
    for url in (
        "/examen/sessions/",
        f"/examen/sessions/{pk}/",
        f"/examen/sessions/{pk}/inscriptions/",
        f"/examen/sessions/{pk}/notes/",
        f"/examen/sessions/{pk}/notes/U2/",
        f"/examen/sessions/{pk}/notes/U5.written/",
        f"/examen/sessions/{pk}/jury/",
        f"/examen/sessions/{pk}/resultats/",
        f"/examen/inscriptions/{registration.pk}/",
        f"/examen/inscriptions/{registration.pk}/jury/",
    ):
        response = office_client.get(url)
        assert response.status_code == 200, url


def test_registrations_export_as_csv_and_xlsx(office_client, session):
    csv = office_client.get(f"/examen/sessions/{session.pk}/inscriptions.csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("N° candidat;Nom;Prénom;INE")
    assert "2026-0001;Aubert;Léna" in text
    xlsx = office_client.get(f"/examen/sessions/{session.pk}/inscriptions.xlsx")
    assert xlsx.content.startswith(b"PK")
    assert office_client.get(f"/examen/sessions/{session.pk}/inscriptions.pdf").status_code == 404


def upload(content: bytes, name: str = "notes.csv"):
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def test_a_grade_file_with_one_bad_line_is_refused_whole(office_client, session):
    lines = grade_file(session).decode("utf-8-sig").splitlines()
    lines[2] = lines[2].replace(";9;", ";21;", 1)  # Barbier's U2: 21
    url = f"/examen/sessions/{session.pk}/notes/import/"
    response = office_client.post(url, upload("\r\n".join(lines).encode()), follow=True)
    text = response.content.decode()
    assert "Fichier refusé, aucune note enregistrée" in text
    assert "Ligne 3, colonne « U2 »" in text and "hors de l&#x27;échelle" in text
    assert len(session_table(session).incomplete) == 8  # nothing recorded
    response = office_client.post(url, upload(grade_file(session)), follow=True)
    assert "note(s) importée(s)" in response.content.decode()
    assert session_table(session).incomplete == ()


def test_outsiders_do_not_reach_a_session(client, session, demo):
    for login in ("tuteur", "maitre", "enseignant", "apprenant"):
        client.force_login(demo.users[login])
        assert client.get(f"/examen/sessions/{session.pk}/").status_code == 404, login
        assert client.get(f"/examen/sessions/{session.pk}/jury/").status_code == 404, login


def test_the_manager_sees_but_does_not_deliberate(client, session, demo):
    client.force_login(demo.users["responsable"])
    assert client.get(f"/examen/sessions/{session.pk}/jury/").status_code == 200
    response = client.post(f"/examen/sessions/{session.pk}/jury/deliberer/")
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_removing_a_calendar_entry_not_named_by_a_number_is_404_not_a_server_error(
    session, office, client
):
    # The same reading of a posted id as the forms' fuzzing found failing elsewhere (500).
    client.force_login(office)
    url = f"/examen/sessions/{session.pk}/calendrier-retirer/"
    for entry in ("", "abc", "9" * 40):
        assert client.post(url, {"entry": entry}).status_code == 404, entry
