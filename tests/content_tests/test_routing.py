"""The home page routes by stored URL path: same answers as Wagtail's walk, fewer queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts_tests.factories import UserFactory
from tests.courses_tests.factories import make_course, make_lesson, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_tree):
    return make_course(make_section(site_tree[1]), slug="posture", title="Posture", lessons=2)


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)


class TestRoutingByUrlPath:
    def test_every_level_is_reached(self, client, course):
        lesson = course.get_children().first()
        for url in ("/", "/formations/", course.get_parent().url, course.url, lesson.url):
            assert client.get(url).status_code == 200, url

    def test_unknown_paths_and_extra_components_are_not_found(self, client, course):
        assert client.get(course.url + "inconnue/").status_code == 404
        assert client.get(course.url + "lecon-1/en-trop/").status_code == 404
        assert client.get("/nulle-part/").status_code == 404

    def test_a_draft_page_is_not_found(self, client, course):
        draft = make_lesson(course, slug="brouillon", title="Brouillon")
        draft.unpublish()
        assert client.get(draft.url_path.removeprefix("/accueil")).status_code == 404

    def test_routing_a_lesson_costs_two_queries_instead_of_two_per_level(self, rf, site_tree, course):
        from wagtail.models import Page

        home = site_tree[0]
        lesson = course.get_children().first()
        components = [part for part in lesson.url_path.removeprefix(home.url_path).split("/") if part]
        assert len(components) == 4  # catalogue, section, course, lesson
        request = rf.get(lesson.url)
        with CaptureQueriesContext(connection) as fast:
            routed = home.route(request, components)
        with CaptureQueriesContext(connection) as walk:
            walked = Page.route(home, request, components)
        assert routed.page.pk == walked.page.pk == lesson.pk
        assert type(routed.page) is type(walked.page)
        assert len(fast.captured_queries) == 2
        assert len(walk.captured_queries) == 8

    def test_an_enrolled_learner_opens_a_lesson_in_at_most_8_queries(self, client, course):
        from tests.learning_tests.factories import enrol

        lesson = course.get_children().first()
        client.get(lesson.url)  # Wagtail's site-root cache and the course outline, warm on any running server
        learner = UserFactory()
        enrol(learner, course)
        client.force_login(learner)
        status, count = _queries(client, lesson.url)
        assert status == 200
        # Session, user, site, home page (Wagtail's route_for_request), the page by its path and its
        # specific row, last-lesson update (which says whether the learner is enrolled), the lessons
        # done. Not queried: Wagtail's two privacy checks (lms.core.view_restrictions), the course and
        # its lessons (cached outline, courses.selectors.course_outline). Issue 8's target is 10.
        assert count == 8, count

    def test_the_userbar_shows_for_authors_and_costs_learners_nothing(self, client, course):
        from lms.accounts.receivers import USERBAR_SESSION_KEY

        lesson = course.get_children().first()
        learner = UserFactory()
        client.force_login(learner)
        assert client.session[USERBAR_SESSION_KEY] is False
        html = client.get(lesson.url).content.decode()
        assert "wagtail-userbar" not in html
        admin = UserFactory(is_superuser=True)
        client.force_login(admin)
        assert client.session[USERBAR_SESSION_KEY] is True
        assert "wagtail-userbar" in client.get(lesson.url).content.decode()
