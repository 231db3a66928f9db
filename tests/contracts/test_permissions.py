"""Who sees which contracts and internship agreements (404 out of reach, 403 forbidden)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ndrc.contracts import selectors
from ndrc.contracts.models import Contract, InternshipAgreement
from ndrc.core.permissions import can

pytestmark = pytest.mark.django_db


def _learners(queryset):
    return {record.learner.last_name for record in queryset}


def test_a_tutor_sees_the_agreements_of_their_interns_only(alternance):
    tutor = alternance.users["tuteur"]  # Marc Dubois, Optique Bellecour
    assert _learners(selectors.visible_agreements(tutor)) == {"Durand", "Leroy", "Garcia", "Morel"}
    # Nathan Durand's second internship is with another tutor at another host.
    other = InternshipAgreement.objects.get(
        learner=alternance.learners["durand"], host__name="Mutuelle des Monts du Lyonnais"
    )
    with pytest.raises(Http404):
        selectors.get_agreement_for(tutor, other.pk)
    assert not selectors.visible_contracts(tutor).exists()


def test_a_tutor_reads_but_does_not_change_an_agreement(alternance):
    tutor = alternance.users["tuteur"]
    own = InternshipAgreement.objects.get(learner=alternance.learners["leroy"])
    assert selectors.get_agreement_for(tutor, own.pk) == own
    with pytest.raises(PermissionDenied):
        selectors.get_agreement_for(tutor, own.pk, "change")


def test_a_learner_sees_their_own_contract_and_nobody_elses(alternance):
    lucas = alternance.users["apprenant"]
    assert _learners(selectors.visible_contracts(lucas)) == {"Bernard"}
    assert not selectors.visible_agreements(lucas).exists()
    other = Contract.objects.get(learner=alternance.learners["petit"])
    assert not can(lucas, "view", other)


def test_the_apprenticeship_master_sees_the_contracts_she_is_named_in(alternance):
    master = alternance.users["maitre"]  # Sophie Laurent
    assert _learners(selectors.visible_contracts(master)) == {"Bernard", "Petit", "André"}


def test_the_manager_creates_and_changes_the_teacher_and_exam_office_only_read(alternance):
    contract = Contract.objects.get(learner=alternance.learners["bernard"])
    assert can(alternance.users["responsable"], "change", contract)
    assert can(alternance.users["enseignant"], "view", contract)  # 2nd-year teacher
    assert not can(alternance.users["enseignant"], "change", contract)
    assert can(alternance.users["examens"], "view", contract)
    assert not can(alternance.users["examens"], "delete", contract)
    assert not can(alternance.users["enseignante"], "view", contract)  # 1st-year teacher


def test_an_erased_learner_contract_is_out_of_reach(alternance):
    learner = alternance.learners["bernard"]
    learner.erased_on = date(2026, 9, 2)
    learner.save(update_fields=["erased_on"])
    assert (
        not selectors.visible_contracts(alternance.users["responsable"])
        .filter(learner=learner)
        .exists()
    )


def test_a_contract_found_for_the_manager_stays_out_of_a_teachers_reach(alternance):
    # The manager's page found it among those she sees: that says nothing of another reader.
    found = Contract.objects.get(learner=alternance.learners["bernard"])
    contract = selectors.get_contract_for(alternance.users["responsable"], found.pk)
    assert not can(alternance.users["enseignante"], "view", contract)  # 1st-year teacher
    assert can(alternance.users["enseignant"], "view", contract)


def test_one_learners_records_are_those_each_reader_sees_among_all(alternance):
    # Given the learner (the record's page), a reader sees of their contracts and agreements
    # what they see among all: every one as the centre's staff or the learner themselves (no
    # condition asked), a master's or tutor's own, a teacher's of their cohorts, nobody else's.
    for user in alternance.users.values():
        for learner in alternance.learners.values():
            for visible in (selectors.visible_contracts, selectors.visible_agreements):
                among_all = set(visible(user).filter(learner=learner))
                assert set(visible(user, learner=learner)) == among_all, (user, learner)
