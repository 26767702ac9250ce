"""Record the learner's journey in the xAPI ledger (``lms.records``): one function per event.

Each function is called inside the service's transaction, so a refused action leaves no statement.
"""

from django.urls import reverse


def _ledger():
    # Imported here: records is a sibling app and must not be imported while apps load.
    from lms.records import services

    return services


def page_activity_url(page) -> str:
    """Return the absolute URL that identifies a course or lesson page as an xAPI activity."""
    return _ledger().absolute_url(page.get_url() or page.url_path)


def session_activity_url(session) -> str:
    return _ledger().absolute_url(reverse("learning:session_detail", args=[session.pk]))


def course_registered(*, user, course, occurred_at=None) -> None:
    _ledger().statement_record(
        user=user,
        verb="registered",
        object_url=page_activity_url(course),
        object_name=course.title,
        object_type="course",
        occurred_at=occurred_at,
    )


def lesson_completed(*, user, lesson, occurred_at=None) -> None:
    _ledger().statement_record(
        user=user,
        verb="completed",
        object_url=page_activity_url(lesson),
        object_name=lesson.title,
        object_type="lesson",
        result={"completion": True},
        occurred_at=occurred_at,
    )


def course_completed(*, user, course, occurred_at=None) -> None:
    _ledger().statement_record(
        user=user,
        verb="completed",
        object_url=page_activity_url(course),
        object_name=course.title,
        object_type="course",
        result={"completion": True, "success": True},
        competencies=list(course.competencies.all()),
        occurred_at=occurred_at,
    )


def session_registered(*, user, session, occurred_at=None) -> None:
    _ledger().statement_record(
        user=user,
        verb="registered",
        object_url=session_activity_url(session),
        object_name=session.title,
        object_type="meeting",
        occurred_at=occurred_at,
    )


def session_attended(*, user, session, method: str, occurred_at=None) -> None:
    _ledger().statement_record(
        user=user,
        verb="attended",
        object_url=session_activity_url(session),
        object_name=session.title,
        object_type="meeting",
        result={"completion": True},
        extensions={"https://tremplin.local/xapi/extensions/attendance-method": method},
        occurred_at=occurred_at,
    )
