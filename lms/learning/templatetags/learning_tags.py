"""Inclusion tags that put the learner's progress and actions on course and lesson pages.

Each tag runs a fixed number of queries, whatever the number of lessons; the two lesson-page tags
share one read per request.
"""

from django import template

from ..selectors import course_completion_rules, course_progress, course_upcoming_sessions, lesson_progress

register = template.Library()


@register.inclusion_tag("learning/tags/course_actions.html", takes_context=True)
def course_actions(context, course):
    """Render enrolment, progress bar, « Reprendre » link, attestation and upcoming live sessions."""
    request = context["request"]
    progress = course_progress(user=request.user, course=course)
    rules = None
    if progress.enrolment is not None and progress.completion is None:
        rules = course_completion_rules(user_id=request.user.pk, course=course)
    return {
        "request": request,
        "user": request.user,
        "course": course,
        "progress": progress,
        "rules": rules,
        "sessions": course_upcoming_sessions(course=course, user=request.user),
    }


def _lesson_state(request, course) -> dict:
    cached = getattr(request, "_learning_lesson_state", None)
    if cached is None or cached[0] != course.pk:
        known = getattr(request, "_learning_enrolled", None)  # set when the lesson was served
        enrolled = known[1] if known and known[0] == course.path else None
        cached = (course.pk, lesson_progress(user=request.user, course=course, enrolled=enrolled))
        request._learning_lesson_state = cached
    return cached[1]


def _lesson_urls(request, course, lessons) -> list[str | None]:
    """Return each lesson's URL, asking Wagtail once for the course instead of once per lesson.

    A lesson's URL is its course's followed by its slug whenever its stored path says it is a plain child
    (Wagtail's own rule for ``url_path``); ``{% pageurl %}`` on 50 lessons was a large part of the page's
    time. Any other lesson gets Wagtail's answer.
    """
    course_url = course.get_url(request=request)
    return [
        f"{course_url}{lesson.slug}/"
        if course_url and lesson.url_path == f"{course.url_path}{lesson.slug}/"
        else lesson.get_url(request=request)
        for lesson in lessons
    ]


@register.inclusion_tag("learning/tags/lesson_progress.html", takes_context=True)
def lesson_progress_nav(context, page, course, lessons):
    """Render the course's lessons, with a ✓ on each one done and a progress bar for enrolled learners."""
    request = context["request"]
    state = _lesson_state(request, course)
    done = [lesson.pk in state["done_ids"] for lesson in lessons]
    total = len(lessons)
    return {
        "request": request,
        "page": page,
        "enrolled": state["enrolled"],
        "items": list(zip(lessons, _lesson_urls(request, course, lessons), done, strict=True)),
        "done_count": sum(done),
        "total": total,
        "percent": round(100 * sum(done) / total) if total else 0,
    }


@register.inclusion_tag("learning/tags/lesson_actions.html", takes_context=True)
def lesson_actions(context, page, course):
    """Render « J'ai terminé cette leçon », or the invitation to enrol or log in."""
    request = context["request"]
    state = _lesson_state(request, course)
    return {
        "request": request,
        "user": request.user,
        "page": page,
        "course": course,
        "enrolled": state["enrolled"],
        "done": page.pk in state["done_ids"],
    }
