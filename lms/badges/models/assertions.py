"""Assertions: one award of a badge class to a learner, hosted (OB 2.0) and signed (OB 3.0)."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AssertionStatus(models.TextChoices):
    PENDING = "pending", _("en cours de délivrance")
    ISSUED = "issued", _("délivré")
    FAILED = "failed", _("échec de la délivrance")


class Validity(models.TextChoices):
    VALID = "valid", _("valide")
    EXPIRED = "expired", _("expiré")
    REVOKED = "revoked", _("révoqué")


class Assertion(models.Model):
    """One badge awarded to one learner.

    The row is written ``pending`` first (the award is decided), then issued by a task that signs the
    OB 3.0 credential and records the xAPI statement; a failure leaves it ``failed`` with the error,
    retried by the next evaluation or ``badges_evaluate_all``. Only issued assertions are public.
    """

    wagtail_reference_index_ignore = True

    uuid = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        "badges.BadgeClass", verbose_name=_("badge"), on_delete=models.PROTECT, related_name="assertions"
    )
    issuer = models.ForeignKey(
        "badges.Issuer", verbose_name=_("émetteur"), on_delete=models.PROTECT, related_name="assertions"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("apprenant·e"), on_delete=models.CASCADE, related_name="badges"
    )
    # The address the badge was issued to, kept so the hash stays stable if the account's address
    # changes; it is published only as a salted SHA-256 hash (one salt per assertion).
    recipient_email = models.EmailField(_("adresse du destinataire"), editable=False)
    salt = models.CharField(_("sel"), max_length=64, editable=False)
    # "auto:<n>" for the n-th automatic award, "manual:<uuid>" for a trainer's: retried tasks and
    # concurrent evaluations then write the same key and the constraint keeps one row.
    award_key = models.CharField(_("clé d'attribution"), max_length=64, editable=False)
    # Copy of "not badge_class.repeatable" at award time: a partial unique constraint cannot join.
    once_only = models.BooleanField(_("une seule fois"), default=True, editable=False)
    status = models.CharField(
        _("état"), max_length=10, choices=AssertionStatus.choices, default=AssertionStatus.PENDING
    )
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    evidence = models.JSONField(_("preuves"), default=list, blank=True)
    narrative = models.TextField(_("commentaire du formateur ou de la formatrice"), blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribué par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    issued_on = models.DateTimeField(_("délivré le"), null=True, blank=True)
    expires_on = models.DateTimeField(_("expire le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revocation_reason = models.CharField(_("motif de la révocation"), max_length=255, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("révoqué par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credential = models.JSONField(_("attestation signée (OB 3.0)"), null=True, blank=True, editable=False)
    status_index = models.PositiveIntegerField(_("index dans la liste de statuts"), null=True, blank=True)
    statement_id = models.UUIDField(_("déclaration xAPI"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("badge délivré")
        verbose_name_plural = _("badges délivrés")
        ordering = ["-issued_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient", "award_key"], name="badges_assertion_award_key_unique"
            ),
            models.UniqueConstraint(
                fields=["badge_class", "recipient"],
                condition=models.Q(once_only=True),
                name="badges_assertion_once_per_learner",
            ),
            models.UniqueConstraint(
                fields=["issuer", "status_index"],
                condition=models.Q(status_index__isnull=False),
                name="badges_assertion_status_index_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="issued") | models.Q(issued_on__isnull=False),
                name="badges_assertion_issued_has_date",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "status"], name="badges_assertion_recipient")]

    def __str__(self):
        return f"{self.badge_class} · {self.recipient}"

    def get_absolute_url(self):
        return reverse("badges:assertion_page", args=[self.uuid])

    @property
    def public_url(self) -> str:
        """Return the absolute URL of the public page, the link a learner shares."""
        from ..links import assertion_page_url

        return assertion_page_url(self.uuid)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def validity(self, now: datetime | None = None) -> str:
        """Return ``Validity.VALID``, ``EXPIRED`` or ``REVOKED`` (revocation wins)."""
        if self.revoked_at is not None:
            return Validity.REVOKED
        if self.expires_on is not None and self.expires_on <= (now or timezone.now()):
            return Validity.EXPIRED
        return Validity.VALID

    def get_validity_display(self) -> str:
        return Validity(self.validity()).label
