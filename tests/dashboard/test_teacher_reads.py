"""What a teacher's dashboard reads (issue 12, a real centre's size): the sheets to review looked
up by their status, not among every sheet kept; the sessions of the day and the gradebooks read
with what their lines show."""

import re
from datetime import datetime, time

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from ndrc.attendance import services as attendance_services
from ndrc.core.models import User
from ndrc.gradebook import services as gradebook_services
from ndrc.learners import services as learner_services
from ndrc.learners.selectors import assignments_taught
from ndrc.portfolio.models import ActivitySheet
from ndrc.portfolio.selectors import sheets_to_review
from ndrc.timetable.models import Session
from tests.dashboard.test_role_dashboard_queries import (
    _columns,
    _home,
    _reads,
    centre,
    media_in_tmp,
    section_of,
)
from tests.timetable.conftest import timetabled  # noqa: F401 (a fixture: the demo's timetable)

# What the computation of a dashboard reads: each view computes it (tests/dashboard/conftest.py).
pytestmark = pytest.mark.usefixtures("computed_at_each_view")

__all__ = ["centre", "media_in_tmp"]  # the fixtures (on the day of those tests), used by name


def test_the_sheets_to_review_are_looked_up_by_their_status(centre):
    """The submitted sheets are found by the index of the sheets' status (as kept for the
    longest waiting first), not by reading every sheet kept: a centre keeps years of validated
    sheets, while those waiting for a review stay few. (On PostgreSQL a test table is small
    enough to scan: the plan is asked with scans discouraged, which still leaves the index out
    when it does not serve the query.)"""
    indexes = [index.name for index in ActivitySheet._meta.indexes if index.fields[0] == "status"]
    queryset = sheets_to_review(centre.users["enseignant"])
    assert queryset.exists()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert any(name in plan for name in indexes), plan
    assert not re.search(r"SCAN portfolio_activitysheet\b", plan)


def test_a_teacher_s_sessions_of_the_day_read_what_their_lines_show(
    timetabled,  # noqa: F811
    client,
    monkeypatch,
):
    """A teacher's sheets of the day: each line shows the half-day, the module, the cohort, the
    room and the sheet, opened or signed; the session's note, the room's capacity, the sheet's
    secret and the cohort's dates are not read."""
    teacher = timetabled.users["enseignant"]
    scheduled = Session.objects.filter(teacher=teacher, status="scheduled")
    day = (
        scheduled.values("date").annotate(count=Count("pk")).filter(count__gte=2)
        .order_by("date").values_list("date", flat=True).first()
    )  # fmt: skip
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
    sessions = list(scheduled.filter(date=day).order_by("half_day"))
    at = timezone.make_aware(datetime.combine(day, time(8, 0)))
    opened = attendance_services.open_sheet(session=sessions[0], by=teacher, at=at)
    signed = attendance_services.open_sheet(session=sessions[1], by=teacher, at=at)
    attendance_services.sign_sheet(sheet=signed, by=teacher, at=at)
    html, queries = _home(client, teacher)
    lines = section_of(html, 'data-panel="teacher-sheets"')
    assert f'href="/emargement/feuilles/{opened.pk}/"' in lines
    assert "signée" in lines and f'href="/emargement/feuilles/{signed.pk}/"' in lines
    assert sessions[0].cohort.name in lines
    read = _reads(queries, "timetable_session")
    assert len(read) == 1
    head = _columns(read[0])
    assert '"learners_cohort"."name"' in head and '"teacher_signed_at"' in head
    assert '"note"' not in head and '"capacity"' not in head and '"secret"' not in head
    assert '"first_year_start"' not in head


def test_a_teacher_s_gradebooks_are_read_without_the_teacher(centre, client):
    """A teacher's gradebooks name the module and the cohort: the teacher, who is the reader, is
    not joined to them again."""
    teacher, manager = centre.users["enseignant"], centre.users["responsable"]
    gradebook_services.open_gradebook(
        cohort=centre.second_year, module="cge", teacher=teacher, by=manager
    )
    html, queries = _home(client, teacher)
    assert centre.second_year.name in section_of(html, 'data-role="gradebook-teacher"')
    read = _reads(queries, "gradebook_gradebook")
    assert len(read) == 1
    assert "core_user" not in read[0] and '"learners_cohort"."name"' in _columns(read[0])


def test_a_teacher_s_cohorts_are_read_without_their_centre(centre, client):
    """The dashboard's cohorts name each cohort, its session and its learners counted: their
    centre is not joined (the teacher's cohorts as the manager's)."""
    for login in ("enseignant", "responsable"):
        html, queries = _home(client, centre.users[login])
        assert centre.second_year.name in html
        read = [sql for sql in _reads(queries, "learners_cohort") if "learner_count" in sql]
        assert len(read) == 1, login
        assert "core_trainingcentre" not in read[0]


@pytest.mark.parametrize("login", ["enseignant", "maitre"])
def test_whether_a_teacher_refers_is_asked_without_their_user_row(centre, client, login):
    """Whether a teacher is a referent (or a master named in a contract: their follow-up
    counts shown) is its own EXISTS: no query is built on the user's row to ask it."""
    html, queries = _home(client, centre.users[login])
    table = "followup_referent" if login == "enseignant" else "contracts_contract"
    asked = [sql for sql in queries if f'FROM "{table}"' in sql]
    assert asked
    assert not [sql for sql in asked if 'FROM "core_user"' in sql]
    assert ('data-role="followup"' in html) == (login == "maitre")


def test_the_teacher_s_assignments_are_read_once_for_their_cohorts_and_sheets(centre, client):
    """A teacher's assignments (their cohorts, each with its subject) are read once for the
    page: the cohorts they see and the sheets they review (of their exam's bloc or of the whole
    class) are those of the assignments read, with no subquery of the assignments in either
    read; the sheets listed and counted are the same as the reviewer's own reach says (tests of
    tests/dashboard/test_teacher_lists.py)."""
    html, queries = _home(client, centre.users["enseignant"])
    assert re.search(r"<li[^>]*data-sheet=", section_of(html, 'data-role="teacher"'))
    assert centre.second_year.name in html
    asked = [sql for sql in queries if '"learners_teacherassignment"' in sql]
    assert len(asked) == 1 and asked[0].startswith('SELECT "learners_teacherassignment"')
    (sheets,) = _reads(queries, "portfolio_activitysheet")
    (cohorts,) = [sql for sql in _reads(queries, "learners_cohort") if "learner_count" in sql]
    assert "EXISTS" not in sheets and "EXISTS" not in cohorts


@pytest.mark.parametrize("subject", ["", "BC01", "BC03", "U3"])
def test_the_sheets_a_teacher_reviews_are_the_same_from_their_assignments_read(centre, subject):
    """Whether the reach asks the teacher's assignments in SQL or matches the assignments read
    for the page, the same sheets: of both exams for a teacher of the whole class, of the exam
    of the bloc taught (E4: BC01, E6: BC03), none for a teacher of a unit."""
    teacher = User.objects.get(pk=centre.users["enseignante"].pk)
    learner_services.assign_teacher(
        teacher=teacher, cohort=centre.second_year, subject=subject, by=centre.users["admin"]
    )
    asked = list(sheets_to_review(teacher))
    matched = list(sheets_to_review(teacher, taught=assignments_taught(teacher)))
    assert matched == asked
    submitted = ActivitySheet.objects.filter(
        status="submitted", learner__cohort=centre.second_year
    ).values_list("exam", flat=True)
    assert "E4" in submitted
    exams = {"": {"E4", "E6"}, "BC01": {"E4"}, "BC03": {"E6"}, "U3": set()}[subject]
    assert {sheet.exam for sheet in matched} == exams & set(submitted)
