from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "lms.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio VAE")
    default_auto_field = "django.db.models.BigAutoField"
