"""Enrolling learners and following their candidate category over time."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ndrc.learners import services
from ndrc.learners.models import Learner
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return factories.cohort(factories.centre(), start=date(2025, 9, 1), session=2027)


def test_a_birth_date_in_the_future_is_rejected_and_nothing_is_created(cohort):
    with pytest.raises(ValidationError) as error:
        factories.learner(cohort, birth_date=date(2026, 9, 2), on=date(2026, 9, 1))
    assert "futur" in error.value.message_dict["birth_date"][0]
    assert not Learner.objects.exists()


def test_a_minor_needs_a_legal_guardian(cohort):
    with pytest.raises(ValidationError) as error:
        factories.learner(cohort, birth_date=date(2009, 3, 14), on=date(2026, 9, 1))
    assert "représentant légal" in error.value.message_dict["guardian_name"][0]
    alice = factories.learner(
        cohort, birth_date=date(2009, 3, 14), on=date(2026, 9, 1), guardian_name="C. Dupont"
    )
    assert alice.is_minor_on(date(2027, 3, 13))
    assert not alice.is_minor_on(date(2027, 3, 14))


def test_two_learners_cannot_share_an_ine(cohort):
    factories.learner(cohort, ine="123456789AB")
    with pytest.raises(ValidationError, match="INE existe déjà"):
        factories.learner(cohort, first_name="Tom", ine="123456789ab")
    assert Learner.objects.count() == 1


def test_an_invalid_ine_or_phone_is_named_in_the_error(cohort):
    with pytest.raises(ValidationError) as error:
        factories.learner(cohort, ine="12345", phone="12")
    assert set(error.value.message_dict) == {"ine", "phone"}


def test_an_unknown_candidate_category_is_rejected(cohort):
    with pytest.raises(ValidationError) as error:
        factories.learner(cohort, category="alternant")
    assert "alternant" in error.value.message_dict["candidate_category"][0]
    assert not Learner.objects.exists()


def test_a_student_who_becomes_an_apprentice_in_january_has_two_dated_periods(cohort):
    inès = factories.learner(cohort, category="scolaire")
    services.change_category(
        learner=inès,
        category="apprenti_habilite",
        start=date(2026, 1, 5),
        by=factories.administrator(),
    )
    assert inès.category_on(date(2026, 1, 4)) == "scolaire"
    assert inès.category_on(date(2026, 1, 5)) == "apprenti_habilite"
    assert inès.current_category == "apprenti_habilite"
    periods = list(inès.category_periods.values_list("candidate_category", "start", "end"))
    assert periods == [
        ("scolaire", date(2025, 9, 1), date(2026, 1, 4)),
        ("apprenti_habilite", date(2026, 1, 5), None),
    ]


def test_a_new_category_cannot_start_before_the_current_one(cohort):
    learner = factories.learner(cohort)
    with pytest.raises(ValidationError) as error:
        services.change_category(
            learner=learner,
            category="apprenti_habilite",
            start=date(2025, 9, 1),
            by=factories.administrator(),
        )
    assert "01/09/2025" in error.value.message_dict["start"][0]
    assert learner.category_periods.count() == 1


def test_a_teacher_is_assigned_to_a_skill_block_of_the_framework(cohort):
    from ndrc.core.models import Role

    teacher = factories.person("prof", role=Role.TEACHER, training_centre=cohort.training_centre)
    assignment = services.assign_teacher(
        teacher=teacher, cohort=cohort, subject="BC02", by=factories.administrator()
    )
    assert assignment.subject == "BC02"
    with pytest.raises(ValidationError) as error:
        services.assign_teacher(
            teacher=teacher, cohort=cohort, subject="BC09", by=factories.administrator()
        )
    assert "BC09" in error.value.message_dict["subject"][0]


def test_only_a_teacher_of_the_centre_can_be_assigned(cohort):
    outsider = factories.person("visiteur")
    with pytest.raises(ValidationError, match="n'est pas enseignant"):
        services.assign_teacher(teacher=outsider, cohort=cohort, by=factories.administrator())


def test_a_cohort_knows_its_training_year(cohort):
    assert cohort.year_on(date(2025, 8, 31)) is None
    assert cohort.year_on(date(2025, 9, 1)) == 1
    assert cohort.year_on(date(2026, 9, 1)) == 2
    assert cohort.year_on(date(2027, 9, 1)) is None
