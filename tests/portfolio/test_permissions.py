"""Who may write, review, attest and read activity sheets."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ndrc.core.models import AuditAction, AuditEntry
from ndrc.portfolio import services
from ndrc.portfolio.models import ActivitySheet, SheetStatus
from tests.forms import form_data

ON = date(2026, 9, 14)


def sheet_of(population, key, title_start):
    return ActivitySheet.objects.get(
        learner=population.learners[key], title__startswith=title_start
    )


def test_a_learner_writes_tags_and_submits_their_own_sheet(portfolio):
    apprentice = portfolio.users["apprenant"]
    sheet = services.create_sheet(
        learner=portfolio.learners["bernard"],
        exam="E6",
        title="Animation du réseau de partenaires caves",
        start=date(2026, 9, 7),
        company=portfolio.companies["rhone"],
        network_type="partners",
        by=apprentice,
    )
    services.set_tags(sheet=sheet, tags={"BC03-C2-S1-PC1": "performed"}, by=apprentice)
    services.update_sheet(
        sheet=sheet,
        changes={
            "context": "c",
            "diagnosis": "d",
            "actions": "a",
            "methods": "m",
            "results": "r",
            "recommendations": "p",
        },
        by=apprentice,
    )
    services.submit_sheet(sheet=sheet, on=ON, by=apprentice)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert list(sheet.tags.values_list("criterion", "evidence")) == [
        ("BC03-C2-S1-PC1", "performed")
    ]


def test_a_learner_cannot_write_in_another_learners_portfolio(portfolio):
    apprentice = portfolio.users["apprenant"]
    with pytest.raises(Http404):
        services.create_sheet(
            learner=portfolio.learners["durand"],
            exam="E4",
            title="Pas la mienne",
            start=ON,
            by=apprentice,
        )
    leroy_draft = sheet_of(portfolio, "leroy", "Prospection")
    with pytest.raises(Http404):
        services.update_sheet(sheet=leroy_draft, changes={"title": "x"}, by=apprentice)


def test_a_learner_cannot_change_a_sheet_once_submitted(portfolio):
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    with pytest.raises(PermissionDenied):
        services.update_sheet(
            sheet=submitted, changes={"title": "Autre"}, by=portfolio.users["apprenant"]
        )


def test_a_sheet_cannot_be_submitted_with_empty_headings(portfolio):
    apprentice = portfolio.users["apprenant"]
    sheet = services.create_sheet(
        learner=portfolio.learners["bernard"],
        exam="E4",
        title="Brouillon",
        start=ON,
        by=apprentice,
    )
    with pytest.raises(ValidationError, match="rubriques à renseigner avant de la soumettre"):
        services.submit_sheet(sheet=sheet, on=ON, by=apprentice)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT


def test_the_bloc_teacher_validates_and_a_teacher_of_another_cohort_sees_nothing(portfolio):
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    with pytest.raises(Http404):
        services.validate_sheet(sheet=submitted, on=ON, by=portfolio.users["enseignante"])
    services.validate_sheet(sheet=submitted, on=ON, by=portfolio.users["enseignant"])
    submitted.refresh_from_db()
    assert (submitted.status, submitted.validated_on) == (SheetStatus.VALIDATED, ON)


def test_returning_a_sheet_needs_a_comment_and_lets_the_learner_rework_it(portfolio):
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    teacher = portfolio.users["enseignant"]
    with pytest.raises(ValidationError, match="reprendre"):
        services.return_sheet(sheet=submitted, comment="  ", by=teacher)
    services.return_sheet(sheet=submitted, comment="Chiffrez le budget.", by=teacher)
    services.update_sheet(
        sheet=submitted, changes={"title": "Dégustation (budget)"}, by=portfolio.users["apprenant"]
    )
    assert submitted.comments.get().text == "Chiffrez le budget."


def test_the_exam_office_reads_but_does_not_review(portfolio):
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    with pytest.raises(PermissionDenied):
        services.validate_sheet(sheet=submitted, on=ON, by=portfolio.users["examens"])


def test_the_master_attests_her_apprentices_activity_and_not_a_draft(portfolio):
    master = portfolio.users["maitre"]
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    services.attest_sheet(sheet=submitted, on=ON, by=master)
    submitted.refresh_from_db()
    assert submitted.attested_by == portfolio.contacts["laurent"]
    assert submitted.attested_on == ON

    draft = services.create_sheet(
        learner=portfolio.learners["bernard"],
        exam="E4",
        title="Brouillon",
        start=ON,
        company=portfolio.companies["rhone"],
        by=portfolio.users["apprenant"],
    )
    with pytest.raises(PermissionDenied):
        services.attest_sheet(sheet=draft, on=ON, by=master)


def test_a_tutor_neither_sees_nor_attests_another_companys_learners(portfolio):
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    with pytest.raises(Http404):
        services.attest_sheet(sheet=submitted, on=ON, by=portfolio.users["tuteur"])


def test_a_master_does_not_see_her_apprentices_activity_in_another_company(portfolio):
    apprentice = portfolio.users["apprenant"]
    elsewhere = services.create_sheet(
        learner=portfolio.learners["bernard"],
        exam="E4",
        title="Stage d'observation chez un opticien",
        start=ON,
        company=portfolio.companies["optique"],
        by=apprentice,
    )
    from ndrc.portfolio.selectors import visible_sheets

    seen = set(visible_sheets(portfolio.users["maitre"]).values_list("title", flat=True))
    assert "Stage d'observation chez un opticien" not in seen
    assert "Dégustation des nouveautés de printemps en magasin" in seen
    with pytest.raises(Http404):
        services.attest_sheet(sheet=elsewhere, on=ON, by=portfolio.users["maitre"])


def test_changing_an_attested_sheet_withdraws_the_attestation(portfolio):
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    services.attest_sheet(sheet=submitted, on=ON, by=portfolio.users["maitre"])
    services.return_sheet(sheet=submitted, comment="Précisez.", by=portfolio.users["enseignant"])
    services.update_sheet(
        sheet=submitted, changes={"results": "120 visiteurs"}, by=portfolio.users["apprenant"]
    )
    submitted.refresh_from_db()
    assert not submitted.is_attested


def test_changing_an_attested_sheet_on_its_page_withdraws_the_attestation(portfolio, client_of):
    # The page sets the posted values on the sheet before the service reads its "before":
    # the service must compare with the stored sheet, or the change goes unseen.
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    services.attest_sheet(sheet=submitted, on=ON, by=portfolio.users["maitre"])
    services.return_sheet(sheet=submitted, comment="Précisez.", by=portfolio.users["enseignant"])
    url = f"/portfolio/fiches/{submitted.pk}/modifier/"
    learner = client_of(portfolio.users["apprenant"])
    data = form_data(learner.get(url).text, having="context")
    assert learner.post(url, {**data, "context": "Magasin de Caluire"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.context == "Magasin de Caluire"
    assert not submitted.is_attested
    # The journal holds the change of text, before and after.
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ActivitySheet),
        object_id=str(submitted.pk),
        action=AuditAction.UPDATE,
    )
    assert any(
        e.after["context"] == "Magasin de Caluire"
        and e.before.get("context") != "Magasin de Caluire"
        for e in entries
        if e.before and e.after and "context" in e.after
    )


def test_pages_answer_404_out_of_reach_and_403_when_the_role_forbids(portfolio, client_of):
    submitted = sheet_of(portfolio, "bernard", "Dégustation")
    leroy_draft = sheet_of(portfolio, "leroy", "Prospection")
    learner_client = client_of(portfolio.users["apprenant"])
    assert learner_client.get(f"/portfolio/fiches/{leroy_draft.pk}/modifier/").status_code == 404
    assert learner_client.get(f"/portfolio/fiches/{submitted.pk}/modifier/").status_code == 403
    tutor = client_of(portfolio.users["tuteur"])
    assert tutor.post(f"/portfolio/fiches/{submitted.pk}/attester/").status_code == 404
    teacher = client_of(portfolio.users["enseignant"])
    assert teacher.post(f"/portfolio/fiches/{submitted.pk}/attester/").status_code == 403


def test_the_tutor_attests_through_the_page(portfolio, client_of):
    durand_event = sheet_of(portfolio, "durand", "Semaine du dépistage")
    tutor = client_of(portfolio.users["tuteur"])
    assert "Semaine du dépistage" in tutor.get("/portfolio/").content.decode()
    response = tutor.post(f"/portfolio/fiches/{durand_event.pk}/attester/")
    assert response.status_code == 302
    durand_event.refresh_from_db()
    assert durand_event.attested_by == portfolio.contacts["dubois"]


def test_nobody_submits_a_validated_sheet_again_not_even_an_administrator(portfolio):
    """Issue 10, hole 11: an administrator re-submitting a validated sheet reset its review."""
    validated = sheet_of(portfolio, "bernard", "Référencement")
    assert validated.status == SheetStatus.VALIDATED
    with pytest.raises(ValidationError) as refused:
        services.submit_sheet(sheet=validated, on=ON, by=portfolio.users["admin"])
    assert refused.value.messages == [
        "Seule une fiche en brouillon ou à reprendre peut être soumise (celle-ci : validée)."
    ]
    validated.refresh_from_db()
    assert (validated.status, validated.validated_on) == (SheetStatus.VALIDATED, date(2026, 4, 20))
