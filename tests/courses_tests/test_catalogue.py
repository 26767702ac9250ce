import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_course, make_framework, make_lesson, make_section, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(site_tree):
    refs = make_framework()
    section = make_section(site_tree[1])
    posture = make_theme("POSTURE", "Posture professionnelle")
    desinfo = make_theme("DESINFORMATION", "Désinformation et esprit critique")
    make_course(
        section,
        slug="posture",
        title="Posture",
        competencies=[refs["CP3"]],
        theme=posture,
        duration_hours=7,
        modality="online",
    )
    make_course(
        section,
        slug="fake-news",
        title="Fake news",
        competencies=[refs["CP5"]],
        theme=desinfo,
        duration_hours=3,
        modality="blended",
    )
    atelier = make_course(
        section,
        slug="atelier",
        title="Atelier",
        competencies=[refs["CP1"]],
        theme=posture,
        duration_hours=14,
        modality="live",
    )
    make_lesson(
        atelier,
        slug="deroule",
        title="Le déroulé",
        body=[{"type": "text", "value": "<p>Un déroulé chronométré de quarante minutes.</p>"}],
    )
    return site_tree[1]


def titles(response):
    return sorted(course.title for course in response.context["courses"])


class TestCatalogueFilters:
    def test_lists_every_live_course(self, client, catalogue):
        response = client.get("/formations/")
        assert response.status_code == 200
        assert titles(response) == ["Atelier", "Fake news", "Posture"]
        assert "3 formations trouvées" in response.content.decode()

    def test_filter_by_block(self, client, catalogue):
        assert titles(client.get("/formations/?block=REMN-2019:CCP1")) == ["Atelier", "Posture"]
        assert titles(client.get("/formations/?block=REMN-2019:CCP2")) == ["Fake news"]

    def test_filter_by_theme(self, client, catalogue):
        assert titles(client.get("/formations/?theme=DESINFORMATION")) == ["Fake news"]

    def test_filter_by_duration_and_modality(self, client, catalogue):
        assert titles(client.get("/formations/?duration=short")) == ["Fake news"]
        assert titles(client.get("/formations/?duration=day")) == ["Posture"]
        assert titles(client.get("/formations/?duration=long&modality=live")) == ["Atelier"]

    def test_search_finds_words_in_lessons(self, client, catalogue):
        assert titles(client.get("/formations/?q=chronométré")) == ["Atelier"]

    def test_unknown_filter_value_shows_the_form_error_and_no_result(self, client, catalogue):
        response = client.get("/formations/?theme=INCONNU")
        assert response.status_code == 200
        assert titles(response) == []
        assert response.context["filter_form"].errors["theme"]

    def test_draft_courses_are_not_listed(self, client, catalogue):
        from courses.models import CoursePage

        CoursePage.objects.get(slug="posture").unpublish()
        assert titles(client.get("/formations/")) == ["Atelier", "Fake news"]

    def test_unverified_competencies_are_marked(self, client, catalogue):
        html = client.get("/formations/").content.decode()
        assert "formulation provisoire" in html


class TestCatalogueQueryCount:
    def _queries(self, client):
        client.get("/formations/")  # warm Wagtail's site-root cache, as any running server has
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/formations/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def test_same_number_of_queries_with_5_and_50_courses(self, client, site_tree):
        refs = make_framework()
        section = make_section(site_tree[1])
        for number in range(5):
            make_course(section, slug=f"cours-{number}", competencies=[refs["CP1"], refs["CP5"]])
        with_5 = self._queries(client)
        for number in range(5, 50):
            make_course(section, slug=f"cours-{number}", competencies=[refs["CP3"]])
        with_50 = self._queries(client)
        assert with_5 == with_50
        assert with_50 <= 14
