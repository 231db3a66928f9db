"""On SQLite, 16 PDFs generated at the same moment by 16 processes (as many server workers,
forked once Django is loaded, as gunicorn forks them) are all stored: each waits for the write
lock (WAL, busy timeout) instead of failing with "database is locked". Before the busy timeout
(SQLite's default of 5 s), about half of them failed."""

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
    generations = script("grids", "16", env=environment(folder))
    out, err = generations.communicate(timeout=600)
    assert generations.returncode == 0, err
    outcomes = out.splitlines()
    assert len(outcomes) == 16, out + err
    failures = [outcome for outcome in outcomes if outcome != "ok"]
    assert failures == []
    assert documents() == before + 16
    assert len(list(Path(folder, "media", "documents").rglob("*.pdf"))) >= 16
