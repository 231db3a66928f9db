"""One relationship, entered once: the master named on a contract, the tutor named on a signed
internship agreement, supervises the learner for its dates, with no second entry. They reach the
learner's page, alternance and portfolio while it runs, and lose them the day after it ends or is
terminated."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ndrc.companies import services as company_services
from ndrc.companies.models import Supervision
from ndrc.contracts import services
from ndrc.contracts.demo import ANNEX, CLAUSES
from ndrc.core.models import AuditEntry, Role
from ndrc.followup import services as followup_services
from ndrc.followup.selectors import master_counts
from tests import factories


@pytest.fixture
def centre(db):
    centre = factories.centre()
    cohort = factories.cohort(centre, start=date(2026, 9, 1))
    apprentice = factories.learner(
        cohort, category="apprenti_habilite", first_name="Théo", last_name="Dupré"
    )
    student = factories.learner(cohort, first_name="Léa", last_name="Bérard")
    company = factories.company(headcount=40)
    master_login = factories.person(
        "sophie", role=Role.APPRENTICESHIP_MASTER, training_centre=centre
    )
    tutor_login = factories.person("marc", role=Role.INTERNSHIP_TUTOR, training_centre=centre)
    master = factories.contact(
        company, first_name="Sophie", last_name="Laurent", tutor=False, user=master_login
    )
    tutor = factories.contact(
        company, first_name="Marc", last_name="Dubois", master=False, user=tutor_login
    )
    manager = factories.manager_of(centre)
    return {
        "cohort": cohort,
        "apprentice": apprentice,
        "student": student,
        "company": company,
        "master": master,
        "tutor": tutor,
        "manager": manager,
    }


def on_day(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def contract_of(c, **changes):
    values = dict(
        learner=c["apprentice"],
        kind="apprenticeship",
        employer=c["company"],
        apprenticeship_master=c["master"],
        start=date(2026, 9, 1),
        end=date(2028, 8, 31),
        cycle_start=date(2026, 9, 1),
        confirm_warnings=True,
        by=c["manager"],
    )
    values.update(changes)
    return services.create_contract(**values)


def pages_of(learner) -> list[str]:
    return [
        f"/apprenants/{learner.pk}/",
        f"/alternance/apprenant/{learner.pk}/",
        f"/portfolio/apprenants/{learner.pk}/",
    ]


def test_a_master_reaches_their_apprentice_through_the_contract_alone(centre, client, monkeypatch):
    apprentice = centre["apprentice"]
    client.force_login(centre["master"].user)
    on_day(monkeypatch, date(2026, 10, 5))
    assert [client.get(page).status_code for page in pages_of(apprentice)] == [404, 404, 404]

    contract = contract_of(centre)

    assert [client.get(page).status_code for page in pages_of(apprentice)] == [200, 200, 200]
    (supervision,) = Supervision.objects.filter(learner=apprentice)
    assert (supervision.contact, supervision.role) == (centre["master"], "apprenticeship_master")
    assert (supervision.start, supervision.end) == (date(2026, 9, 1), date(2028, 8, 31))
    assert contract.supervision == supervision
    # The supervision is audited, made by the manager who recorded the contract.
    entry = AuditEntry.objects.get(content_type__model="supervision", action="create")
    assert entry.actor == centre["manager"]
    # Not the other learner.
    assert client.get(pages_of(centre["student"])[0]).status_code == 404

    on_day(monkeypatch, date(2028, 9, 1))  # the day after the contract's end
    assert [client.get(page).status_code for page in pages_of(apprentice)] == [404, 404, 404]


def test_a_terminated_contract_ends_the_masters_access_the_next_day(centre, client, monkeypatch):
    contract = contract_of(centre)
    services.terminate_contract(
        contract=contract, on=date(2027, 1, 15), cause="mutual_agreement", by=centre["manager"]
    )
    assert Supervision.objects.get(learner=centre["apprentice"]).end == date(2027, 1, 15)
    client.force_login(centre["master"].user)
    on_day(monkeypatch, date(2027, 1, 15))
    assert client.get(pages_of(centre["apprentice"])[0]).status_code == 200
    on_day(monkeypatch, date(2027, 1, 16))
    assert client.get(pages_of(centre["apprentice"])[0]).status_code == 404


def test_a_master_whose_supervision_ends_loses_the_follow_up_while_the_contract_runs(
    centre, client, monkeypatch
):
    """The manager ends the master's supervision (they left the company) before the contract
    ends: from the next day their follow-up page, dashboard and counts no longer hold the
    apprentice, and the logbook is out of their reach, as the learner's pages are."""
    contract = contract_of(centre)
    apprentice, master = centre["apprentice"], centre["master"].user
    logbook = followup_services.open_logbook(
        contract=contract, on=date(2026, 10, 5), by=centre["manager"]
    )
    client.force_login(master)
    on_day(monkeypatch, date(2026, 10, 5))
    assert client.get(f"/suivi/livret/{logbook.pk}/").status_code == 200
    assert f"/suivi/apprenant/{apprentice.pk}/" in client.get("/suivi/maitre/").text
    assert master_counts(master, on=date(2026, 10, 5)).apprentices == 1

    company_services.end_supervision(
        supervision=contract.supervision, end=date(2026, 10, 5), by=centre["manager"]
    )
    on_day(monkeypatch, date(2026, 10, 6))
    assert client.get(f"/suivi/livret/{logbook.pk}/").status_code == 404
    assert f"/suivi/apprenant/{apprentice.pk}/" not in client.get("/suivi/maitre/").text
    assert master_counts(master, on=date(2026, 10, 6)).apprentices == 0
    assert f"/apprenants/{apprentice.pk}/" not in client.get("/").text


def test_a_new_master_on_the_contract_takes_the_supervision_over(centre):
    contract = contract_of(centre)
    other = factories.contact(centre["company"], first_name="Anne", last_name="Roy", tutor=False)
    services.update_contract(
        contract=contract, changes={"apprenticeship_master": other}, by=centre["manager"]
    )
    (supervision,) = Supervision.objects.filter(learner=centre["apprentice"])
    assert supervision.contact == other


def test_a_supervision_entered_by_hand_before_is_taken_over_not_doubled(centre):
    factories.supervision(
        centre["apprentice"], centre["master"], role="apprenticeship_master", start=date(2026, 9, 1)
    )
    contract = contract_of(centre)
    (supervision,) = Supervision.objects.filter(learner=centre["apprentice"])
    assert contract.supervision == supervision
    assert supervision.end == date(2028, 8, 31)


def test_deleting_the_contract_removes_its_supervision(centre):
    contract = contract_of(centre)
    services.delete_contract(contract=contract, by=centre["manager"])
    assert not Supervision.objects.filter(learner=centre["apprentice"]).exists()


def test_a_signed_agreement_makes_its_tutor_the_supervisor_from_the_signature(
    centre, client, monkeypatch
):
    student = centre["student"]
    agreement = services.create_agreement(
        learner=student,
        host=centre["company"],
        tutor=centre["tutor"],
        start=date(2027, 1, 11),
        end=date(2027, 2, 19),
        clauses=CLAUSES,
        pedagogical_annex=ANNEX,
        by=centre["manager"],
    )
    assert not Supervision.objects.filter(learner=student).exists()  # not signed yet
    services.update_agreement(
        agreement=agreement, changes={"signed_on": date(2026, 12, 28)}, by=centre["manager"]
    )
    supervision = Supervision.objects.get(learner=student)
    assert (supervision.role, supervision.start, supervision.end) == (
        "internship_tutor",
        date(2026, 12, 28),
        date(2027, 2, 19),
    )
    client.force_login(centre["tutor"].user)
    for day, status in (
        (date(2026, 12, 27), 404),
        (date(2027, 2, 19), 200),
        (date(2027, 2, 20), 404),
    ):
        on_day(monkeypatch, day)
        assert client.get(pages_of(student)[1]).status_code == status, day
    services.update_agreement(
        agreement=agreement, changes={"signed_on": None}, by=centre["manager"]
    )
    assert not Supervision.objects.filter(learner=student).exists()


def test_a_contract_whose_master_is_not_one_is_refused_and_nothing_is_kept(centre):
    with pytest.raises(ValidationError):
        contract_of(centre, apprenticeship_master=centre["tutor"])
    assert not Supervision.objects.exists()


def test_the_cohort_page_shows_each_learners_company_from_the_contract(centre, client, monkeypatch):
    on_day(monkeypatch, date(2026, 10, 5))
    contract_of(centre)
    client.force_login(centre["manager"])
    page = client.get(f"/apprenants/promotions/{centre['cohort'].pk}/").text
    row = page[page.index("Dupré") :].split("</tr>")[0]
    assert "Rhône Distribution" in row
    assert "Sophie Laurent" in row


def test_a_tutor_stops_reading_the_agreement_when_the_supervision_ends(centre, client, monkeypatch):
    """Issue 10, hole 11: the tutor named on an agreement kept reading it after
    the supervision ended; the master a terminated contract names, likewise."""
    agreement = services.create_agreement(
        learner=centre["student"],
        host=centre["company"],
        tutor=centre["tutor"],
        start=date(2027, 1, 11),
        end=date(2027, 2, 19),
        clauses=CLAUSES,
        pedagogical_annex=ANNEX,
        by=centre["manager"],
    )
    client.force_login(centre["tutor"].user)
    page = f"/alternance/conventions/{agreement.pk}/"
    on_day(monkeypatch, date(2026, 12, 20))
    assert client.get(page).status_code == 200  # to be signed: the tutor reads it
    services.update_agreement(
        agreement=agreement, changes={"signed_on": date(2026, 12, 28)}, by=centre["manager"]
    )
    company_services.end_supervision(
        supervision=Supervision.objects.get(learner=centre["student"]),
        end=date(2027, 1, 31),
        by=centre["manager"],
    )
    for day, status in ((date(2027, 1, 31), 200), (date(2027, 2, 1), 404)):
        on_day(monkeypatch, day)
        assert client.get(page).status_code == status, day

    contract = contract_of(centre)
    services.terminate_contract(
        contract=contract, on=date(2027, 1, 15), cause="mutual_agreement", by=centre["manager"]
    )
    client.force_login(centre["master"].user)
    for day, status in ((date(2027, 1, 15), 200), (date(2027, 1, 16), 404)):
        on_day(monkeypatch, day)
        assert client.get(f"/alternance/contrats/{contract.pk}/").status_code == status, day
