"""Writes for two-factor authentication: start, confirm and remove a TOTP device."""

from django.db import transaction
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from lms.accounts.models import User

from .selectors import user_confirmed_device, user_pending_device

DEVICE_NAME = "TOTP"
ERROR_ALREADY_ENROLLED = _("Ce compte a déjà une application d'authentification.")
ERROR_NOTHING_TO_CONFIRM = _("Aucune inscription en cours : rechargez la page pour obtenir un nouveau code QR.")


class TwoFactorError(Exception):
    """A two-factor operation refused; ``str(error)`` is the message to show."""


def _unwrapped(user):
    """Return the User behind ``request.user`` (django-otp wraps the lazy user in another lazy object).

    Wagtail's audit log looks at ``type(instance)`` one level deep and silently skips anything else.
    """
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the pending (unconfirmed) device of ``user``, creating it with a fresh secret if needed."""
    if user_confirmed_device(user=user) is not None:
        raise TwoFactorError(ERROR_ALREADY_ENROLLED)
    device = user_pending_device(user=user)
    if device is None:
        device = TOTPDevice(user=user, name=DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> TOTPDevice | None:
    """Confirm the pending device of ``user`` when ``token`` is right; return it, or None when wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise TwoFactorError(ERROR_NOTHING_TO_CONFIRM)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # A person keeps one authenticator: abandoned enrolments are dropped.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    log(instance=_unwrapped(user), action="tremplin.twofactor_enrolled", user=_unwrapped(user))
    return device


@transaction.atomic
def totp_token_verify(*, user: User, token: str) -> TOTPDevice | None:
    """Return the confirmed device of ``user`` that accepts ``token`` (throttled by django-otp), or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if device is None or not device.verify_token(token):
        return None
    return device


@transaction.atomic
def totp_devices_remove(*, user: User, actor: User | None = None) -> int:
    """Remove every TOTP device of ``user`` (self-service or recovery); return how many were removed."""
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        log(
            instance=_unwrapped(user),
            action="tremplin.twofactor_removed",
            user=_unwrapped(actor),
            data={"devices": removed},
        )
    return removed
