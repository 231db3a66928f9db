"""The demo population a newcomer gets from `ndrc demo` is the one the tests use.

Its services build it once per test run, and the `demo` fixture puts back the rows they wrote
(tests/conftest.py); one test here builds it in the test itself, then again."""

from collections import Counter
from datetime import date

from django.contrib.auth import authenticate

from ndrc.core.demo import DEMO_PASSWORD
from ndrc.core.models import Role
from ndrc.core.selectors import history_of
from ndrc.core.validators import is_valid_siret, is_valid_uai
from ndrc.demo.population import create_demo_population
from ndrc.learners.models import Learner

ON = date(2026, 10, 1)


def test_the_demo_has_a_centre_two_cohorts_and_thirty_learners(demo):
    assert is_valid_uai(demo.centre.uai) and is_valid_siret(demo.centre.siret)
    assert demo.second_year.year_on(ON) == 2
    assert demo.first_year.year_on(ON) == 1
    assert demo.second_year.learners.count() == demo.first_year.learners.count() == 15
    assert all(is_valid_siret(c.siret) for c in demo.companies.values())


def test_the_demo_mixes_students_apprentices_and_trainees(demo):
    categories = Counter(learner.category_on(ON) for learner in demo.learners.values())
    assert set(categories) == {"scolaire", "apprenti_habilite", "fpc_public"}
    assert categories["fpc_public"] == 4


def test_the_demo_has_an_accommodation_a_minor_and_a_mid_year_apprentice(demo):
    assert demo.learners["michel"].extra_time
    dupont = demo.learners["dupont"]
    assert dupont.is_minor_on(ON) and dupont.guardian_name == "Catherine Dupont"
    moreau = demo.learners["moreau"]
    assert moreau.category_on(date(2026, 1, 4)) == "scolaire"
    assert moreau.category_on(date(2026, 1, 5)) == "apprenti_habilite"


def test_every_demo_record_was_written_through_audited_services(demo):
    for learner in demo.learners.values():
        assert history_of(learner).filter(action="create").exists()


def test_each_demo_login_opens_with_the_printed_password(demo):
    roles = set()
    for login, user in demo.users.items():
        assert authenticate(username=login, password=DEMO_PASSWORD) == user
        roles |= {m.role for m in user.memberships.all()}
    assert roles == set(Role.values)


def test_running_the_demo_twice_changes_nothing(db):
    first = create_demo_population()  # on the empty database, through the services
    before = Learner.objects.count()
    again = create_demo_population()
    assert Learner.objects.count() == before == 30
    assert again.learners["bernard"] == first.learners["bernard"]


def test_the_demo_command_prints_one_login_per_role(demo_command):
    text = demo_command["printed"]  # the run of `ndrc demo` the whole demo's rows come from
    for label in Role.labels:
        assert str(label) in text
    assert f"responsable / {DEMO_PASSWORD}" in text
