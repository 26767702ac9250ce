"""Turn issuers, badge classes and assertions into Open Badges 2.0 and 3.0 documents.

The builders in ``ob2``/``ob3``/``status_list`` take plain values; this module feeds them from the
models. Callers pass rows with their relations loaded (see ``selectors``); nothing here queries
except ``alignments``, which reads the competencies and blocks of one badge class.
"""

from typing import Any

from django.urls import reverse

from . import links, ob2, ob3
from .models import Assertion, BadgeClass, Issuer, IssuerKey

RNCP_BLOCK_TYPE = "ext:RNCPBlocCompetences"
COMPETENCY_TYPE = "ceasn:Competency"
# Terms the OB 3.0 profile document needs beyond VC 2.0 and OB 3.0 (W3C security vocabulary IRIs).
KEY_TERMS_CONTEXT = {
    "verificationMethod": {"@id": "https://w3id.org/security#verificationMethod", "@type": "@id", "@container": "@set"},
    "assertionMethod": {"@id": "https://w3id.org/security#assertionMethod", "@type": "@id", "@container": "@set"},
    "Multikey": "https://w3id.org/security#Multikey",
    "controller": {"@id": "https://w3id.org/security#controller", "@type": "@id"},
    "publicKeyMultibase": {
        "@id": "https://w3id.org/security#publicKeyMultibase",
        "@type": "https://w3id.org/security#multibase",
    },
}
# The Open Badges xAPI profile's context extension pointing from a statement to the assertion.
XAPI_ASSERTION_EXTENSION = "https://w3id.org/xapi/openbadges/extensions/badgeassertion"


def _framework_anchor_url(framework_code: str, block_id: int) -> str:
    return links.absolute(reverse("frameworks:detail", args=[framework_code])) + f"#block-{block_id}"


def alignments(badge_class: BadgeClass) -> list[ob2.Alignment]:
    """Return the competencies, then the blocks (explicit, or with an RNCP code), the class aligns to."""
    competencies = list(
        badge_class.competencies.select_related("framework", "block").order_by(
            "framework__code", "block__sort_order", "sort_order", "code"
        )
    )
    blocks = {block.pk: block for block in badge_class.blocks.select_related("framework")}
    result = []
    for competency in competencies:
        framework, block = competency.framework, competency.block
        result.append(
            ob2.Alignment(
                target_name=f"{competency.code} — {competency.title}",
                target_url=_framework_anchor_url(framework.code, block.pk),
                target_framework=framework.title,
                target_code=competency.reference,
                target_type=COMPETENCY_TYPE,
            )
        )
        if block.rncp_block_code:
            block.framework = framework
            blocks.setdefault(block.pk, block)
    for block in sorted(blocks.values(), key=lambda b: (b.framework.code, b.sort_order, b.code)):
        framework = block.framework
        rncp = bool(block.rncp_block_code)
        result.append(
            ob2.Alignment(
                target_name=f"{block.code} — {block.activity_type}" if block.activity_type else block.code,
                target_url=framework.rncp_url
                if rncp and framework.rncp_url
                else _framework_anchor_url(framework.code, block.pk),
                target_framework=f"{framework.title} ({framework.rncp_code})"
                if framework.rncp_code
                else framework.title,
                target_code=block.rncp_block_code or f"{framework.code}/{block.code}",
                target_type=RNCP_BLOCK_TYPE if rncp else None,
            )
        )
    return result


def issuer_document(issuer: Issuer) -> dict[str, Any]:
    """Return the OB 2.0 issuer Profile."""
    return ob2.issuer_profile(
        profile_id=links.issuer_url(issuer.pk),
        name=issuer.name,
        url=issuer.url,
        email=issuer.email,
        description=issuer.description or None,
        image=links.issuer_image_url(issuer.pk) if issuer.image else None,
        starts_with=[links.assertions_prefix()],
        revocation_list=links.revocation_list_url(issuer.pk),
    )


def badge_class_document(badge_class: BadgeClass, *, tags: list[str]) -> dict[str, Any]:
    """Return the OB 2.0 BadgeClass; ``badge_class.organisation.badge_issuer`` must exist."""
    return ob2.badge_class(
        badge_id=links.badge_class_url(badge_class.pk),
        name=badge_class.name,
        description=badge_class.description,
        image=links.badge_class_image_url(badge_class.pk, badge_class.image_kind),
        issuer=links.issuer_url(badge_class.organisation.badge_issuer.pk),
        criteria_narrative=badge_class.criteria_narrative.strip() or None,
        criteria_url=badge_class.criteria_url or None,
        alignments=alignments(badge_class),
        tags=tags,
    )


def evidence_items(assertion: Assertion) -> list[ob2.Evidence]:
    """Return the evidence: each points at its anchor on the assertion page (records has no public URL)."""
    items = [dict(item) for item in assertion.evidence]
    if assertion.narrative:
        items.append({"name": "Commentaire du formateur ou de la formatrice", "narrative": assertion.narrative})
    return [
        ob2.Evidence(
            url=links.assertion_evidence_url(assertion.uuid, number),
            narrative=item.get("narrative") or None,
            name=item.get("name") or None,
        )
        for number, item in enumerate(items, start=1)
    ]


def assertion_document(assertion: Assertion) -> dict[str, Any]:
    """Return the hosted OB 2.0 Assertion of an issued assertion."""
    return ob2.assertion(
        assertion_id=links.assertion_url(assertion.uuid),
        badge=links.badge_class_url(assertion.badge_class_id),
        recipient_email=assertion.recipient_email,
        salt=assertion.salt,
        issued_on=assertion.issued_on,
        expires=assertion.expires_on,
        evidence=evidence_items(assertion),
        narrative=assertion.narrative or None,
        image=links.assertion_image_url(assertion.uuid, "png"),
    )


def revocation_list_document(issuer: Issuer, revoked: dict[str, str]) -> dict[str, Any]:
    """Return the RevocationList; ``revoked`` maps assertion UUIDs to reasons."""
    return ob2.revocation_list(
        list_id=links.revocation_list_url(issuer.pk),
        issuer=links.issuer_url(issuer.pk),
        revoked={links.assertion_url(uuid): reason for uuid, reason in revoked.items()},
    )


def verification_method(issuer: Issuer, key: IssuerKey) -> str:
    """Return the verification method id: ``<OB 3.0 profile URL>#<Multikey>``."""
    return f"{links.issuer_profile_url(issuer.pk)}#{key.public_key_multibase}"


def key_document(issuer: Issuer, key: IssuerKey) -> dict[str, Any]:
    """Return one key as a Multikey verification method, with the context that defines its terms."""
    controller = links.issuer_profile_url(issuer.pk)
    return {
        "@context": [*ob3.CREDENTIAL_CONTEXT, KEY_TERMS_CONTEXT],
        "id": verification_method(issuer, key),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": key.public_key_multibase,
    }


def _ob3_issuer(issuer: Issuer) -> dict[str, Any]:
    return ob3.profile(
        profile_id=links.issuer_profile_url(issuer.pk),
        name=issuer.name,
        url=issuer.url,
        email=issuer.email,
        image=links.issuer_image_url(issuer.pk) if issuer.image else None,
    )


def profile_document(issuer: Issuer, keys: list[IssuerKey]) -> dict[str, Any]:
    """Return the OB 3.0 issuer Profile listing every key, retired ones included (old proofs verify)."""
    methods = [
        {key_field: value for key_field, value in key_document(issuer, key).items() if key_field != "@context"}
        for key in keys
    ]
    return {
        "@context": [*ob3.CREDENTIAL_CONTEXT, KEY_TERMS_CONTEXT],
        **_ob3_issuer(issuer),
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def credential_document(assertion: Assertion, *, tags: list[str], status: dict | None) -> dict[str, Any]:
    """Return the unsigned OpenBadgeCredential of ``assertion`` (issued_on must be set)."""
    badge_class = assertion.badge_class
    achievement = ob3.achievement(
        achievement_id=links.badge_class_url(badge_class.pk),
        name=badge_class.name,
        description=badge_class.description,
        criteria_narrative=badge_class.criteria_narrative.strip() or badge_class.description,
        criteria_url=badge_class.criteria_url or None,
        alignments=alignments(badge_class),
        image=links.badge_class_image_url(badge_class.pk, badge_class.image_kind),
        in_language="fr",
        tags=tags,
    )
    return ob3.open_badge_credential(
        credential_id=f"urn:uuid:{assertion.uuid}",
        issuer=_ob3_issuer(assertion.issuer),
        achievement=achievement,
        recipient_email=assertion.recipient_email,
        salt=assertion.salt,
        valid_from=assertion.issued_on,
        valid_until=assertion.expires_on,
        name=badge_class.name,
        description=badge_class.description,
        evidence=evidence_items(assertion),
        credential_status=status,
    )
