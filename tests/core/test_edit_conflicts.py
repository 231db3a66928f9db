"""Two people edit the same record (issue 10, hole 3): the second save never writes back the
stale value of a field the first changed. A field both changed comes back as a conflict, with
both values, nothing saved, and a second save keeps the second person's value knowingly; a
field only the first changed is kept beside the second person's own change (merged)."""

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.companies.models import Company, CompanyContact
from ndrc.learners.models import Learner
from tests.api.test_api import bearer, token_for
from tests.forms import form_data

CONFLICT = "Modifié entre-temps par un autre utilisateur : « %s » ; votre saisie : « %s »."


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _two_open_the_page(population, url, field):
    """The manager and the administrator each open the edit page (its form with `field`)."""
    first = _logged_in(population.users["responsable"])
    second = _logged_in(population.users["admin"])
    return (first, form_data(first.get(url).text, having=field)), (
        second,
        form_data(second.get(url).text, having=field),
    )


def conflict_then_knowing_save(
    url, field, first_value, second_value, read, *, extra=None, post_url=None, shown=None
):
    """Both edit `field` from the page they opened (its form posted to `post_url`, the page's
    own by default); returns after checking the conflict, that the first's value was kept, and
    that saving again keeps the second's. `shown`: the two values as the message shows them."""

    def scenario(population):
        (first, mine), (second, theirs) = _two_open_the_page(population, url, field)
        extra_data, target = extra or {}, post_url or url
        response = first.post(target, {**mine, **extra_data, field: first_value})
        assert response.status_code == 302
        response = second.post(target, {**theirs, **extra_data, field: second_value})
        assert response.status_code == 400
        message = CONFLICT % (shown or (first_value, second_value))
        assert message in response.text.replace("&#x27;", "'")
        assert read() == first_value
        # Saving again what the page now shows (the second's value, the new version) keeps it.
        again = form_data(response.text, having=field)
        assert again[field] == second_value
        assert second.post(target, {**again, **extra_data}).status_code == 302
        assert read() == second_value

    return scenario


def merged_beside(url, field, value, other, other_value, read, *, post_url=None):
    """The first saves `field`; the second, from the page opened before, changes `other` only:
    both are kept (`read()` gives the values of `field` and `other`)."""

    def scenario(population):
        (first, mine), (second, theirs) = _two_open_the_page(population, url, field)
        assert first.post(post_url or url, {**mine, field: value}).status_code == 302
        assert second.post(post_url or url, {**theirs, other: other_value}).status_code == 302
        assert read() == (value, other_value)

    return scenario


def nothing_saved_without_version(url, field, value, read, *, post_url=None):
    """The page's form with `field` posted without its version (a prefixed one too), `field`
    changed: refused, nothing saved."""

    def scenario(population):
        client = _logged_in(population.users["responsable"])
        data = form_data(client.get(url).text, having=field)
        before = read()
        data = {k: v for k, v in data.items() if k.rpartition("-")[2] != "version"}
        response = client.post(post_url or url, {**data, field: value})
        assert response.status_code == 400
        assert "rouvrez la page" in response.text
        assert read() == before

    return scenario


def test_two_people_change_a_learners_city(demo):
    bernard = demo.learners["bernard"]
    url = reverse("learners:edit", args=[bernard.pk])
    read = lambda: Learner.objects.get(pk=bernard.pk).city  # noqa: E731
    conflict_then_knowing_save(url, "city", "Villeurbanne", "Caluire", read)(demo)


def test_two_people_change_a_companys_city(demo):
    rhone = demo.companies["rhone"]
    url = reverse("companies:edit", args=[rhone.pk])
    read = lambda: Company.objects.get(pk=rhone.pk).city  # noqa: E731
    conflict_then_knowing_save(url, "city", "Vénissieux", "Bron", read)(demo)


def test_two_people_change_a_company_contacts_job_title(demo):
    laurent = demo.contacts["laurent"]
    url = reverse("companies:contact_edit", args=[laurent.pk])
    read = lambda: CompanyContact.objects.get(pk=laurent.pk).job_title  # noqa: E731
    conflict_then_knowing_save(url, "job_title", "Directrice", "Gérante", read)(demo)


def test_a_change_of_another_field_meanwhile_is_kept_beside_ones_own(demo):
    bernard = demo.learners["bernard"]
    url = reverse("learners:edit", args=[bernard.pk])
    (first, mine), (second, theirs) = _two_open_the_page(demo, url, "city")
    assert first.post(url, {**mine, "city": "Villeurbanne"}).status_code == 302
    # The second page still shows Lyon: the second person changes only the phone.
    assert second.post(url, {**theirs, "phone": "06 99 88 77 66"}).status_code == 302
    bernard.refresh_from_db()
    assert (bernard.city, bernard.phone) == ("Villeurbanne", "06 99 88 77 66")


def test_a_form_without_its_version_saves_nothing(demo):
    rhone = demo.companies["rhone"]
    url = reverse("companies:edit", args=[rhone.pk])
    client = _logged_in(demo.users["responsable"])
    data = form_data(client.get(url).text, having="version")
    del data["version"]
    response = client.post(url, {**data, "city": "Bron"})
    assert response.status_code == 400
    assert "rouvrez la page" in response.text
    assert Company.objects.get(pk=rhone.pk).city == "Lyon"


# The records of the API, each with a field two clients change (values: the first client's,
# the second's) and another field the second then changes alone.
API_RECORDS = {
    "learners": (
        lambda d: d.learners["bernard"],
        "city",
        "Bron",
        "Caluire",
        "postal_code",
        "69500",
    ),
    "companies": (
        lambda d: d.companies["rhone"],
        "city",
        "Bron",
        "Caluire",
        "postal_code",
        "69500",
    ),
    "cohorts": (
        lambda d: d.second_year,
        "name",
        "BTS NDRC 2e année A",
        "BTS NDRC 2e année B",
        "first_year_start",
        "2025-09-08",
    ),
}


@pytest.mark.parametrize("kind", API_RECORDS)
def test_two_api_clients_change_the_same_field(demo, kind):
    record_of, field, first_value, second_value, other, other_value = API_RECORDS[kind]
    record = record_of(demo)
    url = f"/api/{kind}/{record.pk}"
    first = bearer(token_for(demo.users["responsable"]))
    second = bearer(token_for(demo.users["admin"]))
    client = Client()
    first_version = client.get(url, headers=first).json()["version"]
    second_version = client.get(url, headers=second).json()["version"]

    def patch(headers, **data):
        return client.patch(url, data=data, content_type="application/json", headers=headers)

    def read(name):
        return str(getattr(type(record).objects.get(pk=record.pk), name))

    assert patch(first, **{field: first_value, "version": first_version}).status_code == 200
    response = patch(second, **{field: second_value, "version": second_version})
    assert response.status_code == 409
    answer = response.json()
    assert answer["conflicts"] == {field: {"theirs": first_value, "yours": second_value}}
    assert CONFLICT % (first_value, second_value) in answer["detail"][field][0]
    assert read(field) == first_value
    # Another field only: merged. Then the field again, knowingly, with the answer's version.
    assert patch(second, **{other: other_value, "version": second_version}).status_code == 200
    assert (read(field), read(other)) == (first_value, other_value)
    response = patch(second, **{field: second_value, "version": answer["version"]})
    assert response.status_code == 200 and response.json()["version"] != answer["version"]
    assert read(field) == second_value


@pytest.mark.parametrize("kind", API_RECORDS)
def test_the_api_gives_the_version_of_a_record_it_creates_reads_or_changes(demo, kind):
    """The version a client starts an edit from, in every answer showing the whole record."""
    record = API_RECORDS[kind][0](demo)
    client, headers = Client(), bearer(token_for(demo.users["responsable"]))
    read = client.get(f"/api/{kind}/{record.pk}", headers=headers).json()
    assert read["version"]
    created = {
        "learners": {"cohort_id": demo.first_year.pk, "first_name": "Yanis"}
        | {"last_name": "Meunier", "birth_date": "2007-02-02", "candidate_category": "scolaire"},
        "companies": {"name": "Lyon Conseil", "siret": "44332211000018"},
        "cohorts": {"training_centre_id": demo.centre.pk, "name": "BTS NDRC 1re année B"}
        | {"first_year_start": "2026-09-01", "exam_session": 2028},
    }[kind]
    response = client.post(
        f"/api/{kind}", data=created, content_type="application/json", headers=headers
    )
    assert response.status_code == 201 and response.json()["version"]


@pytest.mark.parametrize("kind", API_RECORDS)
def test_an_api_change_without_the_version_is_refused(demo, kind):
    record_of, field, value, *_ = API_RECORDS[kind]
    record = record_of(demo)
    before = getattr(record, field)
    response = Client().patch(
        f"/api/{kind}/{record.pk}",
        data={field: value},
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422 and "version" in response.json()["detail"]
    assert getattr(type(record).objects.get(pk=record.pk), field) == before
