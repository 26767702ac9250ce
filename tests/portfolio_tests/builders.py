"""Build small but valid evidence files, and inspect rendered PDFs, for the portfolio tests."""

import io
import zipfile
from pathlib import Path

from django.template import Context, Engine
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen import canvas

import lms.portfolio

TEMPLATES_DIR = Path(lms.portfolio.__file__).resolve().parent / "templates"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
OOXML_MAIN_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}


def make_pdf(text: str = "Attestation de formation") -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, text)
    document.showPage()
    document.save()
    return buffer.getvalue()


def make_image(fmt: str, size: tuple[int, int] = (32, 24), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode == "1" else (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def make_ooxml(mime: str = DOCX, extra: dict[str, bytes] | None = None, main_type: str | None = None) -> bytes:
    part, content_type = OOXML_MAIN_PARTS[mime], f"{mime}.main+xml"
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type or content_type}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{part}"/></Relationships>'
    )
    members = {"[Content_Types].xml": content_types.encode(), "_rels/.rels": rels.encode(), part: b"<x/>"}
    return make_zip({**members, **(extra or {})})


def make_odf(mime: str = ODT, extra: dict[str, bytes] | None = None) -> bytes:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/></manifest:manifest>'
    )
    content = '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
    members = {"mimetype": mime.encode(), "META-INF/manifest.xml": manifest.encode(), "content.xml": content.encode()}
    return make_zip({**members, **(extra or {})})


def make_zip(members: dict[str, bytes], *, stored: tuple[str, ...] = ("mimetype",)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def render_page(content: str, **context: object) -> str:
    """Render ``content`` inside ``portfolio/pdf/base.html`` without installing the app."""
    engine = Engine(dirs=[str(TEMPLATES_DIR)], libraries={"i18n": "django.templatetags.i18n"})
    template = engine.from_string(
        '{% extends "portfolio/pdf/base.html" %}{% block content %}' + content + "{% endblock content %}"
    )
    return template.render(Context(context))


def write_png(path: Path, colour: str = "red") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 40), colour).save(path)
    return path


def image_xobjects(pdf_bytes: bytes) -> int:
    count = 0
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        count += sum(1 for obj in xobjects.values() if obj.get_object().get("/Subtype") == "/Image")
    return count


def page_texts(pdf_bytes: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def font_names(pdf_bytes: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names
