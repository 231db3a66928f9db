"""Who reaches a learner's follow-up: a master reads the logbooks of the contracts naming them
and nothing of other learners (another apprentice's logbook does not exist for them: 404, the
convention of core.permissions); a forbidden action on a reachable logbook is 403."""

import pytest

from ndrc.followup.models import TripartiteMeeting, Visit
from tests.followup.conftest import logbook_of

pytestmark = pytest.mark.django_db


def test_a_master_reading_another_apprentices_logbook_is_refused(followup, client_of, today):
    # Sophie Laurent is the master of Lucas Bernard, Emma Petit and Arthur André, not of Hugo
    # Robert (Antoine Perrin's apprentice).
    client = client_of(followup.users["maitre"])
    robert = logbook_of(followup, "robert")
    assert client.get(f"/suivi/livret/{robert.pk}/").status_code == 404
    assert client.post(f"/suivi/livret/{robert.pk}/livret.pdf").status_code == 404
    assert client.get(f"/suivi/apprenant/{robert.learner_id}/").status_code == 404
    visit = Visit.objects.get(learner=robert.learner)
    assert client.get(f"/suivi/visites/{visit.pk}/").status_code == 404
    period = robert.periods.first()
    assert (
        client.post(f"/suivi/periodes/{period.pk}/valider/", {"appreciation": "x"}).status_code
        == 404
    )
    # Their own apprentice's logbook opens.
    bernard = logbook_of(followup, "bernard")
    page = client.get(f"/suivi/livret/{bernard.pk}/")
    assert page.status_code == 200 and "Lucas Bernard" in page.content.decode()


def test_the_master_page_shows_their_apprentices_and_nothing_else(followup, client_of, today):
    page = client_of(followup.users["maitre"]).get("/suivi/maitre/").content.decode()
    for name in ("Lucas Bernard", "Emma Petit", "Arthur André"):
        assert name in page
    for name in ("Hugo Robert", "Chloé Richard", "Nathan Durand"):
        assert name not in page


def first_year_teacher(population):
    from ndrc.core import services as core_services
    from ndrc.core.models import Role
    from ndrc.learners import services as learner_services

    manager = population.users["responsable"]
    teacher = core_services.create_user(
        username="premiere", password=None, first_name="Inès", last_name="Premier", by=manager
    )
    core_services.grant_role(
        user=teacher, training_centre=population.centre, role=Role.TEACHER, by=manager
    )
    learner_services.assign_teacher(
        teacher=teacher, cohort=population.first_year, subject="U1", by=manager
    )
    return teacher


def test_reachable_but_forbidden_actions_are_403(followup, client_of, today):
    bernard = logbook_of(followup, "bernard")
    november = bernard.periods.get(start__month=11, start__year=2026)
    learner = client_of(followup.users["apprenant"])
    assert (
        learner.post(f"/suivi/periodes/{november.pk}/valider/", {"appreciation": "Moi"}).status_code
        == 403
    )
    assert (
        learner.post(
            f"/suivi/periodes/{november.pk}/commenter/", {"teacher_comment": "x"}
        ).status_code
        == 403
    )
    master = client_of(followup.users["maitre"])
    assert master.post(f"/suivi/livret/{bernard.pk}/activites/", {"title": "x"}).status_code == 403
    # A teacher of the centre who teaches only the 1st year: Lucas Bernard's follow-up is out
    # of her reach (Hélène Roux teaches both years since the gradebook's demo).
    assert (
        client_of(first_year_teacher(followup)).get(f"/suivi/livret/{bernard.pk}/").status_code
        == 404
    )


def test_a_tutor_or_another_learner_reaches_nothing(followup, client_of, today):
    bernard = logbook_of(followup, "bernard")
    assert (
        client_of(followup.users["tuteur"]).get(f"/suivi/livret/{bernard.pk}/").status_code == 404
    )
    meeting = TripartiteMeeting.objects.get(learner=bernard.learner)
    assert (
        client_of(followup.users["tuteur"]).get(f"/suivi/entretiens/{meeting.pk}/").status_code
        == 404
    )


def test_staff_of_the_centre_read_the_logbook_the_exam_office_without_acting(
    followup, client_of, today
):
    bernard = logbook_of(followup, "bernard")
    page = client_of(followup.users["examens"]).get(f"/suivi/livret/{bernard.pk}/")
    assert page.status_code == 200
    assert "Noter l'activité" not in page.content.decode()
    assert "Valider la période" not in page.content.decode()


def test_only_a_manager_edits_the_settings_and_the_referents(followup, client_of, today):
    teacher = client_of(followup.users["enseignant"])
    centre, cohort = followup.centre, followup.second_year
    assert teacher.get(f"/suivi/centres/{centre.pk}/parametres/").status_code == 200
    assert (
        teacher.post(f"/suivi/centres/{centre.pk}/parametres/", {"visits_per_year": 3}).status_code
        == 403
    )
    assert teacher.get(f"/suivi/promotions/{cohort.pk}/referents/").status_code == 403
    assert (
        client_of(followup.users["maitre"])
        .get(f"/suivi/centres/{centre.pk}/parametres/")
        .status_code
        == 404
    )
