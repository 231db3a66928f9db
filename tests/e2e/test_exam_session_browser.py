"""The exam office runs the demo's session 2026 in a real browser, and a candidate reads their
relevé de notes: register the cohort, import a grade file (one bad line refused, then the good
one), deliberate, raise a grade as the jury with a reason, sign off, publish, the session's
documents as a background job."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from ndrc.exams.demo import COHORT

# The numbers the cohort screen gives, in the learners' alphabetical order.
NAMES = ("Aubert", "Barbier", "Caron", "Colin", "Dumont", "Gautier", "Henry", "Marchand")
HEADER = "N° candidat;Nom;U1;U2;U3;U5 écrit;U5 pratique"


def grade_file(bad: bool) -> bytes:
    lines = [HEADER]
    for number, name in enumerate(NAMES, start=1):
        grades = ("5", "5", "5", "6", "6") if name == "Colin" else ("12", "13", "11", "12", "14")
        if bad and name == "Barbier":
            grades = ("12", "21", "11", "12", "14")  # 21 is off the scale
        lines.append(f"2026-{number:04d};{name};{';'.join(grades)}")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def open_session(demo):
    from ndrc.exams.demo import create_exams_demo

    return create_exams_demo(demo, registered=False)


@pytest.fixture
def cookies(demo, open_session, session_cookie):
    """The exam office's and the candidate's sessions (made before the browser starts)."""
    candidate = get_user_model().objects.get(username="candidat")
    return session_cookie(demo.users["examens"]), session_cookie(candidate)


def test_the_exam_office_runs_the_session_and_a_candidate_reads_their_transcript(
    live_server, cookies, new_page, tmp_path
):
    office, candidate = cookies
    bad, good = tmp_path / "notes-erreur.csv", tmp_path / "notes.csv"
    bad.write_bytes(grade_file(bad=True))
    good.write_bytes(grade_file(bad=False))
    today = timezone.localdate().isoformat()
    base = live_server.url

    page = new_page(office)
    page.goto(f"{base}/")
    expect(page.locator('[data-role="exams"]')).to_contain_text("Session 2026")
    page.get_by_role("link", name="Examens").click()
    page.get_by_role("link", name="Session 2026").click()

    # Register the cohort in one screen, pre-filled from the learners' records.
    page.get_by_role("link", name="Inscriptions").first.click()
    page.get_by_role("link", name=COHORT).click()
    expect(page.locator("#cohort-lines tbody tr")).to_have_count(8)
    page.get_by_role("button", name="Inscrire les apprenants cochés").click()
    # Her extra time (from her record) needs its decision: the line is refused, nothing saved.
    expect(page.locator(".messages")).to_contain_text(
        "Clara Dumont : Un aménagement est accordé par une décision"
    )
    dumont = page.locator("#cohort-lines tr", has_text="Dumont")
    dumont.locator('input[name$="accommodation_decision"]').fill("Recteur de Lyon, 03/10/2025")
    page.get_by_role("button", name="Inscrire les apprenants cochés").click()
    expect(page.locator(".messages")).to_contain_text("8 candidat(s) inscrit(s)")
    expect(page.locator("#registrations tbody tr")).to_have_count(8)

    page.get_by_role("link", name="Session et calendrier").click()
    page.get_by_role("button", name="Passer à « Inscriptions closes »").click()
    page.get_by_role("button", name="Passer à « Saisie des notes »").click()
    expect(page.locator("#session-state")).to_have_text("Saisie des notes")

    # Grades: the CCF from the confirmed situations, then a file with one bad line.
    page.get_by_role("link", name="Notes", exact=True).click()
    page.get_by_role("button", name="Reprendre les notes de CCF").click()
    expect(page.locator(".messages")).to_contain_text("CCF : 16 note(s) reprise(s)")
    page.get_by_label("Fichier des notes (CSV ou XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Importer").click()
    messages = page.locator(".messages")
    expect(messages).to_contain_text("Fichier refusé, aucune note enregistrée")
    expect(messages).to_contain_text("Ligne 3, colonne « U2 »")
    expect(page.locator('#completeness-units tr[data-slot="U1"] td').nth(2)).to_have_text("0")
    page.get_by_label("Fichier des notes (CSV ou XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Importer").click()
    expect(messages).to_contain_text("40 note(s) importée(s)")

    page.get_by_role("link", name="Session et calendrier").click()
    page.get_by_role("button", name="Passer à « Jury »").click()
    page.get_by_role("link", name="Jury", exact=True).click()
    page.get_by_role("button", name="Délibérer tous les candidats").click()
    colin = page.locator('#jury-table tr[data-number="2026-0004"]')
    expect(colin.locator(".decision-cell")).to_have_text("Ajourné")
    expect(page.locator('#jury-table tr[data-number="2026-0001"] .decision-cell')).to_have_text(
        "Admis"
    )

    # The jury raises Colin's U3, with its reason: he is deliberated again.
    colin.get_by_role("link", name="2026-0004").click()
    form = page.locator("#raise-form")
    form.get_by_label("Unité").select_option("U3")
    form.get_by_label("Nouvelle note").fill("7")
    form.get_by_label("Motif").fill("Livret scolaire : progression régulière en CEJM")
    form.get_by_role("button", name="Relever et délibérer de nouveau").click()
    expect(page.locator(".messages")).to_contain_text("Note modifiée")
    expect(page.locator("#decisions")).to_contain_text("Livret scolaire : progression régulière")
    expect(page.locator("#candidate-grades")).to_contain_text("7")

    page.get_by_role("link", name="Jury", exact=True).click()
    page.get_by_role("button", name="Signer la délibération").click()
    expect(page.locator(".messages")).to_contain_text("Délibération signée")

    page.get_by_role("link", name="Résultats et documents").click()
    page.get_by_label("Date de publication").fill(today)
    page.get_by_label("Heure").fill("00:00")
    page.get_by_role("button", name="Publier les résultats").click()
    expect(page.locator("#publication")).to_contain_text("Résultats publiés")
    expect(page.locator('#statistics tr[data-category=""]').last).to_contain_text("87,5 %")

    # The session's documents: a background job, followed on its page, the ZIP linked there.
    page.get_by_role("button", name="Produire tous les documents").click()
    expect(page.locator("body")).to_contain_text("document(s) produit(s) pour la session 2026")
    with page.expect_download() as bundle:
        page.get_by_role("link", name="Télécharger les documents (ZIP)").click()
    names = zipfile.ZipFile(bundle.value.path()).namelist()
    assert "proces-verbal-2026.pdf" in names and "releve/2026-0001-Aubert.pdf" in names

    # The candidate reads their results and downloads their relevé de notes.
    learner = new_page(candidate)
    learner.goto(f"{base}/examen/mes-resultats/")
    expect(learner.locator(".decision")).to_contain_text("Admis")
    with learner.expect_download() as download:
        learner.get_by_role("button", name="Mon relevé de notes (PDF)").click()
    content = download.value.path().read_bytes()
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )
    assert "Relevé de notes" in text and "Léna Aubert" in text
    assert "U4 — Relation client et négociation-vente 5 14,5 72,5" in text
