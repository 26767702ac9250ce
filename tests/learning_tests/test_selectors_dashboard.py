from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import CompetencyStatus
from lms.learning.models import CourseCompletion, LearnerProfile, LessonCompletion, LiveSessionRegistration
from lms.learning.selectors import learner_dashboard
from lms.learning.services import attestation_issue
from tests.courses_tests.factories import make_framework

from .factories import enrol, make_course_with_lessons, make_session

pytestmark = pytest.mark.django_db


class TestLearnerDashboard:
    def test_splits_courses_and_follows_the_target_title(self, site_tree, learner):
        refs = make_framework("REMN-2019")
        started = make_course_with_lessons(site_tree[1], slug="en-cours", lessons=2, competencies=[refs["CP5"]])
        finished = make_course_with_lessons(site_tree[1], slug="finie", lessons=1, competencies=[refs["CP3"]])
        enrol(learner, started)
        enrol(learner, finished)
        attestation_issue(completion=CourseCompletion.objects.create(user=learner, course=finished))
        CompetencyStatus.objects.create(user=learner, competency=refs["CP1"], status="demonstrated")
        CompetencyStatus.objects.create(user=learner, competency=refs["CP5"], status="in_progress")
        LearnerProfile.objects.create(user=learner, target_framework=refs["framework"])
        upcoming = make_session(started.organisation, course=started)
        past = make_session(started.organisation, starts_in=timedelta(days=-2))
        for session in (upcoming, past):
            LiveSessionRegistration.objects.create(user=learner, session=session)

        dashboard = learner_dashboard(user=learner)

        assert [p.course.slug for p in dashboard["in_progress"]] == ["en-cours"]
        assert [p.course.slug for p in dashboard["completed"]] == ["finie"]
        assert dashboard["completed"][0].attestation is not None
        assert [r.session for r in dashboard["upcoming_sessions"]] == [upcoming]
        blocks = dashboard["competency_blocks"]
        assert [b.block.code for b in blocks] == ["CCP1", "CCP2"]
        assert [(c.code, status) for c, status in blocks[0].competencies] == [
            ("CP1", "demonstrated"),
            ("CP3", "trained"),
        ]
        assert [(c.code, status) for c, status in blocks[1].competencies] == [("CP5", "in_progress")]
        assert (blocks[0].percent, blocks[1].percent) == (100, 0)


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/mon-parcours/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def _add_courses(catalogue, learner, start, stop, organisation):
    for number in range(start, stop):
        course = make_course_with_lessons(catalogue, slug=f"formation-{number}", lessons=1, organisation=organisation)
        enrol(learner, course)
        lesson = course.get_children().first().specific
        LessonCompletion.objects.create(user=learner, lesson=lesson, course=course)
        if number % 2:
            attestation_issue(completion=CourseCompletion.objects.create(user=learner, course=course))
        session = make_session(organisation, course=course, title=f"Session {number}")
        LiveSessionRegistration.objects.create(user=learner, session=session)


class TestDashboardQueryCount:
    def test_does_not_grow_with_courses_and_records(self, client, site_tree, learner):
        from tests.accounts_tests.factories import OrganisationFactory

        refs = make_framework("MN-2025")
        LearnerProfile.objects.create(user=learner, target_framework=refs["framework"])
        CompetencyStatus.objects.create(user=learner, competency=refs["CP1"], status="demonstrated")
        organisation = OrganisationFactory()
        _add_courses(site_tree[1], learner, 0, 5, organisation)
        client.force_login(learner)
        client.get("/mon-parcours/")  # warm Wagtail's site-root cache
        small = _dashboard_queries(client)
        _add_courses(site_tree[1], learner, 5, 50, organisation)
        html = client.get("/mon-parcours/").content.decode()
        assert html.count('class="learning-progress"') >= 25 + 2  # in-progress cards and competency blocks
        assert _dashboard_queries(client) == small
