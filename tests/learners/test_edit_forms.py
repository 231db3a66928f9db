"""The training manager edits records through the pages: audited, or refused next to the field."""

from ndrc.companies.models import Company
from ndrc.companies.services import COMPANY_FIELDS
from ndrc.core.models import AuditEntry
from ndrc.core.selectors import history_of
from ndrc.core.versions import version_of
from ndrc.learners.forms import EDITABLE_FIELDS
from ndrc.learners.models import Learner
from ndrc.learners.services import LEARNER_FIELDS


def learner_form_data(learner, **changes):
    # The page's hidden field: the version of the record the form was opened on.
    data = {"version": version_of(learner, LEARNER_FIELDS)}
    for name in EDITABLE_FIELDS:
        value = getattr(learner, name)
        if name == "birth_date":
            value = value.isoformat()
        if name == "extra_time":
            if value:
                data[name] = "on"
            continue
        data[name] = value
    data.update(changes)
    return data


def test_a_learners_phone_changed_by_the_manager_is_in_the_audit_trail(demo, client):
    manager, bernard = demo.users["responsable"], demo.learners["bernard"]
    client.force_login(manager)
    url = f"/apprenants/{bernard.pk}/modifier/"
    response = client.post(url, learner_form_data(bernard, phone="06 99 88 77 66"))
    assert response.status_code == 302
    entry = history_of(bernard).last()
    assert entry.action == "update"
    assert entry.actor == manager
    assert entry.request_user == manager
    assert entry.origin == f"POST {url}"
    assert entry.before == {"phone": "06 12 34 56 01"}
    assert entry.after == {"phone": "06 99 88 77 66"}
    assert "06 99 88 77 66" in client.get(f"/apprenants/{bernard.pk}/").text


def test_an_invalid_ine_is_refused_next_to_the_field_and_nothing_changes(demo, client):
    bernard = demo.learners["bernard"]
    client.force_login(demo.users["responsable"])
    entries = AuditEntry.objects.count()
    response = client.post(
        f"/apprenants/{bernard.pk}/modifier/", learner_form_data(bernard, ine="123", city="Paris")
    )
    assert response.status_code == 400
    error = response.text.split('id="id_ine-error"')[1].split("</p>")[0]
    assert "INE" in error
    assert Learner.objects.get(pk=bernard.pk).city == "Lyon"
    assert AuditEntry.objects.count() == entries


def test_a_minor_without_guardian_is_refused_by_the_service_next_to_the_field(demo, client):
    dupont = demo.learners["dupont"]
    client.force_login(demo.users["responsable"])
    response = client.post(
        f"/apprenants/{dupont.pk}/modifier/", learner_form_data(dupont, guardian_name="")
    )
    assert response.status_code == 400
    error = response.text.split('id="id_guardian_name-error"')[1].split("</p>")[0]
    assert "Apprenant mineur : le représentant légal est obligatoire." in error
    assert Learner.objects.get(pk=dupont.pk).guardian_name == "Catherine Dupont"


def test_the_manager_records_a_status_change_from_a_date(demo, client):
    durand = demo.learners["durand"]
    client.force_login(demo.users["responsable"])
    response = client.post(
        f"/apprenants/{durand.pk}/statut/",
        {"category": "apprenti_habilite", "start": "2026-11-02"},
    )
    assert response.status_code == 302
    periods = list(durand.category_periods.values_list("candidate_category", "start", "end"))
    assert [(c, s.isoformat(), e and e.isoformat()) for c, s, e in periods] == [
        ("scolaire", "2025-09-01", "2026-11-01"),
        ("apprenti_habilite", "2026-11-02", None),
    ]


def test_a_teacher_cannot_post_a_learner_edit(demo, client):
    bernard = demo.learners["bernard"]
    client.force_login(demo.users["enseignant"])
    response = client.post(
        f"/apprenants/{bernard.pk}/modifier/", learner_form_data(bernard, city="Paris")
    )
    assert response.status_code == 403
    assert Learner.objects.get(pk=bernard.pk).city == "Lyon"


def test_a_company_edit_is_audited_and_an_invalid_siret_refused(demo, client):
    rhone = demo.companies["rhone"]
    client.force_login(demo.users["responsable"])
    data = {
        "name": rhone.name,
        "siret": rhone.siret,
        "headcount": "250",
        "street": rhone.street,
        "postal_code": rhone.postal_code,
        "city": rhone.city,
        "naf_code": rhone.naf_code,
        "version": version_of(rhone, COMPANY_FIELDS),
    }
    response = client.post(
        f"/entreprises/{rhone.pk}/modifier/", {**data, "siret": "41234567000018"}
    )
    assert response.status_code == 400
    error = response.text.split('id="id_siret-error"')[1].split("</p>")[0]
    assert "clé de Luhn" in error

    assert client.post(f"/entreprises/{rhone.pk}/modifier/", data).status_code == 302
    entry = history_of(rhone).last()
    assert (entry.before, entry.after) == ({"headcount": 240}, {"headcount": 250})
    assert Company.objects.get(pk=rhone.pk).headcount == 250


def test_a_duplicate_siret_is_refused_by_the_service_next_to_the_field(demo, client):
    client.force_login(demo.users["responsable"])
    response = client.post(
        "/entreprises/nouvelle/",
        {"name": "Copie", "siret": demo.companies["optique"].siret},
    )
    assert response.status_code == 400
    assert "SIRET existe déjà" in response.text.split('id="id_siret-error"')[1].split("</p>")[0]
    assert Company.objects.filter(name="Copie").count() == 0


def test_a_control_character_typed_in_a_name_is_refused_next_to_the_field(demo, client):
    """Issue 10, hole 5: typed in the normal form, it broke every XLSX export of the cohort."""
    bernard = demo.learners["bernard"]
    client.force_login(demo.users["responsable"])
    response = client.post(
        f"/apprenants/{bernard.pk}/modifier/",
        learner_form_data(bernard, last_name="Ber\x01nard", city="Paris"),
    )
    assert response.status_code == 400
    error = response.text.split('id="id_last_name-error"')[1].split("</p>")[0]
    assert "Caractère de contrôle interdit (code 1)." in error
    assert Learner.objects.get(pk=bernard.pk).last_name == "Bernard"
