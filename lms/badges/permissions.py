"""Who may do what in the Wagtail admin for badges.

Badge classes: authors and managers of an organisation see and edit their organisation's classes
only; superusers see all. A class that has been awarded cannot be deleted (deactivate it instead).
Issuers: created on demand, never added nor deleted by hand; the same people edit their own.
Issued assertions: superusers only, read-only (the trainers' pages award and revoke).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from .selectors import AUTHORING_ROLES, organisation_ids_for


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


class BadgeClassPermissionPolicy(BasePermissionPolicy):
    """Let the authors and managers of an organisation manage its badge classes."""

    def _organisations(self, user) -> set[int]:
        # Cached on the user for the request: the admin asks several times per page.
        if not hasattr(user, "_badges_authoring_organisations"):
            user._badges_authoring_organisations = organisation_ids_for(user=user, roles=AUTHORING_ROLES)
        return user._badges_authoring_organisations

    def user_has_permission(self, user, action):
        if not _active(user):
            return False
        return user.is_superuser or bool(self._organisations(user))

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, actions[0] if actions else "")

    def user_has_permission_for_instance(self, user, action, instance):
        if not _active(user):
            return False
        if action == "delete" and instance.assertions.exists():
            return False
        return user.is_superuser or instance.organisation_id in self._organisations(user)

    def instances_user_has_any_permission_for(self, user, actions):
        classes = self.model._default_manager.all()
        if not _active(user):
            return classes.none()
        if user.is_superuser:
            return classes
        return classes.filter(organisation_id__in=self._organisations(user))

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(memberships__role__in=AUTHORING_ROLES), is_active=True)
            .distinct()
        )


class SuperuserReadOnlyPolicy(BasePermissionPolicy):
    """Let superusers view rows, and nobody add, change or delete them through the admin."""

    def user_has_permission(self, user, action):
        return _active(user) and user.is_superuser and action == "view"

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_superuser=True, is_active=True)


class IssuerPermissionPolicy(BadgeClassPermissionPolicy):
    """Let the authors and managers of an organisation view and edit its issuer profile."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in ("view", "change") and super().user_has_permission_for_instance(user, action, instance)
