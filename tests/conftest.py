"""Shared fixtures."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests import snapshot


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
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker):
    """The rows of the demo population, built through its services once per test process."""
    from ndrc.demo.population import create_demo_population

    with django_db_blocker.unblock(), transaction.atomic():
        rows = snapshot.take(create_demo_population)
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def demo(db, demo_rows):
    """The demo population of `ndrc demo` (ndrc.demo): what a newcomer sees is what we test."""
    from ndrc.demo.population import create_demo_population

    snapshot.restore(demo_rows)
    return create_demo_population()
