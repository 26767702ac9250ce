"""Build, sign and verify Open Badges 3.0 credentials with Data Integrity ``eddsa-rdfc-2022``.

The algorithm follows standards.md §2.3 and reproduces the 1EdTech test vector byte for byte:
canonicalise the credential and the proof options (RDFC-1.0), hash both with SHA-256, sign
``proof hash ‖ document hash`` with Ed25519, and encode the signature as base58btc multibase.

Canonicalisation goes through ``expand_strict``, so a term the contexts do not define makes signing
fail instead of leaving data outside the proof. For the same reason the builders leave out
``credentialSchema`` and the 1EdTech ``1EdTechRevocationList`` status: their type names are in no
bundled context. Revocation uses the W3C ``BitstringStatusListEntry`` instead, which the VC 2.0
context defines (``status_list`` builds the list; ``credential_status`` here is the entry).

The key helpers (Multikey, ``did:key``, verification methods) live in ``keys`` and are re-exported.
"""

import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld.jsonld import JsonLdError

from .jsonld import OB3_CONTEXT_URL, VC2_CONTEXT_URL, canonize, require_absolute_iri
from .keys import (  # noqa: F401 - re-exported: ob3 was the keys' first home
    DID_KEY_PREFIX,
    ED25519_KEY_BYTES,
    ED25519_PRIVATE_PREFIX,
    ED25519_PUBLIC_PREFIX,
    INVALID_MULTIKEY,
    MULTIBASE_BASE58BTC,
    _multibase,
    did_key,
    did_key_verification_method,
    generate_key,
    multikey_document,
    private_key_from_multibase,
    private_key_from_seed,
    private_key_multibase,
    public_key_from_multibase,
    public_key_multibase,
    url_verification_method,
)
from .ob2 import Alignment, Evidence, compact, evidence_object, format_datetime, hash_identity

CREDENTIAL_CONTEXT = (VC2_CONTEXT_URL, OB3_CONTEXT_URL)
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
ED25519_SIGNATURE_BYTES = 64

ALREADY_SIGNED = "The credential already carries a proof; sign the unsigned credential."
NOT_A_CREDENTIAL = "The credential is not a JSON object."
NO_PROOF = "The credential carries no proof."
SEVERAL_PROOFS = "The credential carries several proofs; only one is supported."
WRONG_CONTEXT = "The credential's @context must start with the VC 2.0 context."
PROOF_CONTEXT_MISMATCH = "The proof's @context does not match the credential's."
WRONG_PROOF_TYPE = "The proof is not a DataIntegrityProof using eddsa-rdfc-2022."
WRONG_PROOF_PURPOSE = "The proof purpose is not assertionMethod."
NO_KEY = "No public key was given and the verification method is not a did:key."
KEY_MISMATCH = "The did:key verification method names a different key."
NOT_ISSUER_KEY = "The verification method is not controlled by the credential's issuer."
UNREADABLE = "The credential cannot be canonicalised: %(error)s"
BAD_PROOF_VALUE = "The proofValue is not a base58btc Ed25519 signature."
BAD_SIGNATURE = "The signature does not match the credential."


@dataclass(frozen=True)
class VerificationResult:
    """Say whether a credential verified and, if not, why (a sentence from this module's constants)."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def _image(url: str | None) -> dict[str, str] | None:
    return {"id": require_absolute_iri(url, field="image"), "type": "Image"} if url else None


def profile(
    *, profile_id: str, name: str, url: str | None = None, email: str | None = None, image: str | None = None
) -> dict[str, Any]:
    """Return the issuer Profile to embed in a credential."""
    return compact(
        {
            "id": require_absolute_iri(profile_id, field="profile_id"),
            "type": ["Profile"],
            "name": name,
            "url": require_absolute_iri(url, field="url") if url else None,
            "email": email,
            "image": _image(image),
        }
    )


def alignment_object(alignment: Alignment) -> dict[str, Any]:
    """Return the OB 3.0 Alignment for ``alignment``, ``targetType`` included."""
    return compact(
        {
            "type": ["Alignment"],
            "targetName": alignment.target_name,
            "targetUrl": require_absolute_iri(alignment.target_url, field="targetUrl"),
            "targetDescription": alignment.target_description,
            "targetFramework": alignment.target_framework,
            "targetCode": alignment.target_code,
            "targetType": alignment.target_type,
        }
    )


def achievement(
    *,
    achievement_id: str,
    name: str,
    description: str,
    criteria_narrative: str,
    criteria_url: str | None = None,
    achievement_type: str = "Badge",
    alignments: Sequence[Alignment] = (),
    image: str | None = None,
    in_language: str | None = None,
    tags: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the Achievement a credential awards; ``alignments`` name the competencies it certifies."""
    return compact(
        {
            "id": require_absolute_iri(achievement_id, field="achievement_id"),
            "type": ["Achievement"],
            "achievementType": achievement_type,
            "name": name,
            "description": description,
            "criteria": compact(
                {
                    "id": require_absolute_iri(criteria_url, field="criteria_url") if criteria_url else None,
                    "narrative": criteria_narrative,
                }
            ),
            "image": _image(image),
            "inLanguage": in_language,
            "tag": list(tags) or None,
            "alignment": [alignment_object(alignment) for alignment in alignments] or None,
        }
    )


def open_badge_credential(
    *,
    credential_id: str,
    issuer: dict[str, Any],
    achievement: dict[str, Any],
    recipient_email: str,
    salt: str,
    valid_from: datetime,
    name: str,
    description: str | None = None,
    valid_until: datetime | None = None,
    subject_id: str | None = None,
    evidence: Sequence[Evidence] = (),
    credential_status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return an unsigned OpenBadgeCredential awarding ``achievement`` to a hashed email.

    ``credential_status`` is a ``BitstringStatusListEntry`` (see ``status_list.status_entry``).
    """
    identifier = {
        "type": "IdentityObject",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
        "identityHash": hash_identity(recipient_email, salt),
    }
    subject = compact(
        {
            "id": require_absolute_iri(subject_id, field="subject_id") if subject_id else None,
            "type": ["AchievementSubject"],
            "identifier": [identifier],
            "achievement": achievement,
        }
    )
    return compact(
        {
            "@context": list(CREDENTIAL_CONTEXT),
            "id": require_absolute_iri(credential_id, field="credential_id"),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": issuer,
            "validFrom": format_datetime(valid_from, field="valid_from"),
            "validUntil": format_datetime(valid_until, field="valid_until") if valid_until else None,
            "name": name,
            "description": description,
            "credentialSubject": subject,
            "evidence": [{"type": ["Evidence"], **evidence_object(item)} for item in evidence] or None,
            "credentialStatus": credential_status,
        }
    )


def _signing_input(credential: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    """Return ``SHA-256(canonical proof options) ‖ SHA-256(canonical credential)``."""
    proof_config = {"@context": credential["@context"], **proof_options}
    proof_hash = hashlib.sha256(canonize(proof_config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonize(credential).encode("utf-8")).digest()
    return proof_hash + document_hash


def sign_credential(
    credential: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | None = None,
) -> dict[str, Any]:
    """Return a copy of ``credential`` with an ``eddsa-rdfc-2022`` proof.

    Raise ``DroppedTermError`` if any term would be left outside the proof.
    """
    if "proof" in credential:
        raise ValueError(ALREADY_SIGNED)
    proof_options = {
        "type": PROOF_TYPE,
        "created": format_datetime(created or datetime.now(UTC), field="created"),
        "verificationMethod": require_absolute_iri(verification_method, field="verification_method"),
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(_signing_input(credential, proof_options))
    # A deep copy, so that later edits to the unsigned input cannot alter the signed document.
    return copy.deepcopy(credential) | {"proof": {**proof_options, "proofValue": _multibase(b"", signature)}}


def _issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _check_proof(credential: dict[str, Any], proof: dict[str, Any]) -> str | None:
    """Return the reason ``proof`` cannot be checked, or None if its options are acceptable."""
    context = credential.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC2_CONTEXT_URL:
        return WRONG_CONTEXT
    # A proof may repeat the context; it must then be a prefix of the credential's (VC DI §4.4).
    if "@context" in proof:
        proof_context = proof["@context"] if isinstance(proof["@context"], list) else [proof["@context"]]
        if context[: len(proof_context)] != proof_context:
            return PROOF_CONTEXT_MISMATCH
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return WRONG_PROOF_TYPE
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return WRONG_PROOF_PURPOSE
    controller = str(proof.get("verificationMethod", "")).partition("#")[0]
    if controller != _issuer_id(credential):
        return NOT_ISSUER_KEY
    return None


def _resolve_key(verification_method: str, public_key: Ed25519PublicKey | None) -> Ed25519PublicKey | str:
    """Return the key to check against, or the reason there is none."""
    if not verification_method.startswith(DID_KEY_PREFIX):
        return public_key if public_key is not None else NO_KEY
    try:
        embedded = public_key_from_multibase(verification_method.partition("#")[0][len(DID_KEY_PREFIX) :])
    except ValueError as error:
        return str(error)
    if public_key is not None and public_key_multibase(public_key) != public_key_multibase(embedded):
        return KEY_MISMATCH
    return embedded


def _decode_signature(proof_value: Any) -> bytes | None:
    if not isinstance(proof_value, str) or not proof_value.startswith(MULTIBASE_BASE58BTC):
        return None
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError:
        return None
    return signature if len(signature) == ED25519_SIGNATURE_BYTES else None


def verify_credential(credential: Any, public_key: Ed25519PublicKey | str | None = None) -> VerificationResult:
    """Check the ``eddsa-rdfc-2022`` proof of ``credential`` against ``public_key`` (a key or Multikey).

    Without ``public_key`` only a ``did:key`` verification method can be checked. The verification
    method must belong to the issuer, and a credential with terms outside the proof fails.
    """
    if isinstance(public_key, str):
        public_key = public_key_from_multibase(public_key)
    if not isinstance(credential, dict):
        return VerificationResult(False, NOT_A_CREDENTIAL)
    proof = credential.get("proof")
    if isinstance(proof, list):
        if len(proof) > 1:
            return VerificationResult(False, SEVERAL_PROOFS)
        proof = proof[0] if proof else None
    if not isinstance(proof, dict):
        return VerificationResult(False, NO_PROOF)
    if reason := _check_proof(credential, proof):
        return VerificationResult(False, reason)
    key = _resolve_key(proof["verificationMethod"], public_key)
    if isinstance(key, str):
        return VerificationResult(False, key)
    signature = _decode_signature(proof.get("proofValue"))
    if signature is None:
        return VerificationResult(False, BAD_PROOF_VALUE)
    unsigned = {name: value for name, value in credential.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name not in ("proofValue", "@context")}
    try:
        signing_input = _signing_input(unsigned, options)
    except (JsonLdError, ValueError, LookupError) as error:
        return VerificationResult(False, UNREADABLE % {"error": error})
    try:
        key.verify(signature, signing_input)
    except InvalidSignature:
        return VerificationResult(False, BAD_SIGNATURE)
    return VerificationResult(True)
