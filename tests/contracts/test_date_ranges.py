"""Issue 10, hole 7: a contract's or an agreement's dates far in the future or the past are
refused naming the field, nothing saved (not a server error, not a record no page can show)."""

import pytest
from django.urls import reverse

from ndrc.contracts.models import Contract, InternshipAgreement
from tests.contracts.test_pages import _agreement_post, _client

pytestmark = pytest.mark.django_db


def _contract_post(alternance, **overrides):
    return {
        "kind": "apprenticeship",
        "employer": alternance.companies["rhone"].pk,
        "apprenticeship_master": alternance.contacts["laurent"].pk,
        "start": "2026-09-01",
        "end": "2028-08-31",
        "cycle_start": "2026-09-01",
        "weekly_hours": "35",
        "credited_years": "0",
        "confirm_warnings": "on",
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "label", "value"),
    [
        ("end", "Fin du contrat", "9999-12-31"),
        ("start", "Début du contrat", "0001-01-01"),
        ("cycle_start", "Début du cycle de formation", "2999-09-01"),
    ],
)
def test_a_contract_date_out_of_range_is_refused_naming_the_field(
    client, alternance, field, label, value
):
    vincent = alternance.learners["vincent"]
    url = reverse("contracts:contract_create", args=[vincent.pk])
    response = _client(client, alternance, "responsable").post(
        url, _contract_post(alternance, **{field: value})
    )
    assert response.status_code == 400
    page = response.content.decode()
    day, month, year = value[8:], value[5:7], value[:4].lstrip("0")
    assert f"{label} : {day}/{month}/{year} hors des dates admises" in page
    assert not Contract.objects.filter(learner=vincent).exists()


@pytest.mark.parametrize(("field", "value"), [("end", "9999-12-31"), ("start", "0001-01-01")])
def test_an_agreement_date_out_of_range_is_refused_naming_the_field(
    client, alternance, field, value
):
    vincent = alternance.learners["vincent"]
    url = reverse("contracts:agreement_create", args=[vincent.pk])
    response = _client(client, alternance, "responsable").post(
        url, _agreement_post(alternance, **{field: value})
    )
    assert response.status_code == 400
    assert "hors des dates admises" in response.content.decode()
    assert not InternshipAgreement.objects.filter(learner=vincent).exists()
