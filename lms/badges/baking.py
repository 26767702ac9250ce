"""Bake badge data into PNG and SVG images, and read it back (standards.md §1.5 and §2.6).

PNG: one uncompressed ``iTXt`` chunk whose keyword is ``openbadges`` (OB 2.0) or
``openbadgecredential`` (OB 3.0), placed right after ``IHDR``. Baking again replaces the chunk.

SVG: ``<openbadges:assertion verify="URL"><![CDATA[json]]></openbadges:assertion>`` (OB 2.0) or
``<openbadges:credential><![CDATA[json]]></openbadges:credential>`` (OB 3.0) as the first child of
``<svg>``; baking again replaces it. SVG input is parsed with defusedxml, which refuses entity
declarations (billion laughs, external entities).
"""

import struct
import zlib
from collections.abc import Iterator
from typing import Any
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException, minidom

from .jsonld import require_absolute_iri

OB2_PNG_KEYWORD = "openbadges"
OB3_PNG_KEYWORD = "openbadgecredential"
OB2_SVG_NAMESPACE = "http://openbadges.org"
OB2_SVG_ELEMENT = "assertion"
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
OB3_SVG_ELEMENT = "credential"
SVG_PREFIX = "openbadges"
MAX_TEXT_BYTES = 1024 * 1024

NOT_A_PNG = "The file is not a PNG image (wrong signature)."
TRUNCATED_PNG = "The PNG image is truncated or has a chunk longer than the file."
CORRUPT_CHUNK = "The PNG chunk %(type)r has a wrong CRC; the image is corrupt."
NO_IHDR = "The PNG image does not start with an IHDR chunk."
MALFORMED_ITXT = "The PNG iTXt chunk %(keyword)r is malformed."
TEXT_TOO_LONG = "The PNG iTXt chunk %(keyword)r holds more than 1 MiB of text."
NOT_AN_SVG = "The file is not an SVG image (the root element is %(root)r)."
INVALID_SVG = "The SVG image is not well-formed XML: %(error)s"
UNSAFE_SVG = "The SVG image declares XML entities or external resources; it is refused."
PREFIX_TAKEN = "The SVG image already uses the prefix 'openbadges' for another namespace."
EMPTY_SVG_BADGE = "Give the badge text, a verify URL, or both."
NOT_BAKED = "The image carries no Open Badges data."

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ITXT = b"iTXt"
_TEXT_CHUNKS = (b"tEXt", b"zTXt", _ITXT)
_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/"
# A CDATA section ends at the first "]]>". That sequence can only occur inside a JSON string, where
# "\u003e" is an equivalent spelling of ">", so escaping it keeps the JSON value unchanged.
_CDATA_END = "]]>"
_CDATA_END_IN_JSON = "]]\\u003e"


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Yield ``(type, body)`` for each chunk of the PNG ``data``, checking lengths and CRCs."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(NOT_A_PNG)
    position = len(PNG_SIGNATURE)
    while position < len(data):
        if position + 12 > len(data):
            raise ValueError(TRUNCATED_PNG)
        length, chunk_type = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if end > len(data):
            raise ValueError(TRUNCATED_PNG)
        body = data[position + 8 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(chunk_type + body) != crc:
            raise ValueError(CORRUPT_CHUNK % {"type": chunk_type.decode("latin-1")})
        yield chunk_type, body
        position = end


def _chunk(chunk_type: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + chunk_type + body + struct.pack(">I", zlib.crc32(chunk_type + body))


def _keyword(body: bytes) -> bytes:
    return body.split(b"\0", 1)[0]


def bake_png(image: bytes, text: str, *, keyword: str = OB2_PNG_KEYWORD) -> bytes:
    """Return ``image`` with ``text`` in its one ``iTXt`` chunk named ``keyword``.

    Any text chunk already carrying ``keyword`` (including a legacy ``tEXt`` one) is removed, so an
    extractor that stops at the first chunk always finds the new data.
    """
    chunks = list(_chunks(image))
    if not chunks or chunks[0][0] != b"IHDR":
        raise ValueError(NO_IHDR)
    name = keyword.encode("latin-1")
    # Keyword, NUL, compression flag 0 and method 0, empty language tag and translated keyword.
    baked = _chunk(_ITXT, name + b"\0\0\0\0\0" + text.encode("utf-8"))
    kept = [
        _chunk(chunk_type, body)
        for chunk_type, body in chunks[1:]
        if not (chunk_type in _TEXT_CHUNKS and _keyword(body) == name)
    ]
    return PNG_SIGNATURE + _chunk(*chunks[0]) + baked + b"".join(kept)


def _itxt_text(body: bytes, keyword: str) -> str:
    """Return the text of an ``iTXt`` chunk body, decompressing it (bounded) if it is compressed."""
    try:
        flag_at = len(keyword) + 1
        language_end = body.index(b"\0", flag_at + 2)
        text = body[body.index(b"\0", language_end + 1) + 1 :]
        if body[flag_at]:
            # The baking spec forbids compression; other issuers may still use it. Bound the output so
            # a small chunk cannot inflate into gigabytes.
            inflater = zlib.decompressobj()
            text = inflater.decompress(text, MAX_TEXT_BYTES)
            if inflater.unconsumed_tail:
                raise ValueError(TEXT_TOO_LONG % {"keyword": keyword})
        return text.decode("utf-8")
    except (IndexError, zlib.error, UnicodeDecodeError) as error:
        raise ValueError(MALFORMED_ITXT % {"keyword": keyword}) from error


def unbake_png(image: bytes, *, keyword: str = OB2_PNG_KEYWORD) -> str:
    """Return the text of the first ``iTXt`` chunk named ``keyword`` (or of a legacy ``tEXt`` one)."""
    name = keyword.encode("latin-1")
    for chunk_type, body in _chunks(image):
        if chunk_type == _ITXT and _keyword(body) == name:
            return _itxt_text(body, keyword)
        if chunk_type == b"tEXt" and _keyword(body) == name:
            # Legacy OB 1.0 baking stored only the assertion URL, in Latin-1.
            return body[len(name) + 1 :].decode("latin-1")
    raise ValueError(NOT_BAKED)


def _parse_svg(svg: bytes | str) -> Any:
    try:
        document = minidom.parseString(svg)
    except DefusedXmlException as error:
        raise ValueError(UNSAFE_SVG) from error
    except ExpatError as error:
        raise ValueError(INVALID_SVG % {"error": error}) from error
    root = document.documentElement
    if root.namespaceURI != _SVG_NAMESPACE or root.localName != "svg":
        raise ValueError(NOT_AN_SVG % {"root": root.tagName})
    return document


def _badge_elements(root: Any, namespace: str, element: str) -> list[Any]:
    return [
        node
        for node in root.childNodes
        if node.nodeType == node.ELEMENT_NODE and node.namespaceURI == namespace and node.localName == element
    ]


def bake_svg(
    svg: bytes | str,
    *,
    text: str = "",
    verify: str | None = None,
    namespace: str = OB2_SVG_NAMESPACE,
    element: str = OB2_SVG_ELEMENT,
) -> bytes:
    """Return ``svg`` (UTF-8) with the badge element as the first child of ``<svg>``.

    For a hosted OB 2.0 badge give the assertion JSON as ``text`` and its URL as ``verify``; for an
    OB 3.0 credential with an embedded proof pass the ``OB3_SVG_*`` constants and the JSON only.
    An earlier element of the same name is removed, so the image carries exactly one.
    """
    if not (text or verify):
        raise ValueError(EMPTY_SVG_BADGE)
    document = _parse_svg(svg)
    root = document.documentElement
    declared = root.getAttributeNS(_XMLNS_NAMESPACE, SVG_PREFIX)
    if declared and declared != namespace:
        raise ValueError(PREFIX_TAKEN)
    for old in _badge_elements(root, namespace, element):
        root.removeChild(old).unlink()
    root.setAttributeNS(_XMLNS_NAMESPACE, f"xmlns:{SVG_PREFIX}", namespace)
    badge = document.createElementNS(namespace, f"{SVG_PREFIX}:{element}")
    if verify:
        badge.setAttribute("verify", require_absolute_iri(verify, field="verify"))
    if text:
        badge.appendChild(document.createCDATASection(text.replace(_CDATA_END, _CDATA_END_IN_JSON)))
    root.insertBefore(badge, root.firstChild)
    return document.toxml(encoding="utf-8")


def unbake_svg(svg: bytes | str, *, namespace: str = OB2_SVG_NAMESPACE, element: str = OB2_SVG_ELEMENT) -> str:
    """Return the JSON baked into ``svg``, or the ``verify`` value when there is no body (signed badge)."""
    badges = _badge_elements(_parse_svg(svg).documentElement, namespace, element)
    if not badges:
        raise ValueError(NOT_BAKED)
    text_nodes = (badges[0].TEXT_NODE, badges[0].CDATA_SECTION_NODE)
    text = "".join(node.data for node in badges[0].childNodes if node.nodeType in text_nodes)
    return text.strip() or badges[0].getAttribute("verify")
