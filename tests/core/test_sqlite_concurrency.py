"""On SQLite, 16 PDFs generated at the same moment by 16 processes (as many server workers) are
all stored: each waits for the write lock (WAL, busy timeout) instead of failing with "database
is locked". Before the busy timeout (SQLite's default of 5 s), about half of them failed."""

import shutil
import sqlite3
from pathlib import Path

from tests.core.site import environment, script


def test_sixteen_simultaneous_pdf_generations_all_succeed_on_sqlite(sqlite_site, tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(sqlite_site["NDRC_DATA_DIR"], folder)
    database = folder / "ndrc.sqlite3"

    def documents() -> int:
        with sqlite3.connect(database) as connection:
            return connection.execute(
                "SELECT count(*) FROM documents_generateddocument"
            ).fetchone()[0]

    before = documents()
    env = environment(folder)
    processes = [script("grid", env=env) for _ in range(16)]
    for process in processes:  # all 16 started (Django loaded), ready to generate
        assert process.stdout.readline() == "ready\n", process.communicate()
    for process in processes:  # then all told to go at once
        process.stdin.write("go\n")
        process.stdin.flush()
    outcomes = [process.communicate(timeout=300) for process in processes]
    failures = [
        err for process, (_out, err) in zip(processes, outcomes, strict=True) if process.returncode
    ]
    assert failures == []
    assert documents() == before + 16
    assert len(list(Path(folder, "media", "documents").rglob("*.pdf"))) >= 16
