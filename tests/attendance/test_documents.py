"""Attendance documents, read back with pypdf: the signed sheet, the certificat de réalisation,
the attestation de fin de formation (L6353-1), the attestation of attendance, a cohort's
certificates in one PDF."""

import datetime
from datetime import date
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ndrc.attendance import codes, documents, services
from ndrc.documents.models import GeneratedDocument
from ndrc.jobs.models import Job, State
from ndrc.timetable.models import Session

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 9, 14)


def _text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    # Words as a reader sees them: the line breaks of the layout do not matter.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return text, len(reader.pages)


@pytest.fixture
def monday_taken(timetabled, built_once):
    """Monday 14 September 2026 taken in the second year: Bernard signs on his phone, Petit is
    absent, the others are marked present from a paper list; the teacher signs. With the demo's
    contracts (Bernard works at Rhône Distribution). Taken once per run (`built_once`), put back
    in each test."""
    from ndrc.contracts.demo import create_demo_alternance

    def take():
        create_demo_alternance(timetabled)
        for session in Session.objects.filter(cohort=timetabled.second_year, date=MONDAY):
            at = datetime.datetime.combine(
                MONDAY, datetime.time(9 if session.half_day == "am" else 14), tzinfo=PARIS
            )
            sheet = services.open_sheet(session=session, by=session.teacher, at=at)
            bernard = timetabled.learners["bernard"]
            services.sign_in(
                user=bernard.user,
                code=codes.code_at(sheet.secret, at),
                at=at,
                address="198.51.100.7",
            )
            absent = [bernard, timetabled.learners["petit"]]
            for record in sheet.records.exclude(learner__in=absent):
                services.mark(
                    record=record,
                    status="present",
                    reason="Liste papier",
                    by=session.teacher,
                    at=at,
                )
            services.sign_sheet(sheet=sheet, by=session.teacher, at=at)

    built_once(take)
    return timetabled


def _issuer():
    return documents.Issuer("Claire Martin", "Responsable de formation", "Lyon", date(2026, 10, 1))


def test_the_signed_sheet_shows_each_signature_and_the_teacher_s(monday_taken):
    sheet = Session.objects.get(cohort=monday_taken.second_year, date=MONDAY, half_day="am").sheet
    text, _pages = _text(
        documents.issue_sheet_pdf(sheet=sheet, by=monday_taken.users["responsable"])
    )
    assert "Feuille d'émargement" in text
    assert "BERNARD Lucas" in text and "Signé électroniquement le 14/09/2026 à 09:00:00" in text
    assert "198.51.100.7" in text
    assert "PETIT Emma" in text and "Absence non justifiée" in text
    assert "Liste papier" in text
    assert "signée électroniquement par Paul Girard" in text


def test_the_certificat_de_realisation_follows_the_model(monday_taken):
    bernard = monday_taken.learners["bernard"]
    document = documents.issue_certificate(
        kind="completion_certificate",
        learner=bernard,
        start=MONDAY,
        end=MONDAY,
        issuer=_issuer(),
        by=monday_taken.users["responsable"],
    )
    text, _pages = _text(document)
    for field in (
        "Certificat de réalisation",
        "Je soussigné(e) Claire Martin",
        "représentant(e) légal(e) du dispensateur de l'action concourant au développement des",
        "BERNARD Lucas",
        "Rhône Distribution",  # his employer
        "Action de formation par apprentissage",
        "du 14/09/2026 au 14/09/2026",
        "7,50 heures réalisées",
        "conserver l'ensemble des pièces justificatives",
        "Fait à Lyon, le 01/10/2026",
    ):
        assert field in text, field
    assert document.sources["attended"] == "7.50"


def test_the_attestation_de_fin_de_formation_has_objectives_nature_duration_results(monday_taken):
    document = documents.issue_certificate(
        kind="end_of_training_certificate",
        learner=monday_taken.learners["petit"],
        start=MONDAY,
        end=MONDAY,
        issuer=_issuer(),
        results="Blocs 1 et 2 acquis en CCF.",
        by=monday_taken.users["responsable"],
    )
    text = _text(document)[0]
    assert "Attestation de fin de formation" in text
    assert "Relation client et négociation-vente" in text  # an objective: skill block 1
    assert "Action de formation par apprentissage" in text
    assert "7,50 heures prévues, dont 0 heures suivies" in text
    assert "Blocs 1 et 2 acquis en CCF." in text
    assert "L6353-1" in text


def test_a_cohort_s_certificates_come_as_one_pdf_with_progress(monday_taken):
    steps = []
    result = documents.build_cohort_documents(
        cohort=monday_taken.second_year,
        kind="attendance_certificate",
        start=MONDAY,
        end=MONDAY,
        signatory="Claire Martin",
        signatory_title="Responsable de formation",
        place="Lyon",
        on=date(2026, 9, 30),
        by=monday_taken.users["responsable"],
        progress=lambda done, total: steps.append((done, total)),
    )
    document = GeneratedDocument.objects.get(kind="attendance_certificate_cohort")
    assert result.link_url == reverse("documents:download", args=[document.pk])
    learners = monday_taken.second_year.learners.count()
    text, pages = _text(document)
    assert pages == learners
    assert steps[-1] == (learners, learners)
    assert [done for done, _total in steps] == sorted(
        {min(i + 7, learners) for i in range(0, learners, 7)}
    )
    assert text.count("Attestation d'assiduité") == learners


def test_the_manager_gets_the_cohort_s_certificates_from_a_background_job(client, monday_taken):
    manager = monday_taken.users["responsable"]
    cohort = monday_taken.second_year
    client.force_login(manager)
    page = reverse("attendance:cohort_documents", args=[cohort.pk])
    response = client.post(
        page,
        {
            "kind": "completion_certificate",
            "start": "2026-09-14",
            "end": "2026-09-14",
            "signatory": "Claire Martin",
            "signatory_title": "Responsable de formation",
            "place": "Lyon",
        },
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    learners = cohort.learners.count()
    assert job.state == State.DONE and (job.done, job.total) == (learners, learners)
    assert job.training_centre == cohort.training_centre and job.return_url == page
    status = client.get(job.get_absolute_url()).content.decode()
    assert f"Certificat de réalisation de {learners} apprenant(s) en un seul PDF" in status
    download = client.get(job.result_url)
    reader = PdfReader(BytesIO(b"".join(download.streaming_content)))
    assert len(reader.pages) == learners
    assert "Certificat de réalisation" in reader.pages[0].extract_text()
    # The PDF stays in the cohort's documents, for whoever manages it later.
    assert job.result_url in client.get(page).content.decode()


def test_a_cohort_without_learners_fails_its_job_and_keeps_nothing(client, monday_taken):
    from ndrc.learners.models import Learner

    cohort = monday_taken.second_year
    Learner.objects.filter(cohort=cohort).update(erased_on=date(2026, 9, 20))
    client.force_login(monday_taken.users["responsable"])
    client.post(
        reverse("attendance:cohort_documents", args=[cohort.pk]),
        {"kind": "attendance_certificate", "start": "2026-09-14", "end": "2026-09-14",
         "signatory": "Claire Martin", "signatory_title": "RF", "place": "Lyon"},
    )  # fmt: skip
    job = Job.objects.get()
    assert job.state == State.FAILED and job.error == "La promotion n'a aucun apprenant."
    assert not GeneratedDocument.objects.filter(kind__endswith="_cohort").exists()


def test_only_the_training_manager_issues_certificates(monday_taken):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        documents.issue_certificate(
            kind="completion_certificate",
            learner=monday_taken.learners["bernard"],
            start=MONDAY,
            end=MONDAY,
            issuer=_issuer(),
            by=monday_taken.users["enseignant"],
        )


def test_the_week_sheet_has_a_line_per_learner_and_the_teacher_s_signatures(monday_taken):
    document = documents.issue_week_pdf(
        cohort=monday_taken.second_year, monday=MONDAY, by=monday_taken.users["enseignant"]
    )
    text, _pages = _text(document)
    assert "Émargement — semaine du 14/09/2026 au 20/09/2026" in text
    assert "BERNARD Lucas P ✓ P ✓" in text  # signed on his phone, morning and afternoon
    assert "PETIT Emma ANJ ANJ" in text
    assert "non signée" in text  # Tuesday's sheets are not taken yet
