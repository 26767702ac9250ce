"""Reads for the catalogue, courses and lessons; every listing is prefetched (no N+1)."""

from django.db.models import Prefetch, QuerySet

from lms.frameworks.models import Competency

from .models import CoursePage, LessonPage


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


def lesson_navigation(*, lesson: LessonPage) -> dict:
    """Return the course of ``lesson``, its sibling lessons and the previous and next ones."""
    # By path, not get_parent(): the page may have been routed without its parent loaded.
    course = CoursePage.objects.select_related("organisation").get(path=lesson.path[: -lesson.steplen])
    lessons = course_lessons(course=course)
    position = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    return {
        "course": course,
        "lessons": lessons,
        "lesson_position": position + 1,
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
    }
