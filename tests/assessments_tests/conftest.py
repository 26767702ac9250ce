import pytest


@pytest.fixture(autouse=True)
def assessments_urls(settings):
    settings.ROOT_URLCONF = "tests.assessments_tests.urls"


@pytest.fixture
def quiz(db, site_tree):
    """Return a course with a published assessment of one question per automatic type, and its people."""
    from .factories import make_quiz_setup

    return make_quiz_setup(site_tree[1])
