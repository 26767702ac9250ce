import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from lms.learning.errors import NOT_ENROLLED, LearningError
from lms.learning.models import (
    Attestation,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
    LiveSessionRegistration,
)
from lms.learning.services import (
    course_completion_evaluate,
    course_completions_recompute,
    lesson_complete,
    lesson_visit_record,
)
from lms.records.models import Statement
from tests.accounts_tests.factories import UserFactory
from tests.courses_tests.factories import make_lesson

from .factories import enrol, make_course_with_lessons, make_session

pytestmark = pytest.mark.django_db


def _completed_course_statements(user):
    return Statement.objects.filter(user=user, verb="completed", object_type="course")


def _attend(user, session):
    return LiveSessionRegistration.objects.create(
        user=user, session=session, attended=True, attended_at=timezone.now(), attendance_method="list"
    )


class TestLessonComplete:
    def test_records_completion_statement_and_resume_point(self, course, lessons, learner):
        enrol(learner, course)
        completion = lesson_complete(user=learner, lesson=lessons[1])
        assert completion.course_id == course.pk
        assert Enrolment.objects.get(user=learner).last_lesson_id == lessons[1].pk
        statement = Statement.objects.get(user=learner, verb="completed", object_type="lesson")
        assert statement.object_name == "Leçon 2"
        assert statement.object_id.startswith("http://testserver/")

    def test_is_idempotent(self, course, lessons, learner):
        enrol(learner, course)
        lesson_complete(user=learner, lesson=lessons[0])
        lesson_complete(user=learner, lesson=lessons[0])
        assert LessonCompletion.objects.filter(user=learner).count() == 1
        assert Statement.objects.filter(user=learner, object_type="lesson").count() == 1

    def test_refused_when_not_enrolled(self, course, lessons, learner):
        with pytest.raises(LearningError) as refusal:
            lesson_complete(user=learner, lesson=lessons[0])
        assert refusal.value.message == NOT_ENROLLED
        assert refusal.value.status_code == 403
        assert not LessonCompletion.objects.exists()
        assert not Statement.objects.exists()


class TestLessonVisitRecord:
    def test_remembers_last_lesson_of_enrolled_learner_only(self, course, lessons, learner):
        enrol(learner, course)
        other = UserFactory()
        assert lesson_visit_record(user=learner, lesson=lessons[2]) is True
        assert lesson_visit_record(user=learner, lesson=lessons[2]) is True  # same lesson again: still enrolled
        assert lesson_visit_record(user=other, lesson=lessons[2]) is False
        assert Enrolment.objects.get(user=learner).last_lesson_id == lessons[2].pk
        assert not Enrolment.objects.filter(user=other).exists()


class TestCourseCompletionRules:
    def test_all_required_lessons_complete_the_course_once(
        self, course, lessons, learner, django_capture_on_commit_callbacks
    ):
        enrol(learner, course)
        with django_capture_on_commit_callbacks(execute=True):
            lesson_complete(user=learner, lesson=lessons[0])
            lesson_complete(user=learner, lesson=lessons[1])
            assert not CourseCompletion.objects.exists()
            lesson_complete(user=learner, lesson=lessons[2])
        completion = CourseCompletion.objects.get(user=learner, course=course)
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) == completion
        assert _completed_course_statements(learner).count() == 1
        assert Attestation.objects.filter(completion=completion, learner_name="Camille Martin").count() == 1
        assert [message.subject for message in mail.outbox] == ["Formation terminée : « Posture professionnelle »"]

    def test_optional_lessons_are_not_required(self, course, lessons, learner):
        enrol(learner, course)
        optional = lessons[2]
        optional.required_for_completion = False
        optional.save_revision().publish()
        LessonCompletion.objects.bulk_create(
            [LessonCompletion(user=learner, lesson=lesson, course=course) for lesson in lessons[:2]]
        )
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) is not None

    def test_required_live_sessions_must_be_attended(self, course, lessons, learner):
        course.required_live_sessions = 2
        course.save_revision().publish()
        enrol(learner, course)
        LessonCompletion.objects.bulk_create(
            [LessonCompletion(user=learner, lesson=lesson, course=course) for lesson in lessons]
        )
        first = make_session(course.organisation, course=course, starts_in=timedelta(days=-3))
        second = make_session(course.organisation, course=course, starts_in=timedelta(days=-2))
        elsewhere = make_session(course.organisation, starts_in=timedelta(days=-1))
        _attend(learner, first)
        _attend(learner, elsewhere)  # a session of no course does not count
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) is None
        LiveSessionRegistration.objects.create(user=learner, session=second)  # registered, absent
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) is None
        LiveSessionRegistration.objects.filter(session=second).update(attended=True, attended_at=timezone.now())
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) is not None

    def test_required_assessments_must_be_passed(self, course, lessons, learner):
        from assessments.models import AssessmentPage, Attempt

        assessment = AssessmentPage(title="Quiz final", slug="quiz-final", required_for_completion=True)
        course.add_child(instance=assessment)
        assessment.save_revision().publish()
        enrol(learner, course)
        LessonCompletion.objects.bulk_create(
            [LessonCompletion(user=learner, lesson=lesson, course=course) for lesson in lessons]
        )
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) is None
        Attempt.objects.create(
            user=learner, assessment=assessment, number=1, started_at=timezone.now(), status="graded", passed=False
        )
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) is None
        Attempt.objects.create(
            user=learner, assessment=assessment, number=2, started_at=timezone.now(), status="graded", passed=True
        )
        assert course_completion_evaluate(user_id=learner.pk, course_id=course.pk) is not None

    def test_not_enrolled_or_nothing_required_is_not_complete(self, site_tree, learner):
        empty = make_course_with_lessons(site_tree[1], slug="vide", lessons=0)
        enrol(learner, empty)
        assert course_completion_evaluate(user_id=learner.pk, course_id=empty.pk) is None
        other = make_course_with_lessons(site_tree[1], slug="autre", lessons=1)
        lesson = other.get_children().first().specific
        LessonCompletion.objects.create(user=learner, lesson=lesson, course=other)
        assert course_completion_evaluate(user_id=learner.pk, course_id=other.pk) is None
        assert not CourseCompletion.objects.exists()

    def test_recorded_once_whatever_the_order_of_events(self, course, lessons, learner):
        course.required_live_sessions = 1
        course.save_revision().publish()
        session = make_session(course.organisation, course=course, starts_in=timedelta(days=-1))
        # Attendance first, then lessons, with evaluations after every event and some repeated.
        _attend(learner, session)
        enrol(learner, course)
        for lesson in reversed(lessons):
            lesson_complete(user=learner, lesson=lesson)
            course_completion_evaluate(user_id=learner.pk, course_id=course.pk)
        course_completion_evaluate(user_id=learner.pk, course_id=course.pk)
        assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1
        assert _completed_course_statements(learner).count() == 1
        assert Attestation.objects.filter(user=learner).count() == 1


class TestRecompute:
    def test_never_removes_a_completion_but_adds_new_ones(self, course, lessons, learner):
        enrol(learner, course)
        for lesson in lessons:
            lesson_complete(user=learner, lesson=lesson)
        late = UserFactory()
        enrol(late, course)
        LessonCompletion.objects.bulk_create(
            [LessonCompletion(user=late, lesson=lesson, course=course) for lesson in lessons[:2]]
        )
        # The course now asks for a fourth lesson, and the third one becomes optional.
        make_lesson(course, slug="lecon-4", title="Leçon 4")
        third = lessons[2]
        third.required_for_completion = False
        third.save_revision().publish()
        assert course_completions_recompute(course_id=course.pk) == 0
        assert CourseCompletion.objects.filter(user=learner).exists()
        fourth = course.get_children().get(slug="lecon-4").specific
        LessonCompletion.objects.create(user=late, lesson=fourth, course=course)
        assert course_completions_recompute(course_id=course.pk) == 1
        assert set(CourseCompletion.objects.values_list("user_id", flat=True)) == {learner.pk, late.pk}


def _evaluate_in_thread(barrier, user_id, course_id, results, errors):
    try:
        barrier.wait(timeout=10)
        results.append(course_completion_evaluate(user_id=user_id, course_id=course_id))
    except Exception as error:  # noqa: BLE001 - reported by the test's assertion
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so there is no race.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestConcurrentCompletion:
    def test_concurrent_events_create_one_completion(self, site_tree, learner):
        course = make_course_with_lessons(site_tree[1], slug="concurrence", lessons=2)
        enrol(learner, course)
        for lesson in course.get_children().specific():
            LessonCompletion.objects.create(user=learner, lesson=lesson, course=course)
        threads_count = 8
        barrier = threading.Barrier(threads_count)
        results, errors = [], []
        threads = [
            threading.Thread(target=_evaluate_in_thread, args=(barrier, learner.pk, course.pk, results, errors))
            for _ in range(threads_count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        assert len(results) == threads_count
        assert len({completion.pk for completion in results}) == 1
        assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1
        assert _completed_course_statements(learner).count() == 1
        assert Attestation.objects.filter(user=learner).count() == 1
        assert len([m for m in mail.outbox if m.subject.startswith("Formation terminée")]) == 1
