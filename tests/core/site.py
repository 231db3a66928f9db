"""A real site for the tests that run `ndrc` as its users do, in other processes: a data folder
and a database of the kind under test (PostgreSQL when NDRC_DATABASE_URL is set, else SQLite)."""

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

REPOSITORY = Path(__file__).resolve().parents[2]
NDRC = Path(sys.executable).with_name("ndrc")
POSTGRESQL_URL = os.environ.get("NDRC_DATABASE_URL", "")


def environment(data_dir: Path, database_url: str = "", **settings: str) -> dict[str, str]:
    """The process environment of a site: no NDRC_* setting but these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["NDRC_DATA_DIR"] = str(data_dir)
    if database_url:
        env["NDRC_DATABASE_URL"] = database_url
    return {**env, **settings}


def ndrc(*arguments: str, env: dict[str, str], check: bool = True, timeout: int = 300):
    result = subprocess.run(
        [str(NDRC), *arguments],
        env=env,
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"ndrc {' '.join(arguments)}: {result.stdout}{result.stderr}")
    return result


def script(name: str, *arguments: str, env: dict[str, str]) -> subprocess.Popen:
    """Start `tests.core.site_scripts NAME ARGUMENTS…` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.core.site_scripts", name, *arguments],
        env=env,
        cwd=REPOSITORY,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def populate(env: dict[str, str], demo: dict | None) -> None:
    """Migrate the site's database (if not yet) and populate it, in one process: the whole demo
    (`demo`: what the test run's `ndrc demo` wrote, the `demo_command` fixture, if on the same
    kind of database; else `ndrc demo` is run again), a generated PDF and uploaded files."""
    with tempfile.TemporaryDirectory() as folder:
        arguments = []
        if demo is not None:
            saved = Path(folder, "demo.pickle")
            saved.write_bytes(pickle.dumps(demo, protocol=pickle.HIGHEST_PROTOCOL))
            arguments.append(str(saved))
        process = script("populate", *arguments, env=env)
        out, err = process.communicate(timeout=600)
    assert process.returncode == 0, out + err


@contextmanager
def empty_postgresql_database() -> Iterator[str]:
    """A new, empty database on the test server; its URL. Dropped afterwards."""
    name = f"ndrc_site_{uuid.uuid4().hex[:12]}"
    server = urlparse(POSTGRESQL_URL)
    admin = urlunparse(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(server._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_sqlite_site(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
