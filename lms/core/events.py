"""What follows a learning event, decided in one place so the ledger stays generic.

The xAPI ledger (``lms.records``) calls :func:`learning_event_recorded` after it stores a statement.
Badge awards and portfolio evidence are derived data: both are recomputed in Celery tasks, enqueued on
commit, so the learner's request never waits for them and a rolled-back event triggers nothing.
"""

from functools import partial

from django.db import transaction

# Events that can earn a badge or bring new evidence into a portfolio.
BADGE_VERBS = {"completed", "passed", "attended", "scored"}
EVIDENCE_VERBS = {"completed", "passed", "scored", "attended", "earned"}
EVIDENCE_TYPES = {"course", "assessment", "meeting", "badge"}


def learning_event_recorded(*, user_id: int, verb: str, object_type: str) -> None:
    """Enqueue, after commit, the badge evaluation and portfolio refresh this event may call for."""
    if verb in BADGE_VERBS and object_type in {"course", "assessment", "meeting"}:
        from lms.badges.tasks import evaluate_awards

        transaction.on_commit(partial(evaluate_awards.delay, user_id), robust=True)
    if verb in EVIDENCE_VERBS and object_type in EVIDENCE_TYPES:
        from lms.portfolio.services import portfolio_evidence_refresh_enqueue

        portfolio_evidence_refresh_enqueue(user_id=user_id)
