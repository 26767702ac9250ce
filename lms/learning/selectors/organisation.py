"""Reads for training organisations: their cohorts and per-course, per-cohort statistics."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from courses.models import CoursePage
from lms.accounts.models import Organisation
from lms.accounts.roles import OrganisationRole
from lms.accounts.selectors import user_organisations

from ..models import Cohort, CourseCompletion, Enrolment, LessonCompletion

#: Organisation roles that run cohorts and live sessions.
STAFF_ROLES = [OrganisationRole.TRAINER, OrganisationRole.MANAGER]


def managed_organisations(*, user) -> QuerySet[Organisation]:
    """Return the organisations whose cohorts ``user`` manages (all of them for superusers)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    return user_organisations(user=user, roles=STAFF_ROLES)


def can_manage_organisation(*, user, organisation_id: int) -> bool:
    return managed_organisations(user=user).filter(pk=organisation_id).exists()


def cohort_for_manager(*, user, cohort_id: int) -> Cohort | None:
    """Return the cohort if ``user`` runs it (trainer or manager of its organisation, or one of its trainers)."""
    cohort = Cohort.objects.select_related("organisation", "course").filter(pk=cohort_id).first()
    if cohort is None or not user.is_authenticated:
        return None
    if can_manage_organisation(user=user, organisation_id=cohort.organisation_id):
        return cohort
    return cohort if cohort.trainers.filter(pk=user.pk).exists() else None


def cohort_learners(*, cohort: Cohort) -> QuerySet[Enrolment]:
    """Return the enrolments of ``cohort`` with each learner, and counts of lessons done and completion."""
    lessons_done = (
        LessonCompletion.objects.filter(user=OuterRef("user_id"), course=OuterRef("course_id"))
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Enrolment.objects.filter(cohort=cohort)
        .select_related("user")
        .annotate(
            completed=Exists(CourseCompletion.objects.filter(user=OuterRef("user_id"), course=OuterRef("course_id"))),
            lessons_done=Coalesce(Subquery(lessons_done), 0),
        )
        .order_by("user__last_name", "user__first_name", "user__email")
    )


@dataclass
class CohortStatistics:
    course: CoursePage
    cohort: Cohort | None
    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    total_days: float = 0.0

    @property
    def average_days(self) -> float | None:
        return round(self.total_days / self.completed, 1) if self.completed else None

    @property
    def not_started(self) -> int:
        return self.enrolled - self.in_progress - self.completed


@dataclass
class CourseStatistics:
    course: CoursePage
    rows: list[CohortStatistics]


def organisation_statistics(*, organisation: Organisation) -> list[CourseStatistics]:
    """Return, per course of ``organisation`` and per cohort, enrolled / in progress / completed counts
    and the average time to complete, in five queries whatever the number of learners."""
    courses = list(
        CoursePage.objects.filter(organisation=organisation)
        .defer_streamfields()
        .only("id", "title", "slug", "url_path", "path", "depth", "live")
        .order_by("title")
    )
    cohorts = {cohort.pk: cohort for cohort in Cohort.objects.filter(organisation=organisation)}
    completions = {
        (course_id, user_id): completed_at
        for course_id, user_id, completed_at in CourseCompletion.objects.filter(
            course__organisation=organisation
        ).values_list("course_id", "user_id", "completed_at")
    }
    started = set(
        LessonCompletion.objects.filter(course__organisation=organisation)
        .values_list("course_id", "user_id")
        .distinct()
    )
    rows: dict[tuple[int, int | None], CohortStatistics] = {}
    by_course = {course.pk: course for course in courses}
    for cohort in sorted(cohorts.values(), key=lambda c: (c.starts_on, c.name)):
        if cohort.course_id in by_course:
            rows[(cohort.course_id, cohort.pk)] = CohortStatistics(course=by_course[cohort.course_id], cohort=cohort)
    enrolments = Enrolment.objects.filter(course__organisation=organisation).values_list(
        "course_id", "cohort_id", "user_id", "enrolled_at", "last_lesson_id"
    )
    for course_id, cohort_id, user_id, enrolled_at, last_lesson_id in enrolments:
        key = (course_id, cohort_id if cohort_id in cohorts else None)
        row = rows.setdefault(key, CohortStatistics(course=by_course[course_id], cohort=cohorts.get(key[1])))
        row.enrolled += 1
        completed_at = completions.get((course_id, user_id))
        if completed_at is not None:
            row.completed += 1
            row.total_days += max((completed_at - enrolled_at).total_seconds(), 0) / 86400
        elif last_lesson_id or (course_id, user_id) in started:
            row.in_progress += 1
    return [
        CourseStatistics(
            course=course,
            rows=sorted(
                (row for (course_id, _cohort), row in rows.items() if course_id == course.pk),
                key=lambda row: (row.cohort is not None, row.cohort.starts_on if row.cohort else date.min),
            ),
        )
        for course in courses
    ]
