"""Writes for progress: lessons done, lesson visits, course completions and their recomputation."""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import CoursePage, LessonPage
from lms.accounts.models import User

from .. import xapi
from ..errors import LESSON_NOT_AVAILABLE, NOT_ENROLLED, LearningError
from ..models import CourseCompletion, Enrolment, LessonCompletion
from ..selectors.progress import course_completion_rules
from .attestations import attestation_issue


def _course_of(lesson: LessonPage) -> CoursePage:
    return CoursePage.objects.get(path=lesson.path[: -lesson.steplen])


@transaction.atomic
def lesson_complete(*, user: User, lesson: LessonPage) -> LessonCompletion:
    """Record that ``user`` finished ``lesson`` (idempotent), then re-evaluate the course's completion."""
    if not lesson.live:
        raise LearningError(LESSON_NOT_AVAILABLE, status_code=404)
    course = _course_of(lesson)
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        raise LearningError(NOT_ENROLLED, status_code=403)
    completion, created = LessonCompletion.objects.get_or_create(user=user, lesson=lesson, defaults={"course": course})
    if enrolment.last_lesson_id != lesson.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
    if created:
        xapi.lesson_completed(user=user, lesson=lesson, occurred_at=completion.completed_at)
        course_completion_evaluate(user_id=user.pk, course_id=course.pk)
    return completion


def lesson_visit_record(*, user: User, lesson: LessonPage) -> bool:
    """Remember ``lesson`` as the last one ``user`` opened in its course; return whether they are enrolled.

    One query either way: the UPDATE's row count says whether an enrolment exists, which spares the
    lesson page a second query to ask.
    """
    if not user.is_authenticated:
        return False
    parent_path = lesson.path[: -lesson.steplen]
    return bool(Enrolment.objects.filter(user=user, course__path=parent_path).update(last_lesson_id=lesson.pk))


def course_completion_evaluate(*, user_id: int, course_id: int) -> CourseCompletion | None:
    """Record that ``user_id`` completed ``course_id`` if every rule is met; return the completion or ``None``.

    Rules: every live lesson with ``required_for_completion``, every required assessment passed, and
    ``required_live_sessions`` sessions of the course attended. Safe to call from any event, any
    number of times, concurrently: the unique constraint lets one completion in, and only the call
    that created it records the xAPI statement, issues the attestation and sends the e-mail.
    An existing completion is returned as is, never re-checked nor removed.
    """
    existing = CourseCompletion.objects.filter(user_id=user_id, course_id=course_id).first()
    if existing is not None:
        return existing
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None or not Enrolment.objects.filter(user_id=user_id, course_id=course_id).exists():
        return None
    if not course_completion_rules(user_id=user_id, course=course).met:
        return None
    return _completion_record(user_id=user_id, course=course)


def _completion_record(*, user_id: int, course: CoursePage) -> CourseCompletion:
    with transaction.atomic():
        try:
            with transaction.atomic():
                completion, created = CourseCompletion.objects.get_or_create(
                    user_id=user_id, course=course, defaults={"completed_at": timezone.now()}
                )
        except IntegrityError:
            # A concurrent evaluation inserted it between our read and our write.
            return CourseCompletion.objects.get(user_id=user_id, course=course)
        if not created:
            return completion
        user = User.objects.get(pk=user_id)
        xapi.course_completed(user=user, course=course, occurred_at=completion.completed_at)
        attestation_issue(completion=completion)
        from ..tasks import send_course_completed

        transaction.on_commit(partial(send_course_completed.delay, completion.pk))
        return completion


def course_completions_recompute(*, course_id: int) -> int:
    """Evaluate the completion of every enrolled learner who has not completed ``course_id``; return new ones.

    Existing completions are kept, even if the course now asks for more: history is not rewritten.
    """
    pending = list(
        Enrolment.objects.filter(course_id=course_id)
        .exclude(user__course_completions__course_id=course_id)
        .values_list("user_id", flat=True)
        .order_by("user_id")
    )
    return sum(1 for user_id in pending if course_completion_evaluate(user_id=user_id, course_id=course_id))
