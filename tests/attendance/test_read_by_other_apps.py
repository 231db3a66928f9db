"""The hours of attendance where other apps show them (FEATURES.md's agreed selector
`attendance.selectors.attendance_totals`): a learner's bulletin and the class council
(gradebook, issue 16), a candidate's file at the jury (exams, issue 15)."""

from datetime import date

import pytest

from ndrc.exams import services as exams
from ndrc.exams.demo import create_exams_demo
from ndrc.gradebook.demo import create_gradebook_demo
from ndrc.gradebook.models import Period


@pytest.fixture
def taught(attended, built_once):
    """The demo's four signed weeks (7 September to 2 October 2026) and its teaching year (built
    once per run: `built_once`)."""
    built_once(lambda: create_gradebook_demo(attended))
    return attended


def _semester(demo, name):
    return Period.objects.get(training_centre=demo.centre, name=name)


def test_the_bulletin_and_the_council_show_the_hours_absent(taught, client):
    # Hugo Robert, apprentice: Monday and Tuesday in the centre, 4 half-days of 3,75 h a week,
    # 4 weeks = 60 h planned; absent without justification on Tuesday 22 September afternoon
    # (3,75 h): 56,25 h attended.
    robert = taught.learners["robert"]
    semester = _semester(taught, "Semestre 1 2026-2027")
    client.force_login(taught.users["responsable"])
    page = client.get(f"/notes/apprenants/{robert.pk}/bulletins/{semester.pk}/").content.decode()
    assert (
        "56,25\u00a0h de présence sur 60\u00a0h prévues ; absences justifiées : 0\u00a0h ; "
        "non justifiées : 3,75\u00a0h." in page
    )
    page = client.get(
        f"/notes/promotions/{robert.cohort_id}/conseil/{semester.pk}/"
    ).content.decode()
    assert "absences justifiées 0\u00a0h, non justifiées 3,75\u00a0h" in page
    # Last year's semester: no timetable kept in ndrc then, the bulletin says so (not 0 h).
    earlier = _semester(taught, "Semestre 2 2025-2026")
    page = client.get(f"/notes/apprenants/{robert.pk}/bulletins/{earlier.pk}/").content.decode()
    assert "Relevé d'assiduité non disponible." in page


def test_an_absence_justified_afterwards_shows_justified_on_the_bulletin(taught, client):
    # Camille Petit's two half-days of Monday 14 September, justified afterwards (7,50 h).
    petit = taught.learners["petit"]
    semester = _semester(taught, "Semestre 1 2026-2027")
    client.force_login(taught.users["responsable"])
    page = client.get(f"/notes/apprenants/{petit.pk}/bulletins/{semester.pk}/").content.decode()
    assert "absences justifiées : 7,5\u00a0h ; non justifiées : 0\u00a0h." in page


def test_the_jury_reads_the_hours_on_the_candidate_s_file(attended, client):
    session = create_exams_demo(attended)
    office = attended.users["examens"]
    later = session.training_centre.exam_sessions.get(year=2027)
    robert = attended.learners["robert"]
    registration = exams.register(
        session=later, learner=robert, on=date(2026, 10, 1), by=office,
        data=exams.RegistrationInput(units=("U4",), form="progressive"),
    )  # fmt: skip
    client.force_login(office)
    page = client.get(f"/examen/inscriptions/{registration.pk}/jury/").content.decode()
    assert (
        "Heures prévues : 60 — présent : 56,25 — absences justifiées : 0 — "
        "non justifiées : 3,75" in page
    )
    # The 2026 session's cohort has no timetable in ndrc: said, not shown as 0 h.
    aubert = session.registrations.get(learner__last_name="Aubert")
    page = client.get(f"/examen/inscriptions/{aubert.pk}/jury/").content.decode()
    assert "Assiduité non enregistrée dans ndrc pour ce candidat." in page


def test_the_attestation_de_fin_de_formation_reads_the_results_from_the_livret(taught, client):
    """L6353-1's "résultats de l'évaluation des acquis": each unit's average of the learner's
    livret (gradebook.selectors.school_record, published marks only) pre-fills the form and
    fills each attestation of a cohort's job."""
    from io import BytesIO

    from pypdf import PdfReader

    from ndrc.attendance.documents import build_cohort_documents, evaluation_results
    from ndrc.documents.models import GeneratedDocument

    bernard = taught.learners["bernard"]
    results = evaluation_results(bernard)
    assert results.startswith("Moyennes sur 20 du livret : ")
    assert "U4 " in results, results
    client.force_login(taught.users["responsable"])
    page = client.get(f"/emargement/apprenant/{bernard.pk}/").content.decode()
    assert "Moyennes sur 20 du livret" in page
    build_cohort_documents(
        cohort=taught.second_year, kind="end_of_training_certificate",
        start=date(2026, 9, 1), end=date(2026, 10, 2), signatory="Claire Martin",
        signatory_title="Responsable de formation", place="Lyon", on=date(2026, 10, 5),
        by=taught.users["responsable"], progress=None,
    )  # fmt: skip
    document = GeneratedDocument.objects.get(kind="end_of_training_certificate_cohort")
    with document.file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(BytesIO(handle.read())).pages)
    assert " ".join(text.split()).count("Moyennes sur 20 du livret") == len(
        taught.second_year.learners.all()
    )
