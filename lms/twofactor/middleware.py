"""Keep staff sessions out of the Wagtail admin until their second factor is verified.

Install after ``django_otp.middleware.OTPMiddleware`` (which provides ``request.user.is_verified()``).
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from . import selectors


class StaffTwoFactorMiddleware:
    """Redirect an unverified admin request to the code form (or to enrolment when 2FA is required)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._redirect_if_unverified(request) or self.get_response(request)

    def _redirect_if_unverified(self, request):
        admin_root = reverse("wagtailadmin_home")
        if not request.path.startswith(admin_root):
            return None
        # Logging in and out of the admin must stay possible; everything else waits for the code.
        if request.path in (reverse("wagtailadmin_login"), reverse("wagtailadmin_logout")):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        query = urlencode({"next": request.get_full_path()})
        if selectors.user_confirmed_device(user=user) is not None:
            return redirect(f"{reverse('twofactor:verify')}?{query}")
        if selectors.staff_two_factor_required() and selectors.user_is_staff(user=user):
            return redirect(f"{reverse('twofactor:enrol')}?{query}")
        return None
