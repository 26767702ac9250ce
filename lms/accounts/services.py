"""Writes for accounts, organisations and roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.log_actions import log

from .models import Membership, Organisation, OrganisationGroup, User
from .roles import (
    ADMINISTRATOR_APP_LABELS,
    ORGANISATION_ROLE_SITE_ROLE,
    SITE_ROLE_GROUPS,
    SITE_ROLE_PERMISSIONS,
    OrganisationRole,
    SiteRole,
)

# Collection permissions that let authors use the image and document libraries.
_AUTHOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create or update the site-wide role groups and their permissions; safe to run again."""
    from wagtail.models import Collection, GroupCollectionPermission

    groups = {}
    for role, name in SITE_ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(p) for p in SITE_ROLE_PERMISSIONS[role]])
        groups[role] = group

    groups[SiteRole.ADMINISTRATOR].permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APP_LABELS)
    )

    root = Collection.get_first_root_node()
    if root is not None:
        for app_label, codename in _AUTHOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[SiteRole.AUTHOR],
                collection=root,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )
    return groups


def site_role_group(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=SITE_ROLE_GROUPS[role])
    return group


@transaction.atomic
def user_grant_site_role(*, user: User, role: str, actor: User | None = None) -> None:
    """Put ``user`` in the group of a site-wide role; administrators are also Django staff."""
    user.groups.add(site_role_group(role))
    if role == SiteRole.ADMINISTRATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    log(instance=user, action="tremplin.role_granted", user=actor, data={"role": role})


@transaction.atomic
def user_revoke_site_role(*, user: User, role: str, actor: User | None = None) -> None:
    user.groups.remove(site_role_group(role))
    log(instance=user, action="tremplin.role_revoked", user=actor, data={"role": role})


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    structure: str = "",
    departement: str = "",
    preferred_language: str = "fr",
    role: str = SiteRole.LEARNER,
    is_invited: bool = False,
) -> User:
    """Create a user with one site-wide role (a learner by default)."""
    user = User(
        email=email.strip().lower(),
        first_name=first_name,
        last_name=last_name,
        structure=structure,
        departement=departement,
        preferred_language=preferred_language,
        is_invited=is_invited,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(site_role_group(role))
    return user


def user_password_set(*, user: User, password: str, commit: bool = True) -> User:
    """Set ``user``'s password; an invited account becomes an ordinary one."""
    user.set_password(password)
    user.is_invited = False
    if commit:
        user.save(update_fields=["password", "is_invited"])
    return user


@transaction.atomic
def organisation_create(*, name: str, slug: str = "", **fields) -> Organisation:
    """Create a training organisation and the groups of its roles."""
    organisation = Organisation(name=name, slug=slug or slugify(name)[:80], **fields)
    organisation.full_clean()
    organisation.save()
    organisation_groups_ensure(organisation=organisation)
    return organisation


def _role_group_name(organisation: Organisation, role: OrganisationRole) -> str:
    """Name the group of ``role`` in ``organisation``: « <name> · <role> » when that is free and fits.

    Group names hold at most 150 characters while organisation names may have 200, and a group of that
    name may already exist (made by hand, or by a homonym before a rename): the group's permissions must
    never be shared with it, so the organisation's unique slug then tells the two apart.
    """
    max_length = Group._meta.get_field("name").max_length
    name = f"{organisation.name} · {role.label}"
    if len(name) <= max_length and not Group.objects.filter(name=name).exists():
        return name
    tail = f" ({organisation.slug}) · {role.label}"
    short = organisation.name if len(organisation.name) + len(tail) <= max_length else (
        f"{organisation.name[: max_length - len(tail) - 1]}…"
    )  # fmt: skip
    return f"{short}{tail}"


def organisation_groups_ensure(*, organisation: Organisation) -> dict[str, Group]:
    """Create, if missing, one group per role of ``organisation``; return them by role."""
    existing = {og.role: og.group for og in organisation.role_groups.select_related("group")}
    for role in OrganisationRole:
        if role.value in existing:
            continue
        group, _created = Group.objects.get_or_create(name=_role_group_name(organisation, role))
        OrganisationGroup.objects.create(organisation=organisation, role=role.value, group=group)
        existing[role.value] = group
    return existing


@transaction.atomic
def membership_create(*, user: User, organisation: Organisation, role: str, actor: User | None = None) -> Membership:
    """Give ``user`` a role within ``organisation``; idempotent."""
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    groups = organisation_groups_ensure(organisation=organisation)
    user.groups.add(groups[role], site_role_group(ORGANISATION_ROLE_SITE_ROLE[role]))
    if created:
        log(
            instance=user,
            action="tremplin.membership_created",
            user=actor,
            data={"organisation": organisation.pk, "role": role},
        )
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership, actor: User | None = None) -> None:
    groups = organisation_groups_ensure(organisation=membership.organisation)
    membership.user.groups.remove(groups[membership.role])
    log(
        instance=membership.user,
        action="tremplin.membership_deleted",
        user=actor,
        data={"organisation": membership.organisation_id, "role": membership.role},
    )
    membership.delete()


def user_update_profile(*, user: User, **fields) -> User:
    """Update the editable profile fields of ``user``."""
    allowed = {"first_name", "last_name", "structure", "region", "departement", "preferred_language"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    return user
