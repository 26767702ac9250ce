"""Hostile input from people who can write: escaped when shown, refused when malformed, never a redirect out.

The browser half (tests/e2e_tests/test_xss_browser.py) checks that nothing runs; these tests check
the HTML the server sends.
"""

import json

import pytest
from django.contrib.auth import get_user_model

from tests.accounts_tests.factories import PASSWORD, UserFactory
from tests.courses_tests.factories import make_course, make_lesson, make_section

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=1">',
    "<script>window.__xss=1</script>",
    "javascript:window.__xss=1",
    "{{ request.user.password }}",
]
RAW_MARKERS = ["<img src=x onerror", "<svg onload", "<script>window.__xss"]


def assert_escaped(html: str, payload: str) -> None:
    for marker in RAW_MARKERS:
        if marker in payload:
            assert marker not in html, f"{payload!r} rendered unescaped"


class TestProfileFields:
    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_names_and_structure_are_escaped(self, client, site_tree, payload):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            "/compte/profil/",
            {
                "first_name": payload[:150],
                "last_name": payload[:150],
                "structure": payload,
                "departement": "59",
                "preferred_language": "fr",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.structure == payload  # stored as typed: escaping is the template's job
        html = client.get("/compte/profil/").content.decode()
        assert_escaped(html, payload)
        # Template syntax typed by a person is text, never evaluated.
        assert "md5$" not in html and "pbkdf2" not in html

    def test_null_characters_are_refused_and_nothing_is_stored(self, client, site_tree):
        user = UserFactory(first_name="Avant")
        client.force_login(user)
        response = client.post(
            "/compte/profil/",
            {
                "first_name": "A\x00B",
                "last_name": "X",
                "structure": "",
                "departement": "59",
                "preferred_language": "fr",
            },
        )
        assert response.status_code == 400
        user.refresh_from_db()
        assert user.first_name == "Avant"

    def test_signup_with_null_characters_creates_nobody(self, client, site_tree):
        count = get_user_model().objects.count()
        response = client.post(
            "/compte/inscription/",
            {
                "email": "nul@tremplin.test",
                "first_name": "A\x00",
                "last_name": "B",
                "structure": "",
                "departement": "59",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 400
        assert get_user_model().objects.count() == count


class TestAuthoredContent:
    @pytest.fixture
    def hostile_course(self, site_tree):
        course = make_course(make_section(site_tree[1]), slug="hostile", summary=PAYLOADS[0] + " " + PAYLOADS[1])
        lesson = make_lesson(
            course,
            slug="lecon-hostile",
            title='Leçon <img src=x onerror="window.__xss=1">',
            body=[{"type": "text", "value": "<p>Texte sûr.</p>"}],
        )
        return course, lesson

    def test_course_summary_and_titles_are_escaped_everywhere(self, client, hostile_course):
        course, lesson = hostile_course
        for url in ("/formations/", course.url, lesson.url, "/formations/?q=hostile"):
            html = client.get(url).content.decode()
            assert_escaped(html, PAYLOADS[0])
            assert_escaped(html, PAYLOADS[1])

    def test_api_returns_text_not_markup_to_interpret(self, client, hostile_course):
        course, _lesson = hostile_course
        response = client.get(f"/api/v2/pages/{course.pk}/")
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content)["summary"].startswith("<img src=x onerror")


class TestReflectedInput:
    def test_catalogue_search_is_escaped(self, client, site_tree):
        html = client.get("/formations/", {"q": '"><script>window.__xss=1</script>'}).content.decode()
        assert "<script>window.__xss" not in html
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html

    def test_unknown_filter_values_are_ignored_safely(self, client, site_tree):
        response = client.get("/formations/", {"block": "<svg onload=alert(1)>", "theme": "' OR 1=1 --"})
        assert response.status_code == 200
        assert "<svg onload" not in response.content.decode()

    def test_api_refuses_unknown_fields_and_huge_limits(self, client, site_tree):
        assert client.get("/api/v2/pages/", {"fields": "password"}).status_code == 400
        assert client.get("/api/v2/pages/", {"limit": "100000"}).status_code == 400


class TestOpenRedirects:
    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
    def test_login_next_stays_on_site(self, client, site_tree, target):
        user = UserFactory(email="redirige@tremplin.test")
        response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD, "next": target})
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
    def test_language_switch_next_stays_on_site(self, client, site_tree, target):
        response = client.post("/i18n/setlang/", {"language": "en", "next": target})
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]

    def test_admin_login_next_stays_on_site(self, client, site_tree):
        from lms.accounts.roles import SiteRole
        from lms.accounts.services import user_grant_site_role

        user = UserFactory(email="admin-redirige@tremplin.test")
        user_grant_site_role(user=user, role=SiteRole.ADMINISTRATOR)
        response = client.post(
            "/admin/login/", {"username": user.email, "password": PASSWORD, "next": "https://evil.example/"}
        )
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]
