"""The training manager's pages work from end to end through the forms (each POST reaches its
service and comes back), and the pages are out of reach for anyone else."""

import html
from datetime import date

from django.core import mail
from django.urls import reverse

from ndrc.admissions import company_search, services
from ndrc.admissions.models import (
    Application,
    DisabilityReferent,
    InterviewCriterion,
    Offer,
    Outcome,
    Stage,
    StageSetting,
)
from ndrc.core.models import Role
from tests import factories
from tests.admissions.conftest import ON, at
from tests.forms import form_data


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_settings_rename_a_stage_build_the_grid_and_designate_a_referent(manager_client, centre):
    url = reverse("admissions:settings")
    page = manager_client.get(url)
    assert page.status_code == 200
    # Each step's form carries the version it was opened on.
    version = {
        step: form_data(page.content.decode(), having=f"{step}-label")[f"{step}-version"]
        for step in ("interview", "accepted")
    }
    response = manager_client.post(
        url,
        {
            "step": "interview",
            "centre": centre.pk,
            "interview-version": version["interview"],
            "interview-label": "Entretien de motivation",
            "interview-send_email": "on",
            "interview-email_subject": "Entretien",
            "interview-email_body": "Bonjour {prenom}",
        },
    )
    assert response.status_code == 302
    assert StageSetting.objects.get(step="interview").label == "Entretien de motivation"
    bad = manager_client.post(
        url,
        {
            "step": "accepted",
            "centre": centre.pk,
            "accepted-version": version["accepted"],
            "accepted-label": "Admis",
            "accepted-send_email": "on",
            "accepted-email_subject": "Admission",
            "accepted-email_body": "Bonjour {inconnu}",
        },
    )
    assert bad.status_code == 400 and "Champ inconnu : {inconnu}" in text(bad)

    manager_client.post(reverse("admissions:criteria_defaults"), {"centre": centre.pk})
    assert InterviewCriterion.objects.filter(training_centre=centre).count() == 5
    manager_client.post(
        reverse("admissions:criterion_add"),
        {"centre": centre.pk, "label": "Ponctualité", "position": 9, "is_active": "on"},
    )
    assert InterviewCriterion.objects.filter(label="Ponctualité").exists()

    teacher = factories.person("prof", role=Role.TEACHER, training_centre=centre)
    manager_client.post(
        reverse("admissions:referent_add"), {"centre": centre.pk, "user": teacher.pk}
    )
    assert DisabilityReferent.objects.get().user == teacher


def test_an_application_through_its_page_forms(
    manager_client, applicant, manager, centre, django_capture_on_commit_callbacks
):
    services.install_default_criteria(training_centre=centre, by=manager)
    application = applicant()
    url = reverse("admissions:application", args=[application.pk])
    assert manager_client.get(url).status_code == 200
    manager_client.post(reverse("admissions:move", args=[application.pk]), {"stage": "interview"})
    criteria = list(InterviewCriterion.objects.all())
    data = {
        "held_on": "2026-06-15",
        "decision": "favourable",
        "reasons": "Très bon projet.",
        f"level_{criteria[0].pk}": "4",
        f"comment_{criteria[0].pk}": "Clair",
    }
    assert (
        manager_client.post(
            reverse("admissions:interview", args=[application.pk]), data
        ).status_code
        == 302
    )
    interview = application.interviews.get()
    assert interview.grid[0] == {"criterion": criteria[0].label, "level": 4, "comment": "Clair"}
    positioning = reverse("admissions:positioning", args=[application.pk])
    response = manager_client.post(
        positioning,
        {
            **form_data(manager_client.get(positioning).text, having="version"),
            "credited_years": 0,
            "extra_years": 0,
            "exempted_units": ["U1"],
            "qualifications": ["licence"],
            "reasons": "Licence obtenue.",
            "decided_on": "2026-06-15",
        },
    )
    assert response.status_code == 302
    assert application.__class__.objects.get(pk=application.pk).positioning.exempted_units == ["U1"]
    edit = reverse("admissions:application_edit", args=[application.pk])
    # What the page's form sends (its version included), with the city corrected.
    response = manager_client.post(
        edit, {**form_data(manager_client.get(edit).text, having="version"), "city": "Lyon"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.city == "Lyon"
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("admissions:send_link", args=[application.pk]))
    assert mail.outbox and "/admission/suivi/" in mail.outbox[-1].body
    manager_client.post(
        reverse("admissions:close", args=[application.pk]),
        {"outcome": "withdrawn", "reason": "A trouvé une autre formation."},
    )
    application.refresh_from_db()
    assert application.outcome == Outcome.WITHDRAWN
    manager_client.post(reverse("admissions:reopen", args=[application.pk]))
    application.refresh_from_db()
    assert application.outcome == Outcome.ACTIVE and application.stage == Stage.INTERVIEW


def test_offers_entered_by_the_centre_and_their_state(manager_client, centre, applicant, manager):
    response = manager_client.post(
        reverse("admissions:offer_create"),
        {
            "company_name": "Optique Bellecour",
            "siret": "522 987 650 00010",
            "contact_name": "Marc Dubois",
            "contact_email": "marc@optique.example.fr",
            "position": "Conseiller en optique",
            "city": "Lyon",
            "postal_code": "69002",
            "start_date": "2026-09-07",
            "send_link": "on",
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302 and offer.status == "published" and offer.company
    assert offer.company.siret == "52298765000010"
    assert manager_client.get(reverse("admissions:offer", args=[offer.pk])).status_code == 200
    manager_client.post(reverse("admissions:offer_status", args=[offer.pk]), {"status": "closed"})
    offer.refresh_from_db()
    assert offer.status == "closed"
    page = manager_client.get(reverse("admissions:offers")).content.decode()
    assert "Conseiller en optique" in page


def test_an_intake_is_created_with_its_places_and_opened(manager_client, cohort):
    response = manager_client.post(
        reverse("admissions:intake_create"),
        {
            "cohort": cohort.pk,
            "title": "BTS NDRC — rentrée 2026",
            "route": "apprenticeship",
            "default_category": "apprenti_habilite",
            "training_start": "2026-09-07",
            "places": 24,
        },
    )
    assert response.status_code == 302
    intake_url = response["Location"]
    page = manager_client.get(intake_url)
    assert "24 places" in text(page) and "fermé" in text(page)
    intake_pk = int(intake_url.rstrip("/").split("/")[-1])
    manager_client.post(reverse("admissions:intake_open", args=[intake_pk]), {"open": "1"})
    assert "ouvert" in text(manager_client.get(intake_url))


def test_out_of_reach_for_teachers_learners_and_other_centres(client, applicant, centre):
    application = applicant()
    other = factories.centre(name="CFA Autre", uai="0750654D")
    for user in (
        factories.person("t", role=Role.TEACHER, training_centre=centre),
        factories.person("l", role=Role.LEARNER, training_centre=centre),
        factories.manager_of(other, "m2"),
    ):
        client.force_login(user)
        assert (
            client.get(reverse("admissions:application", args=[application.pk])).status_code == 404
        )
        assert client.get(reverse("admissions:board")).status_code in (200, 403)
        if client.get(reverse("admissions:board")).status_code == 200:  # the other manager
            assert (
                application.last_name
                not in client.get(reverse("admissions:board")).content.decode()
            )


def test_the_menu_leads_the_managers_and_the_disability_referent_to_admissions(
    client, manager, centre
):
    def has_the_entry(user) -> bool:
        client.force_login(user)
        nav = text(client.get("/referentiel/")).split('aria-label="Navigation principale"')[1]
        return f'href="{reverse("admissions:index")}"' in nav.split("</nav>")[0]

    teacher = factories.person("t", role=Role.TEACHER, training_centre=centre)
    learner = factories.person("l", role=Role.LEARNER, training_centre=centre)
    assert has_the_entry(manager)
    assert not has_the_entry(teacher) and not has_the_entry(learner)
    services.designate_referent(training_centre=centre, user=teacher, by=manager)
    assert has_the_entry(teacher)
    assert client.get(reverse("admissions:index")).status_code == 200


def test_the_admissions_nav_leads_a_manager_to_the_offers_and_settings(client, manager, centre):
    """The admissions' own menu: the managers reach the companies' offers and the settings
    (steps, interview grid, referents) from any admissions page; a disability referent who is
    not a manager does not see them."""

    def nav_links(user) -> str:
        client.force_login(user)
        page = text(client.get(reverse("admissions:index")))
        return page.split('class="admissions-nav"')[1].split("</nav>")[0]

    settings_link = f'href="{reverse("admissions:settings")}"'
    offers_link = f'href="{reverse("admissions:offers")}"'
    assert settings_link in nav_links(manager) and offers_link in nav_links(manager)
    assert client.get(reverse("admissions:settings")).status_code == 200
    referent = factories.person("r", role=Role.TEACHER, training_centre=centre)
    services.designate_referent(training_centre=centre, user=referent, by=manager)
    assert settings_link not in nav_links(referent) and offers_link not in nav_links(referent)


def test_a_company_answers_through_its_page(client, applicant, manager, centre):
    offer = company_search.create_offer(
        training_centre=centre,
        company_name="Rhône Distribution",
        siret="41234567000019",
        contact_name="Sophie Laurent",
        contact_email="s@example.fr",
        position="Vendeur",
        city="Lyon",
        postal_code="69002",
        start_date=date(2026, 9, 7),
        link="http://t/{token}/",
        on=ON,
        now=at(ON),
        by=manager,
    )
    proposal = company_search.propose_candidate(
        application=applicant(), offer=offer, by=manager, now=at(ON)
    )
    from ndrc.admissions.tokens import new_token

    token, digest = new_token()
    Offer.objects.filter(pk=offer.pk).update(access_token_digest=digest)
    client.post(
        reverse("admissions:company_answer", args=[token, proposal.pk]),
        {f"{proposal.pk}-status": "interview", f"{proposal.pk}-note": "Le 8 septembre"},
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.note) == ("interview", "Le 8 septembre")
    assert Application.objects.count() == 1


def test_the_list_of_applications_shows_a_page_at_a_time_keeping_its_filters(
    manager_client, applicant, monkeypatch
):
    monkeypatch.setattr("ndrc.core.ui.views.PAGE_SIZE", 2)
    for number in range(3):
        applicant(last_name=f"Fontaine{number}", email=f"f{number}@example.fr")
    applicant(first_name="Hugo", last_name="Petit", email="h@example.fr")
    page = manager_client.get("/admission/candidatures/?query=fontaine").content.decode()
    assert page.count("data-application=") == 2 and "PETIT" not in page
    assert 'href="?query=fontaine&amp;page=2" rel="next"' in page
    page = manager_client.get("/admission/candidatures/?query=fontaine&page=2").content.decode()
    assert page.count("data-application=") == 1 and "FONTAINE0" in page
