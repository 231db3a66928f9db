"""Issue 10, hole 8: the CCF grids stored before the grid stopped showing the INE still held it;
`ndrc reissue-ccf-grids` renders them again in place, as they were issued, and says how many."""

import io
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from ndrc.assessments.models import AssessmentSituation
from ndrc.assessments.selectors import ratings_of
from ndrc.assessments.services import GRID_TEMPLATE, _grid_context, _grid_sources
from ndrc.core.models import AuditEntry
from ndrc.documents.models import GeneratedDocument
from ndrc.documents.pdf import html_to_pdf, render_html
from ndrc.documents.services import generate_document


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _old_grid(situation, by) -> GeneratedDocument:
    """A grid as the former layout issued it: the candidate followed by their INE, and sources
    without a layout."""
    learner = situation.learner
    ratings = ratings_of(situation)
    html = render_html(GRID_TEMPLATE, _grid_context(situation, ratings)).replace(
        f"<td>{learner.full_name}</td>", f"<td>{learner.full_name} (INE {learner.ine})</td>"
    )
    sources = _grid_sources(situation, ratings)
    del sources["layout"]
    return generate_document(
        kind="ccf_assessment_grid",
        template_name=GRID_TEMPLATE,
        context={},
        subject=situation,
        sources=sources,
        by=by,
        title=f"Grille {situation.exam} {situation.situation} — {learner.full_name}",
        pdf=html_to_pdf(html, "."),
    )


def test_reissue_removes_the_ine_from_a_grid_stored_before_the_fix(
    client, ccf, django_capture_on_commit_callbacks
):
    situation = ccf.situations[("bernard", "E4", "A")]
    ine = situation.learner.ine
    old = _old_grid(situation, ccf.users["responsable"])
    with old.file.open("rb") as stored:
        assert f"INE {ine}" in _text(stored.read())  # the grid as it was issued
    former_file, issued_grade = old.file.name, situation.grade
    # The grade changed since: the re-issued grid shows the one it was issued with.
    AssessmentSituation.objects.filter(pk=situation.pk).update(grade=Decimal("3"))
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):  # as when the command commits
        call_command("reissue-ccf-grids", stdout=out)

    assert out.getvalue().splitlines()[-1] == "1 grille(s) CCF régénérée(s) sans l'INE."
    old.refresh_from_db()
    assert old.file.name != former_file and not old.file.storage.exists(former_file)
    client.force_login(ccf.users["enseignant"])
    response = client.get(reverse("documents:download", args=[old.pk]))
    assert response.status_code == 200
    text = _text(b"".join(response.streaming_content))
    assert "Lucas Bernard" in text
    assert ine not in text and "INE" not in text
    assert f"{situation.grade_text} / 20" in text and issued_grade != Decimal("3")
    entry = AuditEntry.objects.filter(object_id=str(old.pk), origin="ndrc reissue-ccf-grids")
    assert entry.count() == 1

    again = io.StringIO()
    call_command("reissue-ccf-grids", stdout=again)
    assert again.getvalue() == "0 grille(s) CCF régénérée(s) sans l'INE.\n"
