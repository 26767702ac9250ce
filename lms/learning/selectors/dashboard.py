"""Reads for the learner's dashboard « Mon parcours », in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Prefetch
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page

from assessments.models import CompetencyStatus, CompetencyStatusValue
from courses.models import CoursePage, LessonPage
from lms.frameworks.models import Block, Competency, Framework

from ..models import CourseCompletion, Enrolment, LearnerProfile, LessonCompletion, LiveSessionRegistration
from .progress import CourseProgress

#: The titles a learner may aim for (codes of ``frameworks.Framework``).
TARGET_FRAMEWORK_CODES = ("REMN-2019", "MN-2025")

COMPETENCY_DEMONSTRATED = "demonstrated"
COMPETENCY_TRAINED = "trained"
COMPETENCY_IN_PROGRESS = "in_progress"
COMPETENCY_NOT_STARTED = "not_started"


def _lessons_by_course(courses: list[CoursePage]) -> dict[int, list[LessonPage]]:
    """Return the live lessons of all ``courses`` in one query, grouped by course id."""
    by_path = {course.path: course.pk for course in courses}
    if not by_path:
        return {}
    lessons = (
        LessonPage.objects.live()
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=list(by_path))
        .defer_streamfields()
        .only("id", "title", "slug", "url_path", "path", "depth", "required_for_completion")
        .order_by("path")
    )
    grouped: dict[int, list[LessonPage]] = {pk: [] for pk in by_path.values()}
    for lesson in lessons:
        grouped[by_path[lesson.parent_path]].append(lesson)
    return grouped


def learner_courses(*, user) -> dict[str, list[CourseProgress]]:
    """Return the learner's courses split into ``in_progress`` and ``completed``, with progress (4 queries)."""
    enrolments = list(Enrolment.objects.filter(user=user).select_related("course", "cohort").order_by("-enrolled_at"))
    courses = [enrolment.course for enrolment in enrolments]
    lessons = _lessons_by_course(courses)
    done = set(LessonCompletion.objects.filter(user=user).values_list("lesson_id", flat=True))
    completions = {
        completion.course_id: completion
        for completion in CourseCompletion.objects.filter(user=user).select_related("attestation")
    }
    result: dict[str, list[CourseProgress]] = {"in_progress": [], "completed": []}
    for enrolment in enrolments:
        course_lessons = lessons.get(enrolment.course_id, [])
        completion = completions.get(enrolment.course_id)
        progress = CourseProgress(
            course=enrolment.course,
            enrolment=enrolment,
            lessons=course_lessons,
            required_ids=[lesson.pk for lesson in course_lessons if lesson.required_for_completion],
            done_ids={lesson.pk for lesson in course_lessons if lesson.pk in done},
            completion=completion,
            attestation=getattr(completion, "attestation", None) if completion else None,
        )
        if completion is not None:
            result["completed"].append(progress)
        elif enrolment.course.live:
            result["in_progress"].append(progress)
    return result


def learner_upcoming_sessions(*, user) -> list[LiveSessionRegistration]:
    """Return the learner's registrations to live sessions that have not ended yet (one query)."""
    now = timezone.now()
    registrations = (
        LiveSessionRegistration.objects.filter(user=user, session__starts_at__gte=now - timedelta(hours=12))
        .select_related("session", "session__series")
        .order_by("session__starts_at")
    )
    return [registration for registration in registrations if registration.session.ends_at >= now]


@dataclass
class BlockProgress:
    block: Block
    competencies: list[tuple[Competency, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.competencies)

    @property
    def covered(self) -> int:
        return sum(1 for _c, status in self.competencies if status in (COMPETENCY_DEMONSTRATED, COMPETENCY_TRAINED))

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.total) if self.total else 0


def learner_profile_get(*, user) -> LearnerProfile | None:
    return LearnerProfile.objects.select_related("target_framework").filter(user=user).first()


def target_frameworks():
    return Framework.objects.filter(code__in=TARGET_FRAMEWORK_CODES).order_by("sort_order", "code")


def learner_competency_progress(*, user, framework: Framework, completed_course_ids: list[int]) -> list[BlockProgress]:
    """Return, per block of ``framework``, each competency's status for ``user`` (four queries).

    A competency is « démontrée » when an assessment says so, « travaillée » when a completed course
    targets it, « en cours » when an assessment started it.
    """
    blocks = list(
        Block.objects.filter(framework=framework)
        .order_by("sort_order", "code")
        .prefetch_related(Prefetch("competencies", queryset=Competency.objects.order_by("sort_order", "code")))
    )
    statuses = dict(
        CompetencyStatus.objects.filter(user=user, competency__framework=framework).values_list(
            "competency_id", "status"
        )
    )
    trained = set(
        CoursePage.competencies.through.objects.filter(
            coursepage_id__in=completed_course_ids, competency__framework=framework
        ).values_list("competency_id", flat=True)
    )
    result = []
    for block in blocks:
        progress = BlockProgress(block=block)
        for competency in block.competencies.all():
            status = statuses.get(competency.pk)
            if status == CompetencyStatusValue.DEMONSTRATED:
                label = COMPETENCY_DEMONSTRATED
            elif competency.pk in trained:
                label = COMPETENCY_TRAINED
            elif status == CompetencyStatusValue.IN_PROGRESS:
                label = COMPETENCY_IN_PROGRESS
            else:
                label = COMPETENCY_NOT_STARTED
            progress.competencies.append((competency, label))
        result.append(progress)
    return result


def learner_badges(*, user, limit: int = 12) -> list:
    """Return the learner's latest Open Badges (one query), as ``lms.badges`` lists them."""
    from lms.badges.selectors import badges_for_user

    return list(badges_for_user(user=user)[:limit])


def learner_dashboard(*, user) -> dict:
    """Return everything « Mon parcours » shows, in a number of queries that does not grow with the data."""
    courses = learner_courses(user=user)
    profile = learner_profile_get(user=user)
    framework = profile.target_framework if profile else None
    completed_ids = [progress.course.pk for progress in courses["completed"]]
    return {
        "in_progress": courses["in_progress"],
        "completed": courses["completed"],
        "upcoming_sessions": learner_upcoming_sessions(user=user),
        "badges": learner_badges(user=user),
        "profile": profile,
        "target_framework": framework,
        "competency_blocks": (
            learner_competency_progress(user=user, framework=framework, completed_course_ids=completed_ids)
            if framework
            else []
        ),
    }
