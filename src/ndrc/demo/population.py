"""The demo population, shared by `ndrc demo` and the tests: what a newcomer sees is what the
tests check. Deterministic (no randomness), French names, valid identifiers.

A lycée with a BTS NDRC section and one login per role (`core/demo.py`), two cohorts of 30
learners (`learners/demo.py`), companies with their masters and tutors supervising them
(`companies/demo.py`): the people. Then each app's records about them, in `RECORDS` order:
CCF situations, activity sheets, contracts and internship agreements, an intake of admissions
(one applicant enrolled in the 1st-year cohort from 1 September), the training calendars and
timetable, four weeks of signed attendance (the enrolled applicant's too), the teaching year's
marks, bulletins and councils, the follow-up in the company (logbooks, visits, tripartite
meetings), exam sessions.
"""

from dataclasses import dataclass, field

from ndrc.admissions.demo import create_admissions_demo
from ndrc.assessments.demo import create_demo_assessments
from ndrc.attendance.demo import create_attendance_demo
from ndrc.companies.demo import create_companies_demo
from ndrc.companies.models import Company, CompanyContact
from ndrc.contracts.demo import create_demo_alternance
from ndrc.core.demo import create_core_demo
from ndrc.core.models import TrainingCentre, User
from ndrc.exams.demo import create_exams_demo
from ndrc.followup.demo import create_demo_followup
from ndrc.gradebook.demo import create_gradebook_demo
from ndrc.indicators.demo import create_demo_indicators
from ndrc.learners.demo import create_learners_demo
from ndrc.learners.models import Cohort, Learner
from ndrc.portfolio.demo import create_portfolio_demo
from ndrc.portfolio.tasks import one_refresh
from ndrc.timetable.demo import create_timetable_demo


@dataclass
class DemoPopulation:
    """Handles on the demo records, by the keys of each app's demo."""

    centre: TrainingCentre
    second_year: Cohort
    first_year: Cohort
    users: dict[str, User] = field(default_factory=dict)
    learners: dict[str, Learner] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    contacts: dict[str, CompanyContact] = field(default_factory=dict)


def create_demo_population() -> DemoPopulation:
    """The people of the demo, created once; later calls return the existing ones unchanged."""
    with one_refresh():  # one transaction
        centre, users = create_core_demo()
        second_year, first_year, learners = create_learners_demo(centre=centre, users=users)
        companies, contacts = create_companies_demo(users=users, learners=learners)
    return DemoPopulation(centre, second_year, first_year, users, learners, companies, contacts)


# Each app's records on the demo population, in this order (one line per app): a function of
# the population, idempotent.
RECORDS = (
    create_demo_assessments,
    create_portfolio_demo,
    create_demo_alternance,
    create_admissions_demo,  # before attendance: the learner it enrols signs September's sheets
    create_timetable_demo,
    create_attendance_demo,
    create_gradebook_demo,
    create_demo_followup,
    create_exams_demo,
    create_demo_indicators,  # after the exam session: its published results are read
)


def create_demo_records(population: DemoPopulation) -> None:
    """Every app's records on the demo population (`RECORDS`), in one transaction that refreshes
    the dossier checks once, at its end."""
    with one_refresh():
        for create_records in RECORDS:
            create_records(population)


def create_demo() -> DemoPopulation:
    """The whole demo of `ndrc demo`: the people, then every app's records, in one transaction
    that refreshes the dossier checks once, at its end."""
    with one_refresh():
        population = create_demo_population()
        create_demo_records(population)
    return population
