"""Shared fixtures."""

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True, scope="session")
def plain_http_and_source_static_files():
    """The suite runs with debug off, as production does, but speaks plain HTTP (the test client,
    the browser tests' live server), reads static files from the source folders and runs jobs at
    once. Production's HTTPS redirect and collected, hashed static files are tested against
    `ndrc serve` itself (tests/core/test_serve.py)."""
    with override_settings(
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


@pytest.fixture
def demo(db):
    """The demo population of `ndrc demo` (ndrc.core.demo): what a newcomer sees is what we test."""
    from ndrc.core.demo import create_demo_population

    return create_demo_population()
