"""Browser tests: Playwright's sync API driving Debian's chromium against `live_server`.

Playwright runs an event loop in the test's thread while the browser is open, and Django refuses
database access from a thread with a running loop. So every fixture that touches the database
(`live_server`, `demo`, session cookies…) is set up before `browser` starts the loop and torn
down after it stops: `browser` depends on `live_server`, and a test lists its data fixtures
before `page` or `new_page`. No skip when chromium is missing: launching fails, and so does the
test.
"""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser(live_server) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Opens a page in a French browser, logged in when given a session cookie.

    Any Content-Security-Policy violation the page reports fails the test: pages carry no inline
    script or style.
    """
    violations: list[str] = []

    def open_page(session_cookie: str | None = None) -> Page:
        context = browser.new_context(locale="fr-FR")
        if session_cookie:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session_cookie,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        # Playwright's default: a page whose view runs a job waits its turn on a loaded machine
        # (three test processes on two cores, the browser too); 10 s once timed out there.
        page.set_default_timeout(30_000)
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        return page

    yield open_page
    assert violations == []


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture
def session_cookie(db) -> Callable[[object], str]:
    """The session cookie of a user logged in without the form (set up before the browser)."""

    def cookie_for(user: object) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    return cookie_for
