"""Shared fixtures."""

import copy
import hashlib
import os
import sqlite3
from contextlib import closing
from datetime import date
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from tests import snapshot
from tests.once import once, shared_folder


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one test process more than the machine's cores. Some tests spend seconds
    waiting on other processes (`ndrc serve`, a backup's commands, the browser, PDFs) or on the
    run's shared builds (tests/once.py); the extra process uses the core meanwhile."""
    return (os.cpu_count() or 1) + 1


# Session builds made from the test database (the sites of tests/core/conftest.py read it): a test
# using one needs that database set up, which pytest-django does only when a test marked
# `django_db` is collected (not when such a test runs alone).
BUILT_IN_THE_TEST_DATABASE = {"migrated_sqlite_site", "site", "demo_rows", "demo_command"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILT_IN_THE_TEST_DATABASE & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    """Each test process (one per pytest-xdist worker) writes its files in a folder of its own,
    not in the local data folder; passwords are hashed with a fast hasher, as Django advises for
    tests (key stretching costs a quarter of a second per password).

    The suite runs with debug off, as production does, but speaks plain HTTP (the test client,
    the browser tests' live server), reads static files from the source folders and runs jobs at
    once. Production's HTTPS redirect and collected, hashed static files are tested against
    `ndrc serve` itself (tests/core/test_serve.py)."""
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SECURE_SSL_REDIRECT=False,
        STATIC_ROOT=None,
        WHITENOISE_USE_FINDERS=True,
        # Background jobs run within the request that starts them (a browser test runs a worker).
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={
            "default": {"BACKEND": "ndrc.core.storage.DataStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def flush_past_the_journals_truncate_trigger():
    """On PostgreSQL the audit journal refuses TRUNCATE (core migration 0004); the flush that
    ends a transactional test empties it with that trigger disabled for its own transaction (the
    test database's owner may)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush
    trigger = "core_auditentry_no_truncate"

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if "core_auditentry" not in tables or not statements:
            return statements
        return [
            f"ALTER TABLE core_auditentry DISABLE TRIGGER {trigger}",
            *statements,
            f"ALTER TABLE core_auditentry ENABLE TRIGGER {trigger}",
        ]

    with mock.patch.object(DatabaseOperations, "sql_flush", sql_flush):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database (in memory, one per test process) is migrated once per test
    run: the first process to create its own runs the migrations and saves the database in the
    run's shared folder; the others copy it (SQLite's backup, as Django's parallel test runner
    copies its test database) instead of running the same migrations again, some 20 seconds of
    CPU each. A PostgreSQL test database is migrated by each process, as pytest-django does."""
    from django.core import management
    from django.db.backends.sqlite3.creation import DatabaseCreation

    create_test_db = DatabaseCreation.create_test_db

    def create_migrated_once(creation, *args, **kwargs):
        command = management.call_command
        connection = creation.connection

        def call_command(name, *arguments, **options):
            if name != "migrate":
                return command(name, *arguments, **options)
            migrated_here = []

            def migrate() -> str:
                command(name, *arguments, **options)
                migrated_here.append(True)
                saved = _migrated_sqlite(tmp_path_factory)
                saved.unlink(missing_ok=True)  # what a process that failed left
                with closing(sqlite3.connect(saved)) as copy:
                    connection.ensure_connection()
                    connection.connection.backup(copy)
                return str(saved)

            saved = once(tmp_path_factory, "migrated-sqlite", migrate)
            if not migrated_here:
                _copy_sqlite(saved, connection)

        with mock.patch.object(management, "call_command", call_command):
            return create_test_db(creation, *args, **kwargs)

    with mock.patch.object(DatabaseCreation, "create_test_db", create_migrated_once):
        yield


def _migrated_sqlite(tmp_path_factory) -> Path:
    return shared_folder(tmp_path_factory) / "migrated.sqlite3"


def _copy_sqlite(saved, connection) -> None:
    with closing(sqlite3.connect(f"file:{saved}?mode=ro", uri=True)) as source:
        connection.ensure_connection()
        source.backup(connection.connection)


@pytest.fixture(scope="session")
def migrated_sqlite_database(django_db_setup, tmp_path_factory) -> Path:
    """On SQLite, the file of the test database as the run migrated it once; read only."""
    return _migrated_sqlite(tmp_path_factory)


@pytest.fixture(scope="session")
def migrate_again(django_db_setup, tmp_path_factory):
    """`migrate_again()`: the test database as `migrate` leaves it (for a test that drops its
    tables): on SQLite a copy of the database migrated once per run, as each test process got it
    (`django_db_modify_db_settings`); on PostgreSQL `migrate` run again."""
    from django.core.management import call_command
    from django.db import connection

    def again() -> None:
        if connection.vendor == "sqlite":
            _copy_sqlite(_migrated_sqlite(tmp_path_factory), connection)
        else:
            call_command("migrate", verbosity=0, interactive=False)

    return again


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The rows of the demo population, built through its services once per test run (by the
    first test process that asks, read back by the others: tests/once.py)."""
    from ndrc.demo.population import create_demo_population

    return once(
        tmp_path_factory,
        "demo-population",
        lambda: _rows_written_by(create_demo_population, django_db_blocker),
    )


@pytest.fixture(scope="session")
def _populations() -> dict:
    """The demo population as this test process first read it back, by the rows put back."""
    return {}


def _population_put_back(rows, name: str, populations: dict):
    """Put `rows` back and return the demo population (a copy of its first reading: the same
    rows put back read the same)."""
    from ndrc.demo.population import create_demo_population

    snapshot.restore(rows)
    if name not in populations:
        populations[name] = create_demo_population()
    return copy.deepcopy(populations[name])


@pytest.fixture
def demo(db, demo_rows, _populations):
    """The demo population of `ndrc demo` (ndrc.demo): what a newcomer sees is what we test."""
    return _population_put_back(demo_rows, "demo", _populations)


@pytest.fixture(scope="session")
def demo_command(django_db_setup, django_db_blocker, tmp_path_factory, test_settings):
    """`ndrc demo` run once per test run on the empty test database (the whole demo: the people,
    then every app's records, through the services): `rows` it wrote, the `files` it wrote in
    MEDIA_ROOT (by name) and what it `printed`. The first test process that asks runs it; the
    others read it back (tests/once.py) and get its files in their own MEDIA_ROOT."""
    from django.conf import settings
    from django.core.management import call_command

    def run() -> dict:
        printed = StringIO()
        before = _media_files(settings.MEDIA_ROOT)
        rows = _rows_written_by(lambda: call_command("demo", stdout=printed), django_db_blocker)
        files = {
            name: data
            for name, data in _media_files(settings.MEDIA_ROOT).items()
            if before.get(name) != data
        }
        return {"rows": rows, "files": files, "printed": printed.getvalue()}

    done = once(tmp_path_factory, "demo-command", run)
    for name, data in done["files"].items():
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return done


@pytest.fixture(scope="session")
def whole_demo_rows(demo_command):
    """The rows of the whole demo of `ndrc demo` (the people, then every app's records)."""
    return demo_command["rows"]


def _rows_written_by(build, django_db_blocker):
    """The rows `build` writes through the services, taken and then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        rows = snapshot.take(build)
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def whole_demo(db, whole_demo_rows, _populations):
    """The whole demo of `ndrc demo`: its people and every app's records about them."""
    return _population_put_back(whole_demo_rows, "whole demo", _populations)


@pytest.fixture(scope="session")
def _built():
    """What `built_once` built or read back in this test process: by build function and
    database before."""
    return {}


@pytest.fixture
def built_once(db, _built, settings, tmp_path_factory):
    """`built_once(build)`: the records `build()` adds to the database, built through the
    services by the first test of the run that asks on the same database (the demo put back,
    say: tests/once.py), then put back in each test, that one too: the same rows, the files
    `build` wrote in MEDIA_ROOT and the mails it sent (`mail.outbox`). Returns a copy of what
    `build` returned. `build` is a function of the fixture asking: it runs with that fixture's
    settings and day."""

    def build_and_take(build, before) -> tuple:
        files, sent = _media_files(settings.MEDIA_ROOT), len(getattr(mail, "outbox", []))
        returned = []
        with transaction.atomic():
            rows = snapshot.take(lambda: returned.append(build()), before=before)
            after = snapshot.fingerprint(snapshot.contents())
            transaction.set_rollback(True)
        written = {
            name: data
            for name, data in _media_files(settings.MEDIA_ROOT).items()
            if files.get(name) != data
        }
        mails = getattr(mail, "outbox", [])[sent:]
        del getattr(mail, "outbox", [])[sent:]
        return rows, written, mails, returned[0], after

    def restored(build):
        before = snapshot.contents()
        key = (build.__module__, build.__qualname__, snapshot.fingerprint(before))
        first = key not in _built
        if first:
            name = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
            _built[key] = once(
                tmp_path_factory, f"built-{name}", lambda: build_and_take(build, before)
            )
        rows, written, mails, returned, after = _built[key]
        snapshot.restore(rows)
        if first:  # what is put back is what the services wrote, no row more, less or changed
            assert snapshot.fingerprint(snapshot.contents()) == after, build.__qualname__
        for name, data in written.items():
            path = Path(settings.MEDIA_ROOT) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if hasattr(mail, "outbox"):
            mail.outbox.extend(copy.deepcopy(mails))
        return copy.deepcopy(returned)

    return restored


def _media_files(root) -> dict[str, bytes]:
    root = Path(root)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def client_of(client):
    """`client_of(user)`: a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# The demo's internships at Optique Bellecour (tutor Marc Dubois, login `tuteur`: Durand, Leroy,
# Garcia) run from 12 January to 20 February 2026, when the 2nd-year apprentices' contracts run
# too. A signed agreement or a contract makes its tutor or master the learner's supervisor for its
# dates only: the tests of what the company people reach are set on a day of those internships.
DURING_THE_INTERNSHIPS = date(2026, 2, 2)


@pytest.fixture
def during_the_internships(monkeypatch):
    """Today (the views' and the access rules' date) is `DURING_THE_INTERNSHIPS`."""
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *args, **kwargs: DURING_THE_INTERNSHIPS
    )
    return DURING_THE_INTERNSHIPS
