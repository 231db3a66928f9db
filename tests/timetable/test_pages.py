"""A training manager plans a cohort's year through the pages: calendar, groups, a session, a
conflict refused with its reason; the week views read on a phone."""

from django.test import Client
from django.urls import reverse

from ndrc.timetable.models import Session, TrainingCalendar


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_plans_a_year_from_the_pages(demo):
    client = _client(demo.users["responsable"])
    cohort = demo.first_year
    url = reverse("timetable:cohort_calendar", args=[cohort.pk])
    assert "Créer le calendrier" in client.get(url).content.decode()
    response = client.post(url, {
        "start": "2026-09-01", "end": "2028-06-30", "department": "69",
        "school_holiday_zone": "A", "am_start": "08:15", "am_end": "12:00",
        "pm_start": "13:00", "pm_end": "16:45",
    })  # fmt: skip
    assert response.status_code == 302
    calendar = TrainingCalendar.objects.get(cohort=cohort)
    response = client.post(reverse("timetable:rhythm_add", args=[cohort.pk]), {
        "name": "Apprentis", "categories": ["apprenti_habilite"], "weeks": "mon tue",
        "away_place": "company", "promised_hours": "1350",
        "promise_source": "Programme du centre",
    })  # fmt: skip
    assert response.status_code == 302 and calendar.rhythms.count() == 1
    page = client.get(url).content.decode()
    assert "Le plan est en deçà du volume promis" in page  # nothing planned yet
    session_url = reverse("timetable:session_new", args=[cohort.pk])
    values = {"date": "2026-11-09", "half_day": "am", "module": "rcnv",
              "teacher": demo.users["enseignant"].pk, "mode": "centre"}  # fmt: skip
    assert client.post(session_url, values).status_code == 302
    # The same teacher on the same half-day again: refused, with the reason.
    response = client.post(session_url, values)
    assert response.status_code == 400
    assert "Paul Girard a déjà une séance le 09/11/2026 (matin)" in response.content.decode()
    # Wednesday 11 November: a public holiday.
    response = client.post(session_url, values | {"date": "2026-11-11"})
    assert "Armistice 1918" in response.content.decode()
    assert Session.objects.filter(cohort=cohort).count() == 1


def test_a_teacher_cannot_reach_the_planning_forms(demo):
    client = _client(demo.users["enseignant"])
    cohort = demo.second_year
    assert client.get(reverse("timetable:session_new", args=[cohort.pk])).status_code == 403
    assert client.get(reverse("timetable:cohort_week", args=[cohort.pk])).status_code == 200
    assert (
        client.get(reverse("timetable:cohort_week", args=[demo.first_year.pk])).status_code == 404
    )
