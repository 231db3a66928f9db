"""Real sites for the tests that run `ndrc` in other processes (tests/core/site.py)."""

import shutil

import pytest

from tests.core.site import (
    POSTGRESQL_URL,
    empty_postgresql_database,
    environment,
    ndrc,
    populate,
)
from tests.once import folder_once


@pytest.fixture(scope="session")
def migrated_sqlite_site(request, tmp_path_factory) -> dict[str, str]:
    """A SQLite site migrated and holding no record; read only. Migrated once per test run, each
    test process has a copy of its own (tests/once.py): on a SQLite run, the test database the
    run migrated (tests/conftest.py; the same tables and rows as `ndrc migrate` writes), else by
    `ndrc migrate`."""

    def build(data):
        if POSTGRESQL_URL:
            ndrc("migrate", "--noinput", env=environment(data))
        else:
            migrated = request.getfixturevalue("migrated_sqlite_database")
            shutil.copyfile(migrated, data / "ndrc.sqlite3")

    return environment(folder_once(tmp_path_factory, "migrated-sqlite-site", build))


@pytest.fixture(scope="session")
def sqlite_site(request, migrated_sqlite_site, tmp_path_factory) -> dict[str, str]:
    """A populated SQLite site (the whole demo, a generated PDF, uploaded files); read only.
    Populated once per test run (from the migrated site, with the demo the run built once, when
    it runs on SQLite), each test process has a copy of its own (tests/once.py)."""

    def build(data):
        shutil.copytree(migrated_sqlite_site["NDRC_DATA_DIR"], data, dirs_exist_ok=True)
        demo = None if POSTGRESQL_URL else request.getfixturevalue("demo_command")
        populate(environment(data), demo)

    return environment(folder_once(tmp_path_factory, "sqlite-site", build))


@pytest.fixture(scope="session")
def site(request, tmp_path_factory):
    """A populated site on the database under test (PostgreSQL when NDRC_DATABASE_URL is set)."""
    if not POSTGRESQL_URL:
        yield request.getfixturevalue("sqlite_site")
        return
    with empty_postgresql_database() as url:
        env = environment(tmp_path_factory.mktemp("postgresql-site"), url)
        # `ndrc demo` run by the site's process: the test run's own demo, read back from a
        # session fixture here, found its test database not yet set up on PostgreSQL.
        populate(env, None)
        yield env


@pytest.fixture
def empty_site(tmp_path):
    """A new site of the same kind, with an empty database (no table at all)."""
    if not POSTGRESQL_URL:
        yield environment(tmp_path / "empty-site")
        return
    with empty_postgresql_database() as url:
        yield environment(tmp_path / "empty-site", url)


@pytest.fixture
def migrated_site(request, tmp_path):
    """A new site of the same kind, migrated by `ndrc migrate` and holding no record (on SQLite,
    a copy of the site migrated once per run)."""
    if not POSTGRESQL_URL:
        migrated = request.getfixturevalue("migrated_sqlite_site")
        folder = shutil.copytree(migrated["NDRC_DATA_DIR"], tmp_path / "migrated-site")
        yield environment(folder)
        return
    with empty_postgresql_database() as url:
        env = environment(tmp_path / "migrated-site", url)
        ndrc("migrate", "--noinput", env=env)
        yield env
