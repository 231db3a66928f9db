"""The demo's exam session 2026 (ndrc.exams.demo): eight candidates, registered, CCF grades in;
each state built once per test run, put back in each test (`built_once`: tests/conftest.py)."""

import pytest


@pytest.fixture
def session(demo, built_once):
    from ndrc.exams.demo import create_exams_demo

    return built_once(lambda: create_exams_demo(demo))


@pytest.fixture
def open_session(demo, built_once):
    """The demo session open for registration, no candidate registered yet."""
    from ndrc.exams.demo import create_exams_demo

    return built_once(lambda: create_exams_demo(demo, registered=False))


@pytest.fixture
def office(demo):
    return demo.users["examens"]


@pytest.fixture
def deliberated(session, office, built_once):
    """The demo session with its grades imported and deliberated (first group)."""
    from ndrc.exams import services
    from ndrc.exams.demo import grade_file
    from ndrc.exams.models import SessionState

    def deliberate():
        services.import_grades(
            session=session, data=grade_file(session), filename="n.csv", by=office
        )
        services.change_state(session=session, to=SessionState.JURY, by=office)
        services.deliberate_session(session=session, by=office)
        return session

    return built_once(deliberate)
