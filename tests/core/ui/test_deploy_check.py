"""`ndrc check --deploy` passes with no warning under the production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

NDRC = Path(sys.executable).with_name("ndrc")


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    environment = {
        **os.environ,
        "NDRC_DEBUG": "false",
        "NDRC_SECRET_KEY": secrets.token_urlsafe(60),
        "NDRC_ALLOWED_HOSTS": "ndrc.example.fr",
        "NDRC_DATA_DIR": str(tmp_path),
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [str(NDRC), "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
