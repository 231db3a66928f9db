import pytest


@pytest.fixture
def alternance(demo, during_the_internships, built_once):
    """The demo population with its contracts, internship agreements and certificates, on a day
    of the internships at Optique Bellecour."""
    from ndrc.contracts.demo import create_demo_alternance

    built_once(lambda: create_demo_alternance(demo))
    return demo
