"""The language switcher is a plain link: it sets the language cookie and goes back, safely."""

import pytest
from django.urls import path

from lms.core import views as core_views
from lms.core.views import UNKNOWN_LANGUAGE
from lms.urls import urlpatterns as project_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# The route the lead adds to lms/urls.py; repeated here so these tests do not depend on that edit.
urlpatterns = [path("langue/", core_views.language_switch, name="language_switch"), *project_urlpatterns]


class TestLanguageSwitch:
    def test_sets_the_cookie_and_goes_back(self, client, settings):
        response = client.get("/langue/", {"language": "en", "next": "/compte/connexion/?x=1"})
        assert response.status_code == 302
        assert response["Location"] == "/compte/connexion/?x=1"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        assert "no-cache" in response["Cache-Control"]
        page = client.get("/compte/connexion/").content.decode()
        assert '<html lang="en">' in page

    def test_unknown_language_is_refused(self, client, settings):
        response = client.get("/langue/", {"language": "xx", "next": "/"})
        assert response.status_code == 400
        assert response.content.decode() == str(UNKNOWN_LANGUAGE)
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

    @pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
    def test_unsafe_next_goes_home(self, client, next_url):
        response = client.get("/langue/", {"language": "fr", "next": next_url})
        assert response.status_code == 302
        assert response["Location"] == "/"

    def test_post_is_not_allowed(self, client):
        assert client.post("/langue/", {"language": "en"}).status_code == 405


class TestSwitcherLinks:
    def test_links_are_accessible_and_carry_no_csrf_token(self, client, site_tree):
        page = client.get("/compte/connexion/?suite=1").content.decode()
        switcher = page[page.index('<nav class="language-switcher"') :]
        switcher = switcher[: switcher.index("</nav>")]
        assert 'href="/langue/?language=en&amp;next=%2Fcompte%2Fconnexion%2F%3Fsuite%3D1"' in switcher
        assert 'lang="en" hreflang="en"' in switcher
        assert 'hreflang="fr" aria-current="true">Français</a>' in switcher
        assert ">English</a>" in switcher
        assert "csrfmiddlewaretoken" not in switcher
        home = client.get("/")
        assert "csrftoken" not in home.cookies
