"""Writes for the learning-records ledger: record a statement, deliver the outbox to the LRS."""

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lms.core.events import learning_event_recorded
from lms.frameworks.models import Competency

from .lrs import LRSConfig, LRSDeliveryError, statement_put
from .models import ActorAccount, OutboxEntry, OutboxStatus, Statement
from .verbs import VERBS
from .xapi import (
    EMPTY_NAME,
    NAIVE_TIMESTAMP,
    CompetencyAlignment,
    build_context,
    build_result,
    build_statement,
    check_absolute_url,
    check_activity_type,
    check_extensions,
    check_registration,
    check_verb,
)

logger = logging.getLogger(__name__)

NO_USER = "A statement needs a saved user, got %(user)r."
INVALID_STATEMENT = "The statement was refused: %(errors)s"
PLATFORM = "Tremplin"

# Delays before the 2nd, 3rd… attempt; the last one repeats until MAX_ATTEMPTS, then the entry fails
# and waits for ``records_retry_failed`` (about two days of trying in all).
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = 10
# A claimed entry is not due again before this: longer than any request timeout, so a live sender
# always finishes first, yet short enough that an entry left by a crashed worker is picked up again.
CLAIM_LEASE = timedelta(minutes=5)


def absolute_url(path: str) -> str:
    """Return the absolute URL of a site path (``/formations/x/`` → ``https://site/formations/x/``)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


def lrs_config() -> LRSConfig | None:
    """Return the LRS settings, or ``None`` when no LRS is configured (statements stay local)."""
    endpoint = getattr(settings, "XAPI_LRS_URL", "")
    if not endpoint:
        return None
    return LRSConfig(
        endpoint=endpoint,
        username=getattr(settings, "XAPI_LRS_USERNAME", ""),
        password=getattr(settings, "XAPI_LRS_PASSWORD", ""),
        timeout=getattr(settings, "XAPI_LRS_TIMEOUT", 5),
    )


def actor_account_ensure(*, user) -> ActorAccount:
    """Return the user's opaque xAPI account, creating it on first use (safe under concurrency).

    The account is kept on the user object: an action that records several statements looks it up once.
    """
    try:
        return user.xapi_account
    except ActorAccount.DoesNotExist:
        account, _created = ActorAccount.objects.get_or_create(user=user)
        user.xapi_account = account
        return account


def _alignments_by_id(ids) -> dict[int, CompetencyAlignment]:
    """Return the alignment of each competency id, in the ledger's order (framework, block, competency)."""
    ids = list(ids)
    if not ids:
        return {}
    # One query whatever the caller passed.
    rows = (
        Competency.objects.filter(pk__in=ids)
        .select_related("framework", "block")
        .order_by("framework__code", "block__sort_order", "sort_order", "code")
    )
    return {
        competency.pk: CompetencyAlignment(
            reference=competency.reference,
            framework_code=competency.framework.code,
            framework_title=competency.framework.title,
            framework_url=absolute_url(reverse("frameworks:detail", args=[competency.framework.code])),
            block_code=competency.block.code,
            code=competency.code,
            title=competency.title,
            rncp_code=competency.framework.rncp_code,
            rncp_block_code=competency.block.rncp_block_code,
        )
        for competency in rows
    }


def _ordered(ids: list[int], by_id: dict[int, CompetencyAlignment]) -> list[int]:
    """Return ``ids`` that exist, in the ledger's order (the order of ``by_id``)."""
    wanted = set(ids)
    return [pk for pk in by_id if pk in wanted]


def _alignments(competencies: Iterable[Competency]) -> list[CompetencyAlignment]:
    return list(_alignments_by_id(competency.pk for competency in competencies).values())


def _statement_build(
    *,
    user,
    verb: str,
    object_url: str,
    object_name: str,
    object_type: str,
    result: dict | None = None,
    competencies: Iterable[Competency] = (),
    alignments: list[CompetencyAlignment] | None = None,
    occurred_at: datetime | None = None,
    extensions: dict | None = None,
    registration: str | None = None,
) -> Statement:
    """Check everything and return the unsaved statement; raise ``ValueError`` on bad input."""
    if user is None or not getattr(user, "pk", None):
        raise ValueError(NO_USER % {"user": user})
    check_verb(verb)
    check_activity_type(object_type)
    check_absolute_url(object_url, field="object_url")
    object_name = (object_name or "").strip()
    if not object_name:
        raise ValueError(EMPTY_NAME)
    built_result = build_result(result)
    registration = check_registration(registration)
    extensions = check_extensions(extensions)
    occurred_at = occurred_at or timezone.now()
    if timezone.is_naive(occurred_at):
        raise ValueError(NAIVE_TIMESTAMP)
    # xAPI timestamps carry milliseconds: keep the column equal to what ``raw`` says.
    occurred_at = occurred_at.replace(microsecond=occurred_at.microsecond // 1000 * 1000)

    if alignments is None:
        alignments = _alignments(competencies)
    context = build_context(alignments=alignments, extensions=extensions, registration=registration, platform=PLATFORM)
    statement_id = uuid.uuid4()
    statement = Statement(
        id=statement_id,
        user=user,
        verb=verb,
        verb_iri=VERBS[verb].iri,
        object_id=object_url,
        object_type=object_type,
        object_name=object_name,
        result=built_result,
        context=context,
        timestamp=occurred_at,
    )
    try:
        # Verb, type and user are already checked and the id is fresh: skip the queries of those checks.
        # The account and ``raw`` come after: a refused first statement must not create an account.
        statement.full_clean(
            exclude=["user", "actor_account", "raw"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise ValueError(INVALID_STATEMENT % {"errors": "; ".join(error.messages)}) from error
    account_name = str(actor_account_ensure(user=user).name)
    statement.actor_account = account_name
    statement.raw = build_statement(
        statement_id=statement_id,
        home_page=settings.SITE_URL,
        account_name=account_name,
        verb=verb,
        object_url=object_url,
        object_name=object_name,
        object_type=object_type,
        result=built_result,
        context=context,
        timestamp=occurred_at,
    )
    return statement


def _statements_write(statements: list[Statement]) -> None:
    # Within the caller's transaction no savepoint is needed (a failed write fails the caller's action
    # as a whole), which spares two queries per statement on every learner action.
    with transaction.atomic(savepoint=False):
        if len(statements) == 1:
            statements[0].save()
        else:
            Statement.objects.bulk_create(statements)
        for statement in statements:
            learning_event_recorded(user_id=statement.user_id, verb=statement.verb, object_type=statement.object_type)
        if lrs_config() is not None:
            from .tasks import forward_statement

            entries = OutboxEntry.objects.bulk_create([OutboxEntry(statement=statement) for statement in statements])
            for entry in entries:
                # robust: a broker hiccup must not break the learner's request; the periodic sweep resends.
                transaction.on_commit(partial(forward_statement.delay, entry.pk), robust=True)


def statement_record(**fields) -> Statement:
    """Append one immutable xAPI 1.0.3 statement; raise ``ValueError`` and store nothing on bad input.

    Fields: ``user``, ``verb``, ``object_url``, ``object_name``, ``object_type``, and optionally
    ``result``, ``competencies``, ``occurred_at``, ``extensions``, ``registration``. When an LRS is
    configured, an outbox entry is created with the statement and its delivery is enqueued once the
    caller's transaction commits (so a rolled-back action sends nothing).
    """
    statement = _statement_build(**fields)
    _statements_write([statement])
    return statement


def statements_record_many(items: list[dict]) -> list[Statement]:
    """Append several statements in one insert (e.g. one "answered" per question of an attempt).

    Each item takes the fields of ``statement_record``, with ``competencies`` as competency ids. Every
    item is checked first: one bad item refuses them all and stores nothing. The competencies of all
    items are looked up in one query.
    """
    if not items:
        return []
    all_ids = {pk for item in items for pk in item.get("competencies", ())}
    by_id = _alignments_by_id(all_ids)
    statements = []
    for item in items:
        fields = {key: value for key, value in item.items() if key != "competencies"}
        ids = list(dict.fromkeys(item.get("competencies", ())))
        fields["alignments"] = [by_id[pk] for pk in _ordered(ids, by_id)]
        statements.append(_statement_build(**fields))
    _statements_write(statements)
    return statements


def _entry_claim(*, entry_id: int) -> OutboxEntry | None:
    """Lock a due pending entry, count the attempt and push its due time past the lease; or ``None``."""
    now = timezone.now()
    with transaction.atomic():
        entry = (
            # of=self: lock the outbox row only; the statement row is merely read.
            OutboxEntry.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("statement")
            .filter(pk=entry_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if entry is None:
            return None
        entry.attempts += 1
        entry.next_attempt_at = now + CLAIM_LEASE
        entry.save(update_fields=["attempts", "next_attempt_at"])
    return entry


@transaction.atomic
def _entry_settle(*, entry_id: int, error: str) -> OutboxEntry:
    """Record the outcome of an attempt: sent, retry later with backoff, or failed."""
    entry = OutboxEntry.objects.select_for_update().get(pk=entry_id)
    now = timezone.now()
    if entry.status == OutboxStatus.SENT:
        return entry
    if not error:
        entry.status, entry.sent_at, entry.last_error = OutboxStatus.SENT, now, ""
    elif entry.attempts >= MAX_ATTEMPTS:
        entry.status, entry.last_error = OutboxStatus.FAILED, error
        logger.error("xAPI statement %s not delivered after %s attempts: %s", entry.statement_id, entry.attempts, error)
    else:
        entry.next_attempt_at = now + BACKOFF[min(entry.attempts, len(BACKOFF)) - 1]
        entry.last_error = error
        logger.warning("xAPI statement %s not delivered (attempt %s): %s", entry.statement_id, entry.attempts, error)
    entry.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return entry


def outbox_entry_send(*, entry_id: int) -> OutboxEntry | None:
    """Send one due outbox entry to the LRS; return it updated, or ``None`` if it was not due.

    The HTTP call happens outside any transaction, so no row lock (and, on SQLite, no write lock) is
    held while waiting for the LRS. The claim makes concurrent senders skip the entry; should a
    sender die after the LRS stored the statement, the next PUT of the same id is a no-op there.
    """
    config = lrs_config()
    if config is None:
        return None
    entry = _entry_claim(entry_id=entry_id)
    if entry is None:
        return None
    try:
        statement_put(config=config, statement=entry.statement.raw)
    except LRSDeliveryError as error:
        return _entry_settle(entry_id=entry.pk, error=str(error) or error.__class__.__name__)
    return _entry_settle(entry_id=entry.pk, error="")


def statements_forward_pending(*, limit: int = 100) -> int:
    """Send up to ``limit`` due entries, oldest due first; return how many were sent."""
    if lrs_config() is None:
        return 0
    due = (
        OutboxEntry.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for entry_id in list(due):
        entry = outbox_entry_send(entry_id=entry_id)
        if entry is None:
            continue
        if entry.status != OutboxStatus.SENT:
            # The LRS is failing: stop, so an outage costs one timeout per sweep rather than one per entry.
            break
        sent += 1
    return sent


def outbox_entries_retry_failed(*, entry_ids: Iterable[int] | None = None) -> int:
    """Give failed entries (all, or those in ``entry_ids``) a fresh series of attempts; return the count."""
    from .tasks import forward_pending

    with transaction.atomic():
        failed = OutboxEntry.objects.filter(status=OutboxStatus.FAILED)
        if entry_ids is not None:
            failed = failed.filter(pk__in=list(entry_ids))
        count = failed.update(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
        if count:
            transaction.on_commit(forward_pending.delay, robust=True)
    return count
