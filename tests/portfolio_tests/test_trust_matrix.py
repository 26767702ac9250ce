"""The portfolio rows of the authorisation matrix cover every portfolio view.

The rows themselves run for every role in ``tests/trust_tests/test_authorisation_matrix.py``, which
merges them (and the world extension) from ``trust_matrix.py``.
"""

from tests.trust_tests.matrix import MATRIX
from tests.trust_tests.urlwalk import covered_routes
from tests.trust_tests.world import WORLD_EXTENSIONS

from .trust_matrix import portfolio_matrix, portfolio_world


class TestMatrixRows:
    def test_cover_every_portfolio_view(self):
        names = {r.name for r in covered_routes() if r.name.split(":")[0].startswith("portfolio")}
        assert names == set(portfolio_matrix())

    def test_are_merged_into_the_authorisation_matrix(self):
        assert set(portfolio_matrix()) <= set(MATRIX)
        assert portfolio_world in WORLD_EXTENSIONS
