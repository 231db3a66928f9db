import pytest

from ndrc.assessments.demo import create_demo_assessments


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, not the local data folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ccf(demo, built_once):
    """The demo population with its CCF situations (ndrc.assessments.demo)."""
    situations = built_once(lambda: create_demo_assessments(demo))
    demo.situations = {(s.learner.last_name.lower(), s.exam, s.situation): s for s in situations}
    return demo
