"""A visitor finds a course: home → catalogue → filter by block (keyboard only) → course → lesson."""

import pytest

from .pages import CataloguePage, SitePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class TestPublicNavigation:
    def test_from_home_to_a_lesson_with_the_keyboard_for_the_filters(self, page, world):
        home = SitePage(page).open("/")
        page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Formations").click()
        catalogue = CataloguePage(page)
        assert catalogue.heading() == "Formations"
        assert {"Cours X", "Cours Y"} <= set(catalogue.course_titles())
        assert home.page.url.endswith("/formations/")

        catalogue.filter_by_block_with_keyboard("TRUST-REMN · CCP1")
        assert "block=TRUST-REMN%3ACCP1" in page.url
        assert catalogue.course_titles() == ["Cours X"]
        assert "1 formation trouvée" in page.get_by_role("status").inner_text()

        page.get_by_role("link", name="Cours X").click()
        assert SitePage(page).heading() == "Cours X"
        page.get_by_role("region", name="Programme").get_by_role("link", name="Leçon X").click()
        assert SitePage(page).heading() == "Leçon X"
        assert "Contenu de Leçon X." in page.locator("article").inner_text()

    def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(self, page, world):
        site = SitePage(page).open("/formations/")
        page.keyboard.press("Tab")
        first = site.focused()
        assert first["tag"] == "a" and first["text"] == "Aller au contenu"
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.url.endswith("#contenu")
        assert site.focused()["id"] == "contenu"

    def test_focus_is_visible_on_links_and_buttons(self, page, world):
        site = SitePage(page).open("/formations/")
        site.tab_until(lambda f: f["tag"] == "button" and f["text"] == "Filtrer")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), "keyboard focus must be visible"
