"""The alternance pages and a learner's record read each relation once, whatever the number of
contracts, agreements and documents: more of them, no more queries (issue 12)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.contracts import services
from ndrc.contracts.demo import ANNEX, CLAUSES
from ndrc.contracts.models import Contract, InternshipAgreement
from ndrc.documents.services import generate_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _relationship_reads(queries: list[str]) -> int:
    """How many times the page asked whether the reader teaches the learner's cohort: once per
    reading of the reader's relationships to the learner (`learners.selectors`)."""
    return sum(q.startswith('SELECT 1 AS "a" FROM "learners_teacherassignment"') for q in queries)


def _reads_relationships_once(client, population, path: str) -> None:
    """A manager of the centre may do everything on the learner's records: their roles say so,
    no relationship is read (a teacher's or a supervisor's would add nothing). A teacher of the
    cohort: one reading of their relationships, for every question the page asks."""
    client.force_login(population.users["responsable"])
    assert _relationship_reads(_queries(client, path)) == 0
    client.force_login(population.users["enseignant"])
    assert _relationship_reads(_queries(client, path)) == 1
    client.force_login(population.users["responsable"])


def _contract(population, key: str, start: date) -> Contract:
    learner = population.learners[key]
    return services.create_contract(
        learner=learner,
        kind="apprenticeship",
        employer=population.companies["telecom"],
        apprenticeship_master=population.contacts["perrin"],
        start=start,
        end=date(start.year + 2, start.month, start.day) - date.resolution,
        cycle_start=learner.cohort.first_year_start,
        confirm_warnings=True,
        by=population.users["admin"],
    )


def _agreement(population, key: str, start: date, end: date):
    return services.create_agreement(
        learner=population.learners[key],
        host=population.companies["optique"],
        tutor=population.contacts["dubois"],
        start=start,
        end=end,
        clauses=CLAUSES,
        pedagogical_annex=ANNEX,
        signed_on=start - date.resolution * 14,
        by=population.users["admin"],
    )


def _documents(population, subject, count: int) -> None:
    """`count` documents about `subject`, as the pages issue them (the PDF given, not laid out)."""
    for index in range(count):
        generate_document(
            kind="test",
            template_name="contracts/pdf/pay_schedule.html",
            context={},
            subject=subject,
            sources={"record": {"pk": subject.pk}},
            by=population.users["responsable"],
            title=f"Document {index + 1}",
            pdf=b"%PDF-1.4\n%%EOF\n",
        )


def test_more_contracts_and_agreements_cost_the_alternance_list_no_more_queries(alternance, client):
    client.force_login(alternance.users["responsable"])
    before = len(_queries(client, "/alternance/"))
    _contract(alternance, "durand", date(2026, 9, 1))
    _contract(alternance, "leroy", date(2026, 9, 1))
    _agreement(alternance, "bernard", date(2027, 1, 11), date(2027, 2, 19))
    _agreement(alternance, "petit", date(2027, 1, 11), date(2027, 2, 19))
    after = _queries(client, "/alternance/")
    assert len(after) <= before
    page = client.get("/alternance/").content.decode()
    assert "Durand" in page and "Leroy" in page


def test_a_learners_alternance_reads_the_same_whatever_their_records(alternance, client):
    client.force_login(alternance.users["responsable"])
    path = f"/alternance/apprenant/{alternance.learners['bernard'].pk}/"
    # Whether the reader may change the record and see the dossiers: one reading, not three.
    _reads_relationships_once(client, alternance, path)
    before = _queries(client, path)
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    _documents(alternance, contract, 3)
    _agreement(alternance, "bernard", date(2027, 1, 11), date(2027, 2, 19))
    _agreement(alternance, "bernard", date(2027, 5, 3), date(2027, 6, 11))
    _contract(alternance, "durand", date(2026, 9, 1))
    assert len(_queries(client, path)) <= len(before)
    assert client.get(path).content.decode().count("Optique Bellecour") == 2


def test_a_contracts_page_reads_the_same_whatever_its_documents(alternance, client):
    client.force_login(alternance.users["responsable"])
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    path = f"/alternance/contrats/{contract.pk}/"
    # Whether the reader may change it and reach its learner: one reading of their relationships.
    _reads_relationships_once(client, alternance, path)
    before = _queries(client, path)
    # Found among the contracts the reader sees: not asked again whether they see it.
    assert not any(q.startswith('SELECT 1 AS "a" FROM "contracts_contract"') for q in before)
    _documents(alternance, contract, 3)
    _contract(alternance, "durand", date(2026, 9, 1))
    assert len(_queries(client, path)) <= len(before)
    assert client.get(path).content.decode().count("Document ") == 3


def test_a_learners_record_reads_the_same_whatever_the_documents_about_them(alternance, client):
    client.force_login(alternance.users["responsable"])
    learner = alternance.learners["bernard"]
    contract = Contract.objects.get(learner=learner)
    path = f"/apprenants/{learner.pk}/"
    agreement = _agreement(alternance, "bernard", date(2027, 1, 11), date(2027, 2, 19))
    _documents(alternance, contract, 1)
    _documents(alternance, agreement, 1)
    # The record's sections and the page's links: one reading of the reader's relationships.
    _reads_relationships_once(client, alternance, path)
    before = _queries(client, path)
    # Each PDF issued again is one more document about the same records.
    _documents(alternance, contract, 4)
    _documents(alternance, agreement, 2)
    assert len(_queries(client, path)) <= len(before)
    page = client.get(path).content.decode()
    assert page.count(">Document ") == 8  # every document listed


def test_the_alternance_list_shows_each_contract_and_agreement_in_its_row(alternance, client):
    client.force_login(alternance.users["responsable"])
    page = client.get("/alternance/").content.decode()
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    learner = contract.learner
    assert (
        f'<tr><td><a href="/alternance/apprenant/{learner.pk}/">{learner.full_name}</a></td>'
        f'<td><a href="/alternance/contrats/{contract.pk}/">Contrat d&#x27;apprentissage</a></td>'
        f"<td>{contract.employer.name}</td><td>{contract.start:%d/%m/%Y}</td>"
        f"<td>{contract.last_day:%d/%m/%Y}</td></tr>"
    ) in page
    agreements = InternshipAgreement.objects.select_related("learner", "host", "tutor")
    certified = [a for a in agreements if hasattr(a, "certificate")]
    for agreement in agreements:
        learner = agreement.learner
        assert (
            f'<tr><td><a href="/alternance/apprenant/{learner.pk}/">{learner.full_name}</a></td>'
            f'<td><a href="/alternance/conventions/{agreement.pk}/">{agreement.host.name}</a></td>'
            f"<td>{agreement.tutor.full_name}</td><td>{agreement.start:%d/%m/%Y}</td>"
            f"<td>{agreement.end:%d/%m/%Y}</td>"
            f"<td>{'oui' if agreement in certified else '—'}</td></tr>"
        ) in page
    assert certified and len(certified) < len(agreements)
