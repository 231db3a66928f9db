"""The dashboard asks each app's panel only for a user who can have something in it: a
teacher's sessions and gradebooks for a teacher (a manager or a master who also teaches keeps
them), a learner's registrations for a user linked to a learner record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.core.models import Role
from ndrc.core.services import grant_role
from ndrc.gradebook.services import open_gradebook
from ndrc.timetable.models import Session
from tests.timetable.conftest import timetabled  # noqa: F401 (a fixture: the demo's timetable)


@pytest.fixture
def a_day_of_lessons(timetabled, monkeypatch):  # noqa: F811
    """The day of a lesson of the 2nd-year cohort, as today."""
    session = (
        Session.objects.filter(
            cohort=timetabled.second_year, teacher=timetabled.users["enseignant"]
        )
        .order_by("date", "half_day")
        .first()
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: session.date)
    return session


def _page(client, user) -> str:
    client.force_login(user)
    return client.get("/").content.decode()


def _queries(client, user) -> list[str]:
    client.force_login(user)
    client.get("/")  # the roles and the framework read once
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _teachers_reads(queries: list[str], user) -> list[str]:
    """The queries of the teacher's panels: today's sessions taught, the gradebooks kept."""
    return [
        sql
        for sql in queries
        if f'"timetable_session"."teacher_id" = {user.pk}' in sql
        or 'FROM "gradebook_gradebook"' in sql
    ]


def test_a_master_who_also_teaches_sees_the_teachers_panels_and_the_masters(
    timetabled,  # noqa: F811
    a_day_of_lessons,
    client,
):
    master, admin = timetabled.users["maitre"], timetabled.users["admin"]
    grant_role(
        user=master, training_centre=timetabled.second_year.training_centre, role=Role.TEACHER,
        by=admin,
    )  # fmt: skip
    Session.objects.filter(pk=a_day_of_lessons.pk).update(teacher=master)
    open_gradebook(cohort=timetabled.second_year, module="rcnv", teacher=master, by=admin)
    page = _page(client, master)
    assert 'data-panel="teacher-sheets"' in page  # the lesson of the day, its sheet to open
    assert f'data-session="{a_day_of_lessons.pk}"' in page
    assert 'data-role="gradebook-teacher"' in page  # her gradebook
    assert 'data-panel="master-hours"' in page  # and her apprentices' hours
    assert "Lucas Bernard" in page


def test_a_manager_who_also_teaches_keeps_the_teachers_panels(
    timetabled,  # noqa: F811
    a_day_of_lessons,
    client,
):
    teacher, admin = timetabled.users["enseignant"], timetabled.users["admin"]
    grant_role(
        user=teacher, training_centre=timetabled.second_year.training_centre,
        role=Role.TRAINING_MANAGER, by=admin,
    )  # fmt: skip
    open_gradebook(cohort=timetabled.second_year, module="rcnv", teacher=teacher, by=admin)
    page = _page(client, teacher)
    assert f'data-session="{a_day_of_lessons.pk}"' in page
    assert 'data-role="gradebook-teacher"' in page


@pytest.mark.parametrize("login", ["maitre", "tuteur", "apprenant"])
def test_the_company_s_and_the_learner_s_dashboards_run_no_teachers_queries(
    timetabled,  # noqa: F811
    a_day_of_lessons,
    client,
    login,
):
    user = timetabled.users[login]
    assert not _teachers_reads(_queries(client, user), user)


@pytest.mark.parametrize("login", ["maitre", "tuteur", "enseignant"])
def test_only_a_learner_s_dashboard_reads_exam_registrations(
    timetabled,  # noqa: F811
    a_day_of_lessons,
    client,
    login,
):
    queries = _queries(client, timetabled.users[login])
    assert not [sql for sql in queries if 'FROM "exams_registration"' in sql]
