"""Shared fixtures."""

import pytest


@pytest.fixture
def demo(db):
    """The demo population of `ndrc demo` (ndrc.demo): what a newcomer sees is what we test."""
    from ndrc.demo.population import create_demo_population

    return create_demo_population()
