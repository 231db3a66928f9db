"""A small class for the teaching year's tests: a cohort of the 2026 intake, its training manager,
a teacher assigned to bloc 1, three learners (one with a login), the 2026-2027 semesters."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from ndrc.core.models import Role
from ndrc.gradebook import services
from ndrc.learners import services as learner_services
from tests import factories


@dataclass
class Klass:
    centre: object
    cohort: object
    manager: object
    teacher: object
    learners: list
    learner_user: object
    semester: object  # Semestre 1 2026-2027
    gradebook: object  # RCNV, kept by `teacher`


@pytest.fixture
def klass(built_once):
    """The class, built once per run and put back in each test (tests/conftest.py)."""
    return built_once(make_klass)


def make_klass() -> Klass:
    """The class of these tests (a plain function, for the browser tests' fixtures too)."""
    centre = factories.centre()
    manager = factories.manager_of(centre)
    teacher = factories.person(
        "prof", role=Role.TEACHER, training_centre=centre, first_name="Paul", last_name="Girard"
    )
    cohort = factories.cohort(centre)
    learner_services.assign_teacher(
        teacher=teacher, cohort=cohort, subject="BC01", by=factories.administrator()
    )
    learner_user = factories.person(
        "eleve", role=Role.LEARNER, training_centre=centre, first_name="Lina", last_name="Arnaud"
    )
    learners = [
        factories.learner(cohort, first_name="Lina", last_name="Arnaud", user=learner_user),
        factories.learner(cohort, first_name="Hugo", last_name="Blanc"),
        factories.learner(cohort, first_name="Zoé", last_name="Colin"),
    ]
    semesters = services.create_school_year(
        training_centre=centre, first_day=date(2026, 9, 1), by=manager
    )
    gradebook = services.open_gradebook(cohort=cohort, module="rcnv", teacher=teacher, by=teacher)
    return Klass(centre, cohort, manager, teacher, learners, learner_user, semesters[0], gradebook)


def assessment(klass, title="Devoir", *, day=date(2026, 10, 1), scale="20", weight="1", **extra):
    return services.create_assessment(
        gradebook=klass.gradebook,
        title=title,
        date=day,
        kind="written",
        scale=Decimal(scale),
        weight=Decimal(weight),
        by=klass.teacher,
        **extra,
    )


def marks(klass, assessment, *values):
    """Enter a column: one value per learner of the class, in order."""
    return services.enter_column(
        assessment=assessment,
        values=list(zip(klass.learners, values, strict=True)),
        by=klass.teacher,
    )


@pytest.fixture
def year(demo, built_once):
    """The demo population with its teaching year (ndrc.gradebook.demo)."""
    from ndrc.gradebook.demo import create_gradebook_demo

    built_once(lambda: create_gradebook_demo(demo))
    return demo
