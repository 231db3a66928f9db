"""scripts/system-packages: nothing to do when every package is there; otherwise, for a user who
is not root, the exact command to run and exit status 1 (no download either way)."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-packages"


def run(tmp_path: Path, *, missing: set[str], uid: int) -> subprocess.CompletedProcess:
    """The script with stand-ins for dpkg-query, id and apt-get (which must not be called)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_ins = {
        "dpkg-query": 'case " $MISSING " in *" $3 "*) exit 1;; esac; printf installed',
        "id": f"echo {uid}",
        "apt-get": 'echo "apt-get $*" >> "$CALLS"',
    }
    for name, body in stand_ins.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "MISSING": " ".join(sorted(missing)),
        "CALLS": str(tmp_path / "calls"),
    }
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, check=False)


def test_every_package_says_why_it_is_needed():
    listed = subprocess.run([str(SCRIPT), "--list"], capture_output=True, text=True, check=True)
    packages = listed.stdout.split()
    assert {"chromium", "gettext", "libharfbuzz-subset0", "python3-venv"} <= set(packages)
    for line in SCRIPT.read_text().split('PACKAGES="', 1)[1].split('"', 1)[0].splitlines():
        if line.strip():
            name, why = line.split(None, 1)
            assert name in packages and len(why.split()) >= 3


def test_nothing_is_done_when_every_package_is_installed(tmp_path):
    result = run(tmp_path, missing=set(), uid=1000)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not (tmp_path / "calls").exists()


def test_a_user_who_is_not_root_gets_the_command_to_run(tmp_path):
    result = run(tmp_path, missing={"chromium", "gettext"}, uid=1000)
    assert result.returncode == 1
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends gettext chromium"
        in result.stderr
    )
    assert not (tmp_path / "calls").exists()


def test_root_installs_what_is_missing_and_only_that(tmp_path):
    result = run(tmp_path, missing={"libharfbuzz-subset0"}, uid=0)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends libharfbuzz-subset0",
    ]


def test_this_machine_has_them_all():
    # `make test` ran the script first; were a package missing, it would have stopped there.
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, check=False,
                            env={**os.environ})  # fmt: skip
    assert result.returncode == 0, result.stderr
