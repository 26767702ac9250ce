"""Browser fixtures shared by every browser test: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is downloaded (never run ``playwright install``): the tests use /usr/bin/chromium and skip
with a reason when it is missing (under CI=true a skip fails the run, see tests/conftest.py).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium); browser tests need it")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    snapshot = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    # Playwright's sync API keeps an event loop running in the test thread until the session ends;
    # Django would then refuse the ORM calls of every later test. The live server has its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            _keep_serialized_contents(snapshot)
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _keep_serialized_contents(snapshot: dict) -> None:
    """Give the connections seen inside Playwright's event loop the database snapshot Django took.

    Django keeps one connection object per async context; once Playwright's loop runs, the tests
    get new connection objects (same in-memory database) without the snapshot that
    ``serialized_rollback`` restores from. Without it, the first browser test would empty the
    database for good (Wagtail's root page included).
    """
    from django.db import connections

    for alias, contents in snapshot.items():
        if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture
def new_page(browser, live_server):
    """Return a factory of fresh pages (one browser context each: separate cookies, one person each)."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        # Chromium asks for /favicon.ico on its own, possibly after the test ended; with SQLite in
        # memory the live server shares the test's connection, so a late request could run while
        # the database is being reset. Answer it in the browser instead.
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        for open_page in context.pages:
            _settle(open_page)
        context.close()


def _settle(open_page) -> None:
    """Let the page finish its requests, so none reaches the server after the test."""
    from playwright.sync_api import Error

    try:
        open_page.wait_for_load_state("networkidle", timeout=5_000)
    except Error:
        pass


@pytest.fixture
def page(new_page):
    return new_page()
