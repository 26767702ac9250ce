"""The learning-records ledger: append-only xAPI 1.0.3 statements and their delivery outbox.

A statement is evidence (for a VAE portfolio, for an attestation), so it is never changed nor removed
once written. Mistakes are corrected the xAPI way, by a later statement. The only change allowed is
cutting the link to a deleted account (``user`` set to NULL): the statement keeps the opaque actor
account name, so the history stays, anonymised.
"""

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .verbs import ACTIVITY_TYPES, COMPETENCIES_EXTENSION, VERBS

IMMUTABLE_UPDATE = "A recorded statement cannot be changed; record a new statement instead."
IMMUTABLE_DELETE = "A recorded statement cannot be deleted."

_DURATION = re.compile(r"^PT(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?$")


class ImmutableStatementError(RuntimeError):
    """Raised on any attempt to change or delete a recorded statement."""


class ActorAccount(models.Model):
    """The opaque, stable xAPI account name of a user: never the e-mail, never the database id."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("utilisateur"), on_delete=models.CASCADE, related_name="xapi_account"
    )
    name = models.UUIDField(_("identifiant xAPI"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("compte xAPI")
        verbose_name_plural = _("comptes xAPI")

    def __str__(self):
        return str(self.name)


class StatementQuerySet(models.QuerySet):
    """Refuse bulk changes, except the anonymisation of a deleted account's statements."""

    def update(self, **kwargs):
        if set(kwargs) <= {"user", "user_id"} and all(value is None for value in kwargs.values()):
            return super().update(**kwargs)
        raise ImmutableStatementError(IMMUTABLE_UPDATE)

    def bulk_update(self, objs, fields, batch_size=None):
        # Refuse before Django opens its transaction: raising inside it would break the caller's.
        raise ImmutableStatementError(IMMUTABLE_UPDATE)

    def delete(self):
        raise ImmutableStatementError(IMMUTABLE_DELETE)

    delete.queryset_only = True


class Statement(models.Model):
    """One xAPI statement, as sent; the indexed columns repeat parts of ``raw`` for listings and filters."""

    wagtail_reference_index_ignore = True

    id = models.UUIDField(_("identifiant de la déclaration"), primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="xapi_statements",
    )
    actor_account = models.CharField(_("compte xAPI"), max_length=64)
    verb = models.CharField(_("verbe"), max_length=20)
    # IRIs, not URLField: Django's URL validator refuses hosts without a dot (``http://testserver``).
    verb_iri = models.CharField(_("IRI du verbe"), max_length=255)
    object_id = models.CharField(_("IRI de l'activité"), max_length=500)
    object_type = models.CharField(_("type d'activité"), max_length=20)
    object_name = models.CharField(_("activité"), max_length=255)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    context = models.JSONField(_("contexte"), default=dict, blank=True)
    timestamp = models.DateTimeField(_("date de l'expérience"))
    stored = models.DateTimeField(_("date d'enregistrement"), default=timezone.now, editable=False)
    raw = models.JSONField(_("déclaration xAPI"))

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("déclaration xAPI")
        verbose_name_plural = _("déclarations xAPI")
        ordering = ["timestamp", "stored"]
        indexes = [
            models.Index(fields=["user", "timestamp"], name="records_stmt_user_time"),
            models.Index(fields=["verb", "timestamp"], name="records_stmt_verb_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(verb__in=list(VERBS)), name="records_statement_known_verb"),
            models.CheckConstraint(
                condition=models.Q(object_type__in=list(ACTIVITY_TYPES)), name="records_statement_known_type"
            ),
        ]

    def __str__(self):
        return f"{self.actor_account} {self.verb} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableStatementError(IMMUTABLE_UPDATE)
        # Always an INSERT: re-using an existing id fails on the primary key instead of overwriting.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableStatementError(IMMUTABLE_DELETE)

    @property
    def verb_label(self) -> str:
        verb = VERBS.get(self.verb)
        return verb.label if verb else self.verb

    @property
    def object_type_label(self) -> str:
        activity_type = ACTIVITY_TYPES.get(self.object_type)
        return str(activity_type.label) if activity_type else self.object_type

    @property
    def score_percent(self) -> int | None:
        """Return the scaled score as a rounded percentage, or ``None`` when there is no score."""
        scaled = (self.result.get("score") or {}).get("scaled")
        return None if scaled is None else round(scaled * 100)

    @property
    def success(self) -> bool | None:
        return self.result.get("success")

    @property
    def completion(self) -> bool | None:
        return self.result.get("completion")

    @property
    def duration_seconds(self) -> float | None:
        """Return ``result.duration`` in seconds (only the ``PT…H…M…S`` form Tremplin writes)."""
        match = _DURATION.match(self.result.get("duration") or "")
        if not match or match.group(0) == "PT":
            return None
        return int(match["h"] or 0) * 3600 + int(match["m"] or 0) * 60 + float(match["s"] or 0)

    @property
    def competency_references(self) -> list[str]:
        entries = (self.context.get("extensions") or {}).get(COMPETENCIES_EXTENSION) or []
        return [entry["reference"] for entry in entries if "reference" in entry]


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SENT = "sent", _("envoyée")
    FAILED = "failed", _("en échec")


class OutboxEntry(models.Model):
    """The delivery of one statement to the external LRS: its state, attempts and next try."""

    statement = models.OneToOneField(
        Statement, verbose_name=_("déclaration"), on_delete=models.PROTECT, related_name="outbox_entry"
    )
    status = models.CharField(_("état"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi vers le LRS")
        verbose_name_plural = _("envois vers le LRS")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="records_outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=OutboxStatus.SENT, sent_at__isnull=False)
                | (~models.Q(status=OutboxStatus.SENT) & models.Q(sent_at__isnull=True)),
                name="records_outbox_sent_at_iff_sent",
            ),
        ]

    def __str__(self):
        return f"{self.statement_id} ({self.status})"
