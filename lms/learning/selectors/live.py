"""Reads for live sessions: the upcoming list, one session, its attendance list."""

from datetime import timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from ..models import LiveSession, LiveSessionRegistration
from ..models.live import ATTENDANCE_CODE_GRACE
from .organisation import managed_organisations

#: Sessions last at most 10 hours (``duration_minutes`` ≤ 600): a session started earlier has ended.
LONGEST_SESSION = timedelta(minutes=600)


def _sessions() -> QuerySet[LiveSession]:
    return LiveSession.objects.select_related("organisation", "series", "course", "trainer").annotate(
        registered=Count("registrations", distinct=True)
    )


def upcoming_sessions(*, user, limit: int = 50) -> list[LiveSession]:
    """Return live sessions not over yet, soonest first, each marked ``is_registered`` for ``user`` (2 queries)."""
    now = timezone.now()
    sessions = [
        session
        for session in _sessions().filter(starts_at__gte=now - LONGEST_SESSION).order_by("starts_at")[:limit]
        if session.ends_at >= now
    ]
    registered = (
        set(
            LiveSessionRegistration.objects.filter(user=user, session__in=[s.pk for s in sessions]).values_list(
                "session_id", flat=True
            )
        )
        if user.is_authenticated and sessions
        else set()
    )
    for session in sessions:
        session.is_registered = session.pk in registered
    return sessions


def course_upcoming_sessions(*, course, user) -> list[LiveSession]:
    """Return the upcoming live sessions of ``course`` (2 queries), marked ``is_registered`` for ``user``."""
    now = timezone.now()
    sessions = list(_sessions().filter(course=course, starts_at__gt=now).order_by("starts_at")[:10])
    registered = (
        set(
            LiveSessionRegistration.objects.filter(user=user, session__in=[s.pk for s in sessions]).values_list(
                "session_id", flat=True
            )
        )
        if user.is_authenticated and sessions
        else set()
    )
    for session in sessions:
        session.is_registered = session.pk in registered
    return sessions


def session_detail(*, session_id: int, user) -> dict | None:
    """Return a session, the viewer's registration and whether the viewer runs it; ``None`` if unknown."""
    session = _sessions().filter(pk=session_id).first()
    if session is None:
        return None
    registration = (
        LiveSessionRegistration.objects.filter(user=user, session=session).first() if user.is_authenticated else None
    )
    now = timezone.now()
    return {
        "session": session,
        "registration": registration,
        "can_manage": can_manage_session(user=user, session=session),
        "is_full": session.capacity is not None and session.registered >= session.capacity,
        "has_started": session.starts_at <= now,
        "is_running": session.starts_at <= now <= session.ends_at + ATTENDANCE_CODE_GRACE,
    }


def can_manage_session(*, user, session: LiveSession) -> bool:
    """Return whether ``user`` leads ``session`` or is a trainer or manager of its organisation."""
    if not user.is_authenticated:
        return False
    if session.trainer_id == user.pk:
        return True
    return managed_organisations(user=user).filter(pk=session.organisation_id).exists()


def attendance_list(*, session: LiveSession) -> QuerySet[LiveSessionRegistration]:
    return (
        LiveSessionRegistration.objects.filter(session=session)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def organisation_sessions(*, organisation_ids) -> QuerySet[LiveSession]:
    """Return the live sessions of these organisations, latest first."""
    return _sessions().filter(organisation_id__in=organisation_ids).order_by("-starts_at")
