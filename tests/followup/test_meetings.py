"""Tripartite meetings: a grid drawn from the critères de performance, whose ratings feed the
learner's progress on the competences; the master gives their appreciation and signs."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ndrc.followup import selectors, services
from ndrc.followup.models import TripartiteMeeting
from tests.followup.conftest import ON
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def test_the_meeting_ratings_feed_the_competence_progress(followup):
    progress = {
        row.code: row for row in selectors.competence_progress(followup.learners["bernard"])
    }
    # Bloc 1, C1 (5 critères) rated S, VS, S, I, S; C2 (7) rated on; C3, C4 not yet.
    c1 = progress["BC01-C1"]
    assert (c1.rated, c1.criteria, c1.last_rated) == (5, 5, date(2026, 11, 10))
    assert [(level, count) for level, _label, count in c1.levels] == [
        ("insufficient", 1), ("satisfactory", 3), ("very_satisfactory", 1),
    ]  # fmt: skip
    assert progress["BC01-C2"].rated == 7 and progress["BC01-C3"].rated == 0


def test_a_later_meeting_replaces_the_level_of_a_criterion(followup):
    paul = followup.users["enseignant"]
    meeting = services.plan_meeting(
        learner=followup.learners["bernard"], planned_on=ON, blocks=["BC01"], by=paul
    )
    services.record_meeting(
        meeting=meeting, held_on=ON, ratings={"BC01-C1-S1-PC1": "very_satisfactory"}, on=ON,
        by=paul,
    )  # fmt: skip
    c1 = next(
        r
        for r in selectors.competence_progress(followup.learners["bernard"])
        if r.code == "BC01-C1"
    )
    assert [(level, count) for level, _label, count in c1.levels] == [
        ("insufficient", 1), ("satisfactory", 2), ("very_satisfactory", 2),
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="hors des blocs"):
        services.record_meeting(
            meeting=meeting, held_on=ON, ratings={"BC02-C1-S1-PC1": "satisfactory"}, on=ON, by=paul
        )


def test_the_master_signs_and_the_grid_is_then_closed(followup, client_of, today):
    meeting = TripartiteMeeting.objects.get(learner=followup.learners["bernard"])
    master = client_of(followup.users["maitre"])
    page = master.get(f"/suivi/entretiens/{meeting.pk}/").content.decode()
    assert "Votre appréciation" in page and "Enregistrer la grille" not in page
    response = master.post(
        f"/suivi/entretiens/{meeting.pk}/signer/", {"master_appreciation": "Bonne progression."}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.master_signed_on == ON
    with pytest.raises(ValidationError, match="a signé"):
        services.record_meeting(
            meeting=meeting, held_on=ON, ratings={"BC01-C1-S1-PC1": "insufficient"}, on=ON,
            by=followup.users["enseignant"],
        )  # fmt: skip


def test_the_referent_rates_the_grid_from_the_page(followup, client_of, today):
    meeting = TripartiteMeeting.objects.get(learner=followup.learners["andre"])
    client = client_of(followup.users["enseignante"])
    page = client.get(f"/suivi/entretiens/{meeting.pk}/").text
    data = {
        **form_data(page, having="summary"),
        "held_on": "2026-12-04",
        "summary": "Premier bilan.",
        "c_BC02-C1-S1-PC1": "satisfactory",
    }
    assert client.post(f"/suivi/entretiens/{meeting.pk}/grille/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == ON and meeting.ratings.get().criterion == "BC02-C1-S1-PC1"
    again = form_data(client.get(f"/suivi/entretiens/{meeting.pk}/").text, having="summary")
    response = client.post(
        f"/suivi/entretiens/{meeting.pk}/grille/", {**again, "held_on": "2026-12-24"}
    )
    assert (
        response.status_code == 400
        and "Un entretien se note une fois tenu." in response.content.decode()
    )
