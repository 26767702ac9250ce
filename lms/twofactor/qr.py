"""Render the provisioning URI as an inline SVG QR code (a data URI: no request, allowed by the CSP)."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg


def qr_svg_data_uri(data: str) -> str:
    """Return ``data`` encoded as a QR code in an ``image/svg+xml`` data URI."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
