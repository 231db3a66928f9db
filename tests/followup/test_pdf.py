"""The whole logbook prints as one PDF, read back with a PDF text extractor."""

import io
import re

import pytest
from pypdf import PdfReader

from ndrc.documents.models import GeneratedDocument
from tests.followup.conftest import logbook_of

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_apprentice_prints_his_logbook_and_reads_it_back(followup, client_of, today):
    logbook = logbook_of(followup, "bernard")
    client = client_of(followup.users["apprenant"])
    response = client.post(f"/suivi/livret/{logbook.pk}/livret.pdf")
    assert response.status_code == 302
    text = _text(client.get(response["Location"]))
    assert "Livret d'apprentissage" in text and "Lucas Bernard" in text
    assert "Rhône Distribution" in text and "Sophie Laurent" in text and "Paul Girard" in text
    # A period with its entries, the master's appreciation and the teacher's comment.
    assert "Période en entreprise du 01/09/2025 – 30/09/2025" in text
    assert "Prospection téléphonique de professionnels" in text
    assert (
        "P1-A1 — Développement de clientèle ; BC01-C1 — Cibler et prospecter la clientèle" in text
    )
    assert "objectifs atteints, bonne autonomie au téléphone" in text
    assert "pensez aux fiches E4" in text
    # The centre's side: the CCF calendar (no grade) and the tripartite meeting.
    assert "E4 — Situation A — Note confirmée" in text and "14,5" not in text
    assert "10/11/2026 — BC01" in text
    # December is being written; months to come are not printed.
    assert "Période en entreprise du 01/12/2026" in text
    assert "01/01/2027" not in text
    document = GeneratedDocument.objects.get(kind="apprenticeship_logbook")
    assert document.sources["logbook"] == logbook.pk and document.sources["on"] == "2026-12-04"


def test_the_master_downloads_it_too_not_another_master(followup, client_of, today):
    logbook = logbook_of(followup, "petit")
    master = client_of(followup.users["maitre"])
    response = master.post(f"/suivi/livret/{logbook.pk}/livret.pdf")
    text = _text(master.get(response["Location"]))
    assert "Emma Petit" in text and "Aucune activité notée." in text
    assert client_of(followup.users["tuteur"]).get(response["Location"]).status_code == 404
