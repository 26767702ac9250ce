import io
import os
import random
import struct
import warnings
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.portfolio import uploads
from lms.portfolio.uploads import (
    FILENAME_MAX_CHARS,
    MAX_EVIDENCE_BYTES,
    EvidenceFileInfo,
    safe_filename,
    validate_evidence_file,
)
from tests.portfolio_tests.builders import (
    DOCX,
    ODP,
    ODS,
    ODT,
    PPTX,
    XLSX,
    make_image,
    make_odf,
    make_ooxml,
    make_pdf,
    make_zip,
)

MESSAGES = {
    "empty": "Le fichier est vide.",
    "too_large": "Le fichier dépasse la taille maximale autorisée (10 Mio).",
    "unsupported_type": (
        "Type de fichier non accepté. Formats acceptés : PDF, PNG, JPEG, WebP, ODT, ODS, ODP, DOCX, XLSX, PPTX."
    ),
    "active_content": "Pages web, images SVG et scripts refusés : ils peuvent contenir du code.",
    "executable": "Les programmes et les scripts exécutables ne sont pas acceptés.",
    "polyglot": "Le contenu de ce fichier mélange plusieurs formats. Enregistrez-le à nouveau.",
    "corrupt": "Ce fichier est endommagé ou incomplet. Enregistrez-le à nouveau.",
    "image_too_large": "L'image dépasse 25 mégapixels. Réduisez sa taille.",
    "encrypted": "Les documents protégés par un mot de passe ne sont pas acceptés.",
    "active_document": "Document avec macros ou objets intégrés : exportez-le en PDF.",
    "zip_bomb": "Ce document se décompresse en un volume anormalement grand.",
    "zip_too_many_members": "Ce document contient plus de 1000 éléments internes.",
    "zip_unsafe_path": "Ce document contient des chemins de fichiers dangereux.",
}


def upload(data: bytes, name: str = "preuve.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    # The browser-declared content type is deliberately wrong-able: validation must ignore it.
    return SimpleUploadedFile(name, data, content_type=content_type)


def assert_refused(data: bytes, code: str, name: str = "preuve.pdf") -> None:
    with pytest.raises(ValidationError) as caught:
        validate_evidence_file(upload(data, name))
    assert caught.value.code == code
    assert caught.value.messages == [MESSAGES[code]]


# --- tests ------------------------------------------------------------------------------------


class TestAcceptedFiles:
    def test_pdf(self):
        info = validate_evidence_file(upload(make_pdf(), "Attestation été 2026.PDF"))

        assert info == EvidenceFileInfo(
            mime_type="application/pdf",
            extension="pdf",
            is_image=False,
            size=len(make_pdf()),
            filename="Attestation_ete_2026.pdf",
        )

    @pytest.mark.parametrize(
        ("fmt", "mime", "extension"),
        [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp")],
    )
    def test_images_are_flagged_for_consent(self, fmt, mime, extension):
        info = validate_evidence_file(upload(make_image(fmt), "photo atelier.php", "text/html"))

        assert (info.mime_type, info.extension, info.is_image) == (mime, extension, True)
        assert info.filename == f"photo_atelier.{extension}"

    @pytest.mark.parametrize(("mime", "extension"), [(DOCX, "docx"), (XLSX, "xlsx"), (PPTX, "pptx")])
    def test_office_open_xml(self, mime, extension):
        info = validate_evidence_file(upload(make_ooxml(mime), "document.zip"))

        assert (info.mime_type, info.extension, info.is_image) == (mime, extension, False)
        assert info.filename == f"document.{extension}"

    @pytest.mark.parametrize(("mime", "extension"), [(ODT, "odt"), (ODS, "ods"), (ODP, "odp")])
    def test_open_document(self, mime, extension):
        info = validate_evidence_file(upload(make_odf(mime), "compte-rendu.odt"))

        assert (info.mime_type, info.extension, info.is_image) == (mime, extension, False)

    def test_file_is_rewound_for_saving(self):
        uploaded = upload(make_pdf())
        uploaded.read(10)

        validate_evidence_file(uploaded)

        assert uploaded.tell() == 0

    def test_exactly_the_size_limit_is_accepted(self):
        data = make_pdf()
        padded = data[:-6] + b"\n" * (MAX_EVIDENCE_BYTES - len(data)) + data[-6:]

        assert validate_evidence_file(upload(padded)).size == MAX_EVIDENCE_BYTES


class TestRefusedContent:
    @pytest.mark.parametrize(
        ("data", "name", "code"),
        [
            pytest.param(b"Bonjour, voici mon attestation.", "attestation.pdf", "unsupported_type", id="text-as-pdf"),
            pytest.param(b"fetch('/api/').then(r => r.text())", "photo.png", "unsupported_type", id="js-as-png"),
            pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "cv.doc", "unsupported_type", id="word-97"),
            pytest.param(b"<!DOCTYPE html><script>alert(1)</script>", "a.png", "active_content", id="html-as-png"),
            pytest.param(b'<svg onload="alert(1)"><circle r="5"/></svg>', "logo.svg", "active_content", id="svg"),
            pytest.param(
                b'<?xml version="1.0"?>\n<svg><script>1</script></svg>', "a.png", "active_content", id="svg-xml"
            ),
            pytest.param(b"\xef\xbb\xbf  <svg><rect/></svg>", "logo.png", "active_content", id="svg-utf8-bom"),
            pytest.param("<svg><rect/></svg>".encode("utf-16"), "logo.png", "active_content", id="svg-utf16"),
            pytest.param(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "rapport.pdf", "executable", id="windows-exe"),
            pytest.param(b"\x7fELF\x02\x01\x01" + bytes(200), "rapport.pdf", "executable", id="elf"),
            pytest.param(b"#!/bin/sh\nrm -rf ~\n", "rapport.pdf", "executable", id="shell-script"),
            pytest.param(b"", "preuve.pdf", "empty", id="empty"),
        ],
    )
    def test_refused(self, data, name, code):
        assert_refused(data, code, name)

    def test_oversized(self):
        assert_refused(make_pdf() + b"\n" * MAX_EVIDENCE_BYTES, "too_large")

    def test_oversized_content_behind_a_small_declared_size(self):
        uploaded = upload(make_pdf() + b"\n" * MAX_EVIDENCE_BYTES)
        uploaded.size = 100

        with pytest.raises(ValidationError) as caught:
            validate_evidence_file(uploaded)
        assert caught.value.code == "too_large"


class TestPolyglotsAndCorruptFiles:
    @pytest.mark.parametrize(
        ("data", "code"),
        [
            pytest.param(b"<!-- x -->\n" + make_pdf(), "polyglot", id="pdf-after-leading-junk"),
            pytest.param(b"\xef\xbb\xbf" + make_pdf(), "polyglot", id="pdf-after-byte-order-mark"),
            pytest.param(
                make_pdf()[:15] + b"<html><script>1</script></html>\n" + make_pdf()[15:], "polyglot", id="pdf-html"
            ),
            pytest.param(make_image("PNG") + make_zip({"x.html": b"<script>1</script>"}), "polyglot", id="png-zip"),
            pytest.param(make_image("PNG")[:60], "corrupt", id="truncated-png"),
            pytest.param(b"%PDF-1.7\n1 0 obj << >> endobj\n", "corrupt", id="pdf-without-trailer"),
            pytest.param(b"PK\x03\x04" + bytes(range(200)), "corrupt", id="broken-zip"),
        ],
    )
    def test_refused(self, data, code):
        assert_refused(data, code)

    def test_forged_central_directory_offset(self):
        data = bytearray(make_ooxml())
        end = data.rindex(b"PK\x05\x06")
        (offset,) = struct.unpack("<I", data[end + 16 : end + 20])
        # zipfile then seeks to a negative position and raises ValueError, not BadZipFile.
        data[end + 16 : end + 20] = struct.pack("<I", offset + 1000)

        assert_refused(bytes(data), "corrupt", "cv.docx")

    def test_duplicate_member_names(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate it writes
            buffer = io.BytesIO(make_ooxml())
            with zipfile.ZipFile(buffer, "a") as archive:
                archive.writestr("word/document.xml", b"<other/>")
        assert_refused(buffer.getvalue(), "corrupt", "cv.docx")

    def test_image_over_the_pixel_limit(self):
        assert_refused(make_image("PNG", size=(6000, 4200), mode="1"), "image_too_large", "scan.png")


class TestZipContainers:
    def test_zip_bomb_by_compression_ratio(self):
        buffer = io.BytesIO(make_ooxml())
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("word/media/x.bin", "w") as fh:
            for _ in range(20):
                fh.write(bytes(1024 * 1024))  # 20 MiB of zeros deflates about 1,000 times

        assert_refused(buffer.getvalue(), "zip_bomb", "cv.docx")

    def test_zip_bomb_by_total_size(self, monkeypatch):
        monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED_BYTES", 512 * 1024)
        # Random bytes do not compress: the ratio check passes, the declared total does not.
        data = make_ooxml(extra={"word/media/photo.jpg": os.urandom(600 * 1024)})

        assert_refused(data, "zip_bomb", "cv.docx")

    @pytest.mark.parametrize(
        "member", ["../../evil.sh", "word/../../evil.sh", "/etc/cron.d/x", "C:/evil.bat", "a\\b.xml"]
    )
    def test_unsafe_member_paths(self, member):
        assert_refused(make_ooxml(extra={member: b"x"}), "zip_unsafe_path", "cv.docx")

    def test_too_many_members(self):
        extra = {f"word/media/image{i}.png": b"" for i in range(1_000)}

        assert_refused(make_ooxml(extra=extra), "zip_too_many_members", "cv.docx")

    def test_encrypted_member(self):
        data = bytearray(make_ooxml(extra={"word/secret.xml": b"x"}))
        # zipfile cannot write encrypted members: set the "encrypted" flag in the central directory.
        entry = data.rindex(b"PK\x01\x02")  # the last member written is the secret one
        data[entry + 8] |= 0x1

        assert_refused(bytes(data), "encrypted", "cv.docx")

    @pytest.mark.parametrize(
        "data",
        [
            make_ooxml(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            make_ooxml(extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
            make_odf(extra={"Basic/Standard/Module1.xml": b"<x/>"}),
        ],
    )
    def test_macros_and_ole_objects(self, data):
        assert_refused(data, "active_document", "cv.docx")

    @pytest.mark.parametrize(
        "data",
        [
            make_ooxml(main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            make_zip({"mimetype": b"application/epub+zip", "content.opf": b"<x/>"}),
            make_zip({"photo.jpg": b"\xff\xd8\xff"}),
        ],
    )
    def test_other_zip_based_formats(self, data):
        assert_refused(data, "unsupported_type", "cv.docx")


class TestRobustness:
    def test_mutated_files_only_ever_raise_validation_error(self):
        seeds = [make_pdf(), make_image("PNG"), make_image("JPEG"), make_image("WEBP"), make_ooxml(), make_odf()]
        rng = random.Random(2026)
        for _ in range(500):
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 6)):
                if not data:
                    break
                position = rng.randrange(len(data))
                if rng.random() < 0.7:
                    data[position] = rng.randrange(256)
                else:
                    del data[position : position + rng.randint(1, 40)]
            try:
                validate_evidence_file(upload(bytes(data)))
            except ValidationError as error:
                assert error.code in MESSAGES


class TestSafeFilename:
    @pytest.mark.parametrize(
        ("name", "extension", "expected"),
        [
            ("../../etc/passwd", "pdf", "passwd.pdf"),
            ("C:\\Users\\amel\\Mon CV été.docx", "pdf", "Mon_CV_ete.pdf"),
            ("photo.php.jpg", "jpg", "photo_php.jpg"),
            ("rapport.exe", "pdf", "rapport.pdf"),
            ("\x00evil\r\n.pdf", "pdf", "evil.pdf"),
            (".htaccess", "png", "htaccess.png"),
            ("", "pdf", "preuve.pdf"),
            ("日本語.pdf", "pdf", "preuve.pdf"),
            ("CON.txt", "pdf", "preuve_CON.pdf"),
            ("Œuvre – bilan « final ».odt", "odt", "OEuvre_bilan_final.odt"),
            ("v1.2 compte rendu", "PDF", "v1_2_compte_rendu.pdf"),
        ],
    )
    def test_names(self, name, extension, expected):
        assert safe_filename(name, extension=extension) == expected

    def test_length_is_capped(self):
        name = safe_filename("a" * 300 + ".pdf", extension="pdf")

        assert len(name) == FILENAME_MAX_CHARS
        assert name.endswith(".pdf")

    @pytest.mark.parametrize("extension", ["", "p/df", "toolong"])
    def test_invalid_extension(self, extension):
        with pytest.raises(ValueError):
            safe_filename("x", extension=extension)
