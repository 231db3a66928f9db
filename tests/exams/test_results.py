"""From the jury to the learner's relevé de notes, through the pages; the documents read back
with pypdf; a learner sees no CCF grade before the results are published."""

import io
import json
import re
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pypdf import PdfReader

from ndrc.assessments.models import AssessmentSituation
from ndrc.exams import services
from ndrc.exams.models import ChangeKind, Decision, GradeChange
from ndrc.exams.selectors import results_published

PARIS = ZoneInfo("Europe/Paris")


def pdf_text(client, response) -> str:
    assert response.status_code == 302, response.content[:300]
    download = client.get(response["Location"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _registration(session, last_name):
    return session.registrations.get(learner__last_name=last_name)


def test_the_jury_raises_a_grade_with_its_reason_and_the_candidate_is_deliberated_again(
    client, deliberated, office
):
    client.force_login(office)
    colin = _registration(deliberated, "Colin")
    url = f"/examen/inscriptions/{colin.pk}/jury/relever/"
    lower = client.post(url, {"slot": "U3", "value": "5", "reason": "Erreur de report"})
    assert GradeChange.objects.count() == 0 and lower.status_code == 302
    no_reason = client.post(url, {"slot": "U3", "value": "9", "reason": ""})
    assert no_reason.status_code == 400
    client.post(url, {"slot": "U3", "value": "9", "reason": "Livret scolaire : progrès constants"})
    change = GradeChange.objects.get()
    assert (change.kind, change.before, change.after) == (ChangeKind.JURY, "6", "9")
    latest = Decision.objects.filter(registration=colin).order_by("-pk").first()
    assert latest.kind == "jury_change" and latest.reason.startswith("Livret scolaire")
    assert Decimal(latest.record["grades"]["U3"]) == 9
    assert Decision.objects.filter(registration=colin).count() == 2  # the first one is kept


def test_only_the_president_signs_and_the_decisions_are_then_frozen(client, deliberated, demo):
    client.force_login(demo.users["admin"])
    assert client.post(f"/examen/sessions/{deliberated.pk}/jury/signer/").status_code == 403
    deliberated.refresh_from_db()
    assert deliberated.first_signed_off_at is None  # an administrator is not the president
    office = demo.users["examens"]
    services.sign_off(session=deliberated, by=office)
    barbier = _registration(deliberated, "Barbier")
    with pytest.raises(Exception, match="premier groupe est signé"):
        services.raise_grade(
            registration=barbier, unit="U1", value=Decimal(9), reason="Trop tard", by=office
        )


def _run_to_publication(session, office, at):
    services.sign_off(session=session, by=office)
    barbier = _registration(session, "Barbier")
    services.set_resit_grades(registration=barbier, grades={"U1": Decimal(11)}, by=office)
    services.deliberate_resits(session=session, by=office)
    services.sign_off(session=session, by=office)
    services.publish(session=session, at=at, by=office)


@pytest.fixture
def published(deliberated, office, built_once):
    """The deliberated session run to its publication of 7 July 2026 (Barbier's resit
    deliberated): run once per test run (`built_once`), put back in each test."""

    def publish():
        _run_to_publication(deliberated, office, datetime(2026, 7, 7, 10, tzinfo=PARIS))
        return deliberated

    session = built_once(publish)
    session.refresh_from_db()
    return session


def test_a_learner_reads_their_transcript_once_published(client, deliberated, office, demo):
    aubert = _registration(deliberated, "Aubert")
    candidate = aubert.learner.user
    later = timezone.now() + timedelta(days=2)
    _run_to_publication(deliberated, office, later)
    client.force_login(candidate)
    page = client.get("/examen/mes-resultats/").content.decode()
    assert "Les résultats ne sont pas encore publiés" not in page and "Admis" not in page
    assert client.post(f"/examen/mes-resultats/{aubert.pk}/releve/").status_code == 403
    deliberated.publication_at = timezone.now() - timedelta(minutes=1)
    deliberated.save(update_fields=["publication_at"])
    page = client.get("/examen/mes-resultats/").content.decode()
    assert "Admis" in page
    text = pdf_text(client, client.post(f"/examen/mes-resultats/{aubert.pk}/releve/"))
    # Every number traceable: grade × coefficient = points, each with its article.
    flat = " ".join(text.split())
    for fragment in (
        "Relevé de notes",
        "Léna Aubert",
        # U4 = (14 + 15) / 2 from the CCF situations; 5 × 14,5 = 72,5 points; the article.
        "U4 — Relation client et négociation-vente 5 14,5 72,5 session [1]",
        "[1] Arrêté du 19 février 2018, annexe II c (coefficients).",
        "UF1 — Communication en langue vivante étrangère 2 — 14 4",  # 14 − 10 = 4 points
        "Total 21 276,5",
        "276,5 / 21 = 13,16",
        "Admis",
    ):
        assert fragment in flat, fragment


def test_the_barbier_resit_and_colin_attestation_documents(client, published, office):
    deliberated = published
    client.force_login(office)
    barbier = _registration(deliberated, "Barbier")
    text = pdf_text(client, client.post(f"/examen/inscriptions/{barbier.pk}/jury/releve/"))
    assert "épreuve de contrôle" in text and "Admis" in text
    colin = _registration(deliberated, "Colin")
    text = pdf_text(client, client.post(f"/examen/inscriptions/{colin.pk}/jury/releve/"))
    assert "Ajourné" in text and "Unités conservées pour les sessions suivantes" in text
    assert "2031" in text  # U2 = 10 of 2026, valid until the session 2031
    text = pdf_text(client, client.post(f"/examen/inscriptions/{colin.pk}/jury/attestation/"))
    assert "Attestation de blocs de compétences" in text and "D643-15" in text
    assert "U2 Langue vivante étrangère 1 10" in text
    text = pdf_text(
        client, client.post(f"/examen/sessions/{deliberated.pk}/resultats/proces-verbal/")
    )
    assert "Procès-verbal" in text and "2026-0002" in text and "Taux de réussite" in text


@pytest.mark.parametrize("workers", [1, 2])
def test_the_session_documents_come_as_one_zip_with_progress(
    published, office, workers, monkeypatch
):
    from ndrc.exams import documents

    deliberated = published
    monkeypatch.setattr(documents, "PARALLEL_FROM", 2)  # lay out in worker processes too
    seen = []
    bundle = documents.build_session_documents(
        session=deliberated,
        by=office,
        progress=lambda done, total, message: seen.append((done, total, message)),
        workers=workers,
    )
    assert [(done, total) for done, total, _m in seen] == [(done, 10) for done in range(1, 11)]
    assert seen[0][2] == "Candidat 2026-0001 — Léna Aubert"
    assert seen[-1][2] == "Procès-verbal de la session 2026"
    with bundle.file.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert len(names) == bundle.documents == 8 + 1 + 1  # transcripts, Colin's attestation, PV
    assert "attestation/2026-0004-Colin.pdf" in names and "proces-verbal-2026.pdf" in names


def test_the_session_documents_are_a_background_job_whose_page_links_the_zip(
    client, deliberated, office
):
    from ndrc.jobs.models import Job, State

    client.force_login(office)
    refused = client.post(f"/examen/sessions/{deliberated.pk}/resultats/documents/", follow=True)
    assert "pas encore signée par le président" in refused.content.decode()
    assert not Job.objects.exists()
    _run_to_publication(deliberated, office, datetime(2026, 7, 7, 10, tzinfo=PARIS))
    response = client.post(f"/examen/sessions/{deliberated.pk}/resultats/documents/")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.state == State.DONE and (job.done, job.total) == (10, 10)
    assert job.training_centre == deliberated.training_centre and job.started_by == office
    bundle = deliberated.bundles.get()
    assert job.result_url == f"/examen/sessions/{deliberated.pk}/documents/{bundle.pk}/"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "10 document(s) produit(s) pour la session 2026" in page and job.result_url in page
    download = client.get(job.result_url)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 10
    text = PdfReader(io.BytesIO(archive.read("releve/2026-0001-Aubert.pdf"))).pages[0]
    assert "Relevé de notes" in text.extract_text()
    # A learner starts no such job.
    client.force_login(deliberated.registrations.first().learner.user)
    response = client.post(f"/examen/sessions/{deliberated.pk}/resultats/documents/")
    assert response.status_code in (403, 404) and Job.objects.count() == 1


def test_a_learner_cannot_see_a_ccf_grade_before_publication(client, deliberated, office):
    aubert = _registration(deliberated, "Aubert")
    learner = aubert.learner
    situation = AssessmentSituation.objects.get(learner=learner, exam="E4", situation="A")
    client.force_login(learner.user)
    assert not results_published(learner)
    page = client.get(f"/evaluations/situations/{situation.pk}/").content.decode()
    assert "14 / 20" not in page and "Grille d&#x27;évaluation" not in page
    mine = client.get("/evaluations/mes-resultats/").content.decode()
    assert "14 / 20" not in mine
    assert "14 / 20" not in client.get("/").content.decode()
    _run_to_publication(deliberated, office, timezone.now() - timedelta(minutes=1))
    assert results_published(learner)
    page = client.get(f"/evaluations/situations/{situation.pk}/").content.decode()
    assert "14 / 20" in page
    assert "14 / 20" in client.get("/evaluations/mes-resultats/").content.decode()


def test_the_api_and_the_personal_data_export_hide_grades_before_publication(
    client, deliberated, office
):
    from ndrc.api.models import ApiToken
    from ndrc.learners.personal_data import WITHHELD, export_person

    aubert = _registration(deliberated, "Aubert")
    learner = aubert.learner
    key = ApiToken.issue(user=learner.user, now=timezone.now())[1]
    headers = {"Authorization": f"Bearer {key}"}
    exported = json.dumps(export_person(learner, by=learner.user), default=str, ensure_ascii=False)
    assert WITHHELD in exported
    assert '"14.00"' not in exported and '"15.00"' not in exported  # E4 A and B grades
    situations = client.get(f"/api/learners/{learner.pk}/ccf-situations", headers=headers)
    assert {s["grade"] for s in situations.json()} == {None}
    results = client.get(f"/api/learners/{learner.pk}/exam-results", headers=headers)
    assert results.json()[0]["decision"] is None
    _run_to_publication(deliberated, office, timezone.now() - timedelta(minutes=1))
    exported = json.dumps(export_person(learner, by=learner.user), default=str, ensure_ascii=False)
    assert WITHHELD not in exported and '"14.00"' in exported
    situations = client.get(f"/api/learners/{learner.pk}/ccf-situations", headers=headers)
    assert Decimal(situations.json()[0]["grade"]) == 14
    results = client.get(f"/api/learners/{learner.pk}/exam-results", headers=headers)
    assert results.json()[0]["decision"] == "admitted"


def test_the_learners_own_export_withholds_a_proposed_grade_its_observations_and_the_grid(
    client, demo
):
    """Issue 10, hole 1: a proposed (unconfirmed) CCF grade, the commission's observations and
    the grid ratings are not in the learner's own export before the exam results are published;
    the training manager's export, answering the person's request, holds them."""
    from ndrc.assessments import services as assessments
    from ndrc.assessments.demo import create_demo_assessments
    from ndrc.assessments.models import CriterionRating, Level
    from ndrc.assessments.selectors import grid_of
    from ndrc.learners.personal_data import WITHHELD

    create_demo_assessments(demo)
    learner = demo.learners["bernard"]  # E4 A confirmed (14,5); E6 B planned
    situation = AssessmentSituation.objects.get(learner=learner, exam="E6", situation="B")
    teacher = demo.users["enseignant"]
    assessments.mark_held(situation=situation, by=teacher)
    for row in grid_of(situation):
        if row.assessed and not row.level:
            assessments.rate_criterion(
                situation=situation, criterion=row.code, level=Level.VERY_SATISFACTORY, by=teacher
            )
    assessments.propose_grade(
        situation=situation, grade="16,5", observations="Argumentaire solide et précis",
        by=teacher,
    )  # fmt: skip
    levels = set(
        CriterionRating.objects.filter(situation__learner=learner).values_list("level", flat=True)
    )
    assert levels
    address = f"/apprenants/{learner.pk}/donnees-personnelles.json"

    def export(user) -> str:
        client.force_login(user)
        response = client.get(address)
        assert response.status_code == 200
        return b"".join(getattr(response, "streaming_content", [response.content])).decode()

    def values(text: str) -> set[str]:
        """Every value written in the export, as text (a grade of 14,5 anywhere, never the
        14.5 inside a time of day such as 17:16:14.569)."""
        found, stack = set(), [json.loads(text)]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            else:
                found.add(str(item))
                if re.fullmatch(r"\d+\.\d+", str(item)):  # 14.50 is the grade 14,5
                    found.add(str(Decimal(str(item)).normalize()))
        return found

    own = values(export(learner.user))
    assert WITHHELD in own
    assert "16.5" not in own and "Argumentaire solide et précis" not in own  # proposed, E6
    assert "14.5" not in own and not any("Ciblage pertinent" in v for v in own)  # confirmed, E4
    assert not levels & own
    managers = values(export(demo.users["responsable"]))
    assert WITHHELD not in managers
    assert "16.5" in managers and "Argumentaire solide et précis" in managers
    assert "14.5" in managers and any("Ciblage pertinent" in v for v in managers)
    assert levels <= managers


def test_the_livret_shows_the_sections_results_once_published(deliberated, office, demo):
    """gradebook's « résultats de la section » read from session_statistics: the published
    sessions of the centre before the cohort's own (the demo's 2nd-year cohort sits in 2027)."""
    from ndrc.gradebook.selectors import school_record

    learner = demo.learners["bernard"]
    assert learner.cohort.exam_session == 2027
    assert school_record(learner).section_results == []
    _run_to_publication(deliberated, office, timezone.now() + timedelta(days=1))
    assert school_record(learner).section_results == []  # not yet at its publication time
    deliberated.publication_at = timezone.now() - timedelta(minutes=1)
    deliberated.save(update_fields=["publication_at"])
    (result,) = school_record(learner).section_results
    assert (result.session, result.presented, result.admitted) == (2026, 8, 7)
    assert result.rate == Decimal("87.50")
