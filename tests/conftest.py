"""Shared fixtures, and the CI rule: under CI=true a skipped test fails the run."""

import os

import pytest

# The browser fixtures (Chromium through Playwright), shared by tests/e2e_tests and the quiz script tests.
from tests.browser_fixtures import browser, new_page, page  # noqa: F401


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI=true: {len(skipped)} test(s) skipped; a skip fails the run in CI.", red=True)
        for report in skipped:
            reporter.write_line(f"  skipped: {report.nodeid} — {report.longrepr[-1] if report.longrepr else ''}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config, items):
    """Refuse a transactional test without ``serialized_rollback=True``.

    A transactional test ends with a flush of every table. Without serialized rollback, Django then
    re-creates content types and permissions under new ids (PostgreSQL does not reset sequences);
    with it, the flush leaves them out and the next test restores the original rows. Mixing the two
    breaks whichever runs second (duplicate content type, missing permission) — on PostgreSQL only,
    in an order that depends on how xdist shares the tests. So every transactional test restores.
    """
    offenders = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "Transactional tests must also set serialized_rollback=True (see tests/conftest.py): "
            + ", ".join(offenders)
        )


@pytest.fixture
def site_tree(db):
    """Return the home page and the catalogue, created as ``setup_site`` does."""
    from lms.core.site_setup import site_setup

    return site_setup()


@pytest.fixture(autouse=True)
def _french_first():
    """Start every test in French, the site's language.

    A request served in English by the test client leaves English active in the test's thread; the
    next test of the same worker would then see English messages.
    """
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: the page cache and rate limits must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
