import pytest

from .world import build_world


@pytest.fixture
def world(site_tree):
    """Return the trust tests' world: two organisations, their pages, one person per role."""
    return build_world(site_tree)
