"""Work done once per test run, however many pytest-xdist workers share it: the first worker to
ask builds and saves the result in the run's shared temporary folder, under a file lock; the
others wait for the lock and read it back (the demo is built once per run, not once a worker)."""

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: a worker's own is a folder within it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[], T]) -> T:
    """What `build()` returns, built by the first process of the run that asks for `name`
    (pickled), read back by the others."""
    folder = shared_folder(tmp_path_factory)
    saved = folder / f"once-{name}.pickle"
    with open(folder / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if saved.exists():
                return pickle.loads(saved.read_bytes())  # noqa: S301 (written by this run)
            built = build()
            partial = saved.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
            partial.rename(saved)
            return built
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def folder_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """A folder `build(folder)` fills, once per run (by the first process to ask); each process
    gets a copy of its own, to use as it likes."""
    shared = shared_folder(tmp_path_factory) / f"once-{name}"

    def built() -> bool:
        shutil.rmtree(shared, ignore_errors=True)  # what a build that failed left
        shared.mkdir()
        build(shared)
        return True

    once(tmp_path_factory, name, built)
    mine = tmp_path_factory.mktemp(name)
    shutil.rmtree(mine)
    shutil.copytree(shared, mine)
    return mine
