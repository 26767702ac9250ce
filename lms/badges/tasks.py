"""Celery tasks of the badges app: ids in, a service call, retries on transient database errors.

Enqueue them with ``transaction.on_commit``; each is safe to run twice (the constraints and the
``issued`` state make a second run a no-op).
"""

from celery import shared_task
from django.db import IntegrityError, OperationalError

from . import services

# IntegrityError: two evaluations raced for the same status-list index or row; the retry sees the winner.
TRANSIENT = (OperationalError, IntegrityError)


@shared_task(
    name="badges.evaluate_awards",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def evaluate_awards(user_id: int) -> list[str]:
    """Award and issue the automatic badges ``user_id`` has earned; return their public ids."""
    return [str(assertion.uuid) for assertion in services.awards_evaluate(user_id=user_id)]


@shared_task(
    name="badges.award_manual",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def award_manual(assertion_id: int) -> str:
    """Issue the pending assertion a trainer awarded; return its public id."""
    assertion, _issued = services.assertion_issue(assertion_id=assertion_id)
    return str(assertion.uuid)


@shared_task(name="badges.issue_pending", autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3, acks_late=True)
def issue_pending() -> int:
    """Issue the assertions a lost task left pending (or failed); return how many were issued."""
    return len(services.assertions_issue_pending())
