"""The demo's exam session 2026 (ndrc.exams.demo): eight candidates, registered, CCF grades in."""

import pytest


@pytest.fixture
def session(demo, built_once):
    from ndrc.exams.demo import create_exams_demo

    return built_once(lambda: create_exams_demo(demo))


@pytest.fixture
def office(demo):
    return demo.users["examens"]
