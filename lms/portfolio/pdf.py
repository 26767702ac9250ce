"""Render portfolio HTML to PDF with xhtml2pdf, reading nothing but the application's own files.

The HTML decides what the renderer fetches (``<img>``, ``<link>``, ``@import``, ``@font-face``,
backgrounds), and part of it is learner-written. Two gates therefore stand between the document
and the machine:

* :class:`ResourceResolver`, the ``link_callback``: it maps each URL onto a file under an allowed
  root, or refuses it (logged) and hands xhtml2pdf an empty resource, so rendering goes on
  without it. No URL with a network scheme is ever resolved.
* xhtml2pdf's own ``ResourceAccessPolicy`` (0.2.19+), built with ``server()`` limits, no remote
  access and the same roots. It also covers the few code paths that bypass ``link_callback``.

Learner HTML must still go through :func:`lms.portfolio.sanitize.sanitize_rich_text` before it
is placed in a template. Templates should extend ``portfolio/pdf/base.html``, which embeds the
bundled DejaVu Sans so that French typography and symbols (œ, «», €, ✓, ’) render.
"""

import logging
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.utils.translation import gettext_lazy as _
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

logger = logging.getLogger(__name__)

#: DejaVu Sans, copied from Debian's fonts-dejavu-core (Bitstream Vera licence, see fonts/LICENSE)
#: so the product does not depend on the system's fonts. Always an allowed root.
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVu Sans"

#: Inline images are part of the document, and a small logo or signature is all a template needs
#: inline; anything larger belongs in the media directory, where the policy's limits apply.
DATA_URI_MAX_BYTES = 256 * 1024
DATA_URI_MEDIA_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})

#: What a document may load from disk. SVG is left out on purpose: svglib has its own loaders.
RESOURCE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".ttf", ".css"})

#: Given to xhtml2pdf in place of a refused resource: an empty ``data:`` URI reads as no content,
#: so the element is left out and nothing is fetched.
REFUSED_RESOURCE = "data:,"


class PdfRenderError(Exception):
    """Raise when xhtml2pdf reports errors, so a half-rendered portfolio is never delivered."""

    message = _("La génération du PDF du portfolio a échoué. Réessayez plus tard ou contactez votre accompagnateur.")

    def __init__(self, error_count: int) -> None:
        self.error_count = error_count
        super().__init__(f"{self.message} (xhtml2pdf: {error_count} error(s); see the xhtml2pdf log)")


class ResourceResolver:
    """Resolve the URLs a portfolio document asks for to files under ``roots``, refusing the rest.

    Accepted: ``data:`` images up to ``DATA_URI_MAX_BYTES``; ``file:`` URIs and absolute paths
    inside a root; relative paths, looked up in each root in order. The resolved file must stay
    inside a root after symlinks and ``..`` are resolved, and have a suffix in
    ``RESOURCE_SUFFIXES``. Everything else (``http:``, ``https:``, ``ftp:``, ``//host``…) is
    refused, logged and recorded in :attr:`refused`.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        self.roots: tuple[Path, ...] = tuple(dict.fromkeys(Path(root).resolve() for root in roots))
        self.refused: list[str] = []

    def __call__(self, uri: str, rel: str | None = None) -> str:
        """Return the file path (or data URI) for ``uri``, or an empty resource if it is refused."""
        resolved = self.resolve(str(uri))
        if resolved is None:
            self.refused.append(str(uri))
            logger.warning("Portfolio PDF: refused resource %r", str(uri)[:200])
            return REFUSED_RESOURCE
        return resolved

    def resolve(self, uri: str) -> str | None:
        """Return what xhtml2pdf may load for ``uri``, or ``None`` to refuse it."""
        uri = uri.strip()
        if uri[:5].lower() == "data:":
            return uri if _data_uri_allowed(uri) else None
        parts = urlsplit(uri)
        if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
            raw_path = url2pathname(parts.path)
        elif parts.scheme or parts.netloc or uri.startswith("//"):
            return None
        else:
            raw_path = unquote(parts.path)
        path = Path(raw_path)
        if not raw_path or path.suffix.lower() not in RESOURCE_SUFFIXES:
            return None
        candidates = [path] if path.is_absolute() else [root / path for root in self.roots]
        for candidate in candidates:
            try:
                real = candidate.resolve()
            except (OSError, RuntimeError, ValueError):  # symlink loop, NUL byte
                return None
            if not any(real.is_relative_to(root) for root in self.roots):
                # An escape attempt is refused outright, not retried against the next root.
                return None
            if real.is_file():
                return str(real)
        return None


def _data_uri_allowed(uri: str) -> bool:
    header, comma, payload = uri[5:].partition(",")
    params = [param.strip().lower() for param in header.split(";")]
    if not comma or params[0] not in DATA_URI_MEDIA_TYPES:
        return False
    # Base64 decodes to three bytes per four characters; percent-encoding only ever shrinks.
    decoded_size = len(payload) * 3 // 4 if params[-1] == "base64" else len(payload)
    return decoded_size <= DATA_URI_MAX_BYTES


def render_pdf(html: str, *, allowed_roots: Sequence[Path]) -> bytes:
    """Render ``html`` to PDF bytes, reading only files under ``allowed_roots`` and ``FONTS_DIR``.

    Pass the narrowest roots that work: the static directory, this portfolio's own media
    directory. Refused resources are logged and left out; the render still succeeds. Raise
    :class:`PdfRenderError` if xhtml2pdf reports an error, including a policy limit (render time,
    document size, nesting depth) being exceeded. Rendering takes seconds for a full portfolio:
    call it from a background task, not a request.
    """
    resolver = ResourceResolver([FONTS_DIR, *allowed_roots])
    policy = ResourceAccessPolicy.server(base_dir=None, extra_roots=resolver.roots, allow_remote=False)
    output = BytesIO()
    # raise_exception=False: xhtml2pdf then logs the exception and counts it in ``err``, which is
    # turned into PdfRenderError below without catching arbitrary exceptions here.
    status = pisa.CreatePDF(html, dest=output, link_callback=resolver, resource_policy=policy, raise_exception=False)
    if status.err:
        raise PdfRenderError(status.err)
    return output.getvalue()
