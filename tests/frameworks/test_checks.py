"""The Django system check reports regulation data that does not load."""

from ndrc.frameworks import checks
from ndrc.regulation.errors import FrameworkDataError


def test_the_shipped_framework_passes_the_system_check():
    assert checks.framework_loads(None) == []


def test_broken_data_becomes_a_system_check_error(monkeypatch):
    def broken(code):
        raise FrameworkDataError(f"{code}/hours.yaml, total : la somme des lignes donne 17")

    monkeypatch.setattr(checks, "load_framework", broken)
    (error,) = checks.framework_loads(None)
    assert error.id == "ndrc.E001"
    assert error.msg == "bts_ndrc_2018/hours.yaml, total : la somme des lignes donne 17"
