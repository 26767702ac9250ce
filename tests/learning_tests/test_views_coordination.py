import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.accounts.roles import SiteRole
from lms.accounts.services import user_grant_site_role
from lms.learning.models import CourseCompletion
from tests.accounts_tests.factories import UserFactory

from .factories import enrol, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    user = UserFactory()
    user_grant_site_role(user=user, role=SiteRole.COORDINATOR)
    return user


def _learners(course, count, departement, *, complete=0):
    users = [UserFactory(departement=departement) for _ in range(count)]
    for user in users:
        enrol(user, course)
    for user in users[:complete]:
        CourseCompletion.objects.create(user=user, course=course)
    return users


class TestAccess:
    def test_restricted_to_coordinators_and_administrators(self, client, course, coordinator):
        assert client.get("/coordination/")["Location"].startswith("/compte/connexion/")
        client.force_login(UserFactory())
        assert client.get("/coordination/").status_code == 403
        client.force_login(make_staff(course.organisation))
        assert client.get("/coordination/").status_code == 403
        client.force_login(coordinator)
        assert client.get("/coordination/").status_code == 200
        client.force_login(UserFactory(is_superuser=True))
        assert client.get("/coordination/").status_code == 200


class TestStatistics:
    def test_counts_without_personal_data_and_small_counts_suppressed(self, client, course, coordinator):
        nord = _learners(course, 6, "59", complete=5)
        _learners(course, 2, "13", complete=1)
        client.force_login(coordinator)
        html = client.get("/coordination/").content.decode()
        for user in nord:
            # The full name: a last name alone may be part of a région ("Martin" in "Martinique").
            assert user.email not in html and f"{user.first_name} {user.last_name}" not in html
        assert '<tr><th scope="row">Hauts-de-France</th><td>6</td><td>5</td></tr>' in html
        assert '<tr><th scope="row">Provence-Alpes-Côte d&#x27;Azur</th><td>&lt; 5</td><td>&lt; 5</td></tr>' in html
        assert '<tr><th scope="row">59 – Nord</th><td>6</td><td>5</td></tr>' in html
        assert '<tr><th scope="row">Posture professionnelle</th><td>6</td></tr>' in html
        # The chart says the same, with a title and a description, and hides small counts too.
        assert '<svg class="learning-chart" role="img"' in html
        assert '<title id="chart-regions-title">Apprenant·es par région</title>' in html
        assert '<text x="596" y="40" class="learning-chart__value">&lt; 5</text>' in html
        assert ">2<" not in html and ">1<" not in html

    def test_region_filter(self, client, course, coordinator):
        _learners(course, 5, "59")
        _learners(course, 5, "13")
        client.force_login(coordinator)
        html = client.get("/coordination/?region=32").content.decode()
        assert "59 – Nord" in html and "13 – Bouches-du-Rhône" not in html
        assert client.get("/coordination/?region=zz").status_code == 200

    def test_query_count_does_not_grow_with_records(self, client, site_tree, course, coordinator):
        _learners(course, 5, "59", complete=5)
        client.force_login(coordinator)
        client.get("/coordination/")
        cache.clear()  # measure the computation, not the cached figures
        with CaptureQueriesContext(connection) as small:
            client.get("/coordination/")
        for departement in ("13", "75", "2A", "974", "35"):
            _learners(course, 9, departement, complete=9)
        cache.clear()
        with CaptureQueriesContext(connection) as large:
            client.get("/coordination/")
        assert len(small.captured_queries) == len(large.captured_queries)


class TestCachedFigures:
    def test_figures_are_computed_once_per_period_and_dated(self, client, course, coordinator, settings):
        settings.TREMPLIN_COORDINATION_CACHE_SECONDS = 600
        _learners(course, 6, "59", complete=5)
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as first:
            html = client.get("/coordination/").content.decode()
        assert "Chiffres calculés le" in html
        assert '<tr><th scope="row">59 – Nord</th><td>6</td><td>5</td></tr>' in html
        _learners(course, 3, "59", complete=3)
        with CaptureQueriesContext(connection) as second:
            html = client.get("/coordination/").content.decode()
        # Served from the cache: the new learners appear only once the period is over.
        assert len(second.captured_queries) <= len(first.captured_queries) - 6
        assert '<tr><th scope="row">59 – Nord</th><td>6</td><td>5</td></tr>' in html
        cache.clear()
        html = client.get("/coordination/").content.decode()
        assert '<tr><th scope="row">59 – Nord</th><td>9</td><td>8</td></tr>' in html

    def test_each_region_has_its_own_figures(self, client, course, coordinator):
        _learners(course, 5, "59")
        _learners(course, 5, "13")
        client.force_login(coordinator)
        assert "13 – Bouches-du-Rhône" in client.get("/coordination/").content.decode()
        assert "13 – Bouches-du-Rhône" not in client.get("/coordination/?region=32").content.decode()

    def test_cache_down_computes_the_figures(self, client, course, coordinator):
        from django.test import override_settings

        _learners(course, 6, "59", complete=5)
        client.force_login(coordinator)
        dead = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
        }
        with override_settings(CACHES=dead, SESSION_ENGINE="django.contrib.sessions.backends.db"):
            response = client.get("/coordination/")
        assert response.status_code == 200
        assert '<tr><th scope="row">59 – Nord</th><td>6</td><td>5</td></tr>' in response.content.decode()
