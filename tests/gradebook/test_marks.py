"""Entering marks: one cell at a time (htmx), a pasted column all or nothing, who may, and what
the audit trail keeps."""

import html
import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.core.models import Role
from ndrc.core.selectors import history_of
from ndrc.gradebook import services
from ndrc.gradebook.models import Mark
from tests import factories
from tests.gradebook.conftest import assessment, marks


def test_a_mark_is_saved_changed_and_removed_each_time_audited(klass):
    arnaud = klass.learners[0]
    test = assessment(klass)
    mark = services.enter_mark(assessment=test, learner=arnaud, raw="12,5", by=klass.teacher)
    assert (mark.status, str(mark.value)) == ("marked", "12.50")
    services.enter_mark(assessment=test, learner=arnaud, raw="abs", by=klass.teacher)
    services.enter_mark(assessment=test, learner=arnaud, raw="", by=klass.teacher)
    assert not Mark.objects.filter(assessment=test).exists()
    actions = [(e.action, e.actor_id) for e in history_of(mark)]
    assert actions == [
        ("create", klass.teacher.pk),
        ("update", klass.teacher.pk),
        ("delete", klass.teacher.pk),
    ]


def test_a_mark_above_the_scale_is_refused_in_french(klass):
    test = assessment(klass, scale="10")
    with pytest.raises(ValidationError) as error:
        services.enter_mark(assessment=test, learner=klass.learners[0], raw="12", by=klass.teacher)
    assert "n'est pas comprise entre 0 et 10" in " ".join(error.value.messages)
    assert not Mark.objects.exists()


def test_a_pasted_column_is_saved_whole_or_not_at_all(klass):
    test = assessment(klass)
    with pytest.raises(ValidationError) as error:
        marks(klass, test, "12", "vingt", "25")
    messages = error.value.messages
    assert messages[0].startswith("Ligne 2 (Hugo Blanc)")
    assert messages[1].startswith("Ligne 3 (Zoé Colin)")
    assert not Mark.objects.exists()
    marks(klass, test, "12", "abs", "disp")
    assert sorted(Mark.objects.values_list("status", flat=True)) == ["absent", "exempt", "marked"]


def test_only_the_gradebooks_teacher_and_the_manager_enter_marks(klass):
    colleague = factories.person("collegue", role=Role.TEACHER, training_centre=klass.centre)
    from ndrc.learners import services as learner_services

    learner_services.assign_teacher(
        teacher=colleague, cohort=klass.cohort, subject="U1", by=klass.manager
    )
    test = assessment(klass)
    with pytest.raises(PermissionDenied):
        services.enter_mark(assessment=test, learner=klass.learners[0], raw="10", by=colleague)
    services.enter_mark(assessment=test, learner=klass.learners[0], raw="10", by=klass.manager)


def test_a_teacher_opens_gradebooks_only_for_the_modules_of_their_assignment(klass):
    with pytest.raises(PermissionDenied):
        services.open_gradebook(
            cohort=klass.cohort, module="cge", teacher=klass.teacher, by=klass.teacher
        )
    # The atelier de professionnalisation is every teacher's.
    services.open_gradebook(
        cohort=klass.cohort, module="atelier", teacher=klass.teacher, by=klass.teacher
    )


def test_an_assessment_outside_the_two_years_of_training_is_refused(klass):
    with pytest.raises(ValidationError) as error:
        assessment(klass, day=date(2029, 3, 1))
    assert "hors des deux années de formation" in str(error.value)


def test_a_smaller_scale_is_refused_while_marks_exceed_it(klass):
    test = assessment(klass)
    marks(klass, test, "15", "", "")
    with pytest.raises(ValidationError) as error:
        services.update_assessment(assessment=test, changes={"scale": 10}, by=klass.teacher)
    assert "dépassent ce barème" in str(error.value)


def test_the_cell_saved_by_htmx_comes_back_with_the_learners_average(klass, client):
    arnaud = klass.learners[0]
    test = assessment(klass, weight="2")
    other = assessment(klass, "Oral")
    services.enter_mark(assessment=other, learner=arnaud, raw="8", by=klass.teacher)
    client.force_login(klass.teacher)
    answer = client.post(
        f"/notes/evaluations/{test.pk}/notes/{arnaud.pk}/?periode={klass.semester.pk}",
        {"value": "14"},
        headers={"HX-Request": "true"},
    )
    text = answer.content.decode()
    assert answer.status_code == 200
    assert f'id="c-{test.pk}-{arnaud.pk}" hx-swap-oob="true"' in text
    # (2×14 + 1×8) / 3 = 12
    assert f'id="avg-{arnaud.pk}"' in text and ">12,00</td>" in text

    refused = client.post(
        f"/notes/evaluations/{test.pk}/notes/{arnaud.pk}/",
        {"value": "22"},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422
    assert "Lina Arnaud : La note 22 n'est pas comprise entre 0 et 20" in html.unescape(
        refused.content.decode()
    )
    assert Mark.objects.get(assessment=test, learner=arnaud).value == 14


def test_a_pasted_column_posted_by_the_grid(klass, client):
    test = assessment(klass)
    client.force_login(klass.teacher)
    values = [
        [learner.pk, value]
        for learner, value in zip(klass.learners, ["11", "12,5", "abs"], strict=True)
    ]
    answer = client.post(f"/notes/evaluations/{test.pk}/colonne/", {"values": json.dumps(values)})
    assert answer.status_code == 200
    assert "3 notes enregistrées" in answer.content.decode()
    refused = client.post(
        f"/notes/evaluations/{test.pk}/colonne/",
        {"values": json.dumps([[klass.learners[0].pk, "x"]])},
    )
    assert refused.status_code == 422
    assert "Rien n'a été enregistré" in html.unescape(refused.content.decode())


def test_a_colleague_reads_the_grid_but_cannot_post_a_mark(klass, client):
    colleague = factories.person("collegue", role=Role.TEACHER, training_centre=klass.centre)
    from ndrc.learners import services as learner_services

    learner_services.assign_teacher(
        teacher=colleague, cohort=klass.cohort, subject="U1", by=klass.manager
    )
    test = assessment(klass)
    client.force_login(colleague)
    assert client.get(f"/notes/carnets/{klass.gradebook.pk}/").status_code == 200
    url = f"/notes/evaluations/{test.pk}/notes/{klass.learners[0].pk}/"
    assert client.post(url, {"value": "10"}).status_code == 403
    client.force_login(klass.learner_user)
    assert client.get(f"/notes/carnets/{klass.gradebook.pk}/").status_code == 404
    assert client.post(url, {"value": "20"}).status_code == 404


def test_a_control_character_in_a_title_or_a_comment_is_refused(klass):
    with pytest.raises(ValidationError) as error:
        assessment(klass, "Devoir\x00 surveillé")
    assert "Caractère de contrôle interdit (code 0)." in str(error.value)
    with pytest.raises(ValidationError):
        services.write_appreciation(
            gradebook=klass.gradebook,
            learner=klass.learners[0],
            period=klass.semester,
            text="Bien\x1b[0m",
            by=klass.teacher,
        )


@pytest.mark.parametrize("who", ["manager", "administrator"])
def test_an_empty_post_to_the_grid_changes_no_mark_and_says_why(klass, client, who):
    """The grid's cell and pasted column, posted without their value (not an emptied cell,
    which sends "" and removes the mark): refused as the grid's other errors (422), in French,
    every mark kept."""
    test = assessment(klass)
    marks(klass, test, "12", "14", "9")
    client.force_login(klass.manager if who == "manager" else factories.administrator())
    arnaud = klass.learners[0]
    response = client.post(f"/notes/evaluations/{test.pk}/notes/{arnaud.pk}/")
    assert response.status_code == 422
    assert "Lina Arnaud : aucune note reçue, rien n'a été enregistré." in html.unescape(
        response.text
    )
    response = client.post(f"/notes/evaluations/{test.pk}/colonne/")
    assert response.status_code == 422
    assert "Colonne collée illisible." in html.unescape(response.text)
    kept = Mark.objects.filter(assessment=test).order_by("learner__last_name")
    assert [str(m.value) for m in kept] == ["12.00", "14.00", "9.00"]
    # An emptied cell still removes its mark.
    response = client.post(f"/notes/evaluations/{test.pk}/notes/{arnaud.pk}/", {"value": ""})
    assert response.status_code == 200
    assert not Mark.objects.filter(assessment=test, learner=arnaud).exists()
