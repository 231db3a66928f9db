"""On SQLite, a server thread keeps its database connection from one request to the next
(`CONN_MAX_AGE`; on PostgreSQL the process's pool keeps them, tests/core/test_serve.py). Opening
the file again for each request read its schema again and began with an empty cache: under 20
clients the trivial page's 95th percentile went from 81 to 57 ms, the master's dashboard's from
305 to 270 ms (`bench/pages.py`)."""

import shutil

from tests.core.site import environment, script


def test_the_requests_of_a_server_thread_share_one_sqlite_connection(
    migrated_sqlite_site, tmp_path
):
    folder = tmp_path / "site"
    shutil.copytree(migrated_sqlite_site["NDRC_DATA_DIR"], folder)
    requests = script(
        "connections",
        "3",
        env=environment(folder, NDRC_DEBUG="true", NDRC_ALLOWED_HOSTS="testserver"),
    )
    out, err = requests.communicate(timeout=300)
    assert requests.returncode == 0, err
    assert out.split() == ["1"]  # the first request's, kept for the next two
