"""A contract's or an agreement's page found for the staff of its centre among their centres'
records, the reach's other branches asked only when it is not there (issue 12)."""

from datetime import date

import pytest
from django.http import Http404

from ndrc.contracts import selectors
from ndrc.contracts.models import Contract, InternshipAgreement
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import forget_roles
from ndrc.core.services import grant_role

from .test_page_queries import _queries

pytestmark = pytest.mark.django_db


def _found(get, user, pk) -> bool:
    try:
        get(user, pk)
    except Http404:
        return False
    return True


def _each_reader_finds_what_they_see(alternance) -> None:
    for user in alternance.users.values():
        for model, get, visible in (
            (Contract, selectors.get_contract_for, selectors.visible_contracts),
            (InternshipAgreement, selectors.get_agreement_for, selectors.visible_agreements),
        ):
            seen = set(visible(user).values_list("pk", flat=True))
            for pk in model.objects.values_list("pk", flat=True):
                assert _found(get, user, pk) == (pk in seen), (user, model, pk)


def test_each_reader_finds_the_records_they_see_and_no_other(alternance):
    _each_reader_finds_what_they_see(alternance)
    # An erased learner's records: out of the manager's reach, as of everyone's.
    learner = alternance.learners["bernard"]
    learner.erased_on = date(2026, 9, 2)
    learner.save(update_fields=["erased_on"])
    contract = Contract.objects.get(learner=learner)
    assert not _found(selectors.get_contract_for, alternance.users["responsable"], contract.pk)
    _each_reader_finds_what_they_see(alternance)


def test_a_manager_named_on_a_contract_of_another_centre_finds_it_there(alternance):
    """Not among the records of her centre, the contract is looked for in her whole reach: as
    the master it names (a reach of another branch), she reads it."""
    manager = alternance.users["responsable"]
    contract = Contract.objects.select_related("learner__cohort", "apprenticeship_master").get(
        learner=alternance.learners["bernard"]
    )
    cohort = contract.learner.cohort
    cohort.training_centre = TrainingCentre.objects.create(name="Autre centre")
    cohort.save(update_fields=["training_centre"])
    assert not _found(selectors.get_contract_for, manager, contract.pk)
    master = contract.apprenticeship_master
    master.user = manager
    master.save(update_fields=["user"])
    # Her login holds the master's role there too (an invitation as the contact gives it).
    grant_role(
        user=manager, training_centre=cohort.training_centre, role=Role.APPRENTICESHIP_MASTER,
        by=alternance.users["admin"],
    )  # fmt: skip
    forget_roles(manager)
    assert selectors.get_contract_for(manager, contract.pk) == contract


def test_a_managers_contract_page_reads_it_without_the_reachs_other_branches(alternance, client):
    client.force_login(alternance.users["responsable"])
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    queries = _queries(client, f"/alternance/contrats/{contract.pk}/")
    found = [
        q for q in queries if q.startswith('SELECT "contracts_contract"."id"') and "LIMIT 1" in q
    ]
    assert len(found) == 1
    # Among her centre's contracts: no branch of the master's supervisions (a join), nor of
    # the own record, to build and compile.
    assert " OR " not in found[0] and "LEFT OUTER JOIN" not in found[0]
