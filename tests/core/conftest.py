"""Real sites for the tests that run `ndrc` in other processes (tests/core/site.py)."""

import pytest

from tests.core.site import POSTGRESQL_URL, empty_postgresql_database, environment, populate
from tests.once import folder_once


@pytest.fixture(scope="session")
def sqlite_site(tmp_path_factory) -> dict[str, str]:
    """A populated SQLite site (demo population, a generated PDF, uploaded files); read only.
    Populated once per test run, each test process has a copy of its own (tests/once.py)."""
    folder = folder_once(tmp_path_factory, "sqlite-site", lambda data: populate(environment(data)))
    return environment(folder)


@pytest.fixture(scope="session")
def site(sqlite_site, tmp_path_factory):
    """A populated site on the database under test (PostgreSQL when NDRC_DATABASE_URL is set)."""
    if not POSTGRESQL_URL:
        yield sqlite_site
        return
    with empty_postgresql_database() as url:
        env = environment(tmp_path_factory.mktemp("postgresql-site"), url)
        populate(env)
        yield env


@pytest.fixture
def empty_site(tmp_path):
    """A new site of the same kind, with an empty database (no table at all)."""
    if not POSTGRESQL_URL:
        yield environment(tmp_path / "empty-site")
        return
    with empty_postgresql_database() as url:
        yield environment(tmp_path / "empty-site", url)
