from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import MembershipViewSet, OrganisationViewSet


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    actions.register_action("tremplin.role_granted", _("Rôle attribué"), _("Rôle attribué"))
    actions.register_action("tremplin.role_revoked", _("Rôle retiré"), _("Rôle retiré"))
    actions.register_action(
        "tremplin.membership_created", _("Rôle dans un organisme attribué"), _("Rôle dans un organisme attribué")
    )
    actions.register_action(
        "tremplin.membership_deleted", _("Rôle dans un organisme retiré"), _("Rôle dans un organisme retiré")
    )


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return [OrganisationViewSet("organisations"), MembershipViewSet("memberships")]
