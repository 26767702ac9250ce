"""A staff member enrols an authenticator in the browser; the admin then asks for the code."""

import pytest
from django.conf import settings

from tests.accounts_tests.factories import PASSWORD

from .pages import AdminSession, SitePage

if "lms.twofactor" not in settings.INSTALLED_APPS:  # pragma: no cover - until the settings are wired
    pytest.skip(
        "lms.twofactor is not in INSTALLED_APPS (wire it as docs/SECURITY.md « Two-factor authentication » says)",
        allow_module_level=True,
    )

from base64 import b32decode  # noqa: E402

from django_otp.oath import TOTP  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def code(secret: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret))
    totp.time = totp.time + 30 * steps_ahead
    return f"{totp.token():06d}"


class TestTwoFactorInTheBrowser:
    def test_enrol_then_the_admin_asks_for_the_code(self, new_page, world):
        author = world.users["author_x"]
        first = AdminSession(new_page()).login(author.email, PASSWORD)
        enrol = SitePage(first.page).open("/compte/2fa/")
        assert enrol.page.locator("img[src^='data:image/svg+xml;base64,']").is_visible()
        secret = enrol.page.locator(".twofactor-secret").inner_text().strip()
        enrol.page.get_by_label("Code à 6 chiffres").fill(code(secret))
        with enrol.page.expect_navigation():
            enrol.page.get_by_role("button", name="Activer").click()
        assert "La double authentification est activée" in enrol.page.locator(".messages").inner_text()

        second = AdminSession(new_page()).login(author.email, PASSWORD)
        assert "/compte/2fa/verifier/" in second.page.url
        second.page.get_by_label("Code à 6 chiffres").fill("000000" if code(secret) != "000000" else "111111")
        with second.page.expect_navigation():
            second.page.get_by_role("button", name="Vérifier").click()
        assert "Code incorrect" in second.page.locator(".form-errors").inner_text()

        second.page.wait_for_timeout(1_100)  # django-otp waits 1 s after a wrong code
        # The enrolment code is spent: the next time step's code is the one the app shows next.
        second.page.get_by_label("Code à 6 chiffres").fill(code(secret, steps_ahead=1))
        with second.page.expect_navigation():
            second.page.get_by_role("button", name="Vérifier").click()
        assert second.page.url.endswith("/admin/")
        # The dashboard, not the code form again: the session is verified for the admin.
        assert second.page.locator("#id_token").count() == 0
        assert second.page.goto("/admin/account/").ok and second.page.url.endswith("/admin/account/")
