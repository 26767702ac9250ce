import pytest

from tests.accounts_tests.factories import OrganisationFactory, UserFactory
from tests.courses_tests.factories import make_course, make_framework, make_section


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def framework(db):
    parts = make_framework("TEST-BADGES")
    parts["framework"].rncp_code = "RNCP37432"
    parts["framework"].save()
    parts["CCP1"].rncp_block_code = "RNCP37432BC01"
    parts["CCP1"].save()
    return parts


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="Les Ateliers du Lien", contact_email="contact@ateliers.fr", website="https://ateliers.fr"
    )


@pytest.fixture
def course(site_tree, organisation, framework):
    section = make_section(site_tree[1], organisation)
    return make_course(section, slug="posture", title="Posture professionnelle", competencies=[framework["CP1"]])


@pytest.fixture
def learner(db):
    return UserFactory(first_name="Camille", last_name="Martin", email="Camille.Martin@Exemple.fr")
