import pytest

from .factories import make_course, make_framework, make_lesson, make_section

pytestmark = pytest.mark.django_db


class TestCoursePage:
    def test_shows_programme_objectives_and_competencies(self, client, site_tree):
        refs = make_framework()
        course = make_course(
            make_section(site_tree[1]),
            slug="posture",
            title="Posture professionnelle",
            objectives="Situer son rôle",
            competencies=[refs["CP3"], refs["CP5"]],
            lessons=3,
        )
        html = client.get(course.url).content.decode()
        assert "<h1>Posture professionnelle</h1>" in html
        assert "Situer son rôle" in html
        assert "REMN-2019 · CCP1 · CP3" in html
        assert "Formulation provisoire, à vérifier" in html  # CP5 is unverified
        assert html.count('href="/formations/') >= 3


class TestLessonPage:
    def test_navigation_and_blocks(self, client, site_tree):
        course = make_course(make_section(site_tree[1]), slug="posture", lessons=0)
        make_lesson(course, slug="a", title="Première")
        second = make_lesson(
            course,
            slug="b",
            title="Deuxième",
            body=[
                {
                    "type": "callout",
                    "value": {
                        "kind": "warning",
                        "title": "Confidentialité",
                        "text": "<p>Ne notez jamais un mot de passe.</p>",
                    },
                },
                {
                    "type": "reflection",
                    "value": {
                        "kind": "exercise",
                        "prompt": "Listez trois partenaires.",
                        "guidance": "<p>France Services…</p>",
                    },
                },
                {"type": "glossary", "value": {"term": "Aidant numérique", "definition": "Personne qui accompagne."}},
                {
                    "type": "resources",
                    "value": {
                        "title": "Pour aller plus loin",
                        "items": [{"title": "CNIL", "url": "https://www.cnil.fr", "description": ""}],
                    },
                },
            ],
        )
        make_lesson(course, slug="c", title="Troisième")
        response = client.get(second.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Leçon 2 sur 3" in html
        assert 'aria-current="page">Deuxième' in html
        assert "← Première" in html and "Troisième →" in html
        assert "Attention : Confidentialité" in html
        assert "<summary>Pistes de réponse</summary>" in html
        assert "<dt>Aidant numérique</dt>" in html
        assert 'href="https://www.cnil.fr"' in html

    def test_lesson_page_queries_do_not_grow_with_lessons(self, client, site_tree, django_assert_max_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        course = make_course(make_section(site_tree[1]), slug="posture", lessons=5)
        first = course.get_children().first()
        client.get(first.url)  # warm Wagtail's site-root cache, as any running server has
        with CaptureQueriesContext(connection) as small:
            client.get(first.url)
        for number in range(6, 51):
            make_lesson(course, slug=f"lecon-{number}", title=f"Leçon {number}")
        client.get(first.url)  # publishing made the cached course outline stale: warm it again
        with CaptureQueriesContext(connection) as large:
            client.get(first.url)
        assert len(small.captured_queries) == len(large.captured_queries)
