"""Check the learning rows of the authorisation matrix for every role, on the trust tests' world."""

import pytest
from django.core.cache import cache

from tests.trust_tests.test_authorisation_matrix import acceptable, run_case
from tests.trust_tests.urlwalk import covered_routes
from tests.trust_tests.world import ROLES, WORLD_EXTENSIONS, build_world

from .trust_matrix import learning_matrix, learning_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree, monkeypatch):
    monkeypatch.setattr("tests.trust_tests.world.WORLD_EXTENSIONS", [*WORLD_EXTENSIONS, learning_world])
    cache.clear()
    return build_world(site_tree)


class TestLearningMatrix:
    def test_covers_every_learning_view(self):
        learning = {r.name for r in covered_routes() if r.name.split(":")[0].startswith("learning")}
        assert learning == set(learning_matrix())

    @pytest.mark.parametrize("role", ROLES)
    def test_role(self, world, role):
        failures = []
        for name, cases in learning_matrix().items():
            for item in cases:
                url, got = run_case(world, role, item)
                if not acceptable(item.expect[role], got, role):
                    failures.append(f"{name} {item.method} {url}: expected {item.expect[role]}, got {got}")
        assert not failures, "\n".join(failures)
