"""W3C Bitstring Status List (VC 2.0) for revoking Open Badges 3.0 credentials.

The 1EdTech ``1EdTechRevocationList`` type is in no bundled context, so signing an entry of that
type would fail strict expansion. ``BitstringStatusListEntry`` and ``BitstringStatusListCredential``
are defined by the VC 2.0 context itself: every term below survives ``expand_strict``.

One list per issuer, of ``LIST_SIZE`` bits (the specification's minimum, 16 KiB, for herd privacy);
bit ``i`` counted from the left of the first byte is 1 when the credential with index ``i`` is revoked.
"""

import base64
import gzip
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .jsonld import VC2_CONTEXT_URL, require_absolute_iri
from .ob2 import format_datetime

LIST_SIZE = 131_072
STATUS_PURPOSE = "revocation"
MULTIBASE_BASE64URL = "u"

INDEX_OUT_OF_RANGE = "Status list index %(index)s is outside 0..%(size)s."
NOT_A_LIST = "Not a multibase base64url, GZIP-compressed bitstring."


def encode(revoked: Iterable[int], *, size: int = LIST_SIZE) -> str:
    """Return the ``encodedList`` value with the bits of ``revoked`` set."""
    bits = bytearray(size // 8)
    for index in revoked:
        if not 0 <= index < size:
            raise ValueError(INDEX_OUT_OF_RANGE % {"index": index, "size": size - 1})
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0 makes the bytes depend on the bits only, so an unchanged list re-encodes identically.
    packed = gzip.compress(bytes(bits), mtime=0)
    return MULTIBASE_BASE64URL + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def is_set(encoded_list: str, index: int) -> bool:
    """Return whether bit ``index`` of an ``encodedList`` is set (what a verifier does)."""
    if not encoded_list.startswith(MULTIBASE_BASE64URL):
        raise ValueError(NOT_A_LIST)
    body = encoded_list[1:]
    try:
        bits = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (OSError, ValueError) as error:
        raise ValueError(NOT_A_LIST) from error
    if not 0 <= index < len(bits) * 8:
        raise ValueError(INDEX_OUT_OF_RANGE % {"index": index, "size": len(bits) * 8 - 1})
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_entry(*, list_url: str, index: int) -> dict[str, Any]:
    """Return the ``credentialStatus`` entry pointing at bit ``index`` of the list at ``list_url``."""
    require_absolute_iri(list_url, field="list_url")
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(*, list_url: str, issuer: str, valid_from: datetime, revoked: Iterable[int]) -> dict:
    """Return the unsigned ``BitstringStatusListCredential`` served at ``list_url``."""
    return {
        "@context": [VC2_CONTEXT_URL],
        "id": require_absolute_iri(list_url, field="list_url"),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": require_absolute_iri(issuer, field="issuer"),
        "validFrom": format_datetime(valid_from, field="valid_from"),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode(revoked),
        },
    }
