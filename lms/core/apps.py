from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Socle Tremplin")

    def ready(self):
        from . import security  # noqa: F401 - registers the CSP and 2FA system checks
        from .page_cache import connect_receivers

        connect_receivers()
