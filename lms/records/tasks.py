"""Background delivery of statements to the external LRS.

Delivery failures are not task failures: the outbox entry records them and schedules the next
attempt (``services.BACKOFF``), which the periodic ``records.forward_pending`` sweep picks up. That
schedule lives in the database, so it survives worker restarts and does not depend on the broker.
Celery's own retry only covers the infrastructure (the database being briefly unavailable).
"""

from celery import shared_task
from django.db import DatabaseError

from . import services

_RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


@shared_task(name="records.forward_statement", **_RETRY)
def forward_statement(entry_id: int) -> str:
    """Send one outbox entry to the LRS if it is due; safe to run twice (a sent entry is skipped)."""
    entry = services.outbox_entry_send(entry_id=entry_id)
    return entry.status if entry else "skipped"


@shared_task(name="records.forward_pending", **_RETRY)
def forward_pending() -> int:
    """Send the due outbox entries (run every minute by Celery beat); return how many were sent."""
    return services.statements_forward_pending()
