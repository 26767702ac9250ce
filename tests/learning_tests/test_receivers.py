"""Publishing a course or a lesson enqueues the completion recompute (Celery is eager in tests)."""

import pytest
from django.core import mail

from lms.learning.models import CourseCompletion, LessonCompletion
from lms.records.models import Statement
from tests.accounts_tests.factories import UserFactory

from .factories import enrol

pytestmark = pytest.mark.django_db


def _recomputes(callbacks) -> list[tuple]:
    from lms.learning.tasks import recompute_course_completions

    return [c.args for c in callbacks if getattr(c, "func", None) == recompute_course_completions.delay]


class TestPagePublished:
    def test_publishing_a_lesson_recomputes_its_course(
        self, course, lessons, learner, django_capture_on_commit_callbacks
    ):
        enrol(learner, course)
        LessonCompletion.objects.bulk_create(
            [LessonCompletion(user=learner, lesson=x, course=course) for x in lessons[:2]]
        )
        third = lessons[2]
        third.required_for_completion = False
        third.save_revision()
        assert not CourseCompletion.objects.exists()  # saving a draft changes nothing
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            third.save_revision().publish()
            assert not CourseCompletion.objects.exists()  # nothing is computed before the commit
        assert _recomputes(callbacks) == [(course.pk,)]
        assert CourseCompletion.objects.filter(user=learner, course=course).exists()
        assert Statement.objects.filter(user=learner, verb="completed", object_type="course").count() == 1
        assert [m.subject for m in mail.outbox] == ["Formation terminée : « Posture professionnelle »"]

    def test_publishing_the_course_recomputes_it_and_other_pages_do_not(
        self, site_tree, course, lessons, learner, django_capture_on_commit_callbacks
    ):
        enrol(learner, course)
        LessonCompletion.objects.bulk_create([LessonCompletion(user=learner, lesson=x, course=course) for x in lessons])
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            site_tree[0].save_revision().publish()  # the home page: not a course
        assert _recomputes(callbacks) == []
        with django_capture_on_commit_callbacks(execute=True):
            course.save_revision().publish()
        assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1
        other = UserFactory()
        enrol(other, course)
        with django_capture_on_commit_callbacks(execute=True):
            course.save_revision().publish()
        assert CourseCompletion.objects.count() == 1  # idempotent: nothing more for the one who is not done

    def test_receiver_is_connected_once(self):
        from wagtail.signals import page_published

        from lms.learning.receivers import course_content_published

        receivers = [r for r in page_published._live_receivers(sender=None)[0] if r == course_content_published]
        assert len(receivers) == 1
