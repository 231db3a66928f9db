"""CCF situations through the services: who grades, the grid, the grade, the audit, the purge."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from ndrc.assessments import services
from ndrc.assessments.models import AssessmentSituation, CriterionRating, Level, Status
from ndrc.assessments.selectors import grid_of
from ndrc.core.models import AuditEntry


def _entries(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def _rate_all(situation, by, competences=None):
    for row in grid_of(situation):
        if (competences is None and row.assessed) or (
            competences and row.competence in competences
        ):
            services.rate_criterion(
                situation=situation, criterion=row.code, level=Level.SATISFACTORY, by=by
            )


def test_the_apprenticeship_master_sits_in_the_e4_commission_but_is_not_responsible(ccf):
    situation = ccf.situations[("bernard", "E4", "A")]
    standing = {m.user.username: m.responsible for m in situation.commission_members.all()}
    assert standing == {"enseignant": True, "maitre": False}


def test_a_tutor_in_the_commission_cannot_rate_the_grid_nor_propose_a_grade(ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    row = next(r for r in grid_of(situation) if r.competence == "BC01-C4")
    with pytest.raises(PermissionDenied):
        services.rate_criterion(
            situation=situation,
            criterion=row.code,
            level=Level.SATISFACTORY,
            by=ccf.users["tuteur"],
        )
    with pytest.raises(PermissionDenied):
        services.propose_grade(situation=situation, grade="12", by=ccf.users["maitre"])


def test_only_commission_members_enter_grades_not_even_the_manager_or_the_administrator(ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    _rate_all(situation, ccf.users["enseignant"], competences={"BC01-C4"})
    for login in ("responsable", "admin", "enseignante", "examens", "apprenant"):
        with pytest.raises(PermissionDenied):
            services.propose_grade(situation=situation, grade="12", by=ccf.users[login])
    situation.refresh_from_db()
    assert situation.grade is None


def test_the_tutor_cannot_be_added_to_the_e6_commission(ccf):
    situation = ccf.situations[("bernard", "E6", "A")]
    with pytest.raises(ValidationError) as error:
        services.add_member(
            situation=situation, user=ccf.users["maitre"], by=ccf.users["responsable"]
        )
    assert "le texte n'y prévoit pas de professionnel" in str(error.value)
    assert not situation.commission_members.filter(user=ccf.users["maitre"]).exists()


def test_a_tutor_of_another_learner_cannot_sit(ccf):
    situation = ccf.situations[("durand", "E4", "A")]  # supervised by the tutor, not the master
    with pytest.raises(ValidationError) as error:
        services.add_member(
            situation=situation, user=ccf.users["maitre"], by=ccf.users["responsable"]
        )
    assert "impliqués dans la formation du candidat" in str(error.value)


def test_a_grade_of_21_is_refused_with_a_french_message(ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    teacher = ccf.users["enseignant"]
    _rate_all(situation, teacher, competences={"BC01-C4"})
    with pytest.raises(ValidationError) as error:
        services.propose_grade(situation=situation, grade="21", by=teacher)
    assert error.value.message_dict == {
        "grade": ["La note 21 n'est pas comprise entre 0 et 20 (les notes sont sur 20)."]
    }
    situation.refresh_from_db()
    assert (situation.grade, situation.status) == (None, Status.HELD)


def test_no_grade_before_the_grid_is_complete(ccf):
    situation = ccf.situations[("durand", "E4", "A")]  # C1 rated, C4 not
    with pytest.raises(ValidationError) as error:
        services.propose_grade(situation=situation, grade="12", by=ccf.users["enseignant"])
    assert "Grille incomplète : 3 critère(s) à évaluer" in error.value.message_dict["grade"][0]
    _rate_all(situation, ccf.users["enseignant"], competences={"BC01-C4"})
    services.propose_grade(situation=situation, grade="12,5", by=ccf.users["enseignant"])
    situation.refresh_from_db()
    assert (situation.grade, situation.status) == (Decimal("12.5"), Status.GRADE_PROPOSED)


def test_e6_situation_a_has_no_grid_the_grade_goes_on_situation_b(ccf):
    situation = ccf.situations[("bernard", "E6", "A")]
    teacher = ccf.users["enseignant"]
    services.mark_held(situation=situation, by=teacher)
    with pytest.raises(ValidationError) as error:
        services.propose_grade(situation=situation, grade="12", by=teacher)
    assert "situation B" in str(error.value)


def test_e6_cannot_be_planned_in_the_first_year(ccf):
    with pytest.raises(ValidationError) as error:
        services.plan_situation(
            learner=ccf.learners["morel"],
            exam="E6",
            situation="A",
            date=date(2027, 3, 1),
            by=ccf.users["responsable"],
        )
    assert "année terminale" in error.value.message_dict["date"][0]


def test_the_grade_and_its_confirmation_are_audited_with_before_and_after(ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    teacher = ccf.users["enseignant"]
    _rate_all(situation, teacher, competences={"BC01-C4"})
    rating = CriterionRating.objects.get(situation=situation, criterion="BC01-C1-S1-PC1")
    services.rate_criterion(
        situation=situation, criterion=rating.criterion, level=Level.SATISFACTORY, by=teacher
    )
    services.propose_grade(situation=situation, grade="11", by=teacher)
    services.propose_grade(situation=situation, grade="12", by=teacher)
    services.confirm_grade(
        situation=situation, seen=services.proposal_version(situation), by=teacher
    )
    changes = [(e.actor, e.before, e.after) for e in _entries(situation) if e.action == "update"]
    grades = [(b.get("grade"), a.get("grade")) for _actor, b, a in changes if "grade" in a]
    assert grades == [(None, "11.00"), ("11.00", "12.00")]
    assert changes[-1][1]["status"] == "grade_proposed"
    assert changes[-1][2]["status"] == "grade_confirmed"
    assert {actor for actor, _b, _a in changes} == {teacher}
    assert [(e.before, e.after) for e in _entries(rating)] == [
        (None, _entries(rating).first().after),
        ({"level": "insufficient"}, {"level": "satisfactory"}),
    ]


def test_a_confirmed_grade_is_frozen(ccf):
    situation = ccf.situations[("bernard", "E4", "A")]
    teacher = ccf.users["enseignant"]
    with pytest.raises(ValidationError):
        services.propose_grade(situation=situation, grade="18", by=teacher)
    row = next(r for r in grid_of(situation) if r.assessed)
    with pytest.raises(ValidationError):
        services.rate_criterion(
            situation=situation, criterion=row.code, level=Level.INSUFFICIENT, by=teacher
        )
    situation.refresh_from_db()
    assert situation.grade == Decimal("14.5")


def test_planning_for_a_cohort_skips_who_is_already_planned(ccf):
    plan = services.plan_for_cohort(
        cohort=ccf.second_year,
        exam="E4",
        situation="A",
        date=date(2027, 1, 19),
        members=[ccf.users["enseignant"]],
        by=ccf.users["enseignant"],
    )
    skipped = {learner.last_name: why for learner, why in plan.skipped}
    assert skipped == {"Bernard": "déjà prévue", "Durand": "déjà prévue", "Petit": "déjà prévue"}
    assert len(plan.created) == 12
    assert all(s.commission_members.get().responsible for s in plan.created)


def test_a_first_year_teacher_of_another_subject_cannot_plan_e4(ccf):
    with pytest.raises(PermissionDenied):
        services.plan_for_cohort(
            cohort=ccf.first_year,
            exam="E4",
            situation="A",
            date=date(2027, 1, 19),
            by=ccf.users["enseignante"],
        )


def test_the_evaluation_file_is_purged_one_year_after_the_session_and_the_grade_stays(ccf):
    situation = ccf.situations[("bernard", "E4", "A")]
    services.add_document(
        situation=situation,
        title="Compte rendu de l'entreprise",
        file=_upload(),
        by=ccf.users["enseignant"],
    )
    services.grid_document(situation=situation, by=ccf.users["enseignant"])
    # Session 2027: kept until 31/12/2028 inclusive.
    call_command("purge-evaluation-files", "--on", "2028-12-31")
    situation.refresh_from_db()
    assert situation.file_purged_on is None and situation.ratings.count() > 0
    call_command("purge-evaluation-files", "--on", "2029-01-01")
    situation.refresh_from_db()
    assert situation.file_purged_on == date(2029, 1, 1)
    assert situation.ratings.count() == 0 and situation.documents.count() == 0
    assert situation.observations == ""
    assert situation.grade == Decimal("14.5") and situation.status == Status.GRADE_CONFIRMED
    from ndrc.documents.models import GeneratedDocument

    assert not GeneratedDocument.objects.filter(subject_id=str(situation.pk)).exists()
    assert _entries(situation).last().after == {"file_purged_on": "2029-01-01", "observations": ""}
    # The first-year cohort (session 2028) is not touched.
    assert not AssessmentSituation.objects.filter(
        learner__cohort=ccf.first_year, file_purged_on__isnull=False
    ).exists()


def test_the_purge_command_refuses_a_malformed_date(ccf):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="n'est pas une date"):
        call_command("purge-evaluation-files", "--on", "01/01/2029")


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "compte-rendu.pdf", b"%PDF-1.4 Bon travail.", content_type="application/pdf"
    )
