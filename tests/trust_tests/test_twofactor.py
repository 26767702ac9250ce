"""Optional TOTP two-factor authentication for staff: enrol, verify, refuse, and gate the admin."""

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from lms.accounts.roles import OrganisationRole
from lms.accounts.services import membership_create
from tests.accounts_tests.factories import PASSWORD, OrganisationFactory, UserFactory

if "lms.twofactor" not in settings.INSTALLED_APPS:  # pragma: no cover - until the settings are wired
    pytest.skip(
        "lms.twofactor is not in INSTALLED_APPS (wire it as docs/SECURITY.md « Two-factor authentication » says)",
        allow_module_level=True,
    )

from django_otp.oath import TOTP  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from wagtail.models import ModelLogEntry  # noqa: E402

from lms.twofactor.views import ERROR_WRONG_TOKEN  # noqa: E402

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, offset=o) for o in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


@pytest.fixture
def author(site_tree):
    user = UserFactory(email="autrice.2fa@tremplin.test")
    membership_create(user=user, organisation=OrganisationFactory(), role=OrganisationRole.AUTHOR)
    return user


@pytest.fixture
def enrolled(author):
    device = TOTPDevice.objects.create(user=author, name="TOTP", confirmed=True)
    return author, device


def admin_login(client, user):
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return response


class TestEnrol:
    def test_page_shows_an_inline_svg_qr_code_and_the_secret(self, client, author):
        client.force_login(author)
        response = client.get("/compte/2fa/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'src="data:image/svg+xml;base64,' in html
        secret = re.search(r'class="twofactor-secret">([A-Z2-7]+)<', html)[1]
        device = TOTPDevice.objects.get(user=author)
        assert device.confirmed is False
        assert b32decode(secret) == device.bin_key
        assert response["Cache-Control"].startswith("max-age=0")

    def test_right_code_confirms_the_device_and_verifies_the_session(self, client, author):
        client.force_login(author)
        client.get("/compte/2fa/")
        device = TOTPDevice.objects.get(user=author)
        response = client.post("/compte/2fa/", {"token": code_for(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed is True
        # The verified session reaches the admin without a second prompt.
        assert client.get("/admin/").status_code == 200
        assert ModelLogEntry.objects.filter(action="tremplin.twofactor_enrolled", object_id=str(author.pk)).exists()

    def test_wrong_code_is_refused_and_nothing_is_confirmed(self, client, author):
        client.force_login(author)
        client.get("/compte/2fa/")
        device = TOTPDevice.objects.get(user=author)
        response = client.post("/compte/2fa/", {"token": wrong_code(device)})
        assert response.status_code == 400
        assert str(ERROR_WRONG_TOKEN) in response.content.decode()
        assert TOTPDevice.objects.filter(user=author, confirmed=True).count() == 0

    def test_malformed_code_is_refused(self, client, author):
        client.force_login(author)
        client.get("/compte/2fa/")
        response = client.post("/compte/2fa/", {"token": "12ab"})
        assert response.status_code == 400
        assert "Saisissez les 6 chiffres" in response.content.decode()
        assert TOTPDevice.objects.filter(user=author, confirmed=True).count() == 0

    def test_reloading_keeps_the_same_pending_secret(self, client, author):
        client.force_login(author)
        client.get("/compte/2fa/")
        client.get("/compte/2fa/")
        assert TOTPDevice.objects.filter(user=author).count() == 1

    def test_learners_are_not_offered_2fa(self, client, site_tree):
        client.force_login(UserFactory())
        assert client.get("/compte/2fa/").status_code == 403
        assert TOTPDevice.objects.count() == 0


class TestAdminGate:
    def test_admin_is_blocked_until_the_code_is_given(self, client, enrolled):
        author, device = enrolled
        response = admin_login(client, author)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"] == "/compte/2fa/verifier/?next=%2Fadmin%2F"
        assert client.get("/admin/account/").status_code == 302

        response = client.post("/compte/2fa/verifier/", {"token": code_for(device), "next": "/admin/account/"})
        assert response.status_code == 302
        assert response["Location"] == "/admin/account/"
        assert client.get("/admin/account/").status_code == 200

    def test_wrong_code_keeps_the_admin_closed(self, client, enrolled):
        author, device = enrolled
        admin_login(client, author)
        response = client.post("/compte/2fa/verifier/", {"token": wrong_code(device)})
        assert response.status_code == 400
        assert str(ERROR_WRONG_TOKEN) in response.content.decode()
        assert client.get("/admin/").status_code == 302
        device.refresh_from_db()
        assert device.throttling_failure_count == 1

    def test_a_code_is_accepted_only_once(self, client, enrolled):
        author, device = enrolled
        admin_login(client, author)
        code = code_for(device)
        assert client.post("/compte/2fa/verifier/", {"token": code}).status_code == 302
        other = type(client)()
        admin_login(other, author)
        assert other.post("/compte/2fa/verifier/", {"token": code}).status_code == 400

    def test_next_cannot_leave_the_site(self, client, enrolled):
        author, device = enrolled
        admin_login(client, author)
        response = client.post("/compte/2fa/verifier/", {"token": code_for(device), "next": "https://evil.example/"})
        assert response["Location"] == "/admin/"

    def test_staff_without_device_enter_when_2fa_is_optional(self, client, author):
        admin_login(client, author)
        assert client.get("/admin/").status_code == 200

    @override_settings(TREMPLIN_REQUIRE_STAFF_2FA=True)
    def test_staff_without_device_must_enrol_when_2fa_is_required(self, client, author):
        admin_login(client, author)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/2fa/?next=")

    @override_settings(TREMPLIN_REQUIRE_STAFF_2FA=True)
    def test_public_pages_stay_open_when_2fa_is_required(self, client, author):
        client.force_login(author)
        assert client.get("/").status_code == 200
        assert client.get("/compte/profil/").status_code == 200


class TestRemoval:
    def test_staff_removes_the_device_with_a_current_code(self, client, enrolled):
        author, device = enrolled
        client.force_login(author)
        response = client.post("/compte/2fa/desactiver/", {"token": code_for(device)})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=author).exists()
        assert ModelLogEntry.objects.filter(action="tremplin.twofactor_removed", object_id=str(author.pk)).exists()

    def test_removal_needs_a_right_code(self, client, enrolled):
        author, device = enrolled
        client.force_login(author)
        response = client.post("/compte/2fa/desactiver/", {"token": wrong_code(device)})
        assert response.status_code == 400
        assert TOTPDevice.objects.filter(user=author, confirmed=True).count() == 1

    def test_recovery_command_removes_the_devices(self, enrolled):
        author, _device = enrolled
        out = StringIO()
        call_command("twofactor_remove", author.email.upper(), stdout=out)
        assert "1 device(s) removed" in out.getvalue()
        assert not TOTPDevice.objects.filter(user=author).exists()

    def test_recovery_command_refuses_an_unknown_address(self, enrolled):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="No account"):
            call_command("twofactor_remove", "personne@nulle.part")
        assert TOTPDevice.objects.count() == 1
