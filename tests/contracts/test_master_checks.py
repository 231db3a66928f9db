"""A contract that names an apprenticeship master is checked against the master's legal
conditions (Code du travail R. 6223-6, R. 6223-22): a breach is a warning the manager confirms,
kept with the contract's checks."""

from datetime import date
from decimal import Decimal

import pytest

from ndrc.companies import services as company_services
from ndrc.contracts import services
from ndrc.contracts.models import Contract

pytestmark = pytest.mark.django_db


def _vincent_with(alternance, master, **extra):
    return dict(
        learner=alternance.learners["vincent"],
        kind="apprenticeship",
        employer=alternance.contacts[master].company,
        apprenticeship_master=alternance.contacts[master],
        start=date(2026, 9, 1),
        end=date(2027, 8, 31),
        cycle_start=date(2026, 9, 1),
        by=alternance.users["responsable"],
        **extra,
    )


def _check(contract, rule):
    return next(check for check in contract.review if check["rule"] == rule)


def test_a_third_apprentice_for_sophie_laurent_asks_to_confirm_citing_r6223_6(alternance):
    # Sophie Laurent already trains Lucas Bernard, Emma Petit and, from 01/09/2026, Arthur André.
    with pytest.raises(services.WarningsToConfirm, match=r"R\. 6223-6"):
        services.create_contract(**_vincent_with(alternance, "laurent"))
    contract = services.create_contract(
        **_vincent_with(alternance, "laurent"), confirm_warnings=True
    )
    load = _check(contract, "apprentices_per_master")
    assert load["allowed"] is False and load["severity"] == "warning"
    assert "4 apprenti(s) simultanément" in load["message"]


def test_the_demo_keeps_the_breach_of_arthur_andre_contract_in_its_checks(alternance):
    andre = Contract.objects.get(learner=alternance.learners["andre"])
    load = _check(andre, "apprentices_per_master")
    assert load["allowed"] is False
    assert "Sophie Laurent, le 01/09/2026" in load["message"]


def test_a_master_with_room_passes_and_an_undeclared_qualification_is_said(alternance):
    contact = company_services.create_contact(
        company=alternance.companies["sport"],
        first_name="Yann",
        last_name="Morin",
        is_apprenticeship_master=True,
        by=alternance.users["admin"],
    )
    alternance.contacts["morin"] = contact
    contract = services.create_contract(**_vincent_with(alternance, "morin"))
    assert _check(contract, "apprentices_per_master")["allowed"] is True
    unknown = _check(contract, "master_qualification")
    assert unknown["allowed"] is True and "non renseignées" in unknown["message"]


def test_a_master_without_the_year_of_experience_is_flagged_with_r6223_22(alternance):
    contact = company_services.create_contact(
        company=alternance.companies["sport"],
        first_name="Yann",
        last_name="Morin",
        is_apprenticeship_master=True,
        related_diploma_level=5,
        related_experience_years=Decimal("0.5"),
        by=alternance.users["admin"],
    )
    alternance.contacts["morin"] = contact
    with pytest.raises(services.WarningsToConfirm, match=r"R\. 6223-22"):
        services.create_contract(**_vincent_with(alternance, "morin"))
    contract = services.create_contract(**_vincent_with(alternance, "morin"), confirm_warnings=True)
    assert _check(contract, "master_qualification")["allowed"] is False


def test_another_change_records_the_breach_without_asking_again(alternance):
    # Julie Fabre trains Chloé Richard, Sarah Roux and, from 01/09/2026, Tom Lambert: moving
    # the end of Sarah Roux's contract is not a new choice of master.
    from ndrc.contracts.services import update_contract

    roux = Contract.objects.get(learner=alternance.learners["roux"])
    update_contract(contract=roux, changes={"end": date(2027, 2, 26)}, by=alternance.users["admin"])
    assert _check(roux, "apprentices_per_master")["allowed"] is False
    # Naming Sophie Laurent instead, with her own apprentices, asks again.
    with pytest.raises(services.WarningsToConfirm, match=r"R\. 6223-6"):
        update_contract(
            contract=roux,
            changes={"employer": alternance.companies["rhone"],
                     "apprenticeship_master": alternance.contacts["laurent"]},
            by=alternance.users["admin"],
        )  # fmt: skip
