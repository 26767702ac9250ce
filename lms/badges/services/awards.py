"""Award badges: decide (automatic rules, trainers), then issue (sign OB 3.0, record "earned").

Deciding writes a ``pending`` assertion under the database constraints that make awarding
idempotent; issuing turns it ``issued`` in one transaction with its learning record, or leaves it
``failed`` with the error (a term dropped by JSON-LD expansion, an undecryptable key…), to be retried.
"""

import secrets
import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyld.jsonld import JsonLdError
from wagtail.log_actions import log

from .. import links, ob2, status_list
from ..documents import XAPI_ASSERTION_EXTENSION, credential_document
from ..eligibility import awards_due
from ..jsonld import ContextNotBundledError, DroppedTermError
from ..keystore import KeyDecryptionError
from ..models import Assertion, AssertionStatus, BadgeClass, Issuer, RuleKind
from ..selectors import user_can_award
from .issuers import issuer_ensure, issuer_sign

AUTO_KEY = "auto:%(number)d"
MANUAL_KEY = "manual:%(uuid)s"
LOG_AWARDED = "badges.awarded"

NOT_MANUAL = _("Ce badge ne s'attribue pas à la main : ajoutez-lui une règle « attribué par un·e formateur·rice ».")
INACTIVE = _("Ce badge n'est plus délivré.")
NARRATIVE_REQUIRED = _("Décrivez ce qui justifie le badge (le commentaire est publié comme preuve).")
ALREADY_AWARDED = _("%(learner)s a déjà ce badge, qui ne s'obtient qu'une fois.")
NOT_A_TRAINER = _("Seul·es les formateur·rices et responsables de l'organisme peuvent attribuer ses badges.")
STATUS_LIST_FULL = "La liste de statuts de l'émetteur %(issuer)s est pleine (%(size)s badges)."
ISSUE_FAILED = "Assertion %(id)s could not be issued: %(error)s"

# Errors that retrying cannot cure: the assertion is marked failed and the task fails visibly.
ISSUE_ERRORS = (DroppedTermError, ContextNotBundledError, JsonLdError, KeyDecryptionError, ValueError)
_STATUS_INDEX_TRIES = 20


class AssertionIssueError(RuntimeError):
    """Raised when assertions could not be issued; they are left ``failed`` with the reason."""

    def __init__(self, failures: dict[int, str]) -> None:
        super().__init__("; ".join(ISSUE_FAILED % {"id": pk, "error": error} for pk, error in failures.items()))
        self.failures = failures


def sign_ob3() -> bool:
    return getattr(settings, "BADGES_SIGN_OB3", True)


def _assertion_new(*, badge_class: BadgeClass, recipient, award_key: str, **fields) -> Assertion | None:
    """Insert a pending assertion, or return None if the constraints say it exists already."""
    try:
        issuer = badge_class.organisation.badge_issuer
    except Issuer.DoesNotExist:
        issuer = issuer_ensure(organisation=badge_class.organisation)
    assertion = Assertion(
        badge_class=badge_class,
        issuer=issuer,
        recipient=recipient,
        recipient_email=recipient.email,
        salt=ob2.new_salt(),
        award_key=award_key,
        once_only=not badge_class.repeatable,
        **fields,
    )
    try:
        with transaction.atomic():
            assertion.save(force_insert=True)
    except IntegrityError:
        return None
    return assertion


@transaction.atomic
def awards_record(*, user_id: int) -> list[Assertion]:
    """Write a pending assertion for each automatic award due to ``user_id`` and not yet written."""
    # One evaluation at a time per learner (the row lock), so concurrent events cannot double-award.
    user = get_user_model().objects.select_for_update().get(pk=user_id)
    due = awards_due(user_id=user_id)
    if not due:
        return []
    existing: dict[int, set[str]] = {}
    for class_id, key in Assertion.objects.filter(
        recipient_id=user_id, badge_class__in=[item.badge_class for item in due]
    ).values_list("badge_class_id", "award_key"):
        existing.setdefault(class_id, set()).add(key)
    created = []
    for item in due:
        keys = existing.get(item.badge_class.pk, set())
        if keys and not item.badge_class.repeatable:
            continue
        for number in range(1, item.times + 1):
            key = AUTO_KEY % {"number": number}
            if key in keys:
                continue
            assertion = _assertion_new(
                badge_class=item.badge_class, recipient=user, award_key=key, evidence=item.evidence
            )
            if assertion is not None:
                created.append(assertion)
    return created


def _status_index_allocate(assertion: Assertion) -> int:
    """Return a random free index of the issuer's status list (random, for herd privacy)."""
    used = Assertion.objects.filter(issuer_id=assertion.issuer_id, status_index__isnull=False)
    for _try in range(_STATUS_INDEX_TRIES):
        index = secrets.randbelow(status_list.LIST_SIZE)
        if not used.filter(status_index=index).exists():
            return index
    raise ValueError(STATUS_LIST_FULL % {"issuer": assertion.issuer_id, "size": status_list.LIST_SIZE})


def _issue(assertion: Assertion) -> None:
    """Fill the issue date, the signed credential and the learning record of a locked assertion."""
    from lms.records.services import statement_record

    badge_class = assertion.badge_class
    now = timezone.now()
    assertion.issued_on = now
    if badge_class.expires_after_days:
        assertion.expires_on = now + timedelta(days=badge_class.expires_after_days)
    if sign_ob3():
        if assertion.status_index is None:
            assertion.status_index = _status_index_allocate(assertion)
        entry = status_list.status_entry(
            list_url=links.status_list_url(assertion.issuer_id), index=assertion.status_index
        )
        document = credential_document(assertion, tags=sorted(badge_class.tags.names()), status=entry)
        assertion.credential = issuer_sign(issuer=assertion.issuer, document=document)
    statement = statement_record(
        user=assertion.recipient,
        verb="earned",
        object_url=links.badge_class_url(badge_class.pk),
        object_name=badge_class.name,
        object_type="badge",
        competencies=badge_class.competencies.all(),
        occurred_at=now,
        extensions={XAPI_ASSERTION_EXTENSION: {"@id": links.assertion_url(assertion.uuid)}},
    )
    assertion.statement_id = statement.pk


def assertion_issue(*, assertion_id: int) -> tuple[Assertion, bool]:
    """Issue a pending or failed assertion; return it and whether this call issued it."""
    try:
        with transaction.atomic():
            assertion = (
                Assertion.objects.select_for_update(of=("self",))
                .select_related("badge_class__organisation", "issuer", "recipient")
                .get(pk=assertion_id)
            )
            if assertion.status == AssertionStatus.ISSUED:
                return assertion, False
            _issue(assertion)
            assertion.status = AssertionStatus.ISSUED
            assertion.error = ""
            assertion.attempts += 1
            assertion.save()
            return assertion, True
    except ISSUE_ERRORS as error:
        message = f"{type(error).__name__}: {error}"
        Assertion.objects.filter(pk=assertion_id).exclude(status=AssertionStatus.ISSUED).update(
            status=AssertionStatus.FAILED, error=message, attempts=F("attempts") + 1
        )
        raise AssertionIssueError({assertion_id: message}) from error


def assertions_issue_pending(*, user_id: int | None = None) -> list[Assertion]:
    """Issue every pending or failed assertion (of one learner); return the ones issued now."""
    pending = Assertion.objects.exclude(status=AssertionStatus.ISSUED).order_by("pk")
    if user_id is not None:
        pending = pending.filter(recipient_id=user_id)
    issued, failures = [], {}
    for assertion_id in pending.values_list("pk", flat=True):
        try:
            assertion, now_issued = assertion_issue(assertion_id=assertion_id)
        except AssertionIssueError as error:
            failures.update(error.failures)
            continue
        if now_issued:
            issued.append(assertion)
    if failures:
        raise AssertionIssueError(failures)
    return issued


def awards_evaluate(*, user_id: int) -> list[Assertion]:
    """Award every automatic badge ``user_id`` has earned, issue what is pending; return the new ones.

    Idempotent: a second call with no new facts writes nothing and returns ``[]``.
    """
    awards_record(user_id=user_id)
    return assertions_issue_pending(user_id=user_id)


@transaction.atomic
def assertion_award_manual(*, badge_class: BadgeClass, learner, trainer, narrative: str) -> Assertion:
    """Record a trainer's award (pending) and enqueue its issuing once the transaction commits."""
    from ..tasks import award_manual

    if not user_can_award(user=trainer, organisation_id=badge_class.organisation_id):
        raise PermissionDenied(NOT_A_TRAINER)
    if not badge_class.is_active:
        raise ValidationError(INACTIVE)
    if not badge_class.rules.filter(kind=RuleKind.TRAINER_AWARD).exists():
        raise ValidationError(NOT_MANUAL)
    narrative = (narrative or "").strip()
    if not narrative:
        raise ValidationError(NARRATIVE_REQUIRED)
    get_user_model().objects.select_for_update().get(pk=learner.pk)
    assertion = _assertion_new(
        badge_class=badge_class,
        recipient=learner,
        award_key=MANUAL_KEY % {"uuid": uuid.uuid4().hex},
        narrative=narrative,
        awarded_by=trainer,
    )
    if assertion is None:
        raise ValidationError(ALREADY_AWARDED % {"learner": learner})
    log(instance=assertion, action=LOG_AWARDED, user=trainer, data={"badge_class": badge_class.pk})
    transaction.on_commit(partial(award_manual.delay, assertion.pk))
    return assertion
