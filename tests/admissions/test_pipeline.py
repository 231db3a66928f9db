"""The training manager moves applications through the centre's stages; every move says who and
when, the centre's names and e-mails apply, and the guarded stages have their own actions."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ndrc.admissions import selectors, services
from ndrc.admissions.models import EmailStep, Outcome, Stage, StageMove
from ndrc.core.models import AuditEntry
from ndrc.jobs.models import Job, State
from tests.admissions.conftest import ON, at


def test_a_move_records_who_and_when_and_is_audited(applicant, manager):
    application = applicant()
    move = services.move_application(
        application=application,
        stage=Stage.INTERVIEW,
        by=manager,
        now=at(date(2026, 6, 20), 15),
        reason="Dossier complet",
    )
    assert (move.from_stage, move.to_stage, move.by, move.reason) == (
        "received",
        "interview",
        manager,
        "Dossier complet",
    )
    assert move.at == at(date(2026, 6, 20), 15)
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    assert AuditEntry.objects.filter(object_id=str(application.pk), action="update").exists()


def test_the_guarded_stages_have_their_own_actions(applicant, manager):
    application = applicant()
    for stage in (Stage.COMPANY_FOUND, Stage.CONTRACT_SIGNED, Stage.ENROLLED):
        with pytest.raises(ValidationError):
            services.move_application(application=application, stage=stage, by=manager, now=at(ON))
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED


def test_closing_needs_a_reason_and_can_happen_at_any_stage_then_reopen(applicant, manager):
    application = applicant()
    services.move_application(
        application=application, stage=Stage.INTERVIEW, by=manager, now=at(ON)
    )
    with pytest.raises(ValidationError, match="motif"):
        services.close_application(
            application=application, outcome=Outcome.REFUSED, reason=" ", by=manager, now=at(ON)
        )
    services.close_application(
        application=application,
        outcome=Outcome.REFUSED,
        reason="Prérequis non atteints",
        by=manager,
        now=at(ON),
    )
    application.refresh_from_db()
    assert application.outcome == Outcome.REFUSED and application.stage == Stage.INTERVIEW
    with pytest.raises(ValidationError, match="close"):
        services.move_application(
            application=application, stage=Stage.ACCEPTED, by=manager, now=at(ON)
        )
    services.reopen_application(application=application, by=manager, now=at(ON))
    application.refresh_from_db()
    assert application.outcome == Outcome.ACTIVE


def test_a_default_stage_name_reads_in_english_a_renamed_one_as_typed(
    applicant, manager, centre, manager_client
):
    from django.utils import translation

    from tests.dashboard.test_english import english, visible_text

    applicant()
    # The centre turns the interview's e-mail on, keeping the name the page offers (French),
    # and renames the positioning.
    with translation.override("en"):  # whoever saves it, in whichever language
        offered = selectors.stage_settings(centre.pk)[EmailStep.INTERVIEW]
    services.save_stage_setting(
        training_centre=centre,
        step=EmailStep.INTERVIEW,
        label=offered.label,
        send_email=True,
        email_subject="Entretien — {formation}",
        email_body="Bonjour {prenom}, à bientôt.",
        by=manager,
    )
    services.save_stage_setting(
        training_centre=centre,
        step=EmailStep.POSITIONING,
        label="Tests de positionnement",
        send_email=False,
        email_subject="",
        email_body="",
        by=manager,
    )
    assert selectors.stage_labels([centre.pk])[Stage.INTERVIEW] == "Entretien"
    page = visible_text(english(manager_client).get(reverse("admissions:board")))
    assert "Interview" in page and "Tests de positionnement" in page
    assert "Entretien" not in page


def test_the_centre_renames_a_stage_and_chooses_its_email(
    applicant, manager, centre, django_capture_on_commit_callbacks
):
    services.save_stage_setting(
        training_centre=centre,
        step=EmailStep.INTERVIEW,
        label="Entretien de motivation",
        send_email=True,
        email_subject="Entretien — {formation}",
        email_body="Bonjour {prenom} {nom}, vous êtes invité(e) à l'étape « {etape} ».",
        by=manager,
    )
    application = applicant()
    with django_capture_on_commit_callbacks(execute=True):
        services.move_application(
            application=application, stage=Stage.INTERVIEW, by=manager, now=at(ON)
        )
    [message] = mail.outbox
    assert message.subject == "Entretien — BTS NDRC en apprentissage"
    assert message.body == (
        "Bonjour Maëlle Fontaine, vous êtes invité(e) à l'étape « Entretien de motivation »."
    )
    assert selectors.stage_labels([centre.pk])[Stage.INTERVIEW] == "Entretien de motivation"
    # A stage whose e-mail is off writes to no one.
    with django_capture_on_commit_callbacks(execute=True):
        services.move_application(
            application=application, stage=Stage.POSITIONING, by=manager, now=at(ON)
        )
    assert len(mail.outbox) == 1


def test_a_template_with_an_unknown_placeholder_is_refused(centre, manager):
    with pytest.raises(ValidationError) as error:
        services.save_stage_setting(
            training_centre=centre,
            step=EmailStep.ACCEPTED,
            label="Admis",
            send_email=True,
            email_subject="Admission",
            email_body="Bonjour {prénom}",
            by=manager,
        )
    assert "Champ inconnu" in str(error.value)


def test_the_board_moves_several_applications_and_reports_the_refused_ones(
    manager_client, applicant, manager
):
    first = applicant()
    second = applicant(first_name="Moussa", last_name="Ndiaye", email="moussa@example.fr")
    services.move_application(application=second, stage=Stage.ACCEPTED, by=manager, now=at(ON))
    response = manager_client.post(
        reverse("admissions:board"),
        {"applications": [first.pk, second.pk], "stage": Stage.ACCEPTED},
        follow=True,
    )
    first.refresh_from_db()
    assert first.stage == Stage.ACCEPTED
    page = response.content.decode()
    assert "1 candidature(s) déplacée(s)" in page
    assert "Moussa Ndiaye : La candidature est déjà à cette étape." in page.replace("&#x27;", "'")


def test_a_board_move_of_many_applications_runs_as_a_job_whose_page_gives_the_outcome(
    manager_client, applicant, manager, centre, django_capture_on_commit_callbacks
):
    count = services.MOVES_IN_A_REQUEST + 1
    chosen = [
        applicant(first_name=f"Candidat{n:02}", email=f"c{n}@example.fr") for n in range(count)
    ]
    services.move_application(application=chosen[0], stage=Stage.ACCEPTED, by=manager, now=at(ON))
    mail.outbox.clear()
    board = reverse("admissions:board")
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            board,
            {"applications": [a.pk for a in chosen], "stage": Stage.ACCEPTED, "reason": "Jury"},
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.state == State.DONE and job.training_centre == centre
    assert (job.done, job.total) == (count, count)
    # Each moved with the note, each e-mailed once the job committed (the "accepted" e-mail is on).
    moved = StageMove.objects.filter(to_stage=Stage.ACCEPTED, reason="Jury")
    assert moved.count() == count - 1 and len(mail.outbox) == count - 1
    page = manager_client.get(job.get_absolute_url()).content.decode().replace("&#x27;", "'")
    assert f"{count - 1} candidature(s) déplacée(s). 1 refusée(s)" in page
    assert "Candidat00 Fontaine : La candidature est déjà à cette étape." in page
    assert board in page  # back to the board


def test_the_board_shows_each_stage_under_the_centre_s_name(
    manager_client, applicant, manager, centre
):
    services.save_stage_setting(
        training_centre=centre,
        step=EmailStep.INFORMATION_MEETING,
        label="Matinée portes ouvertes",
        send_email=False,
        email_subject="",
        email_body="",
        by=manager,
    )
    application = applicant()
    services.move_application(
        application=application, stage=Stage.INFORMATION_MEETING, by=manager, now=at(ON)
    )
    page = manager_client.get(reverse("admissions:board")).content.decode()
    assert "Matinée portes ouvertes" in page
    column = page.split('data-stage="information_meeting"')[1].split("</section>")[0]
    assert f'data-application="{application.pk}"' in column


def test_only_the_centre_s_manager_moves_its_applications(applicant, centre):
    from tests import factories

    other = factories.centre(name="CFA Autre", uai="0750654D")
    stranger = factories.manager_of(other, "stranger")
    application = applicant()
    with pytest.raises(Exception) as error:
        services.move_application(
            application=application, stage=Stage.INTERVIEW, by=stranger, now=at(ON)
        )
    assert error.type.__name__ == "Http404"
