"""Background jobs of the learner's journey: ids in, one service call, safe to run twice."""

from celery import shared_task

from lms.accounts.models import User

from .models import Cohort, CourseCompletion, Enrolment
from .services import cohort_import_run, course_completions_recompute, emails, session_reminders_send

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_kwargs": {"max_retries": 5}}


@shared_task(name="learning.recompute_course_completions", **RETRY)
def recompute_course_completions(course_id: int) -> int:
    """Record the completions a content change made possible in ``course_id`` (never removes one)."""
    return course_completions_recompute(course_id=course_id)


@shared_task(name="learning.apply_cohort_import", **RETRY)
def apply_cohort_import(import_id: int) -> str:
    """Import a confirmed cohort CSV file in one transaction; safe to run twice."""
    return cohort_import_run(job_id=import_id).status


@shared_task(name="learning.send_session_reminders", **RETRY)
def send_session_reminders() -> int:
    """Remind learners of their live sessions of the next 24 hours (run hourly by Celery beat)."""
    return session_reminders_send()


@shared_task(name="learning.send_enrolment_confirmation", **RETRY)
def send_enrolment_confirmation(enrolment_id: int) -> None:
    enrolment = Enrolment.objects.select_related("user", "course", "cohort").filter(pk=enrolment_id).first()
    if enrolment is not None:
        emails.enrolment_confirmation_send(enrolment=enrolment)


@shared_task(name="learning.send_invitation", **RETRY)
def send_invitation(user_id: int, cohort_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    cohort = Cohort.objects.select_related("course", "organisation").filter(pk=cohort_id).first()
    if user is not None and cohort is not None:
        emails.invitation_send(user=user, cohort=cohort)


@shared_task(name="learning.send_course_completed", **RETRY)
def send_course_completed(completion_id: int) -> None:
    completion = CourseCompletion.objects.select_related("user", "course").filter(pk=completion_id).first()
    if completion is not None:
        emails.course_completed_send(completion=completion)
