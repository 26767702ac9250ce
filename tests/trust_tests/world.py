"""One small, complete world for the trust tests: two organisations, their pages, and a person per role.

Later apps extend it by adding a builder to ``WORLD_EXTENSIONS`` (a function taking the ``World`` and
storing what it made in ``world.extra``), so the authorisation matrix and the backup test see their data.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from lms.accounts.roles import OrganisationRole, SiteRole
from lms.accounts.services import membership_create, user_create, user_grant_site_role
from lms.frameworks.models import CompetencyMapping, EvidenceType
from tests.accounts_tests.factories import PASSWORD, OrganisationFactory
from tests.courses_tests.factories import make_course, make_framework, make_lesson, make_section

# Every role the authorisation matrix checks; "anonymous" has no account.
ROLES = (
    "anonymous",
    "learner_a",
    "learner_b",
    "author_x",
    "author_y",
    "trainer_x",
    "jury",
    "jury_unshared",
    "coordinator",
    "administrator",
)


@dataclass
class World:
    home: object
    catalogue: object
    org_x: object
    org_y: object
    section_x: object
    section_y: object
    course_x: object
    lesson_x: object
    course_y: object
    lesson_y: object
    draft_course: object
    framework: dict
    document: object
    image: object
    users: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def user(self, role: str):
        return self.users.get(role)


WORLD_EXTENSIONS: list[Callable[[World], None]] = []


def _person(slug: str, role: str = SiteRole.LEARNER):
    return user_create(
        email=f"{slug}@tremplin.test",
        password=PASSWORD,
        first_name=slug.split("-")[0].capitalize(),
        last_name="Testeur",
        departement="59",
        role=role,
    )


def _png() -> ContentFile:
    buffer = BytesIO()
    PILImage.new("RGB", (4, 4), (200, 60, 20)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="vignette.png")


def build_world(site_tree) -> World:
    """Build the shared world on top of ``site_tree`` (home, catalogue)."""
    home, catalogue = site_tree
    framework = make_framework("TRUST-REMN")
    framework["mapping"] = CompetencyMapping.objects.create(source=framework["CP1"], target=framework["CP5"])
    framework["evidence_type"] = EvidenceType.objects.create(code="fiche-atelier", label="Fiche atelier")
    org_x, org_y = OrganisationFactory(name="Organisme X"), OrganisationFactory(name="Organisme Y")
    section_x, section_y = make_section(catalogue, org_x), make_section(catalogue, org_y)
    course_x = make_course(section_x, slug="cours-x", title="Cours X", competencies=[framework["CP1"]])
    course_y = make_course(section_y, slug="cours-y", title="Cours Y", competencies=[framework["CP5"]])
    lesson_x = make_lesson(course_x, slug="lecon-x", title="Leçon X")
    lesson_y = make_lesson(course_y, slug="lecon-y", title="Leçon Y")
    draft_course = make_course(section_x, slug="brouillon-x", title="Brouillon X")
    draft_course.unpublish()

    document = Document.objects.create(title="Fiche repère", file=ContentFile(b"Fiche repere.", name="fiche.txt"))
    image = Image.objects.create(title="Vignette", file=_png())

    users = {
        "learner_a": _person("apprenante-a"),
        "learner_b": _person("apprenant-b"),
        "author_x": _person("autrice-x"),
        "author_y": _person("auteur-y"),
        "trainer_x": _person("formatrice-x"),
        "jury": _person("jury", SiteRole.JURY),
        # A jury member to whom nobody shared a portfolio: the role alone opens nothing.
        "jury_unshared": _person("jury-sans-partage", SiteRole.JURY),
        "coordinator": _person("coordinatrice", SiteRole.COORDINATOR),
        "administrator": _person("admin"),
    }
    membership_create(user=users["author_x"], organisation=org_x, role=OrganisationRole.AUTHOR)
    membership_create(user=users["author_y"], organisation=org_y, role=OrganisationRole.AUTHOR)
    membership_create(user=users["trainer_x"], organisation=org_x, role=OrganisationRole.TRAINER)
    user_grant_site_role(user=users["administrator"], role=SiteRole.ADMINISTRATOR)
    # The site administrator of the demo (lms.core.demo) is a superuser: the matrix checks that account.
    users["administrator"].is_superuser = True
    users["administrator"].save(update_fields=["is_superuser"])

    world = World(
        home=home,
        catalogue=catalogue,
        org_x=org_x,
        org_y=org_y,
        section_x=section_x,
        section_y=section_y,
        course_x=course_x,
        lesson_x=lesson_x,
        course_y=course_y,
        lesson_y=lesson_y,
        draft_course=draft_course,
        framework=framework,
        document=document,
        image=image,
        users=users,
    )
    for extend in WORLD_EXTENSIONS:
        extend(world)
    return world


# The apps' own parts of the world (each module says what it adds).
from tests.assessments_tests.trust_matrix import assessments_world  # noqa: E402
from tests.badges_tests.trust_matrix import badges_world  # noqa: E402
from tests.learning_tests.trust_matrix import learning_world  # noqa: E402
from tests.portfolio_tests.trust_matrix import portfolio_world  # noqa: E402

WORLD_EXTENSIONS.extend([learning_world, portfolio_world, badges_world, assessments_world])
