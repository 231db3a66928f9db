"""Fixtures of the portfolio tests: the demo population with its demo sheets."""

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Uploaded and generated files go to a folder of the test, not to var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def portfolio(demo, during_the_internships, built_once):
    """The demo population after `ndrc demo` added the portfolio demo (portfolio/demo.py) and
    the alternance demo (contracts/demo.py), whose certificates and contracts the dossier
    check reads; on a day when the tutor's interns are at his company."""
    from ndrc.contracts.demo import create_demo_alternance
    from ndrc.portfolio.demo import create_portfolio_demo

    def build():
        create_portfolio_demo(demo)
        create_demo_alternance(demo)

    built_once(build)
    return demo
