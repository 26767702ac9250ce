"""Keep issuer signing keys encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256).

The database only ever holds a Fernet token of the key's 32-byte seed. The token key is derived with
HKDF-SHA256 from ``BADGES_KEY_ENCRYPTION_KEY`` when set (recommended in production: rotate it apart
from ``SECRET_KEY``), otherwise from ``SECRET_KEY``. Losing that secret makes the stored keys
unusable: the issuer then needs a new key (old credentials stay verifiable, their public keys stay
published).
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .keys import ED25519_KEY_BYTES, private_key_from_seed

NO_SECRET = "Set BADGES_KEY_ENCRYPTION_KEY (or SECRET_KEY) to encrypt the badge issuers' signing keys."  # noqa: S105 - a message, not a secret
UNDECRYPTABLE = (
    "An issuer signing key cannot be decrypted: BADGES_KEY_ENCRYPTION_KEY (or SECRET_KEY) changed since it was "
    "stored. Restore the secret, or retire the key so that a new one is generated."
)

# Fixed, public HKDF inputs: they only separate this use of the secret from any other.
_HKDF_SALT = b"tremplin.badges.keystore.v1"
_HKDF_INFO = b"issuer-signing-keys"


class KeyDecryptionError(RuntimeError):
    """Raised when a stored key does not decrypt with the configured secret."""


def _secret() -> str:
    secret = getattr(settings, "BADGES_KEY_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    if not secret:
        raise ImproperlyConfigured(NO_SECRET)
    return secret


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_private_key(key: Ed25519PrivateKey) -> str:
    """Return the Fernet token (ASCII) of ``key``'s seed, the only form the database stores."""
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return _fernet(_secret()).encrypt(seed).decode("ascii")


def decrypt_private_key(token: str) -> Ed25519PrivateKey:
    """Return the signing key sealed in ``token``; raise ``KeyDecryptionError`` if the secret changed."""
    try:
        seed = _fernet(_secret()).decrypt(token.encode("ascii"))
    except InvalidToken as error:
        raise KeyDecryptionError(UNDECRYPTABLE) from error
    if len(seed) != ED25519_KEY_BYTES:
        raise KeyDecryptionError(UNDECRYPTABLE)
    return private_key_from_seed(seed)
