"""Benchmark of `ndrc serve` under many clients at once.

    NDRC_DATABASE_URL=postgresql://… .venv/bin/python bench/serve.py [--clients 32] [--pages 20]

Migrates the database and loads the demo population when empty (a temporary data folder), starts
`ndrc serve` in production mode on 127.0.0.1, logs `--clients` clients in as the training
manager, and has each load `--pages` pages (home, learners, CCF, framework) at the same time.
Prints the requests per second, the median and 95th percentile response times, the failed
requests, and on PostgreSQL the most connections the server held. Without NDRC_DATABASE_URL it
runs on SQLite.
"""

import argparse
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

NDRC = Path(sys.executable).with_name("ndrc")
PAGES = ["/", "/apprenants/", "/evaluations/", "/referentiel/"]


def fetch(base: str, path: str, cookies: dict, data: dict | None = None, *, timeout: float = 120):
    request = urllib.request.Request(  # noqa: S310  (http://127.0.0.1 only)
        base + path, data=urlencode(data).encode() if data else None
    )
    request.add_header("X-Forwarded-Proto", "https")
    request.add_header("Referer", base.replace("http:", "https:") + path)
    request.add_header("Origin", base.replace("http:", "https:"))
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    for line in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    return response.status, body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    database_url = os.environ.get("NDRC_DATABASE_URL", "")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NDRC_")}
        env.update(NDRC_DATA_DIR=folder, NDRC_DEBUG="false", NDRC_ALLOWED_HOSTS="127.0.0.1",
                   NDRC_SECRET_KEY=secrets.token_urlsafe(50), NDRC_BEHIND_PROXY="true",
                   NDRC_WORKERS=str(options.workers),
                   NDRC_THREADS=str(options.threads))  # fmt: skip
        if database_url:
            env["NDRC_DATABASE_URL"] = database_url
        for command in (["migrate", "--noinput", "-v0"], ["demo"]):
            subprocess.run(  # noqa: S603  (this environment's own ndrc)
                [str(NDRC), *command], env=env, check=True, capture_output=True
            )
        server = subprocess.Popen(  # noqa: S603  (this environment's own ndrc)
            [str(NDRC), "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            run(base, options, database_url)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)


def run(base: str, options: argparse.Namespace, database_url: str) -> None:
    deadline = time.monotonic() + 300
    while True:
        try:
            fetch(base, "/connexion/", {})
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    sessions = []
    for _ in range(options.clients):
        cookies: dict = {}
        _, body = fetch(base, "/connexion/", cookies)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        fetch(base, "/connexion/", cookies, {"csrfmiddlewaretoken": token,
              "username": "responsable", "password": "demo-ndrc-2026"})  # fmt: skip
        sessions.append(cookies)
    times: list[float] = []
    failures: list[int] = []
    most = [0]
    done = threading.Event()

    def client(cookies: dict) -> None:
        for n in range(options.pages):
            start = time.perf_counter()
            try:
                status, _ = fetch(base, PAGES[n % len(PAGES)], cookies)
            except OSError:
                status = 0
            times.append(time.perf_counter() - start)
            if status != 200:
                failures.append(status)

    def watch() -> None:
        import psycopg

        name = urlparse(database_url).path.lstrip("/")
        with psycopg.connect(database_url, autocommit=True) as connection:
            while not done.is_set():
                count = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND pid <> pg_backend_pid()",
                    [name],
                ).fetchone()[0]
                most[0] = max(most[0], count)
                time.sleep(0.05)

    watcher = threading.Thread(target=watch) if database_url else None
    if watcher:
        watcher.start()
    threads = [threading.Thread(target=client, args=(c,)) for c in sessions]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    done.set()
    if watcher:
        watcher.join()
    times.sort()
    print(f"database: {'postgresql' if database_url else 'sqlite'}; server: "
          f"{options.workers} workers x {options.threads} threads")  # fmt: skip
    print(f"{len(times)} requests by {options.clients} clients at once in {elapsed:.1f} s: "
          f"{len(times) / elapsed:.1f} requests/s")  # fmt: skip
    print(f"response time: median {statistics.median(times) * 1000:.0f} ms, "
          f"95th percentile {times[int(len(times) * 0.95)] * 1000:.0f} ms")  # fmt: skip
    print(f"failed requests: {len(failures)}")
    if database_url:
        print(f"most database connections held by the server: {most[0]} "
              f"(bound: {options.workers * options.threads})")  # fmt: skip


if __name__ == "__main__":
    main()
