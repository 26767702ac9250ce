"""The assessments rows of the authorisation matrix cover every assessments view.

The rows themselves run for every role in ``tests/trust_tests/test_authorisation_matrix.py``, which
merges them (and the world extension) from ``trust_matrix.py``.
"""

from tests.trust_tests.matrix import MATRIX
from tests.trust_tests.urlwalk import covered_routes
from tests.trust_tests.world import WORLD_EXTENSIONS

from .trust_matrix import assessments_matrix, assessments_world


class TestMatrixRows:
    def test_cover_every_assessments_view(self):
        names = {r.name for r in covered_routes() if "assessments" in r.name.split(":")[0]}
        assert names == set(assessments_matrix())

    def test_are_merged_into_the_authorisation_matrix(self):
        assert set(assessments_matrix()) <= set(MATRIX)
        assert assessments_world in WORLD_EXTENSIONS
