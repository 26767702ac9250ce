"""The stable public URLs of issuers, badge classes and assertions (absolute, from ``SITE_URL``).

These URLs are identifiers inside issued badges: changing one breaks every badge already issued.
"""

from django.conf import settings
from django.urls import reverse

EVIDENCE_ANCHOR = "preuve-%(number)s"


def absolute(path: str) -> str:
    """Return ``path`` on the public site."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def issuer_url(issuer_id: int) -> str:
    """Return the OB 2.0 issuer Profile URL."""
    return absolute(reverse("badges:issuer_json", args=[issuer_id]))


def issuer_profile_url(issuer_id: int) -> str:
    """Return the OB 3.0 issuer Profile URL: the ``issuer.id`` of credentials, listing the keys."""
    return absolute(reverse("badges:issuer_profile", args=[issuer_id]))


def issuer_key_url(issuer_id: int, key_id: str) -> str:
    return absolute(reverse("badges:issuer_key", args=[issuer_id, key_id]))


def issuer_image_url(issuer_id: int) -> str:
    return absolute(reverse("badges:issuer_image", args=[issuer_id]))


def revocation_list_url(issuer_id: int) -> str:
    return absolute(reverse("badges:issuer_revocations", args=[issuer_id]))


def status_list_url(issuer_id: int) -> str:
    return absolute(reverse("badges:issuer_status_list", args=[issuer_id]))


def badge_class_url(badge_class_id: int) -> str:
    return absolute(reverse("badges:class_json", args=[badge_class_id]))


def badge_class_image_url(badge_class_id: int, kind: str) -> str:
    return absolute(reverse("badges:class_image", args=[badge_class_id, kind]))


def assertion_url(uuid) -> str:
    """Return the hosted OB 2.0 assertion URL (its ``id``)."""
    return absolute(reverse("badges:assertion_json", args=[uuid]))


def assertions_prefix() -> str:
    """Return the prefix every hosted assertion URL starts with (the issuer's ``startsWith``)."""
    return assertion_url("00000000-0000-0000-0000-000000000000").rsplit("/", 1)[0] + "/"


def assertion_page_url(uuid) -> str:
    return absolute(reverse("badges:assertion_page", args=[uuid]))


def assertion_evidence_url(uuid, number: int) -> str:
    return f"{assertion_page_url(uuid)}#{EVIDENCE_ANCHOR % {'number': number}}"


def assertion_image_url(uuid, kind: str = "png") -> str:
    return absolute(reverse("badges:assertion_image", args=[uuid, kind]))


def assertion_credential_url(uuid) -> str:
    return absolute(reverse("badges:assertion_credential", args=[uuid]))
