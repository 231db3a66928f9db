"""The PDFs of the teaching year read back with pypdf: a learner's bulletin, a cohort's bulletins
in one file (a background job, with progress), the council's minutes, the livret scolaire."""

import html
import io

from django.urls import reverse
from pypdf import PdfReader

from ndrc.documents.models import GeneratedDocument
from ndrc.gradebook import services
from ndrc.gradebook.models import ClassCouncil
from ndrc.jobs.models import Job, State
from tests.gradebook.conftest import assessment, marks


def _text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Words as read, whatever the line breaks of the layout.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text, len(reader.pages)


def test_the_bulletin_pdf_holds_the_averages_and_the_appreciations(klass):
    arnaud = klass.learners[0]
    test = assessment(klass, "Négociation", weight="2")
    oral = assessment(klass, "Oral")
    marks(klass, test, "14", "10", "abs")
    marks(klass, oral, "11", "12", "9")
    services.write_appreciation(
        gradebook=klass.gradebook,
        learner=arnaud,
        period=klass.semester,
        text="Argumentation solide.",
        by=klass.teacher,
    )
    document = services.bulletin_document(learner=arnaud, period=klass.semester, by=klass.manager)
    text, pages = _text(document)
    assert pages == 1
    assert "ARNAUD Lina" in text and klass.semester.name in text
    assert "Relation client et négociation-vente" in text and "Paul Girard" in text
    # (2×14 + 11) / 3 = 13 → 13,00 ; class min 9 (Colin: 9), max 13 ; mean (13 + 32/3 + 9)/3
    # = (39 + 32 + 27)/9 = 98/9 = 10,888… → 10,89
    assert "13,00" in text and "9,00" in text and "10,89" in text
    assert "Argumentation solide." in text
    assert document.sources["general_average"] == "13.00"


def test_the_cohorts_bulletins_make_one_pdf_in_a_background_job(klass, client):
    marks(klass, assessment(klass), "12", "13", "14")
    client.force_login(klass.manager)
    page = f"/notes/promotions/{klass.cohort.pk}/bulletins/{klass.semester.pk}/"
    response = client.post(f"{page}pdf/")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.state == State.DONE and job.training_centre == klass.centre
    assert (job.done, job.total) == (4, 4)  # three bulletins, then the PDF
    shown = html.unescape(client.get(job.get_absolute_url()).content.decode())
    assert "3 bulletin(s) de la période « Semestre 1 2026-2027 » en un PDF" in shown
    assert page in shown and job.result_url in shown
    document = GeneratedDocument.objects.get(kind="cohort_period_reports")
    assert job.result_url == reverse("documents:download", args=[document.pk])
    download = client.get(job.result_url)
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 3
    for name in ("ARNAUD Lina", "BLANC Hugo", "COLIN Zoé"):
        assert name in text


def test_the_cohorts_bulletins_report_their_progress_learner_by_learner(klass):
    council = services.prepare_council(cohort=klass.cohort, period=klass.semester, by=klass.manager)
    steps = []
    services.build_cohort_bulletins(
        council=council, by=klass.manager, progress=lambda *step: steps.append(step)
    )
    assert steps == [
        (1, 4, "Lina Arnaud"),
        (2, 4, "Hugo Blanc"),
        (3, 4, "Zoé Colin"),
        (4, 4),
    ]


def test_a_learner_cannot_print_the_cohorts_bulletins(klass, client):
    client.force_login(klass.learner_user)
    response = client.post(
        f"/notes/promotions/{klass.cohort.pk}/bulletins/{klass.semester.pk}/pdf/"
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_council_minutes_list_every_decision(klass, client):
    services.set_referent(cohort=klass.cohort, teacher=klass.teacher, by=klass.manager)
    council = services.prepare_council(cohort=klass.cohort, period=klass.semester, by=klass.teacher)
    services.update_council(council=council, changes={"chair": "Mme Martin"}, by=klass.teacher)
    services.write_report(
        learner=klass.learners[1],
        period=klass.semester,
        changes={"decision": "work_warning"},
        by=klass.teacher,
    )
    client.force_login(klass.teacher)
    answer = client.post(
        f"/notes/promotions/{klass.cohort.pk}/conseil/{klass.semester.pk}/proces-verbal/"
    )
    assert answer.status_code == 302
    document = GeneratedDocument.objects.get(kind="class_council_minutes")
    text, _pages = _text(document)
    assert "Mme Martin" in text and "BLANC Hugo" in text
    assert "Mise en garde sur le travail" in text
    assert ClassCouncil.objects.get().chair == "Mme Martin"


def test_the_livret_pdf_lists_the_units_in_the_order_of_the_reglement(klass):
    marks(klass, assessment(klass), "15", "", "")
    document = services.school_record_document(
        learner=klass.learners[0], by=klass.manager, published_only=False
    )
    text, _pages = _text(document)
    positions = [text.index(code) for code in ("U1", "U2", "U3", "U4", "U5", "U6", "UF1")]
    assert positions == sorted(positions)
    assert "15,00" in text
    assert "Visa du chef d'établissement" in text


def test_a_teacher_reads_no_ine_in_the_bulletin_nor_the_livret(klass):
    """Issue 10, hole 8 (as for the CCF grid): the INE is an identifier teachers may not see
    (docs/records.md). The bulletin never prints it; the livret prints it for the readers who
    may see identifiers (the training manager, the exam office: the jury's copy)."""
    arnaud = klass.learners[0]
    arnaud.ine = "091234500AA"
    arnaud.save(update_fields=["ine"])
    marks(klass, assessment(klass), "12", "13", "14")
    teachers = [
        services.bulletin_document(learner=arnaud, period=klass.semester, by=klass.teacher),
        services.school_record_document(learner=arnaud, by=klass.teacher, published_only=False),
    ]
    for document in teachers:
        text, _pages = _text(document)
        assert "ARNAUD Lina" in text
        assert "091234500AA" not in text and "INE" not in text
    managers = services.school_record_document(
        learner=arnaud, by=klass.manager, published_only=False
    )
    assert "INE 091234500AA" in _text(managers)[0]
