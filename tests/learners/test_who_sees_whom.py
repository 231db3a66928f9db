"""Who sees which learner, and which part of their record, in the demo population."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ndrc.companies import services as company_services
from ndrc.companies.selectors import visible_companies, visible_supervisions
from ndrc.core.permissions import Action, can
from ndrc.learners import services as learner_services
from ndrc.learners.selectors import get_learner_for, visible_cohorts, visible_learners

ON = date(2026, 10, 1)


def names(queryset):
    return sorted(learner.last_name for learner in queryset)


def test_a_learner_sees_only_their_own_record(demo):
    lucas = demo.users["apprenant"]
    assert names(visible_learners(lucas, on=ON)) == ["Bernard"]
    assert get_learner_for(lucas, demo.learners["bernard"].pk, on=ON) == demo.learners["bernard"]


def test_a_learner_asking_for_another_learner_gets_not_found(demo):
    with pytest.raises(Http404):
        get_learner_for(demo.users["apprenant"], demo.learners["petit"].pk, on=ON)


def test_a_learner_sees_no_cohort_list(demo):
    assert not visible_cohorts(demo.users["apprenant"]).exists()


def test_a_learner_cannot_change_their_own_record(demo):
    with pytest.raises(PermissionDenied):
        get_learner_for(demo.users["apprenant"], demo.learners["bernard"].pk, Action.CHANGE, on=ON)


def test_an_apprenticeship_master_sees_only_their_apprentices(demo):
    assert names(visible_learners(demo.users["maitre"], on=ON)) == ["André", "Bernard", "Petit"]


def test_an_apprenticeship_master_never_sees_someone_elses_apprentice(demo):
    # Hugo Robert is Antoine Perrin's apprentice, not Sophie Laurent's.
    with pytest.raises(Http404):
        get_learner_for(demo.users["maitre"], demo.learners["robert"].pk, on=ON)


def test_an_internship_tutor_sees_only_their_interns(demo):
    assert names(visible_learners(demo.users["tuteur"], on=ON)) == ["Durand", "Leroy", "Morel"]


def test_a_tutor_sees_the_company_side_only(demo):
    maitre, bernard = demo.users["maitre"], demo.learners["bernard"]
    assert can(maitre, Action.VIEW, bernard)
    assert can(maitre, Action.VIEW_GUARDIAN, bernard)
    for action in (
        Action.VIEW_GRADES,
        Action.VIEW_ACCOMMODATION,
        Action.VIEW_IDENTIFIERS,
        Action.VIEW_HISTORY,
        Action.CHANGE,
    ):
        assert not can(maitre, action, bernard), action
    with pytest.raises(PermissionDenied):
        get_learner_for(maitre, bernard.pk, Action.VIEW_GRADES, on=ON)


def test_a_tutor_loses_access_the_day_after_the_supervision_ends(demo):
    durand = demo.learners["durand"]
    supervision = durand.supervisions.get(contact=demo.contacts["dubois"])
    company_services.end_supervision(
        supervision=supervision, end=date(2026, 10, 31), by=demo.users["responsable"]
    )
    tuteur = demo.users["tuteur"]
    assert "Durand" in names(visible_learners(tuteur, on=date(2026, 10, 31)))
    assert "Durand" not in names(visible_learners(tuteur, on=date(2026, 11, 1)))


def test_a_teacher_sees_only_the_learners_of_their_cohorts(demo):
    enseignant = demo.users["enseignant"]
    seen = visible_learners(enseignant, on=ON)
    assert seen.count() == 15
    assert {learner.cohort for learner in seen} == {demo.second_year}
    assert list(visible_cohorts(enseignant)) == [demo.second_year]
    with pytest.raises(Http404):
        get_learner_for(enseignant, demo.learners["dupont"].pk, on=ON)


def test_a_teacher_sees_an_accommodation_but_cannot_change_a_record(demo):
    enseignant, michel = demo.users["enseignant"], demo.learners["michel"]
    assert can(enseignant, Action.VIEW_ACCOMMODATION, michel)
    assert can(enseignant, Action.VIEW_GRADES, michel)
    assert not can(enseignant, Action.VIEW_IDENTIFIERS, michel)
    with pytest.raises(PermissionDenied):
        learner_services.update_learner(
            learner=michel, changes={"email": "x@example.fr"}, on=ON, by=enseignant
        )


def test_the_exam_office_reads_everything_of_its_centre_and_changes_nothing(demo):
    examens = demo.users["examens"]
    assert visible_learners(examens, on=ON).count() == 30
    michel = demo.learners["michel"]
    for action in (Action.VIEW_ACCOMMODATION, Action.VIEW_IDENTIFIERS, Action.VIEW_HISTORY):
        assert can(examens, action, michel)
    with pytest.raises(PermissionDenied):
        learner_services.change_category(
            learner=michel, category="apprenti_habilite", start=ON, by=examens
        )
    assert michel.category_periods.count() == 1


def test_the_training_manager_sees_and_changes_every_learner_of_the_centre(demo):
    responsable = demo.users["responsable"]
    assert visible_learners(responsable, on=ON).count() == 30
    learner_services.update_learner(
        learner=demo.learners["dupont"],
        changes={"email": "alice.dupont@example.fr"},
        on=ON,
        by=responsable,
    )
    demo.learners["dupont"].refresh_from_db()
    assert demo.learners["dupont"].email == "alice.dupont@example.fr"


def test_a_manager_of_another_centre_sees_nothing_of_this_one(demo):
    from tests import factories

    other = factories.centre(name="CFA Autre", uai="0750654D")
    stranger = factories.manager_of(other, username="autre")
    assert not visible_learners(stranger, on=ON).exists()
    with pytest.raises(Http404):
        get_learner_for(stranger, demo.learners["bernard"].pk, on=ON)
    with pytest.raises(PermissionDenied):
        learner_services.create_learner(
            cohort=demo.first_year,
            first_name="Intrus",
            last_name="Test",
            birth_date=date(2006, 1, 1),
            category="scolaire",
            category_start=ON,
            on=ON,
            by=stranger,
        )


def test_the_administrator_sees_everyone(demo):
    assert visible_learners(demo.users["admin"], on=ON).count() == 30


def test_a_tutor_sees_their_own_company_and_the_supervisions_of_their_interns(demo):
    tuteur = demo.users["tuteur"]
    assert list(visible_companies(tuteur)) == [demo.companies["optique"]]
    assert {s.learner.last_name for s in visible_supervisions(tuteur)} == {
        "Durand",
        "Leroy",
        "Morel",
    }


def test_an_anonymous_visitor_sees_nothing(demo):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_learners(AnonymousUser(), on=ON).exists()
    assert not visible_companies(AnonymousUser()).exists()
