from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import BadgesViewSetGroup
from .models import Assertion, BadgeClass, Issuer
from .permissions import BadgeClassPermissionPolicy, IssuerPermissionPolicy, SuperuserReadOnlyPolicy

register_permission_policy(BadgeClass, BadgeClassPermissionPolicy(BadgeClass))
register_permission_policy(Issuer, IssuerPermissionPolicy(Issuer))
register_permission_policy(Assertion, SuperuserReadOnlyPolicy(Assertion))


@hooks.register("register_log_actions")
def register_badge_log_actions(actions):
    actions.register_action("badges.awarded", _("Badge attribué"), _("Badge attribué par un·e formateur·rice"))
    actions.register_action("badges.revoked", _("Badge révoqué"), _("Badge révoqué"))


@hooks.register("register_admin_viewset")
def register_badges_viewsets():
    return BadgesViewSetGroup()
