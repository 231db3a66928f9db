"""Admissions test data: a centre with its training manager, a cohort with places, an open
apprenticeship intake, and applicants made through the services."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from ndrc.admissions import services
from ndrc.admissions.models import Source
from tests import factories

PARIS = ZoneInfo("Europe/Paris")
START = date(2026, 9, 7)  # the first day of the training cycle
ON = date(2026, 6, 15)  # the day the tests' records are entered


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


@pytest.fixture
def centre(db):
    return factories.centre()


@pytest.fixture
def manager(centre):
    return factories.manager_of(centre)


@pytest.fixture
def cohort(centre):
    return factories.cohort(centre, start=START, session=2028)


@pytest.fixture
def intake(cohort, manager):
    services.set_places(cohort=cohort, places=20, by=manager)
    return services.create_intake(
        cohort=cohort,
        title="BTS NDRC en apprentissage",
        training_start=START,
        default_category="apprenti_habilite",
        is_open=True,
        by=manager,
        now=at(date(2026, 1, 10)),
    )


PERSON = {
    "first_name": "Maëlle",
    "last_name": "Fontaine",
    "birth_date": date(2007, 3, 14),
    "email": "maelle.fontaine@example.fr",
    "phone": "06 11 22 33 44",
    "postal_code": "69100",
    "city": "Villeurbanne",
}


@pytest.fixture
def applicant(intake, manager):
    """Makes an application typed by the centre (another person with `**fields`)."""

    def make(*, day: date = ON, source: str = Source.CENTRE, **fields):
        return services.create_application(
            intake=intake,
            source=source,
            by=manager,
            on=day,
            now=at(day),
            **{**PERSON, **fields},
        )

    return make


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
