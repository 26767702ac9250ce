"""Build Open Badges 2.0 documents for hosted verification (standards.md §1).

Every builder takes plain values and returns a JSON-ready ``dict``; none reads the database. The
recipient hashing and the alignment and evidence fields are shared with Open Badges 3.0 (``ob3``).
"""

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .jsonld import OB2_CONTEXT_URL, require_absolute_iri

NAIVE_DATETIME = "%(field)s must be timezone-aware; Open Badges dates carry a time zone."
CRITERIA_REQUIRED = "A badge class needs a criteria narrative, a criteria URL, or both."
EVIDENCE_EMPTY = "Evidence needs a URL or a narrative."

HASH_ALGORITHM = "sha256"
SALT_BYTES = 16


@dataclass(frozen=True, kw_only=True)
class Alignment:
    """Describe a competency or framework entry that a badge aligns to.

    ``target_type`` exists only in Open Badges 3.0 (e.g. ``ext:RNCPBlocCompetences``); OB 2.0 output
    leaves it out because the 2.0 context does not define it.
    """

    target_name: str
    target_url: str
    target_description: str | None = None
    target_framework: str | None = None
    target_code: str | None = None
    target_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """Describe a piece of evidence: a URL (e.g. a portfolio entry), a narrative, or both."""

    url: str | None = None
    narrative: str | None = None
    name: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        if not (self.url or self.narrative):
            raise ValueError(EVIDENCE_EMPTY)


def format_datetime(value: datetime, *, field: str = "date") -> str:
    """Return ``value`` as an ISO 8601 UTC string with a ``Z`` suffix, to the second."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(NAIVE_DATETIME % {"field": field})
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_salt() -> str:
    """Return a fresh random salt to store with one assertion."""
    return secrets.token_hex(SALT_BYTES)


def normalise_email(email: str) -> str:
    """Return the form of ``email`` that is hashed: stripped and lowercased."""
    return email.strip().lower()


def hash_identity(email: str, salt: str) -> str:
    """Return ``sha256$<lowercase hex>`` over the normalised email followed by the salt, as 1EdTech does."""
    digest = hashlib.sha256((normalise_email(email) + salt).encode("utf-8")).hexdigest()
    return f"{HASH_ALGORITHM}${digest}"


def compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``values`` without its None entries."""
    # Optional fields are left out rather than set to null: expansion would drop a null silently.
    return {key: value for key, value in values.items() if value is not None}


def alignment_object(alignment: Alignment) -> dict[str, Any]:
    """Return the OB 2.0 AlignmentObject for ``alignment``."""
    return compact(
        {
            "targetName": alignment.target_name,
            "targetUrl": require_absolute_iri(alignment.target_url, field="targetUrl"),
            "targetDescription": alignment.target_description,
            "targetFramework": alignment.target_framework,
            "targetCode": alignment.target_code,
        }
    )


def evidence_object(evidence: Evidence) -> dict[str, Any]:
    """Return the Evidence object for ``evidence`` (the same keys serve OB 2.0 and OB 3.0)."""
    return compact(
        {
            "id": require_absolute_iri(evidence.url, field="evidence URL") if evidence.url else None,
            "narrative": evidence.narrative,
            "name": evidence.name,
            "description": evidence.description,
        }
    )


def issuer_profile(
    *,
    profile_id: str,
    name: str,
    url: str,
    email: str,
    description: str | None = None,
    image: str | None = None,
    allowed_origins: Sequence[str] = (),
    starts_with: Sequence[str] = (),
    revocation_list: str | None = None,
) -> dict[str, Any]:
    """Return the issuer Profile served at ``profile_id``.

    ``allowed_origins`` and ``starts_with`` narrow which assertion URLs a verifier accepts for this
    issuer; with neither, verifiers accept the profile's own host.
    """
    verification = compact(
        {
            "allowedOrigins": list(allowed_origins) or None,
            "startsWith": list(starts_with) or None,
        }
    )
    return compact(
        {
            "@context": OB2_CONTEXT_URL,
            "id": require_absolute_iri(profile_id, field="profile_id"),
            "type": "Issuer",
            "name": name,
            "url": require_absolute_iri(url, field="url"),
            "email": email,
            "description": description,
            "image": require_absolute_iri(image, field="image") if image else None,
            "verification": {"type": "VerificationObject", **verification} if verification else None,
            "revocationList": require_absolute_iri(revocation_list, field="revocation_list")
            if revocation_list
            else None,
        }
    )


def badge_class(
    *,
    badge_id: str,
    name: str,
    description: str,
    image: str,
    issuer: str,
    criteria_narrative: str | None = None,
    criteria_url: str | None = None,
    alignments: Sequence[Alignment] = (),
    tags: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the BadgeClass served at ``badge_id``, issued by the profile at ``issuer``."""
    if not (criteria_narrative or criteria_url):
        raise ValueError(CRITERIA_REQUIRED)
    criteria = compact(
        {
            "id": require_absolute_iri(criteria_url, field="criteria_url") if criteria_url else None,
            "narrative": criteria_narrative,
        }
    )
    return compact(
        {
            "@context": OB2_CONTEXT_URL,
            "id": require_absolute_iri(badge_id, field="badge_id"),
            "type": "BadgeClass",
            "name": name,
            "description": description,
            "image": require_absolute_iri(image, field="image"),
            "criteria": criteria,
            "issuer": require_absolute_iri(issuer, field="issuer"),
            "alignment": [alignment_object(alignment) for alignment in alignments] or None,
            "tags": list(tags) or None,
        }
    )


def assertion(
    *,
    assertion_id: str,
    badge: str,
    recipient_email: str,
    salt: str,
    issued_on: datetime,
    expires: datetime | None = None,
    evidence: Sequence[Evidence] = (),
    narrative: str | None = None,
    image: str | None = None,
) -> dict[str, Any]:
    """Return the hosted Assertion served at ``assertion_id`` for the BadgeClass at ``badge``.

    The recipient appears only as a salted hash of the normalised email.
    """
    return compact(
        {
            "@context": OB2_CONTEXT_URL,
            "id": require_absolute_iri(assertion_id, field="assertion_id"),
            "type": "Assertion",
            "recipient": {
                "type": "email",
                "hashed": True,
                "salt": salt,
                "identity": hash_identity(recipient_email, salt),
            },
            "badge": require_absolute_iri(badge, field="badge"),
            "verification": {"type": "HostedBadge"},
            "issuedOn": format_datetime(issued_on, field="issued_on"),
            "expires": format_datetime(expires, field="expires") if expires else None,
            "evidence": [evidence_object(item) for item in evidence] or None,
            "narrative": narrative,
            "image": require_absolute_iri(image, field="image") if image else None,
        }
    )


def revocation_list(*, list_id: str, issuer: str, revoked: Mapping[str, str | None]) -> dict[str, Any]:
    """Return the RevocationList at ``list_id``; ``revoked`` maps assertion ids to optional reasons."""
    entries: list[str | dict[str, str]] = [
        {"id": assertion_id, "revocationReason": reason} if reason else assertion_id
        for assertion_id, reason in revoked.items()
    ]
    return {
        "@context": OB2_CONTEXT_URL,
        "id": require_absolute_iri(list_id, field="list_id"),
        "type": "RevocationList",
        "issuer": require_absolute_iri(issuer, field="issuer"),
        "revokedAssertions": entries,
    }


def revoked_assertion_body(*, assertion_id: str, reason: str | None = None) -> dict[str, Any]:
    """Return the body served with HTTP 410 Gone at a revoked hosted assertion's URL."""
    return compact(
        {
            "@context": OB2_CONTEXT_URL,
            "id": require_absolute_iri(assertion_id, field="assertion_id"),
            "revoked": True,
            "revocationReason": reason,
        }
    )
