"""The alternance pages, as the demo users see them."""

import pytest
from django.urls import reverse

from ndrc.contracts.demo import ANNEX, CLAUSES
from ndrc.contracts.models import Contract, InternshipAgreement

pytestmark = pytest.mark.django_db


def _client(client, alternance, login):
    client.force_login(alternance.users[login])
    return client


def _agreement_post(alternance, **overrides):
    data = {
        "host": alternance.companies["optique"].pk,
        "tutor": alternance.contacts["dubois"].pk,
        "start": "2026-02-02",
        "end": "2026-02-13",
        "weekly_hours": "35",
    }
    data.update({f"clause_{k}": v for k, v in CLAUSES.items()})
    data.update({f"annex_{k}": v for k, v in ANNEX.items()})
    data.update(overrides)
    return data


def test_the_manager_sees_why_an_agreement_is_refused_and_nothing_is_saved(client, alternance):
    vincent = alternance.learners["vincent"]
    url = reverse("contracts:agreement_create", args=[vincent.pk])
    response = _client(client, alternance, "responsable").post(url, _agreement_post(alternance))
    assert response.status_code == 400
    assert "quota dépassé" in response.content.decode()
    assert not InternshipAgreement.objects.filter(learner=vincent).exists()


def test_the_manager_records_an_agreement_that_fits(client, alternance):
    vincent = alternance.learners["vincent"]
    url = reverse("contracts:agreement_create", args=[vincent.pk])
    data = _agreement_post(alternance, start="2026-03-02", end="2026-03-27")
    response = _client(client, alternance, "responsable").post(url, data)
    agreement = InternshipAgreement.objects.get(learner=vincent)
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:agreement", args=[agreement.pk])


def test_a_contract_page_shows_the_pay_schedule(client, alternance):
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    response = _client(client, alternance, "apprenant").get(
        reverse("contracts:contract", args=[contract.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "1\u202f112,05\u00a0€" in page and "09/2026" in page  # French typography
    assert "Modifier, rompre ou proroger" not in page  # the apprentice reads only


def test_a_late_contract_asks_to_confirm_the_warning_before_saving(client, alternance):
    vincent = alternance.learners["vincent"]
    url = reverse("contracts:contract_create", args=[vincent.pk])
    data = {
        "kind": "apprenticeship",
        "employer": alternance.companies["rhone"].pk,
        "apprenticeship_master": alternance.contacts["laurent"].pk,
        "start": "2026-01-05",
        "end": "2027-08-31",
        "cycle_start": "2025-09-01",
        "weekly_hours": "35",
        "credited_years": "0",
    }
    manager = _client(client, alternance, "responsable")
    response = manager.post(url, data)
    assert response.status_code == 400 and "plus de 3 mois après le début du cycle" in (
        response.content.decode()
    )
    assert not Contract.objects.filter(learner=vincent).exists()
    response = manager.post(url, dict(data, confirm_warnings="on"))
    assert response.status_code == 302 and Contract.objects.filter(learner=vincent).exists()


def test_the_learner_page_warns_when_the_dossier_would_be_invalid(client, alternance):
    leroy = alternance.learners["leroy"]
    response = _client(client, alternance, "responsable").get(
        reverse("contracts:learner", args=[leroy.pk])
    )
    assert "non valides (NV)" in response.content.decode()


def test_a_tutor_gets_404_on_an_agreement_of_another_tutor(client, alternance):
    other = InternshipAgreement.objects.get(learner=alternance.learners["michel"])
    response = _client(client, alternance, "tuteur").get(
        reverse("contracts:agreement", args=[other.pk])
    )
    assert response.status_code == 404


def test_printing_the_certificate_downloads_a_pdf(client, alternance, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = InternshipAgreement.objects.get(learner=alternance.learners["leroy"])
    manager = _client(client, alternance, "responsable")
    response = manager.post(reverse("contracts:certificate_pdf", args=[agreement.pk]))
    assert response.status_code == 302
    download = manager.get(response["Location"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_weekly_hours_typed_with_a_decimal_comma_are_accepted(client, alternance):
    """Issue 10, hole 12: "35,5" was refused with « Saisissez un nombre. » in a French page."""
    vincent = alternance.learners["vincent"]
    url = reverse("contracts:agreement_create", args=[vincent.pk])
    data = _agreement_post(alternance, start="2026-03-02", end="2026-03-27", weekly_hours="35,5")
    response = _client(client, alternance, "responsable").post(url, data)
    assert response.status_code == 302
    assert str(InternshipAgreement.objects.get(learner=vincent).weekly_hours) == "35.50"
