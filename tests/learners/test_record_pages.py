"""The training manager creates cohorts, learners, company contacts, supervisions and teachers'
assignments from the pages: through the services (audited), refused next to the field."""

import html
from datetime import timedelta

from django.utils import timezone

from ndrc.companies.models import CompanyContact, Supervision
from ndrc.core.models import AuditEntry
from ndrc.core.selectors import history_of
from ndrc.learners.models import Cohort, Learner
from tests.forms import form_data


def error_of(response, field):
    return html.unescape(response.text.split(f'id="id_{field}-error"')[1].split("</p>")[0])


def manager(client, demo):
    client.force_login(demo.users["responsable"])
    return demo.users["responsable"]


def test_the_manager_creates_a_cohort_and_lands_on_its_page(demo, client):
    by = manager(client, demo)
    assert "Nouvelle promotion" in client.get("/apprenants/promotions/").text
    response = client.post(
        "/apprenants/promotions/nouvelle/",
        {
            "training_centre": demo.centre.pk,
            "name": "BTS NDRC 1re année B",
            "first_year_start": "2026-09-01",
            "exam_session": "2028",
        },
    )
    cohort = Cohort.objects.get(name="BTS NDRC 1re année B")
    assert response["Location"] == f"/apprenants/promotions/{cohort.pk}/"
    (entry,) = history_of(cohort)
    assert (entry.action, entry.actor, entry.origin) == (
        "create",
        by,
        "POST /apprenants/promotions/nouvelle/",
    )


def test_a_new_learner_is_enrolled_with_a_first_status(demo, client):
    manager(client, demo)
    cohort = demo.first_year
    page = client.get(f"/apprenants/promotions/{cohort.pk}/").text
    assert f'href="/apprenants/promotions/{cohort.pk}/nouvel-apprenant/"' in page
    response = client.post(
        f"/apprenants/promotions/{cohort.pk}/nouvel-apprenant/",
        {
            "first_name": "Yanis",
            "last_name": "Meunier",
            "birth_date": "2007-02-02",
            "phone": "0611223344",
            "category": "apprenti_habilite",
            "category_start": "2026-10-05",
        },
    )
    learner = Learner.objects.get(last_name="Meunier")
    assert response["Location"] == f"/apprenants/{learner.pk}/"
    assert learner.cohort == cohort
    assert learner.phone == "06 11 22 33 44"
    period = learner.category_periods.get()
    assert (period.candidate_category, period.start.isoformat()) == (
        "apprenti_habilite",
        "2026-10-05",
    )
    assert history_of(learner).get().action == "create"


def test_a_minor_without_guardian_is_refused_next_to_the_field_and_nothing_is_created(demo, client):
    manager(client, demo)
    entries = AuditEntry.objects.count()
    today = timezone.localdate()
    response = client.post(
        f"/apprenants/promotions/{demo.first_year.pk}/nouvel-apprenant/",
        {
            "first_name": "Léa",
            "last_name": "Jeune",
            "birth_date": today.replace(year=today.year - 15).isoformat(),
            "category": "scolaire",
            "category_start": "2026-09-01",
        },
    )
    assert response.status_code == 400
    assert "Apprenant mineur : le représentant légal est obligatoire." in error_of(
        response, "guardian_name"
    )
    assert not Learner.objects.filter(last_name="Jeune").exists()
    assert AuditEntry.objects.count() == entries


def test_the_manager_adds_then_edits_a_contact_of_a_company(demo, client):
    manager(client, demo)
    rhone = demo.companies["rhone"]
    assert "Nouveau contact" in client.get(f"/entreprises/{rhone.pk}/").text
    response = client.post(
        f"/entreprises/{rhone.pk}/contacts/nouveau/",
        {"first_name": "Paul", "last_name": "Girard", "is_internship_tutor": "on"},
    )
    assert response["Location"] == f"/entreprises/{rhone.pk}/"
    contact = CompanyContact.objects.get(last_name="Girard")
    assert (contact.company, contact.is_internship_tutor) == (rhone, True)
    url = f"/entreprises/contacts/{contact.pk}/modifier/"
    data = form_data(client.get(url).text, having="version")  # as the page's form sends it
    response = client.post(url, {**data, "phone": "12"})
    assert response.status_code == 400
    assert error_of(response, "phone").strip()
    response = client.post(url, {**data, "phone": "0472000000"})
    assert response.status_code == 302
    entry = history_of(contact).last()
    assert (entry.before, entry.after) == ({"phone": ""}, {"phone": "04 72 00 00 00"})


def test_a_supervision_started_then_ended_gives_then_takes_the_tutors_access(demo, client):
    manager(client, demo)
    robert, dubois = demo.learners["robert"], demo.contacts["dubois"]
    page = client.get(f"/apprenants/{robert.pk}/").text
    assert f'href="/apprenants/{robert.pk}/encadrement/"' in page
    today = timezone.localdate()
    # Marc Dubois is an internship tutor, not an apprenticeship master: refused on his field.
    start = today - timedelta(days=7)
    data = {"contact": dubois.pk, "role": "apprenticeship_master", "start": start.isoformat()}
    response = client.post(f"/apprenants/{robert.pk}/encadrement/", data)
    assert response.status_code == 400
    assert "Marc Dubois n'est pas déclaré(e) maître d'apprentissage." in error_of(
        response, "contact"
    )
    data["role"] = "internship_tutor"
    assert client.post(f"/apprenants/{robert.pk}/encadrement/", data).status_code == 302
    supervision = Supervision.objects.get(learner=robert, contact=dubois)
    tutor = demo.users["tuteur"]
    client.force_login(tutor)
    assert client.get(f"/apprenants/{robert.pk}/").status_code == 200
    manager(client, demo)
    url = f"/apprenants/{robert.pk}/encadrement/{supervision.pk}/fin/"
    assert url in client.get(f"/apprenants/{robert.pk}/").text
    yesterday = today - timedelta(days=1)
    response = client.post(url, {"end": (start - timedelta(days=1)).isoformat()})
    assert response.status_code == 400  # before its start
    assert client.post(url, {"end": yesterday.isoformat()}).status_code == 302
    supervision.refresh_from_db()
    assert supervision.end == yesterday
    client.force_login(tutor)
    assert client.get(f"/apprenants/{robert.pk}/").status_code == 404


def test_a_teacher_assigned_to_a_cohort_then_sees_it(demo, client):
    manager(client, demo)
    cohort, teacher = demo.second_year, demo.users["enseignante"]
    url = f"/apprenants/promotions/{cohort.pk}/enseignants/"
    assert url in client.get(f"/apprenants/promotions/{cohort.pk}/").text
    assert client.post(url, {"teacher": teacher.pk, "subject": "BC02"}).status_code == 302
    assert "BC02" in client.get(url).text
    client.force_login(teacher)
    assert client.get(f"/apprenants/promotions/{cohort.pk}/").status_code == 200


def test_a_teacher_sees_none_of_the_managers_buttons(demo, client):
    client.force_login(demo.users["enseignant"])
    cohort_page = client.get(f"/apprenants/promotions/{demo.second_year.pk}/").text
    learner_page = client.get(f"/apprenants/{demo.learners['bernard'].pk}/").text
    company_page = client.get(f"/entreprises/{demo.companies['rhone'].pk}/").text
    assert "Nouvel apprenant" not in cohort_page
    assert "pour réimport" not in cohort_page
    assert "Ajouter un encadrement" not in learner_page
    assert "Nouveau contact" not in company_page
    assert "Nouvelle promotion" not in client.get("/apprenants/promotions/").text
