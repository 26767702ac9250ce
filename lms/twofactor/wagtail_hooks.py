from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_twofactor_log_actions(actions):
    actions.register_action(
        "tremplin.twofactor_enrolled", _("Double authentification activée"), _("Double authentification activée")
    )
    actions.register_action(
        "tremplin.twofactor_removed", _("Double authentification retirée"), _("Double authentification retirée")
    )
