"""Read-through caching (lms.core.cache_helpers) and the cached course outline shown on every lesson page.

The cache is an accelerator: a value is computed once and then served from it, and when the cache is
unreachable the value is computed every time, never an error. The course outline must follow every
publication, unpublication and move at once, since it is keyed on the page-cache content version.
"""

import logging

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from wagtail.models import Page

from courses.selectors import course_outline, lesson_navigation
from lms.core import page_cache, view_restrictions
from lms.core.cache_helpers import cached_or_computed
from tests.accounts_tests.factories import UserFactory
from tests.core_tests.cache_outage import DEAD_CACHE
from tests.courses_tests.factories import make_course, make_lesson, make_section
from tests.learning_tests.factories import enrol

pytestmark = pytest.mark.django_db


class Counter:
    """A ``compute`` that counts its calls and returns a new value each time."""

    def __init__(self, value="valeur"):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.value


class RecordingCache:
    """Stands for the default cache: a private LocMemCache that records what is stored, and for how long."""

    def __init__(self):
        self.inner = LocMemCache("tests-cache-helpers", {})
        self.inner.clear()
        self.sets = []

    def get(self, key, default=None):
        return self.inner.get(key, default)

    def set(self, key, value, timeout=None):
        self.sets.append((key, value, timeout))
        self.inner.set(key, value, timeout=timeout)


class BrokenSetCache(RecordingCache):
    """A cache that answers reads but fails every write (a full or read-only replica)."""

    def set(self, key, value, timeout=None):
        raise ConnectionError("écriture refusée")


# --- cached_or_computed ----------------------------------------------------------------------------


class TestCachedOrComputed:
    def test_computes_once_then_serves_from_the_cache(self):
        compute = Counter({"chiffres": [1, 2, 3]})
        first = cached_or_computed("tests:valeur", compute, timeout=60, what="les chiffres")
        second = cached_or_computed("tests:valeur", compute, timeout=60, what="les chiffres")
        assert first == second == {"chiffres": [1, 2, 3]}
        assert compute.calls == 1
        assert cache.get("tests:valeur") == {"chiffres": [1, 2, 3]}

    def test_the_cached_value_wins_over_a_new_computation(self):
        cached_or_computed("tests:valeur", lambda: "ancienne", timeout=60, what="la valeur")
        assert cached_or_computed("tests:valeur", lambda: "nouvelle", timeout=60, what="la valeur") == "ancienne"

    def test_recomputes_after_the_key_is_deleted(self):
        compute = Counter()
        cached_or_computed("tests:valeur", compute, timeout=60, what="la valeur")
        cache.delete("tests:valeur")
        compute.value = "recalculée"
        assert cached_or_computed("tests:valeur", compute, timeout=60, what="la valeur") == "recalculée"
        assert compute.calls == 2
        assert cached_or_computed("tests:valeur", compute, timeout=60, what="la valeur") == "recalculée"
        assert compute.calls == 2

    def test_each_key_has_its_own_value(self):
        a, b = Counter("a"), Counter("b")
        assert cached_or_computed("tests:a", a, timeout=60, what="a") == "a"
        assert cached_or_computed("tests:b", b, timeout=60, what="b") == "b"
        assert cached_or_computed("tests:a", b, timeout=60, what="a") == "a"
        assert (a.calls, b.calls) == (1, 1)

    @pytest.mark.parametrize("falsy", [0, "", [], False, {}])
    def test_falsy_values_are_cached_too(self, falsy):
        compute = Counter(falsy)
        assert cached_or_computed("tests:vide", compute, timeout=60, what="la valeur") == falsy
        assert cached_or_computed("tests:vide", compute, timeout=60, what="la valeur") == falsy
        assert compute.calls == 1

    def test_stores_with_the_given_timeout(self, monkeypatch):
        recording = RecordingCache()
        monkeypatch.setattr("lms.core.cache_helpers.cache", recording)
        cached_or_computed("tests:valeur", Counter(42), timeout=123, what="la valeur")
        assert recording.sets == [("tests:valeur", 42, 123)]

    def test_an_expired_value_is_computed_again(self):
        compute = Counter()
        # Django's timeout=0 expires at once: nothing is ever served from the cache.
        cached_or_computed("tests:valeur", compute, timeout=0, what="la valeur")
        cached_or_computed("tests:valeur", compute, timeout=0, what="la valeur")
        assert compute.calls == 2

    def test_cache_down_computes_every_time_and_warns(self, settings, caplog):
        settings.CACHES = DEAD_CACHE
        compute = Counter("calculée")
        with caplog.at_level(logging.WARNING, logger="lms.core.cache_helpers"):
            values = [cached_or_computed("tests:valeur", compute, timeout=60, what="les chiffres") for _ in range(3)]
        assert values == ["calculée"] * 3
        assert compute.calls == 3
        warnings = [r for r in caplog.records if r.name == "lms.core.cache_helpers"]
        assert len(warnings) == 3
        assert all(r.levelno == logging.WARNING for r in warnings)
        assert "Cache unreachable: les chiffres computed without it" in warnings[0].getMessage()
        assert warnings[0].exc_info is not None

    def test_a_failed_write_still_returns_the_value_and_warns(self, monkeypatch, caplog):
        monkeypatch.setattr("lms.core.cache_helpers.cache", BrokenSetCache())
        compute = Counter("calculée")
        with caplog.at_level(logging.WARNING, logger="lms.core.cache_helpers"):
            assert cached_or_computed("tests:valeur", compute, timeout=60, what="le plan") == "calculée"
        assert "Cache unreachable: le plan not stored" in caplog.text

    def test_an_error_of_the_computation_is_not_taken_for_a_cache_outage(self, caplog):
        def compute():
            raise ZeroDivisionError

        with pytest.raises(ZeroDivisionError):
            cached_or_computed("tests:valeur", compute, timeout=60, what="la valeur")
        assert "Cache unreachable" not in caplog.text
        assert cache.get("tests:valeur") is None

    def test_an_error_of_the_computation_propagates_with_the_cache_down(self, settings):
        settings.CACHES = DEAD_CACHE

        def compute():
            raise ZeroDivisionError

        with pytest.raises(ZeroDivisionError):
            cached_or_computed("tests:valeur", compute, timeout=60, what="la valeur")


# --- the course outline ----------------------------------------------------------------------------


@pytest.fixture
def course(site_tree):
    return make_course(make_section(site_tree[1]), slug="posture", title="Posture du médiateur", lessons=3)


def lessons_of(course):
    return list(course.get_children().specific().order_by("path"))


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def nav(html: str) -> str:
    """Return the lesson navigation of a lesson page (the aside listing the course's lessons)."""
    start = html.index('<nav class="lesson-nav"')
    return html[start : html.index("</nav>", start)]


@pytest.fixture
def site_roots_readable(monkeypatch):
    """Keep Wagtail's site root paths in a cache of their own that stays up.

    ``Site.get_site_root_paths`` (``{% pageurl %}``) reads the default cache without a guard: with the
    cache down every page linking another one fails (xfail in test_view_restrictions); this keeps that
    apart from the outline.
    """
    monkeypatch.setattr("wagtail.models.sites.cache", LocMemCache("tests-site-roots", {}))


class TestCourseOutline:
    def test_costs_no_query_when_warm(self, course, django_assert_num_queries):
        first_course, first_lessons = course_outline(course_path=course.path)
        with django_assert_num_queries(0):
            cached_course, cached_lessons = course_outline(course_path=course.path)
        assert cached_course.pk == first_course.pk == course.pk
        assert [lesson.pk for lesson in cached_lessons] == [lesson.pk for lesson in lessons_of(course)]
        assert [lesson.title for lesson in cached_lessons] == ["Leçon 1", "Leçon 2", "Leçon 3"]
        assert len(first_lessons) == 3

    def test_the_course_comes_with_its_organisation(self, course, django_assert_num_queries):
        name = course.organisation.name
        course_outline(course_path=course.path)
        with django_assert_num_queries(0):
            cached_course, _ = course_outline(course_path=course.path)
            assert cached_course.organisation.name == name

    def test_lesson_navigation_costs_no_query_when_warm(self, course, django_assert_num_queries):
        second = lessons_of(course)[1]
        lesson_navigation(lesson=second)
        with django_assert_num_queries(0):
            navigation = lesson_navigation(lesson=second)
        assert navigation["lesson_position"] == 2
        assert navigation["previous_lesson"].title == "Leçon 1"
        assert navigation["next_lesson"].title == "Leçon 3"

    def test_each_course_has_its_own_outline(self, site_tree, course):
        other = make_course(make_section(site_tree[1]), slug="autre", title="Autre module")
        make_lesson(other, slug="unique", title="Leçon unique")
        course_outline(course_path=course.path)
        other_course, other_lessons = course_outline(course_path=other.path)
        assert other_course.pk == other.pk
        assert [lesson.title for lesson in other_lessons] == ["Leçon unique"]

    def test_a_republished_title_shows_at_once(self, course):
        second = fresh(lessons_of(course)[1])
        course_outline(course_path=course.path)
        second.title = "Écouter sans juger"
        second.save_revision().publish()
        _, lessons = course_outline(course_path=course.path)
        assert [lesson.title for lesson in lessons] == ["Leçon 1", "Écouter sans juger", "Leçon 3"]

    def test_a_draft_title_does_not_show(self, course):
        second = fresh(lessons_of(course)[1])
        course_outline(course_path=course.path)
        second.title = "Brouillon en cours"
        second.save_revision()
        page_cache.content_version_bump()  # even recomputed, the outline shows the live title only
        _, lessons = course_outline(course_path=course.path)
        assert [lesson.title for lesson in lessons] == ["Leçon 1", "Leçon 2", "Leçon 3"]

    def test_an_unpublished_lesson_leaves_the_outline(self, course):
        second = fresh(lessons_of(course)[1])
        course_outline(course_path=course.path)
        second.unpublish()
        _, lessons = course_outline(course_path=course.path)
        assert [lesson.title for lesson in lessons] == ["Leçon 1", "Leçon 3"]

    def test_a_moved_lesson_changes_both_outlines(self, site_tree, course):
        other = make_course(make_section(site_tree[1]), slug="autre", title="Autre module")
        course_outline(course_path=course.path)
        course_outline(course_path=other.path)
        fresh(lessons_of(course)[2]).move(fresh(other), pos="last-child")
        assert [lesson.title for lesson in course_outline(course_path=course.path)[1]] == ["Leçon 1", "Leçon 2"]
        assert [lesson.title for lesson in course_outline(course_path=fresh(other).path)[1]] == ["Leçon 3"]

    def test_a_deleted_lesson_leaves_the_outline(self, course):
        course_outline(course_path=course.path)
        fresh(lessons_of(course)[0]).delete()
        assert [lesson.title for lesson in course_outline(course_path=course.path)[1]] == ["Leçon 2", "Leçon 3"]

    def test_a_renamed_organisation_shows_at_once(self, course):
        course_outline(course_path=course.path)
        organisation = course.organisation
        organisation.name = "Nouveau nom de l'organisme"
        organisation.save()
        cached_course, _ = course_outline(course_path=course.path)
        assert cached_course.organisation.name == "Nouveau nom de l'organisme"

    def test_cache_down_reads_the_database_every_time(self, course, settings, caplog, django_assert_num_queries):
        settings.CACHES = DEAD_CACHE
        for _ in range(2):
            with django_assert_num_queries(2):  # the course with its organisation, its live lessons
                cached_course, lessons = course_outline(course_path=course.path)
            assert cached_course.pk == course.pk
            assert [lesson.title for lesson in lessons] == ["Leçon 1", "Leçon 2", "Leçon 3"]
        assert caplog.text.count("Cache unreachable: course outline read from the database") == 2


class TestLessonPageNavigation:
    def test_the_nav_lists_the_live_lessons_and_follows_a_new_title(self, client, course):
        first, second, _third = lessons_of(course)
        html = nav(client.get(first.url).content.decode())
        assert "Leçon 2" in html and "Leçon 3" in html
        second = fresh(second)
        second.title = "Écouter sans juger"
        second.save_revision().publish()
        response = client.get(first.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Écouter sans juger" in nav(html)
        assert "Leçon 2" not in nav(html)
        assert "Écouter sans juger →" in html  # the pager's next lesson too

    def test_an_unpublished_lesson_disappears_from_the_nav(self, client, course):
        first, second, _third = lessons_of(course)
        html = client.get(first.url).content.decode()
        assert "Leçon 2" in nav(html)
        assert "Leçon 1 sur 3" in html
        fresh(second).unpublish()
        html = client.get(first.url).content.decode()
        assert "Leçon 2" not in nav(html)
        assert "Leçon 1 sur 2" in html
        assert "Leçon 3 →" in html

    def test_a_new_lesson_appears_in_the_nav(self, client, course):
        first = lessons_of(course)[0]
        assert "Conclusion" not in client.get(first.url).content.decode()
        make_lesson(fresh(course), slug="conclusion", title="Conclusion")
        html = client.get(first.url).content.decode()
        assert "Conclusion" in nav(html)
        assert "Leçon 1 sur 4" in html

    def test_a_learner_sees_the_same_outline(self, client, course):
        first, second, _third = lessons_of(course)
        learner = UserFactory()
        enrol(learner, course)
        client.get(first.url)  # warmed by an anonymous visit
        second = fresh(second)
        second.title = "Écouter sans juger"
        second.save_revision().publish()
        client.force_login(learner)
        response = client.get(first.url)
        assert response.status_code == 200
        assert "Écouter sans juger" in nav(response.content.decode())

    def test_cache_down_the_lesson_page_renders_with_its_nav(self, client, course, settings, site_roots_readable):
        first = lessons_of(course)[0]
        url = first.url
        learner = UserFactory()
        enrol(learner, course)
        settings.CACHES = DEAD_CACHE
        view_restrictions.forget()
        for user in (None, learner):
            if user:
                client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            assert "<h1>Leçon 1</h1>" in html
            assert "Leçon 2" in nav(html) and "Leçon 3" in nav(html)
            assert "Posture du médiateur" in nav(html)
            assert "Leçon 1 sur 3" in html
