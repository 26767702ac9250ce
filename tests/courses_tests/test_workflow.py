"""Authors submit changes for "relecture pédagogique"; a reviewer of the same organisation publishes."""

import pytest
from wagtail.models import WorkflowState

from courses.models import LessonPage
from lms.accounts.roles import OrganisationRole
from lms.accounts.services import membership_create
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import make_course, make_lesson, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(site_tree):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    section = make_section(site_tree[1], organisation)
    make_section(site_tree[1], other)
    course = make_course(section, slug="posture")
    lesson = make_lesson(course, slug="cadre", title="Le cadre")
    author, reviewer, foreign_reviewer = UserFactory(), UserFactory(), UserFactory()
    membership_create(user=author, organisation=organisation, role=OrganisationRole.AUTHOR)
    membership_create(user=reviewer, organisation=organisation, role=OrganisationRole.REVIEWER)
    membership_create(user=foreign_reviewer, organisation=other, role=OrganisationRole.REVIEWER)
    return {"lesson": lesson, "author": author, "reviewer": reviewer, "foreign_reviewer": foreign_reviewer}


def edit_form(lesson, title):
    return {
        "title": title,
        "slug": lesson.slug,
        "summary": "",
        "duration_minutes": "15",
        "body-count": "0",
        "action-submit": "Soumettre",
    }


class TestReviewWorkflow:
    def test_lesson_uses_the_organisation_workflow(self, setup):
        workflow = setup["lesson"].get_workflow()
        assert workflow is not None
        assert workflow.name.startswith("Relecture pédagogique")

    def test_author_submits_in_the_admin_and_the_reviewer_publishes(self, setup, client):
        lesson, author, reviewer = setup["lesson"], setup["author"], setup["reviewer"]
        client.force_login(author)
        response = client.post(f"/admin/pages/{lesson.pk}/edit/", edit_form(lesson, "Le cadre d'intervention"))
        assert response.status_code == 302, response.content[:500]
        lesson.refresh_from_db()
        assert lesson.title == "Le cadre"  # the live page has not changed yet
        state = WorkflowState.objects.get(object_id=str(lesson.pk), status="in_progress")
        task_state = state.current_task_state
        # An author cannot approve, nor can a reviewer of another organisation.
        assert "approve" not in [a[0] for a in task_state.task.specific.get_actions(lesson, author)]
        assert "approve" not in [a[0] for a in task_state.task.specific.get_actions(lesson, setup["foreign_reviewer"])]
        assert "approve" in [a[0] for a in task_state.task.specific.get_actions(lesson, reviewer)]
        client.force_login(reviewer)
        response = client.post(
            f"/admin/pages/{lesson.pk}/edit/",
            {
                **edit_form(lesson, "Le cadre d'intervention"),
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
            },
        )
        assert response.status_code == 302
        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert lesson.title == "Le cadre d'intervention"
        assert lesson.live

    def test_author_cannot_publish_directly(self, setup):
        assert not setup["lesson"].permissions_for_user(setup["author"]).can_publish()
