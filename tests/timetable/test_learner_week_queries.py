"""A learner's week (the timetable page most visited: each learner's, each week) reads the
learner, their categories, their cohort's calendar and the week's sessions once each: the same
number of queries however many learners, categories, periods and sessions there are (issue 12)."""

import re
from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.learners import services as learner_services
from ndrc.timetable import services
from ndrc.timetable.models import TrainingCalendar

MONDAY = date(2026, 9, 14)

# The session, the user and their roles; the learner and whether the user reaches them (their
# cohort's teachers, their company's people); their categories; the calendar, its groups and
# its periods; the week's sessions.
QUERIES = 11


def _week(demo, learner) -> tuple[list[str], int]:
    """The days of the learner's week as shown, and the queries read to show them."""
    client = Client()
    client.force_login(demo.users["responsable"])
    url = reverse("timetable:learner_week_of", args=[learner.pk, MONDAY.isoformat()])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    days = re.findall(r'<section class="week-day".*?</section>', response.content.decode(), re.S)
    return days, len(captured)


def test_a_learners_week_costs_the_same_queries_with_more_learners_categories_periods(
    timetabled,
):
    bernard = timetabled.learners["bernard"]
    days, before = _week(timetabled, bernard)
    # An apprentice: Monday and Tuesday at the centre, each session with its cohort and room.
    assert sum(day.count('class="slot"') for day in days) == 4
    assert "BTS NDRC 2e année · " in days[0] and "Salle 101" in days[0]
    assert before <= QUERIES
    cohort = timetabled.second_year
    manager = timetabled.users["responsable"]
    admin = timetabled.users["admin"]
    for day in (1, 2, 3):
        learner_services.create_learner(
            cohort=cohort, first_name=f"Nouvel{day}", last_name="Inscrit",
            birth_date=date(2005, 1, day), category="scolaire",
            category_start=cohort.first_year_start, on=date(2026, 1, 10), by=admin,
        )  # fmt: skip
    changes = ((date(2026, 10, 1), "scolaire"), (date(2026, 11, 2), "apprenti_habilite"))
    for start, category in changes:
        learner_services.change_category(learner=bernard, category=category, start=start, by=admin)
    calendar = TrainingCalendar.objects.get(cohort=cohort)
    for month in (3, 4):
        services.add_period(
            calendar=calendar, kind="closure", start=date(2027, month, 1),
            end=date(2027, month, 5), label=f"Fermeture {month}", by=manager,
        )  # fmt: skip
    again, after = _week(timetabled, bernard)
    assert again == days
    assert after <= before
