"""Revoke an issued assertion: audited, 410 Gone on its hosted URL, listed for OB 2.0 and OB 3.0."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from ..models import Assertion, AssertionStatus
from ..selectors import user_can_award
from .issuers import status_list_refresh

LOG_REVOKED = "badges.revoked"
REASON_MAX_LENGTH = 255

REASON_REQUIRED = _("Indiquez le motif de la révocation (il est publié avec la révocation).")
REASON_TOO_LONG = _("Le motif tient en 255 caractères au plus.")
NOT_ISSUED = _("Ce badge n'a pas encore été délivré ; il ne peut pas être révoqué.")
ALREADY_REVOKED = _("Ce badge est déjà révoqué.")
NOT_ALLOWED = _("Seul·es les formateur·rices et responsables de l'organisme émetteur peuvent révoquer ce badge.")


@transaction.atomic
def assertion_revoke(*, assertion: Assertion, reason: str, actor) -> Assertion:
    """Revoke ``assertion`` for ``reason`` (published), log it, and re-sign the issuer's status list."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(REASON_TOO_LONG)
    assertion = Assertion.objects.select_for_update().select_related("issuer").get(pk=assertion.pk)
    if actor is not None and not user_can_award(user=actor, organisation_id=assertion.issuer.organisation_id):
        raise PermissionDenied(NOT_ALLOWED)
    if assertion.status != AssertionStatus.ISSUED:
        raise ValidationError(NOT_ISSUED)
    if assertion.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED)
    assertion.revoked_at = timezone.now()
    assertion.revocation_reason = reason
    assertion.revoked_by = actor
    assertion.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    log(instance=assertion, action=LOG_REVOKED, user=actor, data={"reason": reason})
    if assertion.status_index is not None:
        status_list_refresh(issuer=assertion.issuer)
    return assertion
