"""Login errors are shown, announced, linked to their fields and reachable with the keyboard."""

import pytest

from tests.accounts_tests.factories import PASSWORD

from .pages import LoginPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class TestLoginErrors:
    def test_empty_form_lists_each_missing_field_and_focuses_the_summary(self, page, world):
        login = LoginPage(page).open().submit_empty()

        summary = login.error_summary()
        assert summary.is_visible()
        assert summary.get_attribute("role") == "alert"
        assert login.focused()["role"] == "alert", "the error summary takes the focus"
        email = page.locator("#id_username")
        assert email.get_attribute("aria-invalid") == "true"
        described = email.get_attribute("aria-describedby")
        assert described and page.locator(f"#{described}").inner_text() == "Champ requis."

        # The summary links lead to the field, with the keyboard.
        login.tab_until(lambda f: f["tag"] == "a" and f["text"].startswith("Adresse e-mail"))
        page.keyboard.press("Enter")
        assert login.focused()["id"] == "id_username"

    def test_wrong_password_is_announced_without_saying_which_part_is_wrong(self, page, world):
        login = LoginPage(page).open().submit(world.users["learner_a"].email, PASSWORD + "-faux")
        summary = login.error_summary()
        assert "Adresse e-mail ou mot de passe incorrect" in summary.inner_text()
        assert login.focused()["role"] == "alert"
        assert page.url.endswith("/compte/connexion/")

    def test_right_password_opens_the_profile(self, page, world):
        LoginPage(page).open().submit(world.users["learner_a"].email, PASSWORD)
        assert page.url.endswith("/compte/profil/")
