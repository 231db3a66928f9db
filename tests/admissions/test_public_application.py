"""An applicant applies through the public form of an intake, without a login; the form resists
robots, floods, oversized requests and bad files, and a closed intake takes nothing."""

import html
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ndrc.admissions import services
from ndrc.admissions.models import Application, ApplicationDocument, Source, Stage

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def people_fill_forms_instantly(settings):
    settings.ADMISSIONS_MIN_SECONDS = 0


def form_data(client, intake, **overrides):
    page = client.get(reverse("admissions:apply", args=[intake.public_key]))
    shown_at = re.search(r'name="shown_at" value="([^"]+)"', page.content.decode()).group(1)
    data = {
        "first_name": "Maëlle",
        "last_name": "Fontaine",
        "birth_date": "2007-03-14",
        "email": "Maelle.Fontaine@example.fr",
        "phone": "06 11 22 33 44",
        "postal_code": "69100",
        "city": "Villeurbanne",
        "motivation": "Le commerce et la relation client me plaisent.",
        "consent": "on",
        "shown_at": shown_at,
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def apply(client, django_capture_on_commit_callbacks):
    """Posts the form as a browser would; the e-mails go when the request's changes commit."""

    def post(client_, intake, **overrides):
        data = form_data(client_, intake, **overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return client_.post(reverse("admissions:apply", args=[intake.public_key]), data)

    return post


def test_an_applicant_applies_and_receives_a_personal_link_that_opens_her_file(
    apply, client, intake
):
    cv = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    response = apply(client, intake, document_cv=cv)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.source == Source.FORM and application.stage == Stage.RECEIVED
    assert application.email == "maelle.fontaine@example.fr"
    assert application.documents.get().kind == "cv"
    assert application.moves.get().by is None  # the applicant, through the public form
    [message] = mail.outbox
    assert message.to == ["maelle.fontaine@example.fr"]
    link = re.search(r"http://testserver(/admission/suivi/[^/\s]+/)", message.body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Fontaine" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert page["Referrer-Policy"] == "same-origin"  # the link never leaves the site
    assert application.access_token_digest not in link  # only the digest is stored

    client.post(link + "confirmer/")
    application.refresh_from_db()
    assert application.email_confirmed_at is not None


def test_a_second_submission_with_the_same_email_sends_a_new_link_and_creates_nothing(
    apply, client, intake
):
    apply(client, intake)
    first = re.search(r"/admission/suivi/[^/\s]+/", mail.outbox[0].body).group(0)
    response = apply(client, intake, first_name="Maelle")
    assert response.status_code == 302
    assert Application.objects.count() == 1
    second = re.search(r"/admission/suivi/[^/\s]+/", mail.outbox[1].body).group(0)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_a_robot_filling_the_hidden_field_is_answered_as_usual_and_records_nothing(
    apply, client, intake
):
    response = apply(client, intake, website="http://spam.example")
    assert response.status_code == 302
    assert Application.objects.count() == 0 and mail.outbox == []


def test_a_form_sent_back_faster_than_a_person_reads_records_nothing(
    apply, client, intake, settings
):
    settings.ADMISSIONS_MIN_SECONDS = 60
    assert apply(client, intake).status_code == 302
    assert Application.objects.count() == 0


def test_a_forged_form_time_records_nothing(apply, client, intake):
    assert apply(client, intake, shown_at="123").status_code == 302
    assert Application.objects.count() == 0


def test_the_form_refuses_a_flood_from_one_address(apply, client, intake, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for index in range(3):
        assert apply(client, intake, email=f"robot{index}@example.fr").status_code == 302
    response = apply(client, intake, email="robot9@example.fr")
    assert response.status_code == 429
    assert "Trop d'envois" in html.unescape(response.content.decode())
    assert Application.objects.count() == 3


def test_the_public_form_does_not_count_against_the_login_limit(apply, client, intake, settings):
    from django.utils import timezone

    from ndrc.core.ui import throttle

    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    for index in range(2):
        apply(client, intake, email=f"a{index}@example.fr")
    assert not throttle.is_blocked(username="x", address="127.0.0.1", now=timezone.now())


def test_an_oversized_request_is_refused_before_it_is_read(apply, client, intake, settings):
    settings.ADMISSIONS_MAX_REQUEST_BYTES = 1000
    big = SimpleUploadedFile("cv.pdf", PDF + b"0" * 5000, content_type="application/pdf")
    response = apply(client, intake, document_cv=big)
    assert response.status_code == 413
    assert Application.objects.count() == 0


def test_a_file_whose_content_is_not_its_type_is_refused_and_nothing_is_kept(apply, client, intake):
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 executable", content_type="application/pdf")
    response = apply(client, intake, document_cv=fake)
    assert response.status_code == 400
    assert "ne correspond pas à un fichier .pdf" in response.content.decode()
    assert Application.objects.count() == 0 and ApplicationDocument.objects.count() == 0


def test_a_script_file_is_refused(apply, client, intake):
    script = SimpleUploadedFile("cv.html", b"<script>alert(1)</script>", content_type="text/html")
    response = apply(client, intake, document_cv=script)
    assert response.status_code == 400
    assert "type de fichier refusé" in response.content.decode()


def test_errors_are_french_and_name_the_field(apply, client, intake):
    response = apply(client, intake, birth_date="2031-01-01")
    assert response.status_code == 400
    assert "Date de naissance 01/01/2031 dans le futur" in html.unescape(response.content.decode())
    response = apply(client, intake, phone="12")
    assert "Numéro de téléphone « 12 » invalide" in html.unescape(response.content.decode())
    response = apply(client, intake, consent="")
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_a_minor_needs_a_legal_guardian(apply, client, intake):
    response = apply(client, intake, birth_date="2010-01-01")
    assert response.status_code == 400
    assert "représentant légal est obligatoire" in response.content.decode()


def test_control_characters_are_refused(apply, client, intake):
    response = apply(client, intake, city="Lyon\x07")
    assert response.status_code == 400
    assert "Caractère de contrôle interdit" in response.content.decode()


def test_a_closed_intake_takes_no_application(client, intake, manager):
    services.update_intake(intake=intake, changes={"is_open": False}, by=manager)
    page = client.get(reverse("admissions:apply", args=[intake.public_key]))
    assert page.status_code == 410
    assert "closes" in page.content.decode()


def test_the_form_needs_its_csrf_token(intake):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("admissions:apply", args=[intake.public_key]), {})
    assert response.status_code == 403
