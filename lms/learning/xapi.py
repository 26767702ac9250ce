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


def _record_page(*, user, verb: str, page, object_type: str, **fields) -> None:
    _ledger().statement_record(
        user=user,
        verb=verb,
        object_url=page_activity_url(page),
        object_name=page.title,
        object_type=object_type,
        **fields,
    )


def _record_session(*, user, verb: str, session, **fields) -> None:
    _ledger().statement_record(
        user=user,
        verb=verb,
        object_url=session_activity_url(session),
        object_name=session.title,
        object_type="meeting",
        **fields,
    )


def course_registered(*, user, course, occurred_at=None) -> None:
    _record_page(user=user, verb="registered", page=course, object_type="course", occurred_at=occurred_at)


def lesson_completed(*, user, lesson, occurred_at=None) -> None:
    _record_page(
        user=user,
        verb="completed",
        page=lesson,
        object_type="lesson",
        result={"completion": True},
        occurred_at=occurred_at,
    )


def course_completed(*, user, course, occurred_at=None) -> None:
    _record_page(
        user=user,
        verb="completed",
        page=course,
        object_type="course",
        result={"completion": True, "success": True},
        competencies=list(course.competencies.all()),
        occurred_at=occurred_at,
    )


def session_registered(*, user, session, occurred_at=None) -> None:
    _record_session(user=user, verb="registered", session=session, occurred_at=occurred_at)


def session_attended(*, user, session, method: str, occurred_at=None) -> None:
    _record_session(
        user=user,
        verb="attended",
        session=session,
        result={"completion": True},
        extensions={"https://tremplin.local/xapi/extensions/attendance-method": method},
        occurred_at=occurred_at,
    )
