"""The roles of Tremplin.

Site-wide roles are Django groups. Roles held *within* a training organisation (author, reviewer,
trainer, manager) are memberships; each gives the member one group per organisation, so Wagtail
page permissions can be granted on that organisation's subtree only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteRole(models.TextChoices):
    LEARNER = "learner", _("Apprenant·e")
    AUTHOR = "author", _("Auteur·rice")
    TRAINER = "trainer", _("Formateur·rice")
    JURY = "jury", _("Membre de jury")
    COORDINATOR = "coordinator", _("Coordinateur·rice territorial·e")
    ADMINISTRATOR = "administrator", _("Administrateur·rice du site")


class OrganisationRole(models.TextChoices):
    AUTHOR = "author", _("Auteur·rice")
    REVIEWER = "reviewer", _("Relecteur·rice pédagogique")
    TRAINER = "trainer", _("Formateur·rice")
    MANAGER = "manager", _("Responsable de l'organisme")


# The group that carries each site-wide role. Names are stable identifiers shown in the admin.
SITE_ROLE_GROUPS: dict[str, str] = {
    SiteRole.LEARNER: "Apprenants",
    SiteRole.AUTHOR: "Auteurs",
    SiteRole.TRAINER: "Formateurs",
    SiteRole.JURY: "Membres de jury",
    SiteRole.COORDINATOR: "Coordinateurs",
    SiteRole.ADMINISTRATOR: "Administrateurs du site",
}

# An organisation role also puts the member in the matching site-wide group (admin access etc.).
ORGANISATION_ROLE_SITE_ROLE: dict[str, str] = {
    OrganisationRole.AUTHOR: SiteRole.AUTHOR,
    OrganisationRole.REVIEWER: SiteRole.AUTHOR,
    OrganisationRole.TRAINER: SiteRole.TRAINER,
    OrganisationRole.MANAGER: SiteRole.TRAINER,
}

# Model permissions ("app_label.codename") of each site-wide group. Page permissions are granted
# per organisation subtree (courses.services), never here.
SITE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    SiteRole.LEARNER: [],
    SiteRole.AUTHOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    SiteRole.TRAINER: ["wagtailadmin.access_admin"],
    SiteRole.JURY: [],
    SiteRole.COORDINATOR: [],
    SiteRole.ADMINISTRATOR: ["wagtailadmin.access_admin"],
}

# Administrators manage every Tremplin model (frameworks, organisations, memberships, question banks,
# badges…): they get all model permissions of these apps on top of SITE_ROLE_PERMISSIONS.
ADMINISTRATOR_APP_LABELS = [
    "accounts",
    "frameworks",
    "learning",
    "assessments",
    "badges",
    "portfolio",
    "wagtailimages",
    "wagtaildocs",
]
