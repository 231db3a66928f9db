"""Two people edit the same record (issue 10, hole 3): the second save never writes back the
stale value of a field the first changed. A field both changed comes back as a conflict, with
both values, nothing saved, and a second save keeps the second person's value knowingly; a
field only the first changed is kept beside the second person's own change (merged)."""

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.companies.models import Company
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


def conflict_then_knowing_save(url, field, first_value, second_value, read, *, extra=None):
    """Both edit `field` from the page they opened; returns after checking the conflict, that
    the first's value was kept, and that saving again keeps the second's."""

    def scenario(population):
        (first, mine), (second, theirs) = _two_open_the_page(population, url, field)
        extra_data = extra or {}
        response = first.post(url, {**mine, **extra_data, field: first_value})
        assert response.status_code == 302
        response = second.post(url, {**theirs, **extra_data, field: second_value})
        assert response.status_code == 400
        assert CONFLICT % (first_value, second_value) in response.text.replace("&#x27;", "'")
        assert read() == first_value
        # Saving again what the page now shows (the second's value, the new version) keeps it.
        again = form_data(response.text, having=field)
        assert again[field] == second_value
        assert second.post(url, {**again, **extra_data}).status_code == 302
        assert read() == second_value

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


@pytest.mark.parametrize("kind", ["learners", "companies"])
def test_two_api_clients_change_the_same_field(demo, kind):
    record = demo.learners["bernard"] if kind == "learners" else demo.companies["rhone"]
    url = f"/api/{kind}/{record.pk}"
    first = bearer(token_for(demo.users["responsable"]))
    second = bearer(token_for(demo.users["admin"]))
    client = Client()
    first_version = client.get(url, headers=first).json()["version"]
    second_version = client.get(url, headers=second).json()["version"]

    def patch(headers, **data):
        return client.patch(url, data=data, content_type="application/json", headers=headers)

    assert patch(first, city="Bron", version=first_version).status_code == 200
    response = patch(second, city="Caluire", version=second_version)
    assert response.status_code == 409
    answer = response.json()
    assert answer["conflicts"] == {"city": {"theirs": "Bron", "yours": "Caluire"}}
    assert CONFLICT % ("Bron", "Caluire") in answer["detail"]["city"][0]
    assert type(record).objects.get(pk=record.pk).city == "Bron"
    # Another field only: merged. Then the city again, knowingly, with the answer's version.
    assert patch(second, postal_code="69500", version=second_version).status_code == 200
    response = patch(second, city="Caluire", version=answer["version"])
    assert response.status_code == 200 and response.json()["version"] != answer["version"]
    assert type(record).objects.get(pk=record.pk).city == "Caluire"


def test_an_api_change_without_the_version_is_refused(demo):
    bernard = demo.learners["bernard"]
    response = Client().patch(
        f"/api/learners/{bernard.pk}",
        data={"city": "Bron"},
        content_type="application/json",
        headers=bearer(token_for(demo.users["responsable"])),
    )
    assert response.status_code == 422 and "version" in response.json()["detail"]
    assert Learner.objects.get(pk=bernard.pk).city == "Lyon"
