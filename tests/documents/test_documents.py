"""PDF documents: rendered in French on A4, stored with their sources, downloaded with checks."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from ndrc.documents.models import GeneratedDocument
from ndrc.documents.pdf import render_pdf
from ndrc.portfolio import services
from ndrc.portfolio.demo import create_portfolio_demo


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text_of(pdf: bytes) -> str:
    """The PDF's text with line breaks and spaces collapsed (long titles wrap)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def downloaded(response) -> bytes:
    # Reading the whole stream closes the stored file, as a WSGI server would. Don't call
    # response.close() as well: it fires request_finished, which drops the test's database
    # connection on PostgreSQL.
    return b"".join(response.streaming_content)


def test_render_pdf_gives_an_a4_page_in_french(demo):
    pdf = render_pdf(
        "portfolio/dossier_pdf.html",
        {"learner": demo.learners["dupont"], "exam": "E4", "sheets": [], "documents": []},
    )
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    # A4 is 210 × 297 mm = 595.3 × 841.9 points.
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert "Alice Dupont" in text_of(pdf)
    assert "Aucune fiche validée." in text_of(pdf)


def test_the_e4_dossier_pdf_holds_the_learner_and_the_sheets_in_national_order(demo):
    create_portfolio_demo(demo)
    bernard = demo.learners["bernard"]
    event = bernard.activity_sheets.get(nature="event")
    services.validate_sheet(sheet=event, on=date(2026, 9, 14), by=demo.users["enseignant"])
    document = services.generate_dossier_pdf(
        learner=bernard, exam="E4", on=date(2026, 9, 14), by=demo.users["enseignant"]
    )
    with document.file.open("rb") as stored:
        text = text_of(stored.read())
    assert "Lucas Bernard" in text
    negotiation = text.index("Référencement de la gamme bio auprès d'un caviste indépendant")
    assert negotiation < text.index("Dégustation des nouveautés de printemps en magasin")
    assert "Activité attestée par Sophie Laurent" in text
    assert "Non attestée par l'entreprise." in text  # the event sheet
    assert document.sources["framework"] == "bts_ndrc_2018"
    assert document.sources["on"] == "2026-09-14"
    assert [s["id"] for s in document.sources["sheets"]] == [
        bernard.activity_sheets.get(nature="negotiation").pk,
        event.pk,
    ]


def test_the_download_is_for_those_who_follow_the_learners_assessment(demo, client):
    create_portfolio_demo(demo)
    bernard = demo.learners["bernard"]
    client.force_login(demo.users["apprenant"])
    response = client.post(f"/portfolio/apprenants/{bernard.pk}/dossier/E4/pdf/")
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert response["Location"] == f"/documents/{document.pk}/"
    download = client.get(response["Location"])
    assert download.status_code == 200
    assert downloaded(download).startswith(b"%PDF-")
    client.force_login(demo.users["enseignant"])
    assert downloaded(client.get(f"/documents/{document.pk}/")).startswith(b"%PDF-")
    client.force_login(demo.users["maitre"])  # sees the apprentice, not his assessment
    assert client.get(f"/documents/{document.pk}/").status_code == 403
    client.force_login(demo.users["tuteur"])  # does not supervise him
    assert client.get(f"/documents/{document.pk}/").status_code == 404


# Every element the print templates use (their tags, as `grep -o "<[a-z0-9]*"` lists them).
EVERY_ELEMENT = """{% extends "documents/print_base.html" %}{% block content %}
<section><h1>Relevé de notes</h1><p class="muted">Session 2026 — <span>Lycée</span></p>
<div><h2>Notes par unité</h2><h3>Unités</h3>
<table><colgroup><col style="width:30%"><col style="width:70%"></colgroup>
<thead><tr><th>Unité</th><th>Note</th></tr></thead>
<tbody><tr><td>U1<br>écrit</td><td><strong>12,5</strong></td></tr></tbody>
<tfoot><tr><th colspan="2">Total</th></tr></tfoot></table></div>
<ul><li>Admis</li><li>Moyenne 12,5<ol><li>U1</li></ol></li></ul>
<ol><li>Article D643-15</li></ol></section>{% endblock %}"""


def titles(outline: list) -> list:
    """The PDF's bookmarks (its headings), nested as they are."""
    return [titles(item) if isinstance(item, list) else item.title for item in outline]


def test_printed_pages_are_laid_out_as_with_weasyprints_own_stylesheet(settings):
    # The documents use a user-agent stylesheet of their own, lighter to apply
    # (documents/print_ua.css): the same page, drawn the same, with the same outline.
    from django.template import engines
    from weasyprint import HTML

    from ndrc.documents.pdf import html_to_pdf

    html = engines["django"].from_string(EVERY_ELEMENT).render({})
    ours = PdfReader(io.BytesIO(html_to_pdf(html, str(settings.PACKAGE_DIR))))
    weasyprints = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    assert [p.get_contents().get_data() for p in ours.pages] == [
        p.get_contents().get_data() for p in weasyprints.pages
    ]
    assert titles(ours.outline) == titles(weasyprints.outline)
    assert titles(ours.outline) == ["Relevé de notes", ["Notes par unité", ["Unités"]]]
    assert "Article D643-15" in text_of(html_to_pdf(html, str(settings.PACKAGE_DIR)))
