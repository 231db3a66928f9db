"""Shared fixtures."""

import pytest


@pytest.fixture
def demo(db):
    """The demo population of `ndrc demo` (ndrc.core.demo): what a newcomer sees is what we test."""
    from ndrc.core.demo import create_demo_population

    return create_demo_population()
