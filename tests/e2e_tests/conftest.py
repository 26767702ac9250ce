"""Fixtures of the end-to-end browser tests (the browser itself comes from tests/browser_fixtures.py)."""

import pytest


@pytest.fixture
def world(site_tree):
    from tests.trust_tests.world import build_world

    return build_world(site_tree)


@pytest.fixture(autouse=True)
def _content_type_cache_warm():
    """Keep every content type cached when a browser test ends.

    Browser tests are transactional with ``serialized_rollback``: the teardown empties the tables and
    reloads the rows Wagtail's migrations made. A content type looked up during that reload with a
    cold cache would be created anew and collide with the reloaded row.
    """
    yield
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Keep each test's files (uploads, badge images, PDFs) in its own temporary directory.

    Autouse, so it applies before ``world`` stores anything; the live server reads the same settings
    object, so the views stream from there too.
    """
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT
