import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from content.models import HomePage

pytestmark = pytest.mark.django_db


class TestHomePage:
    def test_serves_french_accessible_page(self, site_tree, client):
        response = client.get("/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="fr">' in html
        assert 'class="skip-link" href="#contenu"' in html
        assert 'id="contenu"' in html
        for landmark in (
            '<header class="site-header" role="banner">',
            "<nav ",
            "<main ",
            '<footer class="site-footer"',
        ):
            assert landmark in html
        assert "Voir les formations" in html

    def test_no_external_resources(self, site_tree, client):
        html = client.get("/").content.decode()
        assert "http://" not in html.replace("http://testserver", "")
        assert "https://" not in html

    def test_only_one_home_page_under_the_root(self, site_tree):
        assert HomePage.objects.count() == 1
        assert not HomePage.can_create_at(site_tree[0])


class TestHomePageRules(WagtailPageTestCase):
    def test_parent_is_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
