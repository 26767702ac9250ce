"""The anonymous page cache: hits cost no SQL, publication invalidates, nothing personal is ever shared."""

import pytest
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from wagtail.signals import page_published

from lms.core import page_cache
from lms.frameworks.models import Framework
from lms.frameworks.views import framework_index
from lms.urls import urlpatterns as project_urlpatterns
from tests.accounts_tests.factories import UserFactory
from tests.courses_tests.factories import make_course, make_section

pytestmark = pytest.mark.django_db

MIDDLEWARE_PATH = "lms.core.page_cache.PageCacheMiddleware"


@page_cache.cache_for_anonymous
def _view_with_message(request):
    messages.info(request, "Message pour cette personne seulement.")
    return render(request, "base.html", {})


@page_cache.cache_for_anonymous
def _view_with_csrf_token(request):
    response = render(request, "base.html", {})
    response.content += get_token(request).encode()
    return response


@page_cache.cache_for_anonymous
def _view_setting_a_cookie(request):
    response = render(request, "base.html", {})
    response.set_cookie("choix", "1")
    return response


# Test routes first, then the project's (the Wagtail catch-all stays last).
urlpatterns = [
    path("test-cache/message/", _view_with_message),
    path("test-cache/csrf/", _view_with_csrf_token),
    path("test-cache/cookie/", _view_setting_a_cookie),
    path("test-cache/referentiels/", page_cache.cache_for_anonymous(framework_index)),
    *project_urlpatterns,
]


@pytest.fixture(autouse=True)
def cache_middleware(settings):
    """Install the middleware where the settings put it (after CSP), and start from an empty cache."""
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index("csp.middleware.CSPMiddleware") + 1, MIDDLEWARE_PATH)
        settings.MIDDLEWARE = middleware
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue_with_course(site_tree):
    _home, catalogue = site_tree
    section = make_section(catalogue)
    course = make_course(section, slug="posture", title="Posture du médiateur", lessons=1)
    return catalogue, section, course


def is_public(response) -> bool:
    return "public" in response.get("Cache-Control", "")


@pytest.mark.urls(__name__)
class TestAnonymousHits:
    def test_second_request_is_served_from_cache_without_sql(
        self, client, catalogue_with_course, django_assert_max_num_queries
    ):
        first = client.get("/formations/")
        assert first.status_code == 200
        assert "Posture du médiateur" in first.content.decode()
        assert is_public(first)
        assert "max-age=60" in first["Cache-Control"]
        with django_assert_max_num_queries(0):
            second = client.get("/formations/")
        assert second.status_code == 200
        assert second.content == first.content
        assert is_public(second)
        assert "Cookie" in second["Vary"]

    @pytest.mark.parametrize("url", ["/formations/{section}/", "/formations/{section}/posture/"])
    def test_sections_and_course_pages_are_cached(
        self, client, catalogue_with_course, url, django_assert_max_num_queries
    ):
        _catalogue, section, _course = catalogue_with_course
        url = url.format(section=section.slug)
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_max_num_queries(0):
            second = client.get(url)
        assert second.content == first.content

    def test_query_string_is_part_of_the_key_in_any_order(
        self, client, catalogue_with_course, django_assert_max_num_queries
    ):
        everything = client.get("/formations/")
        filtered = client.get("/formations/?modality=live&level=advanced")
        assert "Posture du médiateur" in everything.content.decode()
        assert "Posture du médiateur" not in filtered.content.decode()
        with django_assert_max_num_queries(0):
            same = client.get("/formations/?level=advanced&modality=live")
        assert same.content == filtered.content

    def test_language_is_part_of_the_key(self, client, catalogue_with_course, settings):
        french = client.get("/formations/").content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get("/formations/").content.decode()
        assert '<html lang="fr">' in french
        assert '<html lang="en">' in english
        assert "Log in" in english

    def test_head_is_answered_from_the_entry(self, client, catalogue_with_course, django_assert_max_num_queries):
        client.get("/formations/")
        with django_assert_max_num_queries(0):
            response = client.head("/formations/")
        assert response.status_code == 200
        assert is_public(response)

    def test_framework_views_are_cached_and_refreshed_on_edit(self, client, django_assert_max_num_queries):
        Framework.objects.create(code="REMN-2019", title="Responsable d'espace de médiation numérique")
        assert "Responsable d" in client.get("/test-cache/referentiels/").content.decode()
        with django_assert_max_num_queries(0):
            client.get("/test-cache/referentiels/")
        Framework.objects.create(code="MN-2025", title="Médiateur numérique")
        assert "Médiateur numérique" in client.get("/test-cache/referentiels/").content.decode()


class TestInvalidation:
    def test_publishing_a_course_refreshes_the_catalogue(
        self, client, catalogue_with_course, django_capture_on_commit_callbacks
    ):
        _catalogue, section, _course = catalogue_with_course
        assert "Atelier fake news" not in client.get("/formations/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            make_course(section, slug="fake-news", title="Atelier fake news")
        assert "Atelier fake news" in client.get("/formations/").content.decode()

    def test_unpublishing_removes_the_course_everywhere(self, client, catalogue_with_course):
        _catalogue, section, course = catalogue_with_course
        course_url = f"/formations/{section.slug}/posture/"
        assert client.get(course_url).status_code == 200
        assert "Posture du médiateur" in client.get("/formations/").content.decode()
        course.unpublish()
        assert client.get(course_url).status_code == 404
        assert "Posture du médiateur" not in client.get("/formations/").content.decode()

    def test_deleting_a_course_refreshes_the_catalogue(self, client, catalogue_with_course):
        _catalogue, _section, course = catalogue_with_course
        assert "Posture du médiateur" in client.get("/formations/").content.decode()
        course.delete()
        assert "Posture du médiateur" not in client.get("/formations/").content.decode()

    def test_moving_a_page_bumps_the_version(self, catalogue_with_course):
        catalogue, section, course = catalogue_with_course
        other = make_section(catalogue)
        before = page_cache.content_version_get()
        course.move(other, pos="last-child")
        assert page_cache.content_version_get() > before

    def test_a_lost_version_never_revives_old_entries(
        self, client, catalogue_with_course, django_assert_max_num_queries
    ):
        client.get("/formations/")
        cache.delete(page_cache.VERSION_KEY)
        with CaptureQueriesContext(connection) as rendered:
            client.get("/formations/")
        assert len(rendered) > 0
        with django_assert_max_num_queries(0):
            client.get("/formations/")

    def test_receivers_are_connected_once(self):
        before = len(page_published.receivers)
        page_cache.connect_receivers()
        page_cache.connect_receivers()
        assert len(page_published.receivers) == before


class TestNothingPersonalIsShared:
    def test_signed_in_pages_are_private_and_never_served_to_anonymous_visitors(self, client, catalogue_with_course):
        user = UserFactory(first_name="Zoé", last_name="Personnelle")
        client.force_login(user)
        signed_in = client.get("/formations/")
        assert "Se déconnecter" in signed_in.content.decode()
        assert "private" in signed_in["Cache-Control"]
        client.logout()
        client.cookies.clear()
        anonymous = client.get("/formations/")
        page = anonymous.content.decode()
        assert "Se déconnecter" not in page
        assert "csrfmiddlewaretoken" not in page
        assert user.email not in page and "Personnelle" not in page

    def test_anonymous_entry_is_never_served_to_a_signed_in_user(self, client, catalogue_with_course):
        anonymous = client.get("/formations/")
        assert "Se connecter" in anonymous.content.decode()
        client.force_login(UserFactory())
        signed_in = client.get("/formations/")
        assert "Se déconnecter" in signed_in.content.decode()
        assert not is_public(signed_in)

    def test_a_session_cookie_bypasses_the_cache(self, client, catalogue_with_course, settings):
        client.get("/formations/")
        client.cookies[settings.SESSION_COOKIE_NAME] = "inconnue"
        response = client.get("/formations/")
        assert response.status_code == 200
        assert not is_public(response)

    @pytest.mark.urls(__name__)
    def test_pages_with_messages_are_never_stored(self, client):
        first = client.get("/test-cache/message/")
        assert "Message pour cette personne seulement." in first.content.decode()
        assert not is_public(first)
        client.cookies.clear()
        assert not is_public(client.get("/test-cache/message/"))

    @pytest.mark.urls(__name__)
    def test_a_message_cookie_bypasses_the_cache(self, client, catalogue_with_course):
        client.get("/formations/")
        client.cookies["messages"] = "quelque-chose"
        assert not is_public(client.get("/formations/"))

    @pytest.mark.urls(__name__)
    @pytest.mark.parametrize("url", ["/test-cache/csrf/", "/test-cache/cookie/"])
    def test_pages_with_a_csrf_token_or_a_cookie_are_never_stored(self, client, url):
        first = client.get(url)
        assert first.status_code == 200
        assert first.cookies
        assert not is_public(first)
        client.cookies.clear()
        assert not is_public(client.get(url))

    def test_post_is_never_cached(self, client, catalogue_with_course):
        client.get("/formations/")
        response = client.post("/formations/")
        assert not is_public(response)


class TestWithoutMiddleware:
    def test_mixin_still_serves_hits_after_routing(self, client, catalogue_with_course, settings):
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH]
        with CaptureQueriesContext(connection) as rendering:
            first = client.get("/formations/")
        with CaptureQueriesContext(connection) as routing_only:
            second = client.get("/formations/")
        assert second.content == first.content
        assert 0 < len(routing_only) < len(rendering)


DEAD_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.mark.urls(__name__)
class TestCacheServerDown:
    """The page cache speeds pages up; its outage must not break a view that it wraps.

    (Wagtail's own routing also reads the cache, so Wagtail pages still need it: /healthz/ reports it.)
    """

    def test_views_are_rendered_and_not_marked_public(self, client, site_tree, caplog):
        # site_setup loaded the frameworks of the reference files.
        with override_settings(CACHES=DEAD_CACHE):
            for _ in range(2):
                response = client.get("/test-cache/referentiels/")
                assert response.status_code == 200
                assert "Médiateur numérique" in response.content.decode()
                assert not is_public(response)
        assert "Page cache unreachable: rendering without it" in caplog.text

    def test_publishing_still_works(self, catalogue_with_course, django_capture_on_commit_callbacks, caplog):
        _catalogue, section, _course = catalogue_with_course
        with override_settings(CACHES=DEAD_CACHE):
            with django_capture_on_commit_callbacks(execute=True):
                course = make_course(section, slug="fake-news", title="Atelier fake news")
        course.refresh_from_db()
        assert course.live
        assert "could not invalidate cached pages" in caplog.text
