"""Reads for accounts, organisations and roles."""

from django.db.models import QuerySet

from .models import Membership, Organisation, User
from .roles import SITE_ROLE_GROUPS


def user_site_roles(*, user: User) -> set[str]:
    """Return the site-wide roles of ``user`` (superusers are administrators)."""
    if not user.is_authenticated:
        return set()
    by_name = {name: role for role, name in SITE_ROLE_GROUPS.items()}
    roles = {by_name[name] for name in user.groups.values_list("name", flat=True) if name in by_name}
    if user.is_superuser:
        roles.add("administrator")
    return roles


def user_has_site_role(*, user: User, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=SITE_ROLE_GROUPS[role]).exists()


def user_organisations(*, user: User, roles: list[str] | None = None) -> QuerySet[Organisation]:
    """Return the organisations where ``user`` holds one of ``roles`` (any role when ``None``)."""
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id")).order_by("name")


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")
