"""`ndrc check --deploy` passes with no warning under the production settings of .env.example."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

NDRC = Path(sys.executable).with_name("ndrc")
ENV_EXAMPLE = Path(__file__).resolve().parents[3] / ".env.example"


def production_environment(data_dir: Path) -> dict[str, str]:
    """The settings documented in .env.example, with a real secret key and a data folder."""
    documented = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("NDRC_"):
            name, _, value = line.partition("=")
            documented[name] = value
    documented["NDRC_SECRET_KEY"] = secrets.token_urlsafe(60)
    documented["NDRC_DATA_DIR"] = str(data_dir)
    documented["NDRC_DATABASE_URL"] = os.environ.get("NDRC_DATABASE_URL", "")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return {**environment, **{name: value for name, value in documented.items() if value}}


def test_the_example_settings_are_production_settings():
    environment = production_environment(Path("/nonexistent"))
    assert environment["NDRC_DEBUG"] == "false"
    assert environment["NDRC_SSL_REDIRECT"] == "true"
    assert environment["NDRC_BEHIND_PROXY"] == "true"


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = subprocess.run(
        [str(NDRC), "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_when_nothing_is_set(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_")}
    environment["NDRC_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [str(NDRC), "shell", "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.splitlines()[-1] == "False"


def test_ndrc_serve_refuses_to_run_with_debug_on(settings):
    """Issue 10, hole 10: debug shows tracebacks to anyone; it is for `make demo` only."""
    from django.core.management import CommandError, call_command

    settings.DEBUG = True
    with pytest.raises(CommandError, match="NDRC_DEBUG doit être désactivé"):
        call_command("serve", "--no-collectstatic")
