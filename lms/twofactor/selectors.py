"""Reads for two-factor authentication."""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.accounts.models import User


def user_is_staff(*, user: User) -> bool:
    """Return whether ``user`` may enter the Wagtail admin (the people 2FA is offered to)."""
    return bool(
        user.is_authenticated and (user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))
    )


def user_confirmed_device(*, user: User) -> TOTPDevice | None:
    """Return the confirmed TOTP device of ``user``, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def user_pending_device(*, user: User) -> TOTPDevice | None:
    """Return the device ``user`` started to enrol but has not confirmed yet, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def staff_two_factor_required() -> bool:
    """Return whether every staff account must enrol (``TREMPLIN_REQUIRE_STAFF_2FA``)."""
    return bool(getattr(settings, "TREMPLIN_REQUIRE_STAFF_2FA", False))
