import pytest


@pytest.fixture(autouse=True)
def _fresh_view_restrictions_snapshot():
    """No test may see the snapshot another test built (its content version could match by chance)."""
    from lms.core import view_restrictions

    view_restrictions.forget()
    yield
    view_restrictions.forget()
