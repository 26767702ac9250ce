"""Compose and send the learner's e-mails from the French templates in ``learning/emails/``.

Callers are Celery tasks, enqueued once the transaction that caused the e-mail has committed.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.accounts.models import User

from ..models import Cohort, CourseCompletion, Enrolment, LiveSessionRegistration


def absolute(path: str) -> str:
    """Return ``path`` on the public site; a URL that is already absolute (several Wagtail sites) is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def _send(*, user: User, template: str, context: dict) -> None:
    # Each person reads their e-mails in the language they chose.
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"learning/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"learning/emails/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def _course_url(course) -> str:
    return absolute(course.get_url() or "/")


def enrolment_confirmation_send(*, enrolment: Enrolment) -> None:
    _send(
        user=enrolment.user,
        template="enrolment_confirmation",
        context={
            "enrolment": enrolment,
            "course": enrolment.course,
            "cohort": enrolment.cohort,
            "course_url": _course_url(enrolment.course),
            "dashboard_url": absolute(reverse("learning:dashboard")),
        },
    )


def invitation_send(*, user: User, cohort: Cohort) -> None:
    """Invite an account created by an organisation to choose its password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    _send(
        user=user,
        template="invitation",
        context={
            "cohort": cohort,
            "course": cohort.course,
            "organisation": cohort.organisation,
            "password_url": absolute(reverse("accounts:password_reset_confirm", args=[uid, token])),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "course_url": _course_url(cohort.course),
        },
    )


def course_completed_send(*, completion: CourseCompletion) -> None:
    attestation = getattr(completion, "attestation", None)
    _send(
        user=completion.user,
        template="course_completed",
        context={
            "course": completion.course,
            "completion": completion,
            "attestation_url": absolute(attestation.get_absolute_url()) if attestation else "",
            "dashboard_url": absolute(reverse("learning:dashboard")),
        },
    )


def session_reminder_send(*, registration: LiveSessionRegistration) -> None:
    session = registration.session
    _send(
        user=registration.user,
        template="session_reminder",
        context={
            "session": session,
            "starts_at": timezone.localtime(session.starts_at),
            "session_url": absolute(reverse("learning:session_detail", args=[session.pk])),
        },
    )
