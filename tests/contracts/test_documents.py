"""The PDFs: agreement with its pedagogical annex, certificate, pay schedule — read back."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from ndrc.contracts import services
from ndrc.contracts.models import Contract, InternshipAgreement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_agreement_pdf_has_its_dates_clauses_annex_and_stipend(alternance):
    agreement = InternshipAgreement.objects.get(learner=alternance.learners["michel"])
    document = services.issue_agreement_pdf(agreement=agreement, by=alternance.users["responsable"])
    text = _text(document)
    assert "Convention de stage" in text and "Annexe pédagogique" in text
    assert "Du 04/05/2026 au 03/07/2026" in text
    assert "Sport Vallée" in text and "Élise Chevalier" in text
    assert "responsabilité civile" in text and "évaluation conjointe" in text
    # Due beyond 308 h: 315 h × 4,50 € (French number format in the document).
    assert "315 h" in text and "Total minimum 1 417,50 €" in text
    assert "05/2026 4,50 € 630,00 €" in text
    assert document.sources["record"]["pk"] == agreement.pk


def test_the_certificate_pdf_states_dates_and_duration(alternance):
    agreement = InternshipAgreement.objects.get(learner=alternance.learners["leroy"])
    document = services.issue_certificate_pdf(
        certificate=agreement.certificate, by=alternance.users["responsable"]
    )
    text = _text(document)
    # 12/01 to 20/02/2026: 6 weeks of 5 working days.
    assert "Du 12/01/2026 au 20/02/2026" in text
    assert "30 jours ouvrés, soit 6 semaines" in text
    assert "Léa Leroy" in text


def test_the_pay_schedule_pdf_lists_each_month_and_the_total(alternance):
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    document = services.issue_pay_schedule_pdf(
        contract=contract, by=alternance.users["responsable"], on=date(2026, 9, 1)
    )
    text = _text(document)
    assert "Du 01/09/2025 au 31/08/2027" in text
    assert "09/2025 18-20 1re année 43 % 774,77 € 30/30 774,77 €" in text
    assert "05/2026 21-25 1re année 53 % 966,21 €" in text
    assert "09/2026 21-25 2e année 61 % 1 112,05 € 30/30 1 112,05 €" in text
    assert document.sources["total"] == "23444.12" and "Total 23 444,12 €" in text
    assert document.sources["issued_on"] == "2026-09-01"
