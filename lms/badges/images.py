"""Check, normalise and sanitise badge images: PNG or SVG, recognised by content, never by name.

* PNG: decoded with Pillow, then re-encoded as a square ``SIZE``×``SIZE`` RGBA PNG. Re-encoding drops
  every ancillary chunk (text, an earlier ``openbadges`` chunk, ICC profiles…).
* SVG: parsed with defusedxml (no entities, no external DTD), then rebuilt from an allowlist of
  elements and attributes: no script, no event handler, no ``foreignObject``, no style sheet, and
  links only to fragments of the same image or to embedded PNG/JPEG data.

Whatever passes is still served with a strict content type and a sandboxing CSP (``views.public``).
"""

import base64
import io
import re
from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException, minidom
from PIL import Image, UnidentifiedImageError

PNG = "png"
SVG = "svg"
CONTENT_TYPES = {PNG: "image/png", SVG: "image/svg+xml"}
SIZE = 256
MAX_UPLOAD_BYTES = 1024 * 1024
MAX_PIXELS = 4096 * 4096

NOT_AN_IMAGE = "L'image doit être un fichier PNG ou SVG."
TOO_LARGE = "L'image dépasse 1 Mo."
TOO_MANY_PIXELS = "L'image est trop grande (4096 × 4096 pixels au plus)."
BROKEN_PNG = "Le fichier PNG est illisible ou corrompu."
BROKEN_SVG = "Le fichier SVG est illisible : %(error)s"
UNSAFE_SVG = "Le fichier SVG déclare des entités XML ; il est refusé."

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ALLOWED_ELEMENTS = frozenset(
    "svg g defs title desc symbol use path circle ellipse rect line polyline polygon text tspan textPath "
    "linearGradient radialGradient stop clipPath mask pattern image filter feGaussianBlur feOffset "
    "feBlend feFlood feComposite feMerge feMergeNode feColorMatrix marker".split()
)
_ALLOWED_ATTRIBUTES = frozenset(
    "id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry d points transform fill fill-opacity "
    "fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin stroke-dasharray "
    "stroke-dashoffset stroke-miterlimit opacity font-family font-size font-weight font-style text-anchor "
    "dominant-baseline letter-spacing offset stop-color stop-opacity gradientUnits gradientTransform "
    "spreadMethod fx fy clip-path clip-rule mask preserveAspectRatio role aria-label aria-hidden "
    "aria-labelledby aria-describedby lang xml:lang version patternUnits patternTransform "
    "patternContentUnits maskUnits clipPathUnits markerWidth markerHeight refX refY orient "
    "stdDeviation dx dy in in2 result mode flood-color flood-opacity operator values type href "
    "xlink:href visibility display".split()
)
# url(#id) only: a url() to anything else would make the image fetch a resource.
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]+$")


class BadgeImageError(ValueError):
    """Raised with a French message (shown to authors) when an image is refused."""


def sniff(data: bytes) -> str | None:
    """Return ``PNG``, ``SVG`` or None, from the first bytes of ``data``."""
    if data.startswith(_PNG_SIGNATURE):
        return PNG
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return SVG
    return None


def normalise_png(data: bytes) -> bytes:
    """Return ``data`` as a clean square ``SIZE`` px RGBA PNG (padded, never stretched)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG":
                raise BadgeImageError(NOT_AN_IMAGE)
            if probe.width * probe.height > MAX_PIXELS:
                raise BadgeImageError(TOO_MANY_PIXELS)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise BadgeImageError(BROKEN_PNG) from error
    image.thumbnail((SIZE, SIZE), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    canvas.paste(image, ((SIZE - image.width) // 2, (SIZE - image.height) // 2))
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def _safe_link(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(_SAFE_DATA_IMAGE.match(value))


def _clean(node) -> None:
    for child in list(node.childNodes):
        if child.nodeType == child.ELEMENT_NODE:
            if child.namespaceURI != _SVG_NS or child.localName not in _ALLOWED_ELEMENTS:
                node.removeChild(child).unlink()
                continue
            for name in list(child.attributes.keys()):
                value = child.getAttribute(name)
                local = name.split(":")[-1] if name.startswith("xlink:") else name
                if name.startswith("xmlns"):
                    continue
                if name not in _ALLOWED_ATTRIBUTES or (local == "href" and not _safe_link(value)):
                    child.removeAttribute(name)
                elif _EXTERNAL_URL.search(value):
                    child.removeAttribute(name)
            _clean(child)
        elif child.nodeType in (child.COMMENT_NODE, child.PROCESSING_INSTRUCTION_NODE):
            node.removeChild(child).unlink()


def sanitise_svg(data: bytes) -> bytes:
    """Return ``data`` rebuilt from the allowlist; raise ``BadgeImageError`` if it is not a safe SVG."""
    try:
        document = minidom.parseString(data)
    except DefusedXmlException as error:
        raise BadgeImageError(UNSAFE_SVG) from error
    except ExpatError as error:
        raise BadgeImageError(BROKEN_SVG % {"error": error}) from error
    root = document.documentElement
    if root.namespaceURI != _SVG_NS or root.localName != "svg":
        raise BadgeImageError(NOT_AN_IMAGE)
    for name in list(root.attributes.keys()):
        if not name.startswith("xmlns") and name not in _ALLOWED_ATTRIBUTES:
            root.removeAttribute(name)
    _clean(root)
    for child in list(document.childNodes):
        if child is not root:
            document.removeChild(child)
    return root.toxml(encoding=None).encode("utf-8")


def clean_badge_image(data: bytes) -> tuple[bytes, str]:
    """Return ``(clean bytes, kind)`` for an uploaded badge image, or raise ``BadgeImageError``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise BadgeImageError(TOO_LARGE)
    kind = sniff(data)
    if kind == PNG:
        return normalise_png(data), PNG
    if kind == SVG:
        return sanitise_svg(data), SVG
    raise BadgeImageError(NOT_AN_IMAGE)


def svg_wrapping_png(png: bytes, *, title: str) -> bytes:
    """Return an SVG that shows ``png`` embedded as data, so every badge also exists as SVG."""
    encoded = base64.b64encode(png).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" '
        f'role="img"><title>{escape(title)}</title>'
        f'<image width="{SIZE}" height="{SIZE}" href="data:image/png;base64,{encoded}"/></svg>'
    ).encode()
