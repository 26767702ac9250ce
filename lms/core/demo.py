"""Demo organisations and accounts for ``make run``; never created under production settings.

The organisations and people are fictional. Every demo account shares ``DEMO_PASSWORD``, which is
printed in the README as demo-only.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from lms.accounts.models import Organisation, User
from lms.accounts.roles import OrganisationRole, SiteRole
from lms.accounts.services import membership_create, organisation_create, user_create, user_grant_site_role

DEMO_PASSWORD = "Tremplin-demo-2026"  # noqa: S105 - demo-only, refused in production


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    contact_email: str
    website: str


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    site_role: str
    structure: str = ""
    departement: str = ""
    organisation: str = ""
    organisation_roles: tuple[str, ...] = ()
    superuser: bool = False


DEMO_ORGANISATIONS = [
    DemoOrganisation(
        "ateliers-du-lien",
        "Les Ateliers du Lien (démo)",
        "contact@ateliers-du-lien.demo",
        "https://ateliers-du-lien.demo",
    ),
    DemoOrganisation(
        "reseau-mediation-sud",
        "Réseau Médiation Sud (démo)",
        "contact@mediation-sud.demo",
        "https://mediation-sud.demo",
    ),
]

DEMO_ACCOUNTS = [
    DemoAccount("admin@tremplin.demo", "Alix", "Administratrice", SiteRole.ADMINISTRATOR, superuser=True),
    DemoAccount("apprenant@tremplin.demo", "Camille", "Martin", SiteRole.LEARNER, "Centre social Les Tilleuls", "59"),
    DemoAccount("apprenante2@tremplin.demo", "Nadia", "Benali", SiteRole.LEARNER, "Médiathèque Jean-Macé", "13"),
    DemoAccount(
        "autrice@tremplin.demo",
        "Inès",
        "Lefebvre",
        SiteRole.AUTHOR,
        organisation="ateliers-du-lien",
        organisation_roles=(OrganisationRole.AUTHOR,),
    ),
    DemoAccount(
        "relecteur@tremplin.demo",
        "Hugo",
        "Garnier",
        SiteRole.AUTHOR,
        organisation="ateliers-du-lien",
        organisation_roles=(OrganisationRole.REVIEWER,),
    ),
    DemoAccount(
        "auteur.sud@tremplin.demo",
        "Samir",
        "Haddad",
        SiteRole.AUTHOR,
        organisation="reseau-mediation-sud",
        organisation_roles=(OrganisationRole.AUTHOR,),
    ),
    DemoAccount(
        "formatrice@tremplin.demo",
        "Léa",
        "Rousseau",
        SiteRole.TRAINER,
        organisation="ateliers-du-lien",
        organisation_roles=(OrganisationRole.TRAINER,),
    ),
    DemoAccount("jury@tremplin.demo", "Bernard", "Morel", SiteRole.JURY, "DREETS (démo)", "59"),
    DemoAccount("coordination@tremplin.demo", "Sophie", "Blanc", SiteRole.COORDINATOR, "Hub numérique (démo)", "59"),
]


def ensure_demo_allowed() -> None:
    if not getattr(settings, "TREMPLIN_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured(
            "Demo accounts are refused under these settings (TREMPLIN_ALLOW_DEMO_DATA is off, as in production)."
        )


@transaction.atomic
def demo_organisations_load() -> dict[str, Organisation]:
    ensure_demo_allowed()
    organisations = {}
    for demo in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=demo.slug).first() or organisation_create(
            name=demo.name, slug=demo.slug, contact_email=demo.contact_email, website=demo.website
        )
        organisations[demo.slug] = organisation
    return organisations


@transaction.atomic
def demo_accounts_load(*, organisations: dict[str, Organisation]) -> dict[str, User]:
    """Create the demo accounts that do not exist yet; leave existing ones (and their passwords) alone."""
    ensure_demo_allowed()
    users = {}
    for demo in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            user = user_create(
                email=demo.email,
                password=DEMO_PASSWORD,
                first_name=demo.first_name,
                last_name=demo.last_name,
                structure=demo.structure,
                departement=demo.departement,
                role=demo.site_role,
            )
            if demo.site_role == SiteRole.ADMINISTRATOR:
                user_grant_site_role(user=user, role=SiteRole.ADMINISTRATOR)
            if demo.superuser:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
        for role in demo.organisation_roles:
            membership_create(user=user, organisation=organisations[demo.organisation], role=role)
        users[demo.email] = user
    return users
