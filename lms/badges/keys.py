"""Ed25519 keys as Multikey values, ``did:key`` identifiers and verification methods.

Split out of ``ob3`` (which re-exports every name here) so that key handling can be read, and
reused by the issuer key store, without the credential builders around it.
"""

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from .jsonld import require_absolute_iri

DID_KEY_PREFIX = "did:key:"
MULTIBASE_BASE58BTC = "z"
# Multicodec prefixes (unsigned varints) of Multikey values: ed25519-pub 0xed, ed25519-priv 0x1300.
ED25519_PUBLIC_PREFIX = b"\xed\x01"
ED25519_PRIVATE_PREFIX = b"\x80\x26"
ED25519_KEY_BYTES = 32

INVALID_MULTIKEY = "Not a base58btc Ed25519 Multikey value: %(value)r."


def generate_key() -> Ed25519PrivateKey:
    """Return a new Ed25519 signing key."""
    return Ed25519PrivateKey.generate()


def private_key_from_seed(seed: bytes) -> Ed25519PrivateKey:
    """Return the Ed25519 key whose 32-byte seed is ``seed``."""
    return Ed25519PrivateKey.from_private_bytes(seed)


def _multibase(prefix: bytes, raw: bytes) -> str:
    return MULTIBASE_BASE58BTC + base58.b58encode(prefix + raw).decode("ascii")


def _from_multibase(value: str, prefix: bytes) -> bytes:
    if not isinstance(value, str) or not value.startswith(MULTIBASE_BASE58BTC):
        raise ValueError(INVALID_MULTIKEY % {"value": value})
    try:
        decoded = base58.b58decode(value[1:])
    except ValueError as error:
        raise ValueError(INVALID_MULTIKEY % {"value": value}) from error
    if not decoded.startswith(prefix) or len(decoded) != len(prefix) + ED25519_KEY_BYTES:
        raise ValueError(INVALID_MULTIKEY % {"value": value})
    return decoded[len(prefix) :]


def _public(key: Ed25519PublicKey | Ed25519PrivateKey) -> Ed25519PublicKey:
    return key.public_key() if isinstance(key, Ed25519PrivateKey) else key


def public_key_multibase(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Return the Multikey ``publicKeyMultibase`` (``z6Mk…``) of ``key``."""
    return _multibase(ED25519_PUBLIC_PREFIX, _public(key).public_bytes(Encoding.Raw, PublicFormat.Raw))


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Return the public key encoded as a Multikey ``publicKeyMultibase``."""
    return Ed25519PublicKey.from_public_bytes(_from_multibase(value, ED25519_PUBLIC_PREFIX))


def private_key_multibase(key: Ed25519PrivateKey) -> str:
    """Return the Multikey ``secretKeyMultibase`` of ``key``, the form to keep in a secret store."""
    return _multibase(ED25519_PRIVATE_PREFIX, key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """Return the signing key encoded as a Multikey ``secretKeyMultibase``."""
    return private_key_from_seed(_from_multibase(value, ED25519_PRIVATE_PREFIX))


def did_key(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Return the ``did:key`` identifier of ``key``."""
    return DID_KEY_PREFIX + public_key_multibase(key)


def did_key_verification_method(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Return the verification method id ``did:key:z…#z…`` of ``key``."""
    return f"{did_key(key)}#{public_key_multibase(key)}"


def url_verification_method(controller: str, key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Return the verification method id ``<issuer URL>#z…``, as in the 1EdTech test vector."""
    return f"{require_absolute_iri(controller, field='controller')}#{public_key_multibase(key)}"


def multikey_document(*, controller: str, key: Ed25519PublicKey | Ed25519PrivateKey) -> dict[str, str]:
    """Return the Multikey entry to list under ``verificationMethod`` in the issuer's profile."""
    return {
        "id": url_verification_method(controller, key),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public_key_multibase(key),
    }
