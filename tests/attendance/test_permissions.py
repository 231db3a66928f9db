"""Who sees attendance: the learner, the teacher, the training manager, and the
apprenticeship master for their own apprentice only (an internship tutor: no)."""

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.attendance.demo import _learner_logins
from ndrc.attendance.models import AttendanceSheet
from ndrc.companies import services as companies


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("login", "learner", "status"),
    [
        ("maitre", "bernard", 200),  # Sophie Laurent's apprentice
        ("maitre", "petit", 200),  # her other apprentice
        ("maitre", "robert", 404),  # Antoine Perrin's apprentice: out of her reach
        ("tuteur", "durand", 403),  # an internship tutor reaches the intern, not the hours
        ("apprenant", "bernard", 200),  # himself
        ("apprenant", "petit", 404),  # another learner
        ("enseignant", "bernard", 200),  # assigned to the cohort
        ("enseignante", "bernard", 404),  # assigned to the other cohort only
        ("responsable", "robert", 200),
    ],
)
def test_who_sees_a_learner_s_hours(timetabled, login, learner, status):
    url = reverse("attendance:learner", args=[timetabled.learners[learner].pk])
    assert _client(timetabled.users[login]).get(url).status_code == status


def test_the_master_s_dashboard_shows_their_apprentices_only(timetabled):
    page = _client(timetabled.users["maitre"]).get("/").content.decode()
    assert 'data-panel="master-hours"' in page
    assert "Lucas Bernard" in page and "Emma Petit" in page
    assert "Hugo Robert" not in page


def test_a_learner_cannot_read_the_cohort_grid_nor_take_a_sheet(timetabled):
    client = _client(timetabled.users["apprenant"])
    cohort = timetabled.second_year
    assert (
        client.get(reverse("attendance:cohort_month", args=[cohort.pk, 2026, 9])).status_code == 403
    )
    session = cohort.sessions.first()
    assert client.post(reverse("attendance:session_sheet", args=[session.pk])).status_code == 403
    assert not AttendanceSheet.objects.filter(session=session).exists()


def test_only_the_session_s_teacher_opens_its_sheet(timetabled):
    session = timetabled.second_year.sessions.filter(teacher=timetabled.users["enseignant"]).first()
    other = _client(timetabled.users["enseignante"])  # a teacher of the centre, not of this cohort
    assert other.post(reverse("attendance:session_sheet", args=[session.pk])).status_code == 404
    mine = _client(timetabled.users["enseignant"])
    response = mine.post(reverse("attendance:session_sheet", args=[session.pk]))
    assert response.status_code == 302 and "/emargement/feuilles/" in response["Location"]


def test_a_learner_opening_the_session_s_page_once_its_sheet_is_open_is_sent_to_sign_it(
    timetabled,
):
    """The learner does not read the sheet (404 there): the session's page sends them to the
    page where they sign it with the code, not to a page they cannot open."""
    session = timetabled.second_year.sessions.filter(teacher=timetabled.users["enseignant"]).first()
    url = reverse("attendance:session_sheet", args=[session.pk])
    learner = _client(timetabled.users["apprenant"])
    assert "La feuille n'est pas encore ouverte." in learner.get(url).content.decode()
    _client(timetabled.users["enseignant"]).post(url)
    sheet = AttendanceSheet.objects.get(session=session)
    response = learner.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(f"{reverse('attendance:sign')}?feuille={sheet.pk}", 302)]
    assert 'name="code"' in response.content.decode()


def test_a_learner_signing_through_the_page_for_another_is_refused(timetabled):
    _learner_logins(timetabled)
    client = _client(timetabled.users["apprenant"])
    response = client.post(
        reverse("attendance:sign"),
        {"code": "123456", "apprenant": timetabled.learners["petit"].pk},
    )
    assert response.status_code == 403
    assert "Chacun signe pour soi-même" in response.content.decode()


def test_the_master_s_dashboard_counts_each_apprentice_s_hours_from_their_own_cycle(timetabled):
    """Two apprentices of one master in cohorts whose cycles start apart: each line of the
    dashboard's panel gives the hours of the apprentice's page (from their own cycle's start),
    not hours counted from the earliest start of the two."""
    from datetime import date
    from decimal import Decimal

    from ndrc.attendance.selectors import cycle_start, dashboard_panels, learner_totals
    from ndrc.companies.models import ContactRole, Supervision
    from ndrc.timetable.models import TrainingCalendar

    master = timetabled.users["maitre"]
    bernard = timetabled.learners["bernard"]  # second year: cycle from 1 September 2025
    andre = timetabled.learners["andre"]  # first year: cycle from 1 September 2026
    contact = Supervision.objects.filter(learner=bernard, contact__user=master).first().contact
    companies.start_supervision(
        learner=andre,
        contact=contact,
        role=ContactRole.APPRENTICESHIP_MASTER,
        start=date(2026, 9, 1),
        by=timetabled.users["responsable"],
    )
    # The first year's cycle moved to Tuesday 8 September once its weeks were planned: Monday 7
    # September's two half-days stay planned, before the cycle (as a calendar saved before such a
    # move was refused may hold: tests/timetable/test_calendar_cycle.py).
    TrainingCalendar.objects.filter(cohort=andre.cohort).update(start=date(2026, 9, 8))
    on = date(2026, 9, 30)
    lines = {line.learner.pk: line.totals for line in dashboard_panels(master, on=on).apprentices}
    # Apprentices attend Mondays and Tuesdays, 3.75 h a half-day: 15 h a week over the three
    # weeks planned (7, 14 and 21 September); André's cycle leaves out Monday 7 (7.5 h).
    assert lines[bernard.pk].planned == Decimal("45")
    assert lines[andre.pk].planned == Decimal("37.5")
    for learner in (bernard, andre):
        learner.refresh_from_db()
        page = learner_totals(learner, start=cycle_start(learner), end=on)
        assert lines[learner.pk].planned == page.planned


def test_only_a_master_s_dashboard_looks_for_apprentices(timetabled):
    """The panel's apprentices are an apprenticeship master's: a learner's or an internship
    tutor's dashboard does not search the supervisions for them (a query for nothing)."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ndrc.attendance.selectors import dashboard_panels

    for login in ("apprenant", "tuteur"):
        with CaptureQueriesContext(connection) as queries:
            panel = dashboard_panels(timetabled.users[login], on=date(2026, 9, 30))
        assert panel.apprentices == ()
        assert not [q for q in queries if "companies_supervision" in q["sql"]], login
    assert dashboard_panels(timetabled.users["maitre"], on=date(2026, 9, 30)).apprentices


def test_the_week_sheet_is_offered_to_those_who_may_issue_it_only(timetabled):
    cohort = timetabled.second_year
    month = reverse("attendance:cohort_month", args=[cohort.pk, 2026, 9])
    week = reverse("attendance:cohort_week_pdf", args=[cohort.pk, "2026-09-01"])
    # The exam office reads the month's grid but does not issue the sheets: no button for it.
    exam_office = _client(timetabled.users["examens"])
    page = exam_office.get(month)
    assert page.status_code == 200 and week not in page.content.decode()
    assert exam_office.post(week).status_code == 403
    # The cohort's teacher gets the button, and the document.
    teacher = _client(timetabled.users["enseignant"])
    assert week in teacher.get(month).content.decode()
    assert teacher.post(week).status_code == 302
