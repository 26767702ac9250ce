"""Reads of a learner's progress in one course, and of the course's completion rules."""

from dataclasses import dataclass, field

from courses.models import CoursePage, LessonPage

from ..models import Attestation, CourseCompletion, Enrolment, LessonCompletion, LiveSessionRegistration


@dataclass
class CourseProgress:
    """Where a learner stands in a course: lessons done, where to resume, completion.

    ``lesson_ids`` orders every live lesson of the course; ``lessons`` holds the page objects that were
    loaded, which may be only the one to resume (the dashboard does not build a page per lesson).
    """

    course: CoursePage
    enrolment: Enrolment | None = None
    lessons: list[LessonPage] = field(default_factory=list)
    lesson_ids: list[int] = field(default_factory=list)
    required_ids: list[int] = field(default_factory=list)
    done_ids: set[int] = field(default_factory=set)
    completion: CourseCompletion | None = None
    attestation: Attestation | None = None

    @property
    def required_total(self) -> int:
        return len(self.required_ids)

    @property
    def required_done(self) -> int:
        return sum(1 for pk in self.required_ids if pk in self.done_ids)

    @property
    def percent(self) -> int:
        if self.completion is not None:
            return 100
        if not self.required_ids:
            return 0
        return round(100 * self.required_done / self.required_total)

    @property
    def resume_lesson_id(self) -> int | None:
        """Return the first required lesson not done, else the last lesson visited, else the first one."""
        known = set(self.lesson_ids)
        for pk in self.required_ids:
            if pk not in self.done_ids and pk in known:
                return pk
        last_id = self.enrolment.last_lesson_id if self.enrolment else None
        if last_id in known:
            return last_id
        return self.lesson_ids[0] if self.lesson_ids else None

    @property
    def resume_lesson(self) -> LessonPage | None:
        resume_id = self.resume_lesson_id
        return next((lesson for lesson in self.lessons if lesson.pk == resume_id), None)


def course_lessons_with_rules(*, course: CoursePage) -> list[LessonPage]:
    """Return the live lessons of ``course`` in order, with what progress needs (one query)."""
    return list(
        LessonPage.objects.live()
        .child_of(course)
        .defer_streamfields()
        .only("id", "title", "slug", "url_path", "path", "depth", "required_for_completion")
        .order_by("path")
    )


def course_progress(*, user, course: CoursePage) -> CourseProgress:
    """Return ``user``'s progress in ``course`` in four queries, whatever the number of lessons."""
    progress = CourseProgress(course=course)
    if not user.is_authenticated:
        return progress
    progress.enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if progress.enrolment is None:
        return progress
    progress.lessons = course_lessons_with_rules(course=course)
    progress.lesson_ids = [lesson.pk for lesson in progress.lessons]
    progress.required_ids = [lesson.pk for lesson in progress.lessons if lesson.required_for_completion]
    progress.done_ids = set(
        LessonCompletion.objects.filter(user=user, course=course).values_list("lesson_id", flat=True)
    )
    progress.completion = CourseCompletion.objects.filter(user=user, course=course).first()
    if progress.completion is not None:
        progress.attestation = Attestation.objects.filter(completion=progress.completion).first()
    return progress


def lesson_progress(*, user, course: CoursePage, enrolled: bool | None = None) -> dict:
    """Return the lesson ids ``user`` finished in ``course`` and whether they are enrolled.

    Two queries, one when the caller already knows ``enrolled``.
    """
    if not user.is_authenticated:
        return {"enrolled": False, "done_ids": set()}
    if enrolled is None:
        enrolled = Enrolment.objects.filter(user=user, course=course).exists()
    done_ids = (
        set(LessonCompletion.objects.filter(user=user, course=course).values_list("lesson_id", flat=True))
        if enrolled
        else set()
    )
    return {"enrolled": enrolled, "done_ids": done_ids}


def _assessment_ids(*, user_id: int, course_id: int) -> tuple[set[int], set[int]]:
    """Return (required, passed) assessment page ids of the course (two queries, one if none is required)."""
    # Imported here: assessments pages hang under courses, and the apps load in either order.
    from assessments.selectors import passed_assessment_ids, required_assessment_ids

    required = set(required_assessment_ids(course_id=course_id))
    if not required:
        return required, set()
    return required, set(passed_assessment_ids(user_id=user_id, course_id=course_id))


@dataclass
class CompletionRules:
    """Each completion rule of a course, and how far a learner is on it."""

    lessons_required: int
    lessons_done: int
    assessments_required: int
    assessments_passed: int
    sessions_required: int
    sessions_attended: int

    @property
    def has_rules(self) -> bool:
        # A course with nothing to do (no required lesson yet) is not "complete" on enrolment.
        return bool(self.lessons_required or self.assessments_required or self.sessions_required)

    @property
    def met(self) -> bool:
        return (
            self.has_rules
            and self.lessons_done >= self.lessons_required
            and self.assessments_passed >= self.assessments_required
            and self.sessions_attended >= self.sessions_required
        )


def course_completion_rules(*, user_id: int, course: CoursePage) -> CompletionRules:
    """Return where ``user_id`` stands on each completion rule of ``course``."""
    required_lessons = set(
        LessonPage.objects.live().child_of(course).filter(required_for_completion=True).values_list("pk", flat=True)
    )
    lessons_done = (
        LessonCompletion.objects.filter(user_id=user_id, lesson_id__in=required_lessons).count()
        if required_lessons
        else 0
    )
    required_assessments, passed = _assessment_ids(user_id=user_id, course_id=course.pk)
    sessions_attended = (
        LiveSessionRegistration.objects.filter(user_id=user_id, session__course_id=course.pk, attended=True).count()
        if course.required_live_sessions
        else 0
    )
    return CompletionRules(
        lessons_required=len(required_lessons),
        lessons_done=lessons_done,
        assessments_required=len(required_assessments),
        assessments_passed=len(required_assessments & passed),
        sessions_required=course.required_live_sessions,
        sessions_attended=sessions_attended,
    )
