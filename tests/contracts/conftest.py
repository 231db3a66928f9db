import pytest


@pytest.fixture
def alternance(demo):
    """The demo population with its contracts, internship agreements and certificates."""
    from ndrc.contracts.demo import create_demo_alternance

    create_demo_alternance(demo)
    return demo
