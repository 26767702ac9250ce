from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "lms.twofactor"
    label = "twofactor"
    verbose_name = _("Double authentification")

    def ready(self):
        # Registers the security system checks (CSP strictness, 2FA middleware order); idempotent.
        from lms.core import security  # noqa: F401
