"""Reads of the badges app: what a learner holds, what is public, what a trainer may award."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from lms.accounts.models import Membership
from lms.accounts.roles import OrganisationRole

from .models import Assertion, AssertionStatus, BadgeClass, Issuer, IssuerKey, RuleKind

AWARDING_ROLES = (OrganisationRole.TRAINER, OrganisationRole.MANAGER)
AUTHORING_ROLES = (OrganisationRole.AUTHOR, OrganisationRole.MANAGER)


def organisation_ids_for(*, user, roles) -> set[int]:
    """Return the ids of the organisations where ``user`` holds one of ``roles``."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, role__in=roles).values_list("organisation_id", flat=True))


def user_can_award(*, user, organisation_id: int) -> bool:
    """Return whether ``user`` may award and revoke the badges of the organisation (trainers, managers)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, organisation_id=organisation_id, role__in=AWARDING_ROLES).exists()


def badges_for_user(*, user, include_revoked: bool = False) -> QuerySet[Assertion]:
    """Return the learner's issued badges, newest first, with what a card shows (one query)."""
    assertions = Assertion.objects.filter(recipient=user, status=AssertionStatus.ISSUED)
    if not include_revoked:
        assertions = assertions.filter(revoked_at__isnull=True)
    return assertions.select_related("badge_class", "issuer").order_by("-issued_on", "-pk")


def assertion_public(*, uuid) -> Assertion | None:
    """Return the issued assertion with public id ``uuid`` and what its page shows, or None."""
    return (
        Assertion.objects.filter(uuid=uuid, status=AssertionStatus.ISSUED)
        .select_related("badge_class", "issuer", "recipient", "awarded_by")
        .first()
    )


def badge_class_public(*, pk: int) -> BadgeClass | None:
    """Return a badge class whose issuer exists (it is published), with its tags, or None."""
    return (
        BadgeClass.objects.filter(pk=pk, organisation__badge_issuer__isnull=False)
        .select_related("organisation__badge_issuer")
        .prefetch_related("tags")
        .first()
    )


def issuer_public(*, pk: int) -> Issuer | None:
    return Issuer.objects.filter(pk=pk).first()


def issuer_keys(*, issuer: Issuer) -> list[IssuerKey]:
    """Return every key the issuer ever used, oldest first (retired keys still verify old proofs)."""
    return list(IssuerKey.objects.filter(issuer=issuer).order_by("created_at", "pk"))


def revoked_assertions(*, issuer: Issuer) -> dict[str, str]:
    """Return ``{uuid: reason}`` for the issuer's revoked assertions, oldest revocation first."""
    rows = (
        Assertion.objects.filter(issuer=issuer, revoked_at__isnull=False)
        .order_by("revoked_at", "pk")
        .values_list("uuid", "revocation_reason")
    )
    return {str(uuid): reason for uuid, reason in rows}


def manual_award_classes(*, user) -> QuerySet[BadgeClass]:
    """Return the active badge classes ``user`` may award by hand (trainer rule, own organisations)."""
    classes = BadgeClass.objects.filter(is_active=True, rules__kind=RuleKind.TRAINER_AWARD)
    if not user.is_superuser:
        classes = classes.filter(organisation_id__in=organisation_ids_for(user=user, roles=AWARDING_ROLES))
    return classes.select_related("organisation").distinct().order_by("organisation__name", "name")


def manual_award_learners(*, user):
    """Return the learners of ``user``'s organisations: enrolled on a course or registered to a session."""
    organisations = organisation_ids_for(user=user, roles=AWARDING_ROLES)
    return (
        get_user_model()
        .objects.filter(
            Q(enrolments__course__organisation_id__in=organisations)
            | Q(live_registrations__session__organisation_id__in=organisations),
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def assertions_awarded_by_organisations(*, user, limit: int = 50) -> QuerySet[Assertion]:
    """Return the latest badges issued by ``user``'s organisations, for the trainers' page."""
    assertions = Assertion.objects.filter(status=AssertionStatus.ISSUED)
    if not user.is_superuser:
        assertions = assertions.filter(
            issuer__organisation_id__in=organisation_ids_for(user=user, roles=AWARDING_ROLES)
        )
    return assertions.select_related("badge_class", "recipient").order_by("-issued_on", "-pk")[:limit]
