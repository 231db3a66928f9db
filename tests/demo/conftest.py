import pytest

# The whole demo (every app's records), shared with the follow-up's tests.
from tests.followup.conftest import followup, followup_rows  # noqa: F401 (fixtures)


@pytest.fixture
def demo(db):
    """Here the demo population is built through its services in the test itself, not put back
    from the rows the other tests share (tests/conftest.py): these tests are about building it."""
    from ndrc.demo.population import create_demo_population

    return create_demo_population()
