"""Organisations, learners, trainers and coordinators for load tests, inserted in bulk.

Every account shares one password hash (``SCALE_PASSWORD``, hashed once): hashing 40,000 passwords
would take longer than the whole data set. The e-mail domain ``scale.tremplin.test`` marks them.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from lms.accounts.models import Organisation, User
from lms.accounts.roles import OrganisationRole, SiteRole
from lms.accounts.services import membership_create, organisation_create, site_role_group
from lms.accounts.territories import DEPARTEMENTS, region_of

SCALE_PASSWORD = "Tremplin-charge-2026"  # noqa: S105 - load-test accounts only, refused in production
SCALE_DOMAIN = "scale.tremplin.test"
BATCH_SIZE = 2000

FIRST_NAMES = [
    "Camille", "Nadia", "Louis", "Inès", "Hugo", "Léa", "Samir", "Sophie", "Karim", "Chloé", "Yanis", "Emma",
    "Mathis", "Aïcha", "Lucas", "Manon", "Thomas", "Fatou", "Jules", "Sarah", "Nicolas", "Julie", "Mehdi", "Zoé",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "Andre", "Mercier", "Benali", "Haddad", "Nguyen", "Diallo",
]  # fmt: skip
STRUCTURES = [
    "Centre social", "Médiathèque", "Mairie", "France services", "Association d'insertion", "Tiers-lieu",
    "Espace public numérique", "CCAS", "Maison de quartier",
]  # fmt: skip
# Rough weights: the most populated départements host more médiateurs.
HEAVY_DEPARTEMENTS = {"75": 6, "13": 5, "59": 6, "69": 5, "92": 4, "93": 4, "33": 4, "31": 4, "44": 3, "06": 3}


@dataclass
class People:
    organisations: list[Organisation]
    learner_ids: list[int]
    staff_ids: list[int]


def _departement_weights() -> tuple[list[str], list[int]]:
    codes = list(DEPARTEMENTS)
    return codes, [HEAVY_DEPARTEMENTS.get(code, 1) for code in codes]


def scale_organisations_create(*, count: int) -> list[Organisation]:
    """Create ``count`` organisations (with their role groups) through the service: few, so one by one."""
    return [
        organisation_create(name=f"Organisme de charge {number:03d}", slug=f"charge-{number:03d}")
        for number in range(1, count + 1)
    ]


def scale_users_create(*, rng: random.Random, learners: int, organisations: list[Organisation]) -> People:
    """Insert ``learners`` learners spread across France, two trainers per organisation, one coordinator per région."""
    password = make_password(SCALE_PASSWORD)
    codes, weights = _departement_weights()
    now = timezone.now()
    users = []
    for number in range(1, learners + 1):
        departement = rng.choices(codes, weights)[0]
        users.append(
            User(
                email=f"apprenant{number:06d}@{SCALE_DOMAIN}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                departement=departement,
                region=region_of(departement) or "",
                structure=f"{rng.choice(STRUCTURES)} ({DEPARTEMENTS[departement][0]})",
                password=password,
                date_joined=now,
            )
        )
    learner_ids = _bulk_insert_ids(users)
    through = User.groups.through
    learner_group = site_role_group(SiteRole.LEARNER)
    through.objects.bulk_create(
        [through(user_id=user_id, group_id=learner_group.pk) for user_id in learner_ids], batch_size=BATCH_SIZE
    )
    staff_ids = _staff_create(password=password, organisations=organisations)
    return People(organisations=organisations, learner_ids=learner_ids, staff_ids=staff_ids)


def _bulk_insert_ids(users: list[User]) -> list[int]:
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    if all(user.pk for user in users):
        return [user.pk for user in users]
    # Back-ends that do not return ids from a bulk insert: read them back by e-mail.
    by_email = dict(User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").values_list("email", "pk"))
    return [by_email[user.email] for user in users]


def _staff_create(*, password: str, organisations: list[Organisation]) -> list[int]:
    from lms.accounts.territories import REGIONS

    staff = []
    for organisation in organisations:
        for number in (1, 2):
            user = User.objects.create(
                email=f"formateur{number}.{organisation.slug}@{SCALE_DOMAIN}",
                first_name="Formateur",
                last_name=f"{number} {organisation.name}",
                password=password,
            )
            membership_create(user=user, organisation=organisation, role=OrganisationRole.TRAINER)
            staff.append(user.pk)
    coordinators = site_role_group(SiteRole.COORDINATOR)
    for code, name in REGIONS.items():
        user = User.objects.create(
            email=f"coordination.{code}@{SCALE_DOMAIN}",
            first_name="Coordination",
            last_name=name,
            region=code,
            password=password,
        )
        user.groups.add(coordinators)
        staff.append(user.pk)
    return staff
