"""Companies are keyed by a valid SIRET; their people supervise learners in a declared role."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.companies import services
from ndrc.companies.models import Company
from ndrc.companies.selectors import get_company_for, visible_companies, visible_contacts
from ndrc.core.selectors import history_of
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_company_with_an_invalid_siret_is_refused_and_not_created():
    with pytest.raises(ValidationError) as error:
        factories.company(siret="41234567000018")
    assert "SIRET" in error.value.message_dict["siret"][0]
    assert not Company.objects.exists()


def test_a_siret_written_with_spaces_is_stored_as_14_digits():
    assert factories.company(siret="412 345 670 00019").siret == "41234567000019"


def test_two_companies_cannot_share_a_siret():
    factories.company()
    with pytest.raises(ValidationError) as error:
        factories.company(name="Doublon")
    assert "siret" in error.value.message_dict
    assert Company.objects.count() == 1


@pytest.mark.parametrize("record", ["company", "learner"])
def test_a_siret_or_parcoursup_number_taken_at_the_same_moment_is_named(monkeypatch, record):
    """Issue 10, hole 9: two simultaneous creations both pass the check, the second write hits
    the database's unique index (an IntegrityError, a 500): the clash is named instead."""
    if record == "company":
        factories.company()
        make, field = (lambda: factories.company(name="Doublon")), "siret"
        model = Company
    else:
        cohort = factories.cohort(factories.centre())
        factories.learner(cohort, parcoursup_number="P123")
        make, field = (lambda: factories.learner(cohort, parcoursup_number="P123")), "__all__"
        model = cohort.learners.model
    count = model.objects.count()
    # The other creation is written between this one's check and its write.
    full_clean = model.full_clean
    monkeypatch.setattr(
        model,
        "full_clean",
        lambda self, exclude=None, **kwargs: full_clean(
            self, exclude, validate_unique=False, validate_constraints=False
        ),
    )
    with pytest.raises(ValidationError) as error:
        make()
    assert field in error.value.message_dict
    if record == "learner":
        assert error.value.message_dict[field] == [
            "Un apprenant avec ce numéro Parcoursup existe déjà."
        ]
    assert model.objects.count() == count


def test_a_contact_supervises_only_in_a_role_they_hold():
    cohort = factories.cohort(factories.centre())
    learner = factories.learner(cohort)
    tutor_only = factories.contact(factories.company(), master=False, tutor=True)
    with pytest.raises(ValidationError, match="maître d'apprentissage"):
        factories.supervision(learner, tutor_only, role="apprenticeship_master")
    assert not learner.supervisions.exists()


def test_a_supervision_cannot_end_before_it_starts():
    learner = factories.learner(factories.cohort(factories.centre()))
    supervision = factories.supervision(learner, factories.contact(factories.company()))
    with pytest.raises(ValidationError, match="précède son début"):
        services.end_supervision(
            supervision=supervision, end=date(2026, 8, 31), by=factories.administrator()
        )


def test_changing_a_company_is_audited_with_before_and_after():
    company = factories.company(headcount=12)
    services.update_company(
        company=company, changes={"headcount": 15}, by=factories.administrator()
    )
    entry = history_of(company).last()
    assert (entry.before, entry.after) == ({"headcount": 12}, {"headcount": 15})


def test_a_teacher_sees_the_company_directory_but_cannot_change_it():
    centre = factories.centre()
    from ndrc.core.models import Role

    teacher = factories.person("prof", role=Role.TEACHER, training_centre=centre)
    company = factories.company()
    assert get_company_for(teacher, company.pk) == company
    with pytest.raises(PermissionDenied):
        services.update_company(company=company, changes={"headcount": 3}, by=teacher)


def test_a_tutor_sees_their_company_and_colleagues_only():
    from ndrc.core.models import Role

    tutor = factories.person(
        "tuteur", role=Role.INTERNSHIP_TUTOR, training_centre=factories.centre()
    )
    mine = factories.company()
    other = factories.company(name="Optique Bellecour", siret="52298765000010")
    factories.contact(mine, user=tutor)
    factories.contact(mine, first_name="Julie", last_name="Fabre")
    factories.contact(other, first_name="Élise", last_name="Chevalier")
    assert list(visible_companies(tutor)) == [mine]
    assert sorted(c.last_name for c in visible_contacts(tutor)) == ["Dubois", "Fabre"]
