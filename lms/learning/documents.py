"""The attestation PDF: an HTML template rendered by xhtml2pdf, with the verification URL as a QR code."""

import base64
import io

import qrcode
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from lms.portfolio.pdf import render_pdf

from .models import Attestation


def attestation_verification_url(attestation: Attestation) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{attestation.get_absolute_url()}"


def qr_code_data_uri(url: str) -> str:
    """Return a PNG ``data:`` URI of a QR code for ``url`` (xhtml2pdf reads PNG, not SVG)."""
    image = qrcode.make(url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def attestation_pdf(*, attestation: Attestation) -> bytes:
    """Return the PDF of ``attestation`` (one page; rendered in about a tenth of a second)."""
    url = attestation_verification_url(attestation)
    with translation.override("fr"):
        html = render_to_string(
            "learning/pdf/attestation.html",
            {"attestation": attestation, "verification_url": url, "qr_code": qr_code_data_uri(url)},
        )
    # Only the bundled fonts are read: the QR code is inline and the template loads nothing else.
    return render_pdf(html, allowed_roots=[])
