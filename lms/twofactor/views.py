"""Enrol a TOTP authenticator, verify a session with it, or remove it."""

from base64 import b32encode

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import TokenForm
from .qr import qr_svg_data_uri

ERROR_WRONG_TOKEN = _("Code incorrect ou expiré. Attendez le code suivant et réessayez.")
ERROR_NOT_STAFF = _("La double authentification est proposée aux comptes de l'espace d'administration.")


def _safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _require_staff(request) -> None:
    if not selectors.user_is_staff(user=request.user):
        raise PermissionDenied(ERROR_NOT_STAFF)


def _checked_token(form: TokenForm, check) -> object | None:
    """Run ``check(token)`` on a well-formed code; add the refusal to ``form`` when it returns None."""
    if not form.is_valid():
        return None
    result = check(form.cleaned_data["token"])
    if result is None:
        form.add_error("token", ERROR_WRONG_TOKEN)
    return result


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Show the QR code and secret of a pending device, and confirm it with a first code."""
    _require_staff(request)
    device = selectors.user_confirmed_device(user=request.user)
    if device is not None:
        return render(request, "twofactor/status.html", {"device": device, "form": TokenForm()})
    pending = services.totp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        confirmed = _checked_token(form, lambda token: services.totp_device_confirm(user=request.user, token=token))
        if confirmed is not None:
            django_otp.login(request, confirmed)
            messages.success(request, _("La double authentification est activée pour votre compte."))
            return redirect(_safe_next(request, "twofactor:enrol"))
    context = {
        "form": form,
        "qr_data_uri": qr_svg_data_uri(pending.config_url),
        "secret": b32encode(pending.bin_key).decode("ascii"),
        "next": _safe_next(request, ""),
        "required": selectors.staff_two_factor_required(),
    }
    return render(request, "twofactor/enrol.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for the current code of the enrolled device, then go on to ``next`` (the admin by default)."""
    _require_staff(request)
    if selectors.user_confirmed_device(user=request.user) is None:
        return redirect("twofactor:enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        device = _checked_token(form, lambda token: services.totp_token_verify(user=request.user, token=token))
        if device is not None:
            django_otp.login(request, device)
            return redirect(_safe_next(request, "wagtailadmin_home"))
    context = {"form": form, "next": _safe_next(request, "")}
    return render(request, "twofactor/verify.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_POST
def disable(request):
    """Remove the device after checking a current code (a stolen session alone cannot remove it)."""
    _require_staff(request)
    form = TokenForm(request.POST)
    device = _checked_token(form, lambda token: services.totp_token_verify(user=request.user, token=token))
    if device is None:
        current = selectors.user_confirmed_device(user=request.user)
        if current is None:
            return redirect("twofactor:enrol")
        return render(request, "twofactor/status.html", {"device": current, "form": form}, status=400)
    services.totp_devices_remove(user=request.user, actor=request.user)
    messages.success(request, _("La double authentification est désactivée pour votre compte."))
    return redirect("twofactor:enrol")
