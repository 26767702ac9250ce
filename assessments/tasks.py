"""Periodic sweep that submits attempts whose time ran out while the learner was away."""

from celery import shared_task
from django.db import DatabaseError

from . import services

_RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(name="assessments.close_overdue_attempts", **_RETRY)
def close_overdue_attempts() -> int:
    """Submit every overdue open attempt (Celery beat, every few minutes); safe to run twice."""
    return services.attempts_close_overdue()
