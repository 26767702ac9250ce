import pytest

from .world import build_world


@pytest.fixture
def world(site_tree):
    """Return the trust tests' world: two organisations, their pages, one person per role."""
    return build_world(site_tree)


@pytest.fixture(autouse=True)
def _temporary_media(settings, tmp_path):
    """Keep the world's uploads (evidence files, badge images, exports) out of the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
