"""System checks that keep the security configuration honest (``manage.py check`` runs them).

The policy itself lives in the settings (``CONTENT_SECURITY_POLICY``, ``SECURE_*``); these checks fail
loudly when a later change weakens it: inline script allowed, the CSP middleware dropped, or the
two-factor middleware installed in an order where it cannot see the verified device.
"""

from django.conf import settings
from django.core import checks

CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"
STAFF_2FA_MIDDLEWARE = "lms.twofactor.middleware.StaffTwoFactorMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"

# Sources that let injected markup run script: never acceptable in script-src (or default-src as fallback).
UNSAFE_SCRIPT_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:")


def script_sources(policy: dict) -> list[str]:
    """Return the sources that govern scripts in a django-csp 4 ``CONTENT_SECURITY_POLICY`` dict."""
    directives = (policy or {}).get("DIRECTIVES", {})
    return list(directives.get("script-src", directives.get("default-src", [])))


@checks.register(checks.Tags.security)
def check_content_security_policy(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Require the CSP middleware and a script-src that forbids inline and foreign script."""
    errors = []
    if CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(checks.Error("The CSP middleware is not installed.", hint=CSP_MIDDLEWARE, id="tremplin.E101"))
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    sources = script_sources(policy)
    if not sources:
        errors.append(
            checks.Error("CONTENT_SECURITY_POLICY has no script-src nor default-src directive.", id="tremplin.E102")
        )
    unsafe = sorted(set(sources) & set(UNSAFE_SCRIPT_SOURCES))
    if unsafe:
        errors.append(
            checks.Error(
                f"script-src allows {', '.join(unsafe)}: stored content could run script.",
                hint="Move the script to a static file and keep script-src to 'self'.",
                id="tremplin.E103",
            )
        )
    if policy and "frame-ancestors" not in policy.get("DIRECTIVES", {}):
        errors.append(checks.Error("CSP has no frame-ancestors directive (clickjacking).", id="tremplin.E104"))
    return errors


@checks.register(checks.Tags.security)
def check_two_factor_middleware(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Require the OTP middleware after authentication and before the staff 2FA gate, when 2FA is on."""
    middleware = list(settings.MIDDLEWARE)
    if STAFF_2FA_MIDDLEWARE not in middleware:
        if getattr(settings, "TREMPLIN_REQUIRE_STAFF_2FA", False):
            return [
                checks.Error("TREMPLIN_REQUIRE_STAFF_2FA is on but the 2FA middleware is missing.", id="tremplin.E111")
            ]
        return []
    order = [AUTH_MIDDLEWARE, OTP_MIDDLEWARE, STAFF_2FA_MIDDLEWARE]
    if any(name not in middleware for name in order) or [middleware.index(n) for n in order] != sorted(
        middleware.index(n) for n in order
    ):
        return [
            checks.Error(
                "Two-factor middleware out of order.",
                hint=" → ".join(order),
                id="tremplin.E112",
            )
        ]
    return []
