"""Two people edit the same contract or internship agreement (issue 10, hole 3): see
tests/core/test_edit_conflicts.py, whose scenario these follow."""

from django.urls import reverse

from ndrc.contracts.models import Contract, InternshipAgreement
from tests.core.test_edit_conflicts import conflict_then_knowing_save


def test_two_people_change_a_contracts_weekly_hours(alternance):
    contract = Contract.objects.filter(learner__cohort__training_centre=alternance.centre).first()
    url = reverse("contracts:contract_edit", args=[contract.pk])
    read = lambda: format(Contract.objects.get(pk=contract.pk).weekly_hours.normalize(), "f")  # noqa: E731
    conflict_then_knowing_save(
        url,
        "weekly_hours",
        "32",
        "30",
        read,
        extra={"confirm_warnings": "on"},
    )(alternance)


def test_two_people_change_a_clause_of_an_agreement(alternance):
    agreement = InternshipAgreement.objects.filter(
        learner__cohort__training_centre=alternance.centre
    ).first()
    code = sorted(agreement.clauses)[0]
    url = reverse("contracts:agreement_edit", args=[agreement.pk])
    read = lambda: InternshipAgreement.objects.get(pk=agreement.pk).clauses[code]  # noqa: E731
    conflict_then_knowing_save(
        url, f"clause_{code}", "Horaires : 9 h – 17 h.", "Horaires : 8 h – 16 h.", read
    )(alternance)
