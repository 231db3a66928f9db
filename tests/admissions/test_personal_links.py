"""A personal link opens its own record and nothing else; the files of an application are served
to the centre's staff only."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ndrc.admissions import company_search, services
from ndrc.admissions.models import Application, Outcome
from ndrc.admissions.tokens import digest, new_token
from ndrc.core.models import Role
from tests import factories
from tests.admissions.conftest import ON, at

PDF = b"%PDF-1.4\n%%EOF\n"


def give_link(application):
    token, token_digest = new_token()
    Application.objects.filter(pk=application.pk).update(access_token_digest=token_digest)
    return token


def follow(token):
    return reverse("admissions:follow", args=[token])


def test_an_applicants_link_cannot_open_another_applicants_file(client, applicant):
    maelle = applicant()
    moussa = applicant(first_name="Moussa", last_name="Ndiaye", email="moussa@example.fr")
    maelle_token, moussa_token = give_link(maelle), give_link(moussa)

    page = client.get(follow(maelle_token)).content.decode()
    assert "Fontaine" in page and "Ndiaye" not in page
    # No other string opens a file: a near token, an id, the stored digest.
    for guess in (moussa_token[:-1] + "x", str(moussa.pk), digest(moussa_token), "", "a" * 43):
        if guess:
            assert client.get(follow(guess)).status_code == 404
    # Her actions act on her own file only, whatever she posts.
    client.post(follow(maelle_token) + "confirmer/", {"application": moussa.pk})
    maelle.refresh_from_db()
    moussa.refresh_from_db()
    assert maelle.email_confirmed_at is not None and moussa.email_confirmed_at is None


def test_an_applicant_adds_a_document_but_cannot_download_any(client, applicant):
    maelle = applicant()
    token = give_link(maelle)
    upload = SimpleUploadedFile("bulletins.pdf", PDF, content_type="application/pdf")
    client.post(follow(token) + "pieces/", {"kind": "school_reports", "file": upload})
    document = maelle.documents.get()
    assert document.kind == "school_reports"
    # Stored outside the static files, under a random name; the staff URL needs a login.
    assert "bulletins" not in document.file.name and document.file.name.startswith("admissions/")
    url = reverse("admissions:document", args=[maelle.pk, document.pk])
    assert client.get(url).status_code == 302  # to the login page
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_the_staff_download_is_for_the_centres_team_only(client, applicant, manager, centre):
    maelle = applicant()
    services.add_document(
        application=maelle,
        kind="cv",
        upload=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        by=manager,
        now=at(ON),
    )
    document = maelle.documents.get()
    url = reverse("admissions:document", args=[maelle.pk, document.pk])

    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF

    other_centre = factories.centre(name="CFA Autre", uai="0750654D")
    for user in (
        factories.manager_of(other_centre, "other-manager"),
        factories.person("teacher", role=Role.TEACHER, training_centre=centre),
        factories.person("a-learner", role=Role.LEARNER, training_centre=centre),
    ):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
        assert client.get(reverse("admissions:application", args=[maelle.pk])).status_code in (
            403,
            404,
        )


def test_a_merged_duplicate_s_link_stops_working(client, applicant, manager):
    kept = applicant()
    twin = applicant(email="other@example.fr")
    token = give_link(twin)
    services.merge_applications(
        survivor=kept, absorbed=twin, matched_on="test", by=manager, now=at(ON)
    )
    assert client.get(follow(token)).status_code == 404
    twin.refresh_from_db()
    assert twin.outcome == Outcome.MERGED


@pytest.fixture
def two_offers(centre, manager):
    def offer(position, siret):
        return company_search.create_offer(
            training_centre=centre,
            company_name=f"Entreprise {position}",
            siret=siret,
            contact_name="Contact",
            contact_email=f"{siret}@example.fr",
            position=position,
            city="Lyon",
            postal_code="69002",
            start_date=date(2026, 9, 7),
            link="http://t/{token}/",
            on=ON,
            now=at(ON),
            by=manager,
        )

    return offer("Vendeur", "41234567000019"), offer("Téléconseiller", "44455566800011")


def test_a_company_sees_only_the_candidates_proposed_on_its_offer(
    client, applicant, manager, two_offers
):
    shop, call_centre = two_offers
    maelle = applicant()
    moussa = applicant(first_name="Moussa", last_name="Ndiaye", email="moussa@example.fr")
    company_search.propose_candidate(application=maelle, offer=shop, by=manager, now=at(ON))
    other = company_search.propose_candidate(
        application=moussa, offer=call_centre, by=manager, now=at(ON)
    )
    token, token_digest = new_token()
    shop.__class__.objects.filter(pk=shop.pk).update(access_token_digest=token_digest)
    page = client.get(reverse("admissions:company_offer", args=[token])).content.decode()
    assert "Maëlle" in page and "Ndiaye" not in page and "Téléconseiller" not in page
    # Answering about a candidate of another offer: out of reach.
    answer = reverse("admissions:company_answer", args=[token, other.pk])
    response = client.post(answer, {f"{other.pk}-status": "accepted"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "proposed"
