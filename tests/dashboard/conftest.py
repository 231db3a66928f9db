"""The pages gathering many apps read the apps' demo records as the apps' own tests do: built
once per test run, put back in each test (tests/conftest.py)."""

from tests.exams.conftest import session  # noqa: F401 (a fixture: the demo's exam session)
from tests.indicators.conftest import (  # noqa: F401 (fixtures: the demo's indicators)
    indicators,
    indicators_rows,
)
