import pytest


@pytest.fixture
def demo(db):
    """Here the demo population is built through its services in the test itself, not put back
    from the rows the other tests share (tests/conftest.py): these tests are about building it."""
    from ndrc.demo.population import create_demo_population

    return create_demo_population()
