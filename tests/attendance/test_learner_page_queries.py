"""A learner's attendance page reads their cohort's calendar once, for the start of their
cycle and for their hours, and as many queries however many absences they have (issue 12)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.attendance import services
from ndrc.attendance.models import AttendanceRecord

# The session, the user and their roles; the learner and whether the user reaches them (their
# cohort's teachers, their company's people), then may read their attendance; the calendar
# (three: once); the categories, the sessions and the records their hours are counted from;
# the absences, the livret the attestation's results are read from (ten), the justifications,
# the documents.
QUERIES = 27


def _page(demo, learner) -> tuple[str, int]:
    client = Client()
    client.force_login(demo.users["responsable"])
    url = reverse("attendance:learner", args=[learner.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_a_learners_attendance_page_costs_the_same_queries_with_more_absences(attended):
    bernard = attended.learners["bernard"]
    _page(attended, bernard)  # caches warmed (content types)
    page, before = _page(attended, bernard)
    assert before <= QUERIES
    present = AttendanceRecord.objects.filter(learner=bernard, status="present")[:3]
    at = datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("Europe/Paris"))
    manager = attended.users["responsable"]
    for minute, record in enumerate(present):
        services.correct(record=record, status="absent_unjustified", reason="Oubli de signature",
                         by=manager, at=at + timedelta(minutes=minute))  # fmt: skip
    again, after = _page(attended, bernard)
    assert again.count("Absence non justifiée") > page.count("Absence non justifiée")
    assert after <= before
