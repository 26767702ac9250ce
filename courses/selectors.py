"""Reads for the catalogue, courses and lessons; every listing is prefetched (no N+1)."""

import logging

from django.db.models import Prefetch, QuerySet

from lms.core.cache_helpers import cached_or_computed
from lms.core.page_cache import cache_timeout, content_version_get
from lms.frameworks.models import Competency

from .models import CoursePage, LessonPage

logger = logging.getLogger(__name__)


def course_cards(*, queryset: QuerySet[CoursePage]) -> QuerySet[CoursePage]:
    """Return courses with what a catalogue card shows, fetched in a fixed number of queries."""
    return (
        queryset.select_related("theme", "organisation", "cover_image")
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.select_related("framework", "block").order_by(
                    "framework__sort_order", "block__sort_order", "sort_order"
                ),
            )
        )
        .order_by("title")
    )


def course_detail(*, course: CoursePage) -> dict:
    """Return what a course page shows besides its own fields: competencies and prerequisites."""
    return {
        "competencies": list(
            course.competencies.select_related("framework", "block").order_by(
                "framework__sort_order", "block__sort_order", "sort_order"
            )
        ),
        "prerequisites": list(course.prerequisites.live().only("id", "title", "url_path", "path", "depth")),
    }


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    """Return the live lessons of ``course`` in tree order, bodies deferred (one query)."""
    return list(
        LessonPage.objects.live()
        .child_of(course)
        .defer_streamfields()
        .only("id", "title", "slug", "url_path", "path", "depth", "duration_minutes", "summary")
        .order_by("path")
    )


def course_outline(*, course_path: str) -> tuple[CoursePage, list[LessonPage]]:
    """Return the course at ``course_path`` (with its organisation) and its live lessons, from the cache.

    The outline is the same for every learner and changes only when a page is published, moved or
    deleted, or an organisation renamed, which bump the page-cache content version that keys it: each
    lesson view then costs one cache round trip instead of two queries. Nothing personal is in it.
    """

    def compute() -> tuple[CoursePage, list[LessonPage]]:
        course = CoursePage.objects.select_related("organisation").get(path=course_path)
        return course, course_lessons(course=course)

    try:
        version = content_version_get()
    except Exception:
        logger.warning("Cache unreachable: course outline read from the database", exc_info=True)
        return compute()
    return cached_or_computed(
        f"courses:outline:{version}:{course_path}", compute, timeout=cache_timeout(), what="course outline"
    )


def lesson_navigation(*, lesson: LessonPage) -> dict:
    """Return the course of ``lesson``, its sibling lessons and the previous and next ones."""
    # By path, not get_parent(): the page may have been routed without its parent loaded.
    course, lessons = course_outline(course_path=lesson.path[: -lesson.steplen])
    position = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    return {
        "course": course,
        "lessons": lessons,
        "lesson_position": position + 1,
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
    }
