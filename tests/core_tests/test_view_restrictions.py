"""The privacy shortcut (lms.core.view_restrictions): no query when nothing restricts a page, never a leak.

Each test warms the per-process snapshot first, then changes the restrictions or the tree, and checks that
the very next request gets Wagtail's answer: a snapshot that lags behind a change would serve a private
page to anyone.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from lms.core import page_cache, view_restrictions
from tests.accounts_tests.factories import UserFactory
from tests.core_tests.cache_outage import DEAD_CACHE
from tests.courses_tests.factories import make_course, make_lesson, make_section
from tests.learning_tests.factories import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(site_tree):
    home, catalogue = site_tree
    section = make_section(catalogue)
    course = make_course(section, slug="posture", title="Posture du médiateur", lessons=2)
    lesson = course.get_children().specific().first()
    return {"home": home, "catalogue": catalogue, "section": section, "course": course, "lesson": lesson}


@pytest.fixture
def learner(tree):
    user = UserFactory()
    enrol(user, tree["course"])
    return user


@pytest.fixture
def kill_cache(settings):
    """Return a function that points the default cache at a port where no Redis listens.

    Call it once the URLs the test needs are computed (``page.url`` reads Wagtail's site root paths
    from the cache).
    """

    def kill():
        settings.CACHES = DEAD_CACHE
        view_restrictions.forget()

    yield kill
    view_restrictions.forget()


@pytest.fixture
def site_roots_readable(monkeypatch):
    """Give Wagtail's site root paths a cache of their own that stays up.

    ``Site.get_site_root_paths`` (used by ``{% pageurl %}``) reads the default cache without a guard,
    so with the cache down every page that links another page fails (see the xfail below); this keeps
    that apart from what these tests are about.
    """
    from django.core.cache.backends.locmem import LocMemCache

    monkeypatch.setattr("wagtail.models.sites.cache", LocMemCache("tests-site-roots", {}))


def fresh(page):
    """Reload ``page`` from the database as its specific class, as routing does for a request."""
    return Page.objects.get(pk=page.pk).specific


def assert_lesson_shown(response, lesson):
    assert response.status_code == 200
    assert f"<h1>{lesson.title}</h1>" in response.content.decode()


def assert_refused(response, lesson):
    assert response.status_code == 302, response.status_code
    assert "next=" in response["Location"]
    assert lesson.url in response["Location"].replace("%2F", "/")


def warm(client, lesson):
    """Build the snapshot through a real request (and check the lesson is public beforehand)."""
    assert_lesson_shown(client.get(lesson.url), lesson)
    assert view_restrictions._known is not None


class TestUnrestrictedPages:
    def test_no_query_once_warm_and_empty(self, tree, django_assert_num_queries):
        lesson = fresh(tree["lesson"])
        assert not lesson.get_view_restrictions().exists()  # warms the snapshot
        with django_assert_num_queries(0):
            restrictions = lesson.get_view_restrictions()
            assert list(restrictions) == []

    @pytest.mark.parametrize("key", ["catalogue", "section", "course", "lesson"])
    def test_every_page_type_answers_without_a_query(self, tree, key, django_assert_num_queries):
        page = fresh(tree[key])
        assert isinstance(page, view_restrictions.ViewRestrictionShortcutMixin)
        page.get_view_restrictions()
        with django_assert_num_queries(0):
            assert list(page.get_view_restrictions()) == []

    def test_same_answer_as_wagtail(self, tree):
        lesson = fresh(tree["lesson"])
        assert list(lesson.get_view_restrictions()) == list(Page.get_view_restrictions(lesson)) == []

    def test_the_lesson_answers_anonymous_visitors_and_learners(self, client, tree, learner):
        lesson = tree["lesson"]
        assert_lesson_shown(client.get(lesson.url), lesson)
        client.force_login(learner)
        assert_lesson_shown(client.get(lesson.url), lesson)

    def test_the_snapshot_is_read_once_per_content_version(self, tree, django_assert_num_queries):
        lesson = fresh(tree["lesson"])
        with django_assert_num_queries(2):  # restricted paths, alias paths
            lesson.get_view_restrictions()
        page_cache.content_version_bump()
        with django_assert_num_queries(2):
            lesson.get_view_restrictions()
        with django_assert_num_queries(0):
            lesson.get_view_restrictions()

    def test_the_snapshot_is_rebuilt_when_older_than_its_lifetime(self, tree, django_assert_num_queries):
        lesson = fresh(tree["lesson"])
        lesson.get_view_restrictions()
        version, built, restricted, aliases = view_restrictions._known
        view_restrictions._known = (version, built - view_restrictions.SNAPSHOT_SECONDS - 1, restricted, aliases)
        with django_assert_num_queries(2):  # same version, but too old: read again
            lesson.get_view_restrictions()
        with django_assert_num_queries(0):
            lesson.get_view_restrictions()


class TestRestrictionAddedAfterWarmUp:
    @pytest.mark.parametrize("key", ["course", "section", "catalogue", "home", "lesson"])
    def test_login_restriction_on_the_page_or_any_ancestor_applies_at_once(self, client, tree, learner, key):
        lesson = tree["lesson"]
        warm(client, lesson)
        PageViewRestriction.objects.create(page=tree[key], restriction_type=PageViewRestriction.LOGIN)
        assert_refused(client.get(lesson.url), lesson)
        restrictions = fresh(lesson).get_view_restrictions()
        assert [r.page_id for r in restrictions] == [tree[key].pk]
        client.force_login(learner)
        assert_lesson_shown(client.get(lesson.url), lesson)

    def test_restriction_on_the_tree_root_applies(self, client, tree):
        lesson = tree["lesson"]
        warm(client, lesson)
        root = Page.get_first_root_node()
        PageViewRestriction.objects.create(page=root, restriction_type=PageViewRestriction.LOGIN)
        assert_refused(client.get(lesson.url), lesson)

    def test_the_other_lessons_of_the_course_are_restricted_too(self, client, tree):
        warm(client, tree["lesson"])
        PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        for lesson in tree["course"].get_children().specific():
            assert_refused(client.get(lesson.url), lesson)

    def test_restriction_elsewhere_leaves_this_lesson_public(self, client, site_tree, tree, django_assert_num_queries):
        other = make_course(make_section(site_tree[1]), slug="autre", title="Autre", lessons=1)
        warm(client, tree["lesson"])
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
        lesson = fresh(tree["lesson"])
        lesson.get_view_restrictions()
        with django_assert_num_queries(0):
            assert list(lesson.get_view_restrictions()) == []
        assert_lesson_shown(client.get(lesson.url), lesson)
        other_lesson = other.get_children().specific().first()
        assert_refused(client.get(other_lesson.url), other_lesson)

    def test_a_sibling_whose_path_is_a_prefix_is_not_mistaken_for_an_ancestor(self, client, tree):
        # Paths are fixed-width steps: a restricted page at 000100010001 must not restrict 0001000100010001
        # unless it is really its ancestor — here, a lesson of another course of the same section.
        other = make_course(tree["section"], slug="autre", title="Autre", lessons=1)
        warm(client, tree["lesson"])
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
        assert_lesson_shown(client.get(tree["lesson"].url), tree["lesson"])

    def test_password_restriction_shows_the_password_form(self, client, tree):
        lesson = tree["lesson"]
        warm(client, lesson)
        restriction = PageViewRestriction.objects.create(
            page=tree["section"], restriction_type=PageViewRestriction.PASSWORD, password="secret-partage"
        )
        response = client.get(lesson.url)
        html = response.content.decode()
        assert 'type="password"' in html
        assert f"/_util/authenticate_with_password/{restriction.id}/{lesson.pk}/" in html
        assert "Contenu de Leçon 1" not in html
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]

    def test_password_restriction_lets_in_once_the_password_is_given(self, client, tree):
        lesson = tree["lesson"]
        warm(client, lesson)
        restriction = PageViewRestriction.objects.create(
            page=tree["course"], restriction_type=PageViewRestriction.PASSWORD, password="secret-partage"
        )
        response = client.post(
            f"/_util/authenticate_with_password/{restriction.id}/{lesson.pk}/",
            {"password": "secret-partage", "return_url": lesson.url},
        )
        assert response.status_code == 302
        assert_lesson_shown(client.get(lesson.url), lesson)

    def test_groups_restriction_refuses_users_outside_the_group(self, client, tree, learner):
        lesson = tree["lesson"]
        warm(client, lesson)
        group = Group.objects.create(name="Médiateurs confirmés")
        restriction = PageViewRestriction.objects.create(
            page=tree["course"], restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(group)
        assert_refused(client.get(lesson.url), lesson)
        client.force_login(learner)
        assert_refused(client.get(lesson.url), lesson)
        learner.groups.add(group)
        assert_lesson_shown(client.get(lesson.url), lesson)

    def test_restriction_on_the_course_hides_the_cached_course_page(self, client, tree):
        course = tree["course"]
        assert client.get(course.url).status_code == 200  # stored in the anonymous page cache
        assert client.get(course.url).status_code == 200
        PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
        response = client.get(course.url)
        assert response.status_code == 302
        assert "next=" in response["Location"]

    def test_restriction_on_the_catalogue_hides_it(self, client, tree):
        catalogue = tree["catalogue"]
        assert client.get(catalogue.url).status_code == 200
        PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.LOGIN)
        assert client.get(catalogue.url).status_code == 302


class TestRestrictionRemoved:
    def test_deleting_the_restriction_makes_the_lesson_public_on_the_next_request(
        self, client, tree, django_assert_num_queries
    ):
        lesson = tree["lesson"]
        restriction = PageViewRestriction.objects.create(
            page=tree["course"], restriction_type=PageViewRestriction.LOGIN
        )
        assert_refused(client.get(lesson.url), lesson)
        restriction.delete()
        assert_lesson_shown(client.get(lesson.url), lesson)
        page = fresh(lesson)
        page.get_view_restrictions()
        with django_assert_num_queries(0):
            assert list(page.get_view_restrictions()) == []

    def test_deleting_the_restricted_page_removes_it_from_the_snapshot(self, tree):
        other = make_course(tree["section"], slug="autre", title="Autre", lessons=1)
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
        lesson = fresh(tree["lesson"])
        lesson.get_view_restrictions()
        assert view_restrictions._known[2] == {other.path}
        other.delete()
        lesson.get_view_restrictions()
        assert view_restrictions._known[2] == frozenset()


class TestAliases:
    def test_alias_of_a_restricted_course_keeps_the_source_restriction(self, client, site_tree, tree):
        other_section = make_section(site_tree[1])
        warm(client, tree["lesson"])
        alias = tree["course"].create_alias(parent=other_section, update_slug="posture-bis", recursive=True)
        alias_lesson = alias.get_children().specific().first()
        assert alias_lesson.alias_of_id == tree["lesson"].pk
        assert_lesson_shown(client.get(alias_lesson.url), alias_lesson)
        # Restricted after the alias was made: nothing copied to the alias, Wagtail reads the source's.
        PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        assert not PageViewRestriction.objects.filter(page=alias).exists()
        assert_refused(client.get(alias_lesson.url), alias_lesson)
        assert [r.page_id for r in fresh(alias_lesson).get_view_restrictions()] == [tree["course"].pk]

    def test_alias_made_after_warm_up_of_an_already_restricted_source(self, client, site_tree, tree):
        other_section = make_section(site_tree[1])
        PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        assert_refused(client.get(tree["lesson"].url), tree["lesson"])  # snapshot warm, no alias yet
        alias = tree["course"].create_alias(parent=other_section, update_slug="posture-bis", recursive=True)
        # Wagtail copied the restriction onto the alias: drop it, the source's must still apply.
        PageViewRestriction.objects.filter(page=alias).delete()
        alias_lesson = alias.get_children().specific().first()
        assert_refused(client.get(alias_lesson.url), alias_lesson)

    def test_alias_of_a_restricted_lesson_only(self, client, tree):
        lesson = tree["lesson"]
        warm(client, lesson)
        alias = lesson.create_alias(update_slug="lecon-1-bis")
        PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
        alias = fresh(alias)
        assert_refused(client.get(alias.url), alias)

    def test_a_regular_page_under_an_alias_gets_the_source_restriction(self, client, site_tree, tree):
        other_section = make_section(site_tree[1])
        alias = tree["course"].create_alias(parent=other_section, update_slug="posture-bis")
        extra = make_lesson(fresh(alias), slug="en-plus", title="En plus")
        assert extra.alias_of_id is None
        assert_lesson_shown(client.get(extra.url), extra)
        PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        assert_refused(client.get(extra.url), extra)

    def test_an_alias_is_known_to_the_snapshot_as_soon_as_it_is_saved(self, site_tree, tree):
        other_section = make_section(site_tree[1])
        fresh(tree["lesson"]).get_view_restrictions()
        version = view_restrictions._known[0]
        alias = tree["course"].create_alias(parent=other_section, update_slug="posture-bis")
        assert page_cache.content_version_get() != version
        fresh(tree["lesson"]).get_view_restrictions()
        assert alias.path in view_restrictions._known[3]


class TestMoves:
    def test_moving_a_course_under_a_restricted_section(self, client, site_tree, tree):
        restricted = make_section(site_tree[1])
        PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
        lesson = tree["lesson"]
        warm(client, lesson)
        fresh(tree["course"]).move(fresh(restricted), pos="last-child")
        moved = fresh(lesson)
        assert moved.url != lesson.url
        assert_refused(client.get(moved.url), moved)

    def test_moving_a_lesson_under_a_restricted_course(self, client, site_tree, tree):
        other = make_course(make_section(site_tree[1]), slug="privee", title="Privée")
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
        lesson = tree["lesson"]
        warm(client, lesson)
        fresh(lesson).move(fresh(other), pos="last-child")
        moved = fresh(lesson)
        assert_refused(client.get(moved.url), moved)

    def test_moving_a_restricted_section_keeps_it_restricted(self, client, site_tree, tree):
        # The restricted page's own path changes: the snapshot must follow it.
        PageViewRestriction.objects.create(page=tree["section"], restriction_type=PageViewRestriction.LOGIN)
        assert_refused(client.get(tree["lesson"].url), tree["lesson"])
        other = make_section(site_tree[1])
        assert not fresh(other).get_view_restrictions()  # the snapshot is warm, after every other change
        fresh(tree["section"]).move(fresh(other), pos="first-child")
        moved = fresh(tree["lesson"])
        assert_refused(client.get(moved.url), moved)

    def test_moving_a_course_out_of_a_restricted_section_makes_it_public(self, client, site_tree, tree):
        PageViewRestriction.objects.create(page=tree["section"], restriction_type=PageViewRestriction.LOGIN)
        assert_refused(client.get(tree["lesson"].url), tree["lesson"])
        public = make_section(site_tree[1])
        assert not fresh(public).get_view_restrictions()
        fresh(tree["course"]).move(fresh(public), pos="last-child")
        moved = fresh(tree["lesson"])
        assert_lesson_shown(client.get(moved.url), moved)


class TestCacheUnreachable:
    def test_restrictions_are_enforced(self, client, tree, learner, kill_cache, site_roots_readable, caplog):
        PageViewRestriction.objects.create(page=tree["section"], restriction_type=PageViewRestriction.LOGIN)
        lesson = tree["lesson"]
        url = lesson.url
        kill_cache()
        response = client.get(url)
        assert response.status_code == 302
        assert "next=" in response["Location"]
        assert "page view restrictions read from the database" in caplog.text
        client.force_login(learner)
        response = client.get(url)
        assert response.status_code == 200
        assert f"<h1>{lesson.title}</h1>" in response.content.decode()

    def test_groups_restriction_is_enforced(self, client, tree, learner, kill_cache):
        group = Group.objects.create(name="Médiateurs confirmés")
        restriction = PageViewRestriction.objects.create(
            page=tree["catalogue"], restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(group)
        url = tree["lesson"].url
        kill_cache()
        client.force_login(learner)
        response = client.get(url)
        assert response.status_code == 302
        assert "next=" in response["Location"]

    def test_public_pages_still_answer(self, client, tree, learner, kill_cache, site_roots_readable):
        lesson = tree["lesson"]
        urls = [tree[key].url for key in ("catalogue", "section", "course", "lesson")]
        kill_cache()
        for url in urls:
            assert client.get(url).status_code == 200, url
        client.force_login(learner)
        response = client.get(urls[-1])
        assert response.status_code == 200
        assert f"<h1>{lesson.title}</h1>" in response.content.decode()

    @pytest.mark.xfail(
        strict=True,
        reason=(
            "BUG: with the cache unreachable, Wagtail's Site.get_site_root_paths() (behind {% pageurl %} and "
            "Page.url) calls cache.get() without a guard: redis.ConnectionError, 500 on every page that "
            "links another page (catalogue, section, course, lesson)."
        ),
    )
    def test_public_pages_answer_without_any_cache(self, client, tree, learner, kill_cache):
        urls = [tree[key].url for key in ("catalogue", "section", "course", "lesson")]
        kill_cache()
        client.force_login(learner)
        for url in urls:
            assert client.get(url).status_code == 200, url

    def test_a_snapshot_built_before_the_outage_is_not_trusted_during_it(self, client, tree, settings):
        lesson = tree["lesson"]
        url = lesson.url
        warm(client, lesson)
        settings.CACHES = DEAD_CACHE  # not forgotten: this process still holds the warm snapshot
        PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        response = client.get(url)
        assert response.status_code == 302
        assert "next=" in response["Location"]

    def test_direct_call_falls_back_to_wagtail(self, tree, kill_cache):
        PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        kill_cache()
        lesson = fresh(tree["lesson"])
        assert [r.page_id for r in lesson.get_view_restrictions()] == [tree["course"].pk]
        assert view_restrictions._known is None  # nothing learnt without the version

    def test_a_restriction_added_during_an_outage_applies_once_the_cache_is_back(
        self, client, tree, django_capture_on_commit_callbacks
    ):
        lesson = tree["lesson"]
        warm(client, lesson)  # this process's snapshot: nothing restricted, version V
        version = page_cache.content_version_get()
        with override_settings(CACHES=DEAD_CACHE), django_capture_on_commit_callbacks(execute=True):
            PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        assert cache.get(page_cache.VERSION_KEY) == version  # the cache is back, as it was
        assert_refused(client.get(lesson.url), lesson)


class TestAssessmentPage:
    def test_assessment_under_a_restricted_course_is_refused(self, client, tree):
        from tests.assessments_tests.factories import make_assessment

        assessment = make_assessment(tree["course"])
        assert isinstance(assessment, view_restrictions.ViewRestrictionShortcutMixin)
        fresh(assessment).get_view_restrictions()
        PageViewRestriction.objects.create(page=tree["course"], restriction_type=PageViewRestriction.LOGIN)
        response = client.get(assessment.url)
        assert response.status_code == 302
        assert "next=" in response["Location"]
        assert [r.page_id for r in fresh(assessment).get_view_restrictions()] == [tree["course"].pk]
