from datetime import timedelta

import pytest
from django.core import mail

from lms.learning.models import CourseCompletion, LessonCompletion, LiveSessionRegistration
from lms.learning.tasks import recompute_course_completions, send_session_reminders
from tests.accounts_tests.factories import OrganisationFactory

from .factories import enrol, make_session

pytestmark = pytest.mark.django_db


class TestTasks:
    def test_recompute_takes_a_course_id_and_is_safe_to_run_twice(self, course, lessons, learner):
        enrol(learner, course)
        LessonCompletion.objects.bulk_create([LessonCompletion(user=learner, lesson=x, course=course) for x in lessons])
        assert recompute_course_completions.delay(course.pk).get() == 1
        assert recompute_course_completions.delay(course.pk).get() == 0
        assert CourseCompletion.objects.count() == 1

    def test_session_reminders_task(self, learner):
        session = make_session(OrganisationFactory(), starts_in=timedelta(hours=3))
        LiveSessionRegistration.objects.create(user=learner, session=session)
        assert send_session_reminders.delay().get() == 1
        assert send_session_reminders.delay().get() == 0
        assert len(mail.outbox) == 1
