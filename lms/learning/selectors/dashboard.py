"""Reads for the learner's dashboard « Mon parcours », in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

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


@dataclass
class _LessonRow:
    pk: int
    required: bool
    fields: tuple  # the values of _link_fields(), to build the page object if the dashboard links to it


@cache
def _link_fields() -> tuple[str, ...]:
    """Name what a link to a lesson needs, in the model's field order (``Model.from_db`` expects it).

    ``{% pageurl %}`` reads url_path; Wagtail's tree methods, path and depth; page_ptr_id is the lesson's
    own primary key (multi-table inheritance), equal to the page's id.
    """
    wanted = {"id", "page_ptr_id", "title", "slug", "url_path", "path", "depth"}
    return tuple(f.attname for f in LessonPage._meta.concrete_fields if f.attname in wanted)


def _lesson_rows_by_course(courses: list[CoursePage]) -> dict[int, list[_LessonRow]]:
    """Return the live lessons of all ``courses`` in one query, grouped by course id, as plain rows.

    A learner with 20 courses has hundreds of lessons; building a Wagtail page object for each was most
    of the dashboard's time, while it links to one lesson per course (see ``_with_resume_lessons``).
    """
    by_path = {course.path: course.pk for course in courses}
    if not by_path:
        return {}
    rows = (
        LessonPage.objects.live()
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=list(by_path))
        .order_by("path")
        .values_list("parent_path", "required_for_completion", *_link_fields())
    )
    grouped: dict[int, list[_LessonRow]] = {pk: [] for pk in by_path.values()}
    pk_index = _link_fields().index("id")
    for parent_path, required, *fields in rows:
        grouped[by_path[parent_path]].append(_LessonRow(pk=fields[pk_index], required=required, fields=tuple(fields)))
    return grouped


def _with_resume_lessons(progress: CourseProgress, rows: list[_LessonRow]) -> CourseProgress:
    """Give ``progress`` the page object of the lesson to resume, built from its row (no query)."""
    resume_id = progress.resume_lesson_id
    row = next((row for row in rows if row.pk == resume_id), None)
    if row is not None:
        progress.lessons = [LessonPage.from_db(LessonPage.objects.db, _link_fields(), row.fields)]
    return progress


def learner_courses(*, user) -> dict[str, list[CourseProgress]]:
    """Return the learner's courses split into ``in_progress`` and ``completed``, with progress (4 queries)."""
    enrolments = list(Enrolment.objects.filter(user=user).select_related("course", "cohort").order_by("-enrolled_at"))
    courses = [enrolment.course for enrolment in enrolments]
    lessons = _lesson_rows_by_course(courses)
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
            lesson_ids=[row.pk for row in course_lessons],
            required_ids=[row.pk for row in course_lessons if row.required],
            done_ids={row.pk for row in course_lessons if row.pk in done},
            completion=completion,
            attestation=getattr(completion, "attestation", None) if completion else None,
        )
        if completion is not None:
            result["completed"].append(progress)
        elif enrolment.course.live:
            result["in_progress"].append(_with_resume_lessons(progress, course_lessons))
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
