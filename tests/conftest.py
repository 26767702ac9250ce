"""Shared fixtures, and the CI rule: under CI=true a skipped test fails the run."""

import os

import pytest


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


@pytest.fixture
def site_tree(db):
    """Return the home page and the catalogue, created as ``setup_site`` does."""
    from lms.core.site_setup import site_setup

    return site_setup()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: the page cache and rate limits must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
