"""An author edits a lesson and submits it; a reviewer of the same organisation approves; it is live."""

import pytest

from lms.accounts.roles import OrganisationRole
from lms.accounts.services import user_create
from tests.accounts_tests.factories import PASSWORD

from .pages import AdminSession, SitePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def reviewer(world):
    from lms.accounts.services import membership_create

    person = user_create(email="relectrice-x@tremplin.test", password=PASSWORD, first_name="Rita", last_name="Relit")
    membership_create(user=person, organisation=world.org_x, role=OrganisationRole.REVIEWER)
    return person


class TestAuthorJourney:
    def test_submit_then_approve_publishes_the_change(self, new_page, world, reviewer):
        lesson = world.lesson_x
        new_title = "Leçon X, version relue"

        author = AdminSession(new_page()).login(world.users["author_x"].email, PASSWORD)
        editor = author.edit(lesson.pk).set_title(new_title).submit_for_moderation()
        assert "/admin/" in editor.page.url

        public = SitePage(new_page()).open(lesson.url)
        assert public.heading() == "Leçon X", "the change must wait for the review"

        review = AdminSession(new_page()).login(reviewer.email, PASSWORD)
        review.edit(lesson.pk).approve()

        assert SitePage(new_page()).open(lesson.url).heading() == new_title

    def test_author_of_another_organisation_cannot_open_the_editor(self, new_page, world):
        other = AdminSession(new_page()).login(world.users["author_y"].email, PASSWORD)
        edit_url = f"/admin/pages/{world.lesson_x.pk}/edit/"
        other.page.goto(edit_url)
        # Wagtail sends the person back to the dashboard (or answers 403): never the editor.
        assert not other.page.url.endswith(edit_url)
        assert other.page.locator("#id_title").count() == 0
