"""Authors edit their own organisation's pages only; reviewers publish; learners never reach the admin."""

import pytest

from courses.services import organisation_section_ensure
from lms.accounts.roles import OrganisationRole
from lms.accounts.services import membership_create
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations(site_tree):
    _home, catalogue = site_tree
    org_x, org_y = OrganisationFactory(name="Organisme X"), OrganisationFactory(name="Organisme Y")
    section_x = organisation_section_ensure(organisation=org_x, catalogue=catalogue)
    section_y = organisation_section_ensure(organisation=org_y, catalogue=catalogue)
    course_x = make_course(section_x, slug="cours-x", title="Cours X")
    course_y = make_course(section_y, slug="cours-y", title="Cours Y")
    author_x = UserFactory()
    membership_create(user=author_x, organisation=org_x, role=OrganisationRole.AUTHOR)
    reviewer_x = UserFactory()
    membership_create(user=reviewer_x, organisation=org_x, role=OrganisationRole.REVIEWER)
    return {"course_x": course_x, "course_y": course_y, "author_x": author_x, "reviewer_x": reviewer_x}


class TestAuthorPermissions:
    def test_author_can_edit_own_organisation_pages_but_not_publish(self, two_organisations):
        perms = two_organisations["course_x"].permissions_for_user(two_organisations["author_x"])
        assert perms.can_edit()
        assert not perms.can_publish()

    def test_author_of_x_cannot_edit_pages_of_y(self, two_organisations, client):
        course_y, author_x = two_organisations["course_y"], two_organisations["author_x"]
        assert not course_y.permissions_for_user(author_x).can_edit()
        client.force_login(author_x)
        response = client.get(f"/admin/pages/{course_y.pk}/edit/")
        assert response.status_code in (302, 403)
        response = client.post(f"/admin/pages/{course_y.pk}/edit/", {"title": "Piraté", "slug": "cours-y"})
        course_y.refresh_from_db()
        assert course_y.title == "Cours Y"

    def test_author_of_x_opens_the_editor_of_x(self, two_organisations, client):
        client.force_login(two_organisations["author_x"])
        response = client.get(f"/admin/pages/{two_organisations['course_x'].pk}/edit/")
        assert response.status_code == 200

    def test_reviewer_can_publish_own_organisation_pages_only(self, two_organisations):
        reviewer = two_organisations["reviewer_x"]
        assert two_organisations["course_x"].permissions_for_user(reviewer).can_publish()
        assert not two_organisations["course_y"].permissions_for_user(reviewer).can_publish()

    def test_learner_cannot_enter_the_admin(self, site_tree, client):
        client.force_login(UserFactory())
        response = client.get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
