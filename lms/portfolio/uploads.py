"""Validate evidence files for the VAE portfolio by their content, never by their name.

The accepted formats are the ones a learner and an assessor can both open without risk: PDF, PNG,
JPEG, WebP, and the zip-based office formats (ODT/ODS/ODP, DOCX/XLSX/PPTX). Anything that can carry
active content in a browser (HTML, SVG, XML, scripts) or run on a machine (executables, macros,
OLE packages) is refused, as are files whose bytes fit two formats at once. Serve stored evidence
with the detected ``mime_type``, ``X-Content-Type-Options: nosniff`` and, for non-images,
``Content-Disposition: attachment``.
"""

import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import PureWindowsPath
from typing import IO

import filetype
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

#: 10 MiB holds a scanned multi-page PDF or a phone photo, and is cheap to check in memory.
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
#: A 24-megapixel photo (6000 × 4000) fits. It matches xhtml2pdf's ``server()`` policy, so every
#: accepted image can also be embedded in the portfolio PDF.
MAX_IMAGE_PIXELS = 25_000_000
#: A 100-slide presentation has about 400 members; legitimate documents stay far below this.
ZIP_MAX_MEMBERS = 1_000
#: What the members may add up to once decompressed, from the sizes the archive declares.
ZIP_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
#: Office XML compresses 5-20×; a member past 100× (and past ``ZIP_RATIO_MIN_BYTES``) is a bomb.
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_BYTES = 1024 * 1024
#: Storage names stay well under filesystem (255 bytes) and ``FileField`` (100 chars) limits.
FILENAME_MAX_CHARS = 100
#: Browsers sniff the first 1,445 bytes (WHATWG MIME Sniffing): markup there can make a file a page.
SNIFF_BYTES = 2048

# Windows PE, ELF, Mach-O (both byte orders and widths, universal), interpreter line, WebAssembly, .lnk.
_EXECUTABLE_MAGICS = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe")
_EXECUTABLE_MAGICS += (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!", b"\x00asm", b"L\x00\x00\x00\x01\x14\x02\x00")
# A tag name then a space, "/" or ">": ODF's "<style:style" or "<meta:generator" is not HTML.
_MARKUP_TAGS = rb"!doctype|html|head|body|script|iframe|frame|svg|object|embed|meta|link|style|form|img|base"
_MARKUP_RE = re.compile(rb"<(?:" + _MARKUP_TAGS + rb")[\s/>]", re.IGNORECASE)
_PDF_HEADER_RE = re.compile(rb"%PDF-(?:1\.[0-7]|2\.0)")

# filetype's MIME type -> (stored MIME type, extension, Pillow formats accepted for it).
_IMAGE_TYPES = {
    "image/png": ("image/png", "png", {"PNG"}),
    "image/apng": ("image/png", "png", {"PNG"}),  # animated PNG is still a PNG
    "image/jpeg": ("image/jpeg", "jpg", {"JPEG", "MPO"}),  # phones write multi-picture JPEGs
    "image/webp": ("image/webp", "webp", {"WEBP"}),
}
_ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
# Main part content type in [Content_Types].xml -> (MIME type, extension). The macro-enabled
# variants (docm, xlsm, pptm) have other main types and so are refused as unsupported.
_OOXML = "application/vnd.openxmlformats-officedocument."
_OOXML_TYPES = {
    f"{_OOXML}wordprocessingml.document.main+xml": (f"{_OOXML}wordprocessingml.document", "docx"),
    f"{_OOXML}spreadsheetml.sheet.main+xml": (f"{_OOXML}spreadsheetml.sheet", "xlsx"),
    f"{_OOXML}presentationml.presentation.main+xml": (f"{_OOXML}presentationml.presentation", "pptx"),
}
_CONTENT_TYPE_RE = re.compile(r'ContentType\s*=\s*"([^"]+)"')
# VBA projects, ODF Basic/script libraries, and OLE objects (which can package any executable).
_ACTIVE_MEMBER_RE = re.compile(r"(?:^|/)vbaProject\.bin$|^(?:Basic|Scripts)/|(?:^|/)embeddings/[^/]*\.bin$", re.I)
# Absolute paths, drive letters, backslashes, "..", control characters: what zip-slip is made of.
_UNSAFE_MEMBER_RE = re.compile(r"^/|^[A-Za-z]:|\\|(?:^|/)\.\.(?:/|$)|[\x00-\x1f]")
_SMALL_MEMBER_CAP = 256 * 1024
# What zipfile raises on a damaged archive (ValueError: a negative seek from a forged offset;
# NotImplementedError: a compression method it does not support — a refusal, not unfinished code).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, zlib.error)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})  # NFKD keeps these
_WINDOWS_DEVICE_RE = re.compile(r"con|prn|aux|nul|com\d|lpt\d", re.IGNORECASE)  # Windows cannot save these


class UploadErrorCode(models.TextChoices):
    """Say why an evidence file was refused: the value is the ``ValidationError`` code, the label its message."""

    EMPTY = "empty", _("Le fichier est vide.")
    TOO_LARGE = "too_large", _("Le fichier dépasse la taille maximale autorisée (%(max_mib)s Mio).")
    UNSUPPORTED_TYPE = (
        "unsupported_type",
        _("Type de fichier non accepté. Formats acceptés : PDF, PNG, JPEG, WebP, ODT, ODS, ODP, DOCX, XLSX, PPTX."),
    )
    ACTIVE_CONTENT = "active_content", _("Pages web, images SVG et scripts refusés : ils peuvent contenir du code.")
    EXECUTABLE = "executable", _("Les programmes et les scripts exécutables ne sont pas acceptés.")
    POLYGLOT = "polyglot", _("Le contenu de ce fichier mélange plusieurs formats. Enregistrez-le à nouveau.")
    CORRUPT = "corrupt", _("Ce fichier est endommagé ou incomplet. Enregistrez-le à nouveau.")
    IMAGE_TOO_LARGE = "image_too_large", _("L'image dépasse %(max_mpx)s mégapixels. Réduisez sa taille.")
    ENCRYPTED = "encrypted", _("Les documents protégés par un mot de passe ne sont pas acceptés.")
    ACTIVE_DOCUMENT = "active_document", _("Document avec macros ou objets intégrés : exportez-le en PDF.")
    ZIP_BOMB = "zip_bomb", _("Ce document se décompresse en un volume anormalement grand.")
    ZIP_TOO_MANY_MEMBERS = "zip_too_many_members", _("Ce document contient plus de %(max_members)s éléments internes.")
    ZIP_UNSAFE_PATH = "zip_unsafe_path", _("Ce document contient des chemins de fichiers dangereux.")


@dataclass(frozen=True)
class EvidenceFileInfo:
    """Describe an accepted evidence file, as detected from its content."""

    mime_type: str
    extension: str
    #: Photos may show people: the form must then require the consent checkbox.
    is_image: bool
    size: int
    #: Safe storage name, with the extension of the detected type.
    filename: str


def _error(code: UploadErrorCode, **params: object) -> ValidationError:
    return ValidationError(code.label, code=code.value, params=params or None)


def validate_evidence_file(uploaded_file: IO[bytes]) -> EvidenceFileInfo:
    """Check ``uploaded_file`` and describe it, or raise ``ValidationError`` with a code.

    The file is read whole (at most ``MAX_EVIDENCE_BYTES`` + 1 bytes) and rewound afterwards, so
    the caller can save it. The name is used only to build the storage name.
    """
    # The declared size spares reading a huge upload; the read below is capped whatever it says.
    if (getattr(uploaded_file, "size", None) or 0) > MAX_EVIDENCE_BYTES:
        raise _error(UploadErrorCode.TOO_LARGE, max_mib=MAX_EVIDENCE_BYTES // (1024 * 1024))
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_EVIDENCE_BYTES + 1)
    uploaded_file.seek(0)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise _error(UploadErrorCode.TOO_LARGE, max_mib=MAX_EVIDENCE_BYTES // (1024 * 1024))
    if not data:
        raise _error(UploadErrorCode.EMPTY)

    mime_type, extension = _detect(data)
    name = str(getattr(uploaded_file, "name", "") or "")
    return EvidenceFileInfo(
        mime_type=mime_type,
        extension=extension,
        is_image=mime_type.startswith("image/"),
        size=len(data),
        filename=safe_filename(name, extension=extension),
    )


def _detect(data: bytes) -> tuple[str, str]:
    """Return the MIME type and extension of ``data``, or raise if it is not acceptable."""
    head = data[:SNIFF_BYTES]
    if data.startswith(b"PK\x03\x04"):  # a zip local file header
        result = _check_zip_document(data)
    else:
        kind = filetype.guess(head)
        guessed = kind.mime if kind else None
        if guessed == "application/pdf":
            _check_pdf(data)
            result = ("application/pdf", "pdf")
        elif guessed in _IMAGE_TYPES:
            mime_type, extension, formats = _IMAGE_TYPES[guessed]
            _check_image(data, formats)
            result = (mime_type, extension)
        else:
            raise _unknown_content_error(head)
        if _has_zip_directory(data):
            raise _error(UploadErrorCode.POLYGLOT)
    if _MARKUP_RE.search(head):
        raise _error(UploadErrorCode.POLYGLOT)
    return result


def _unknown_content_error(head: bytes) -> ValidationError:
    """Pick the most telling refusal for content that is not an accepted type."""
    if head.startswith(_EXECUTABLE_MAGICS):
        return _error(UploadErrorCode.EXECUTABLE)
    if b"%PDF-" in head[:1024]:
        # Readers accept a PDF header after leading junk, which is how HTML/PDF polyglots work.
        return _error(UploadErrorCode.POLYGLOT)
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, errors="ignore").encode("utf-8")
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<") or _MARKUP_RE.search(head):
        return _error(UploadErrorCode.ACTIVE_CONTENT)
    return _error(UploadErrorCode.UNSUPPORTED_TYPE)


def _check_pdf(data: bytes) -> None:
    # filetype tolerates a byte-order mark before the header; a real PDF writer never emits one.
    if not data.startswith(b"%PDF-"):
        raise _error(UploadErrorCode.POLYGLOT)
    if not _PDF_HEADER_RE.match(data) or b"%%EOF" not in data[-1024:]:
        raise _error(UploadErrorCode.CORRUPT)


def _check_image(data: bytes, formats: set[str]) -> None:
    try:
        with Image.open(BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _error(UploadErrorCode.IMAGE_TOO_LARGE, max_mpx=MAX_IMAGE_PIXELS // 1_000_000)
            if image.format not in formats:
                raise _error(UploadErrorCode.POLYGLOT)
            image.verify()
    except Image.DecompressionBombError as exc:
        raise _error(UploadErrorCode.IMAGE_TOO_LARGE, max_mpx=MAX_IMAGE_PIXELS // 1_000_000) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        # verify() reports a bad PNG chunk as SyntaxError and a truncated file as OSError.
        raise _error(UploadErrorCode.CORRUPT) from exc


def _check_zip_document(data: bytes) -> tuple[str, str]:
    """Check an ODF or OOXML document's container, then identify it from its own metadata."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
            _check_zip_members(members)
            names = [member.filename for member in members]
            if members[0].filename == "mimetype":
                # ODF requires this member first; its content names the document type.
                odf_type = _read_small_member(archive, "mimetype").strip()
                if odf_type not in _ODF_TYPES:
                    raise _error(UploadErrorCode.UNSUPPORTED_TYPE)
                result = (odf_type.decode("ascii"), _ODF_TYPES[odf_type])
            elif "[Content_Types].xml" in names:
                content_types = _read_small_member(archive, "[Content_Types].xml").decode("utf-8", "replace")
                found = {_OOXML_TYPES[t] for t in _CONTENT_TYPE_RE.findall(content_types) if t in _OOXML_TYPES}
                if len(found) != 1:
                    raise _error(UploadErrorCode.UNSUPPORTED_TYPE)
                result = found.pop()
            else:
                raise _error(UploadErrorCode.UNSUPPORTED_TYPE)
    except _ZIP_ERRORS as exc:
        raise _error(UploadErrorCode.CORRUPT) from exc
    if any(_ACTIVE_MEMBER_RE.search(name) for name in names):
        raise _error(UploadErrorCode.ACTIVE_DOCUMENT)
    return result


def _has_zip_directory(data: bytes) -> bool:
    """Say whether a readable zip directory ends ``data``: a second, hidden document in a PDF or image."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return bool(archive.infolist())
    except _ZIP_ERRORS:
        return False


def _check_zip_members(members: list[zipfile.ZipInfo]) -> None:
    """Refuse archives that are dangerous to unpack, from the central directory alone."""
    if not members:
        raise _error(UploadErrorCode.CORRUPT)
    if len(members) > ZIP_MAX_MEMBERS:
        raise _error(UploadErrorCode.ZIP_TOO_MANY_MEMBERS, max_members=ZIP_MAX_MEMBERS)
    names = [member.filename for member in members]
    if len(set(names)) != len(names):
        # Two parsers may pick different copies of a duplicated name.
        raise _error(UploadErrorCode.CORRUPT)
    if any(_UNSAFE_MEMBER_RE.search(name) for name in names):
        raise _error(UploadErrorCode.ZIP_UNSAFE_PATH)
    if any(member.flag_bits & 0x1 for member in members):
        raise _error(UploadErrorCode.ENCRYPTED)
    # Declared sizes are what an unpacker trusts; zipfile itself never reads past them.
    if sum(member.file_size for member in members) > ZIP_MAX_UNCOMPRESSED_BYTES:
        raise _error(UploadErrorCode.ZIP_BOMB)
    for member in members:
        if member.file_size > ZIP_RATIO_MIN_BYTES and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            raise _error(UploadErrorCode.ZIP_BOMB)


def _read_small_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        content = member.read(_SMALL_MEMBER_CAP + 1)
    if len(content) > _SMALL_MEMBER_CAP:
        raise _error(UploadErrorCode.CORRUPT)
    return content


def safe_filename(name: str, *, extension: str) -> str:
    """Return a storage name derived from ``name`` that ends with ``.extension``.

    Directories, control characters and anything outside ASCII letters, digits, ``-`` and ``_``
    are removed (accents are transliterated), so the result cannot traverse paths, hide a second
    extension or start with a dot. The original extension is dropped: only the detected type counts.
    """
    extension = extension.lower().lstrip(".")
    if not re.fullmatch(r"[a-z0-9]{1,5}", extension):
        raise ValueError(f"Invalid extension: {extension!r}")
    base = PureWindowsPath(name.replace("\x00", "")).name  # splits on both "/" and "\"
    base = unicodedata.normalize("NFKD", base.translate(_LIGATURES)).encode("ascii", "ignore").decode("ascii")
    stem, dot, suffix = base.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", suffix):
        stem = base
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_-")
    if not stem or _WINDOWS_DEVICE_RE.fullmatch(stem):
        stem = f"preuve_{stem}".rstrip("_")
    return f"{stem[: FILENAME_MAX_CHARS - len(extension) - 1]}.{extension}"
