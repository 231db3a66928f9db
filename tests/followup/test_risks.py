"""Early warning: an explained list of the learners at risk, each line saying why, with the
centre's thresholds: `ndrc.followup.selectors.risks(learners, *, on)`. The risks read from
attendance and the training calendar are in test_centre_side.py."""

from datetime import date

import pytest
from django.utils import translation

from ndrc.contracts import services as contract_services
from ndrc.contracts.models import Contract
from ndrc.followup import selectors
from ndrc.followup.selectors import Risk
from ndrc.learners.models import Learner
from tests.followup.conftest import ON

pytestmark = pytest.mark.django_db


def test_the_demo_apprentice_at_risk_and_the_reasons(followup):
    found = selectors.risks(Learner.objects.all(), on=ON)
    assert found == {
        followup.learners["petit"].pk: [
            Risk(
                "empty_logbook",
                "Livret vide : 2 période(s) en entreprise sans activité, la dernière du "
                "01/10/2026 au 31/10/2026.",
            ),
            Risk(
                "visit_difficulty",
                "Visite du 24/11/2026 : difficulté signalée, risque de rupture élevé.",
            ),
        ]
    }


def test_a_contract_ending_before_the_exams(followup):
    contract = Contract.objects.get(learner=followup.learners["bernard"])
    contract_services.terminate_contract(
        contract=contract, on=date(2027, 1, 15), cause="mutual_agreement",
        by=followup.users["responsable"],
    )  # fmt: skip
    found = selectors.risks([followup.learners["bernard"]], on=ON)
    assert found[followup.learners["bernard"].pk] == [
        Risk(
            "contract_ending",
            "Contrat rompu le 15/01/2027 (accord écrit des deux parties) : plus de contrat "
            "avant les épreuves de mai 2027.",
        )
    ]


def test_the_reasons_read_in_english_for_an_english_reader(followup):
    contract = Contract.objects.get(learner=followup.learners["bernard"])
    contract_services.terminate_contract(
        contract=contract, on=date(2027, 1, 15), cause="mutual_agreement",
        by=followup.users["responsable"],
    )  # fmt: skip
    with translation.override("en"):
        found = selectors.risks(Learner.objects.all(), on=ON)
    reasons = [risk.reason for found_risks in found.values() for risk in found_risks]
    assert "Visit of 24/11/2026: difficulty reported, risk of termination: high." in reasons
    assert any(r.startswith("Empty logbook: 2 period(s) in the company") for r in reasons)
    assert any(r.startswith("Contract terminated on 15/01/2027") for r in reasons)
    assert any(r.endswith("no contract before the exams of May 2027.") for r in reasons)


def test_the_manager_and_the_referent_see_the_reasons_on_their_dashboards(
    followup, client_of, today
):
    for login in ("responsable", "enseignant"):
        page = client_of(followup.users[login]).get("/").content.decode()
        assert "Visite du 24/11/2026 : difficulté signalée, risque de rupture élevé." in page
    # Hélène Roux's learners are not at risk.
    page = client_of(followup.users["enseignante"]).get("/suivi/").content.decode()
    assert "risque de rupture élevé" not in page


def test_the_class_council_reads_the_reasons(followup, client_of, today):
    # gradebook's class council calls `risks` (gradebook.selectors.risks_of): the demo's council
    # of the 2nd-year cohort shows Emma Petit's reasons next to her bulletin, hers only.
    from ndrc.gradebook.models import ClassCouncil

    council = ClassCouncil.objects.get(cohort=followup.second_year)
    url = f"/notes/promotions/{council.cohort_id}/conseil/{council.period_id}/"
    page = client_of(followup.users["responsable"]).get(url).content.decode()
    reason = "Visite du 24/11/2026 : difficulté signalée, risque de rupture élevé."
    assert page.count(reason) == 1
    petit = page.index(f'id="learner-{followup.learners["petit"].pk}"')
    following = page.find('id="learner-', petit + 1)
    assert petit < page.index(reason) < (following if following != -1 else len(page))
