import pytest

from tests.accounts_tests.factories import UserFactory

from .factories import make_course_with_lessons


@pytest.fixture
def course(site_tree):
    """A published course of three required lessons, in its organisation's section."""
    return make_course_with_lessons(site_tree[1])


@pytest.fixture
def lessons(course):
    from courses.models import LessonPage

    return list(LessonPage.objects.child_of(course).order_by("path"))


@pytest.fixture
def learner(db):
    return UserFactory(first_name="Camille", last_name="Martin", email="camille@exemple.fr")
