"""Writes for live sessions: create them, register learners, record attendance, send reminders."""

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from lms.accounts.models import Organisation, User

from .. import xapi
from ..errors import (
    ATTENDANCE_TOO_EARLY,
    CODE_OUTSIDE_SESSION,
    CODE_RATE_LIMITED,
    CODE_WRONG,
    NOT_REGISTERED,
    SESSION_FULL,
    SESSION_STARTED,
    UNREGISTER_TOO_LATE,
    LearningError,
)
from ..models import AttendanceMethod, LiveSession, LiveSessionRegistration
from ..models.live import ATTENDANCE_CODE_GRACE
from .completion import course_completion_evaluate

CODE_GRACE = ATTENDANCE_CODE_GRACE
#: Wrong codes a learner may enter for one session within ``CODE_LOCK_SECONDS``.
CODE_MAX_ATTEMPTS = 5
CODE_LOCK_SECONDS = 600

LIVE_SESSION_FIELDS = {
    "course",
    "series",
    "title",
    "description",
    "starts_at",
    "duration_minutes",
    "place",
    "video_url",
    "capacity",
    "trainer",
}


@transaction.atomic
def live_session_create(*, organisation: Organisation, **fields) -> LiveSession:
    """Create a live session of ``organisation``; its attendance code is drawn at random."""
    unknown = set(fields) - LIVE_SESSION_FIELDS
    if unknown:
        raise ValueError(f"Not live session fields: {sorted(unknown)}")
    session = LiveSession(organisation=organisation, **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def live_session_update(*, session: LiveSession, **fields) -> LiveSession:
    unknown = set(fields) - LIVE_SESSION_FIELDS
    if unknown:
        raise ValueError(f"Not live session fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def live_session_register(*, user: User, session_id: int) -> LiveSessionRegistration:
    """Give ``user`` a seat in the session (idempotent); refuse when it is full or has started.

    The session row is locked so two learners racing for the last seat cannot both get it.
    """
    session = LiveSession.objects.select_for_update().get(pk=session_id)
    existing = LiveSessionRegistration.objects.filter(user=user, session=session).first()
    if existing is not None:
        return existing
    if session.starts_at <= timezone.now():
        raise LearningError(SESSION_STARTED, status_code=409)
    if session.capacity is not None and session.registrations.count() >= session.capacity:
        raise LearningError(SESSION_FULL, status_code=409)
    registration = LiveSessionRegistration.objects.create(user=user, session=session)
    xapi.session_registered(user=user, session=session, occurred_at=registration.registered_at)
    return registration


@transaction.atomic
def live_session_unregister(*, user: User, session_id: int) -> None:
    """Give up the seat of ``user`` before the session starts."""
    session = LiveSession.objects.select_for_update().get(pk=session_id)
    if session.starts_at <= timezone.now():
        raise LearningError(UNREGISTER_TOO_LATE, status_code=409)
    LiveSessionRegistration.objects.filter(user=user, session=session).delete()


def _attendance_mark(*, registration: LiveSessionRegistration, method: str, now: datetime) -> bool:
    # Conditional update: a learner marked by the list and the code at once is counted once.
    marked = LiveSessionRegistration.objects.filter(pk=registration.pk, attended=False).update(
        attended=True, attended_at=now, attendance_method=method
    )
    if not marked:
        return False
    session = registration.session
    xapi.session_attended(user=registration.user, session=session, method=method, occurred_at=now)
    if session.course_id:
        course_completion_evaluate(user_id=registration.user_id, course_id=session.course_id)
    return True


@transaction.atomic
def live_session_attendance_record(*, session: LiveSession, user_ids: Iterable[int]) -> int:
    """Mark the registered learners in ``user_ids`` present (trainer's list); return how many were marked.

    Attendance already recorded is kept: the xAPI ledger cannot take it back.
    """
    now = timezone.now()
    if now < session.starts_at:
        raise LearningError(ATTENDANCE_TOO_EARLY, status_code=409)
    registrations = (
        LiveSessionRegistration.objects.filter(session=session, user_id__in=set(user_ids), attended=False)
        .select_related("user", "session")
        .order_by("pk")
    )
    return sum(
        _attendance_mark(registration=registration, method=AttendanceMethod.LIST, now=now)
        for registration in registrations
    )


def _code_attempts_key(*, session_id: int, user_id: int) -> str:
    return f"learning:attendance-code:{session_id}:{user_id}"


def attendance_code_normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def live_session_attendance_code_submit(
    *, user: User, session_id: int, code: str, now: datetime | None = None
) -> LiveSessionRegistration:
    """Mark ``user`` present when they enter the code shown during the session.

    Refused outside the session (start to end plus ``CODE_GRACE``) and after ``CODE_MAX_ATTEMPTS``
    wrong codes within ``CODE_LOCK_SECONDS``, so the code cannot be guessed.
    """
    now = now or timezone.now()
    registration = (
        LiveSessionRegistration.objects.select_related("session", "user")
        .filter(user=user, session_id=session_id)
        .first()
    )
    if registration is None:
        raise LearningError(NOT_REGISTERED, status_code=403)
    if registration.attended:
        return registration
    session = registration.session
    if not session.starts_at <= now <= session.ends_at + CODE_GRACE:
        raise LearningError(CODE_OUTSIDE_SESSION, status_code=409)
    key = _code_attempts_key(session_id=session.pk, user_id=user.pk)
    if cache.get(key, 0) >= CODE_MAX_ATTEMPTS:
        raise LearningError(CODE_RATE_LIMITED, status_code=429)
    if not secrets.compare_digest(attendance_code_normalise(code), session.attendance_code):
        # add() starts the window at the first wrong code; incr() is atomic on Redis and locmem.
        cache.add(key, 0, timeout=CODE_LOCK_SECONDS)
        cache.incr(key)
        raise LearningError(CODE_WRONG)
    with transaction.atomic():
        _attendance_mark(registration=registration, method=AttendanceMethod.CODE, now=now)
    registration.refresh_from_db()
    return registration


def session_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail a reminder to each learner of a session starting within 24 hours; return how many were sent.

    Each registration is claimed by a conditional update before its e-mail goes out, in the same
    transaction: a second run (or a concurrent worker) finds it claimed and sends nothing, and a
    failed e-mail rolls the claim back so the next run tries again.
    """
    from .emails import session_reminder_send

    now = now or timezone.now()
    due = list(
        LiveSessionRegistration.objects.filter(
            reminder_sent_at__isnull=True, session__starts_at__gt=now, session__starts_at__lte=now + timedelta(hours=24)
        )
        .select_related("user", "session")
        .order_by("pk")
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = LiveSessionRegistration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                session_reminder_send(registration=registration)
                sent += 1
    return sent
