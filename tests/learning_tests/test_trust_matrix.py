"""The learning rows of the authorisation matrix cover every learning view.

The rows themselves run for every role in ``tests/trust_tests/test_authorisation_matrix.py``, which
merges them (and the world extension) from ``trust_matrix.py``.
"""

from tests.trust_tests.matrix import MATRIX
from tests.trust_tests.urlwalk import covered_routes
from tests.trust_tests.world import WORLD_EXTENSIONS

from .trust_matrix import learning_matrix, learning_world


class TestLearningMatrix:
    def test_covers_every_learning_view(self):
        learning = {r.name for r in covered_routes() if r.name.split(":")[0].startswith("learning")}
        assert learning == set(learning_matrix())

    def test_is_merged_into_the_authorisation_matrix(self):
        assert set(learning_matrix()) <= set(MATRIX)
        assert learning_world in WORLD_EXTENSIONS
