"""`ndrc serve` runs the site as production does: debug off, behind a TLS proxy (simulated by its
X-Forwarded-Proto header), static files hashed and compressed by whitenoise, secure cookies, French
error pages; 24 clients at once get their pages, and on PostgreSQL the server keeps to its pool."""

import gzip
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.client import HTTPResponse
from urllib.parse import urlencode

import psycopg

from tests.core.site import NDRC, REPOSITORY, environment, script

WORKERS, THREADS = 2, 2


class Browser:
    """A client behind the proxy: every request says it came over HTTPS; cookies kept by hand
    (Python's cookie jar rightly keeps Secure cookies away from an http:// address)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.set_cookie_lines: list[str] = []

    def request(
        self, path: str, data: dict | None = None, proxy: bool = True, **headers: str
    ) -> tuple[HTTPResponse, bytes]:
        request = urllib.request.Request(  # noqa: S310  (http://127.0.0.1 only)
            self.base + path, data=urlencode(data).encode() if data is not None else None
        )
        if proxy:
            request.add_header("X-Forwarded-Proto", "https")
            request.add_header("Referer", self.base.replace("http:", "https:") + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in headers.items():
            request.add_header(name.replace("_", "-"), value)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        body = response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_lines.append(line)
            name, _, rest = line.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response, body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 240  # the first start collects and compresses static files
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            Browser(base).request("/connexion/")
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("ndrc serve did not answer: " + log.read_text())


def connections_to(watching: psycopg.Connection) -> int:
    """The connections to the watched database, but the watcher's own."""
    return watching.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    ).fetchone()[0]


def test_ndrc_serve_runs_the_site_in_production_mode(site, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **site,
        "NDRC_DEBUG": "false",
        "NDRC_SECRET_KEY": secrets.token_urlsafe(50),
        "NDRC_ALLOWED_HOSTS": "127.0.0.1",
        "NDRC_BEHIND_PROXY": "true",
        "NDRC_SSL_REDIRECT": "true",
        "NDRC_WORKERS": str(WORKERS),
        "NDRC_THREADS": str(THREADS),
    }
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(NDRC), "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            cwd=REPOSITORY,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(base, server, log)
        _walk_the_site(base)
        _many_clients_at_once(base, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text()


def _walk_the_site(base: str) -> None:
    browser = Browser(base)
    # Plain HTTP is sent to HTTPS.
    response, _ = browser.request("/", proxy=False)
    assert (
        response.status == 301
        and response.headers["Location"] == f"https://127.0.0.1:{base.rsplit(':', 1)[1]}/"
    )

    response, body = browser.request("/connexion/")
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    response, _ = browser.request(
        "/connexion/",
        {"csrfmiddlewaretoken": token, "username": "responsable", "password": "demo-ndrc-2026"},
        Origin=base.replace("http:", "https:"),
    )
    assert response.status == 302, response.status
    session = [line for line in browser.set_cookie_lines if line.startswith("sessionid=")]
    assert session and "Secure" in session[0] and "HttpOnly" in session[0]
    assert all("Secure" in line for line in browser.set_cookie_lines)

    response, body = browser.request("/")
    page = body.decode()
    assert response.status == 200 and "Claire" in page
    stylesheet = re.search(
        r'<link rel="stylesheet" href="(/static/css/ndrc\.[0-9a-f]{12}\.css)"', page
    )
    assert stylesheet, "the stylesheet's name carries its hash"
    response, css = browser.request(stylesheet.group(1), Accept_Encoding="gzip")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/css")
    assert response.headers["Content-Encoding"] == "gzip" and b"--accent" in gzip.decompress(css)
    assert "immutable" in response.headers["Cache-Control"]
    script = re.search(r'<script src="(/static/vendor/htmx-[^"]+\.js)"', page).group(1)
    assert browser.request(script)[0].status == 200

    # The API's documentation page and the files it loads.
    response, body = browser.request("/api/docs")
    assert response.status == 200
    assets = re.findall(r'(?:src|href)="(/static/ninja/[^"]+)"', body.decode())
    assert assets
    for asset in assets:
        assert browser.request(asset)[0].status == 200, asset

    response, body = browser.request("/cette-page-n-existe-pas/")
    assert response.status == 404 and "Page introuvable" in body.decode()
    assert "Traceback" not in body.decode()


def _many_clients_at_once(base: str, env: dict[str, str]) -> None:
    """24 clients, 5 pages each, at once: every page answered, within the pool on PostgreSQL."""
    logged_in = Browser(base)
    _, body = logged_in.request("/connexion/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    logged_in.request(
        "/connexion/",
        {"csrfmiddlewaretoken": token, "username": "responsable", "password": "demo-ndrc-2026"},
        Origin=base.replace("http:", "https:"),
    )
    statuses: list[int] = []
    most_connections = [0]
    done = threading.Event()

    def client() -> None:
        browser = Browser(base)
        browser.cookies = dict(logged_in.cookies)
        for path in ["/", "/apprenants/", "/evaluations/", "/", "/referentiel/"]:
            statuses.append(browser.request(path)[0].status)

    def watch() -> None:
        # One connection for the whole watch: one opened and closed at each look stays listed
        # while its server process exits, and was once counted with the site's on a machine
        # loaded past its cores.
        with psycopg.connect(env["NDRC_DATABASE_URL"], autocommit=True) as watching:
            while not done.is_set():
                most_connections[0] = max(most_connections[0], connections_to(watching))
                time.sleep(0.05)

    watcher = threading.Thread(target=watch) if "NDRC_DATABASE_URL" in env else None
    if watcher:
        watcher.start()
    clients = [threading.Thread(target=client) for _ in range(24)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=300)
    done.set()
    if watcher:
        watcher.join()
        # One pool of NDRC_THREADS connections per process, however many clients.
        assert 0 < most_connections[0] <= WORKERS * THREADS
    assert statuses == [200] * 120


def test_a_server_process_imports_nothing_of_the_application_at_its_first_request(tmp_path):
    # Loaded once before the fork: a process recycled after `max_requests` answers at once
    # instead of importing the views and template tags (≈0.2 s of CPU) in its first request.
    first = script(
        "first_request",
        env=environment(tmp_path, NDRC_DEBUG="true", NDRC_ALLOWED_HOSTS="testserver"),
    )
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert out.split() == []
