import base64
import logging
import sys
import tempfile
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lms.portfolio import pdf as portfolio_pdf
from lms.portfolio.pdf import (
    DATA_URI_MAX_BYTES,
    FONTS_DIR,
    REFUSED_RESOURCE,
    PdfRenderError,
    ResourceResolver,
    render_pdf,
)
from tests.portfolio_tests.builders import font_names, image_xobjects, page_texts, render_page, write_png

FRENCH_SAMPLE = "Élodie a créé l’atelier « cœur numérique » : 12 € – Œuvre ✓ ≥ 3 séances"
PASSWD_MARKER = b"root:x:0:0"

# --- file-open spy ----------------------------------------------------------------------------
# An audit hook sees every open() in the process, including ones made by C extensions through
# Python's io layer. Hooks cannot be removed, so this one only records while a test asks it to.
_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | bytes | Path):
        _opened.append(str(Path(args[0] if not isinstance(args[0], bytes) else args[0].decode()).resolve()))


sys.addaudithook(_audit)


def render_recording_opens(html: str, roots: list[Path]) -> tuple[bytes, list[str]]:
    global _opened  # the audit hook can only reach module state
    _opened = []
    try:
        output = render_pdf(html, allowed_roots=roots)
    finally:
        opened, _opened = _opened, None
    return output, opened


def is_expected_read(path: str, roots: list[Path]) -> bool:
    """Say whether a file opened during a render is one the policy allows, or Python's own."""
    resolved = Path(path)
    allowed = [*(root.resolve() for root in roots), FONTS_DIR, Path(sys.prefix).resolve()]
    if any(resolved.is_relative_to(root) for root in allowed):
        return True
    # xhtml2pdf's private temporary directory, and modules imported lazily during the render.
    temp = Path(tempfile.gettempdir()).resolve()
    if resolved.is_relative_to(temp) and resolved.relative_to(temp).parts[0].startswith("xhtml2pdf-"):
        return True
    return resolved.suffix in {".py", ".pyc"}


@pytest.fixture
def http_server():
    """Serve on 127.0.0.1 and record every request path: a render must never reach it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def media_root(tmp_path):
    root = tmp_path / "media" / "portfolio-42"
    write_png(root / "evidence" / "atelier.png")
    write_png(tmp_path / "outside" / "secret.png", "blue")
    return root


# --- tests ------------------------------------------------------------------------------------


class TestFrenchTypography:
    def test_accents_and_symbols_render_with_embedded_dejavu(self):
        html = render_page(f"<h1>Portfolio VAE</h1><p>{FRENCH_SAMPLE}</p><p><b>Gras : é à ç</b></p>")

        output = render_pdf(html, allowed_roots=[])

        text = "".join(page_texts(output))
        assert FRENCH_SAMPLE in text
        assert "Gras : é à ç" in text
        assert {"DejaVuSans", "DejaVuSans-Bold"} <= font_names(output)

    def test_footer_numbers_every_page(self):
        paragraphs = "".join(f"<p>Paragraphe {i} : {FRENCH_SAMPLE}.</p>" for i in range(120))
        html = render_page(paragraphs, footer_text="Portfolio d’Élodie Martin")

        texts = page_texts(render_pdf(html, allowed_roots=[]))

        assert len(texts) >= 2
        for number, text in enumerate(texts, start=1):
            assert f"Portfolio d’Élodie Martin — Page {number}" in text

    def test_fonts_and_licence_are_bundled(self):
        assert (FONTS_DIR / "DejaVuSans.ttf").stat().st_size > 500_000
        assert (FONTS_DIR / "DejaVuSans-Bold.ttf").stat().st_size > 500_000
        assert "Bitstream" in (FONTS_DIR / "LICENSE").read_text(encoding="utf-8")


class TestResourcePolicy:
    def test_hostile_resources_are_refused_and_never_read(self, http_server, media_root, caplog):
        base_url, hits = http_server
        hostile = [
            "file:///etc/passwd",
            "/etc/passwd",
            f"{base_url}/pixel.png",
            "../../../../etc/passwd",
            f"{media_root}/../../../../../../etc/passwd",
            "../../outside/secret.png",
            f"{media_root}/../../outside/secret.png",
            f"file://{media_root.parent.parent}/outside/secret.png",
            "ftp://127.0.0.1/x.png",
            "//127.0.0.1/x.png",
        ]
        html = (
            f'<html><head><meta charset="utf-8"><style>@import url({base_url}/import.css);'
            f'@font-face {{ font-family: "X"; src: url({base_url}/font.ttf); }}'
            f"body {{ background-image: url({base_url}/background.png); }}</style>"
            f'<link rel="stylesheet" href="/etc/passwd"><link rel="stylesheet" href="{base_url}/style.css">'
            "</head><body><p>Avant</p>"
            + "".join(f'<img src="{src}">' for src in hostile)
            + "<p>Après</p></body></html>"
        )

        with caplog.at_level(logging.WARNING, logger="lms.portfolio.pdf"):
            output, opened = render_recording_opens(html, [media_root])

        assert output.startswith(b"%PDF-")
        assert "Avant" in page_texts(output)[0] and "Après" in page_texts(output)[0]
        assert hits == []
        refused = {record.args[0] for record in caplog.records if record.name == "lms.portfolio.pdf"}
        stylesheet_urls = [f"{base_url}/{name}" for name in ("import.css", "font.ttf", "background.png", "style.css")]
        for src in [*hostile, *stylesheet_urls]:
            assert src in refused
        assert "/etc/passwd" not in opened
        assert str(media_root.parent.parent / "outside" / "secret.png") not in opened
        assert [path for path in opened if not is_expected_read(path, [media_root])] == []
        assert PASSWD_MARKER not in output
        assert all("root:x:0" not in text for text in page_texts(output))
        assert image_xobjects(output) == 0
        # The server was really listening: a direct request is counted.
        urllib.request.urlopen(f"{base_url}/probe", timeout=5).close()
        assert hits == ["/probe"]

    def test_xhtml2pdf_policy_still_blocks_when_the_callback_lets_everything_through(
        self, http_server, media_root, monkeypatch
    ):
        base_url, hits = http_server
        monkeypatch.setattr(ResourceResolver, "resolve", lambda self, uri: uri)
        outside = media_root.parent.parent / "outside" / "secret.png"
        html = (
            f'<p>Texte</p><img src="{base_url}/x.png"><img src="{outside}"><link rel="stylesheet" href="/etc/passwd">'
        )

        output, opened = render_recording_opens(html, [media_root])

        assert hits == []
        assert str(outside) not in opened
        assert "/etc/passwd" not in opened
        assert image_xobjects(output) == 0

    @pytest.mark.parametrize(
        "src", ["evidence/atelier.png", "{root}/evidence/atelier.png", "file://{root}/evidence/atelier.png"]
    )
    def test_image_inside_an_allowed_root_is_embedded(self, media_root, src):
        html = render_page(f'<p>Photo</p><img src="{src.format(root=media_root)}" width="40" height="40">')

        output, opened = render_recording_opens(html, [media_root])

        assert image_xobjects(output) == 1
        assert str(media_root / "evidence" / "atelier.png") in opened

    def test_symlink_out_of_a_root_is_refused(self, media_root):
        (media_root / "evidence" / "lien.png").symlink_to(media_root.parent.parent / "outside" / "secret.png")

        output = render_pdf('<img src="evidence/lien.png">', allowed_roots=[media_root])

        assert image_xobjects(output) == 0

    def test_small_data_uri_image_is_embedded(self, tmp_path):
        encoded = base64.b64encode(write_png(tmp_path / "logo.png").read_bytes()).decode()

        output = render_pdf(f'<img src="data:image/png;base64,{encoded}">', allowed_roots=[])

        assert image_xobjects(output) == 1

    def test_large_data_uri_is_refused(self, caplog):
        payload = "A" * (DATA_URI_MAX_BYTES * 4 // 3 + 8)

        with caplog.at_level(logging.WARNING, logger="lms.portfolio.pdf"):
            output = render_pdf(f'<p>x</p><img src="data:image/png;base64,{payload}">', allowed_roots=[])

        assert image_xobjects(output) == 0
        assert any("refused resource" in record.getMessage() for record in caplog.records)


class TestResourceResolver:
    @pytest.mark.parametrize(
        "uri",
        [
            "http://127.0.0.1/x.png",
            "https://example.fr/x.png",
            "HTTPS://example.fr/x.png",
            "ftp://example.fr/x.png",
            "gopher://example.fr/x.png",
            "//example.fr/x.png",
            "file://example.fr/etc/x.png",
            "javascript:alert(1)",
            "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
            "data:text/css,body{}",
            "evidence/atelier.svg",
            "evidence/missing.png",
            "../outside/secret.png",
            "/etc/passwd",
            "evidence/nul\x00.png",
            "",
        ],
    )
    def test_refused(self, media_root, uri):
        resolver = ResourceResolver([media_root])

        assert resolver(uri, None) == REFUSED_RESOURCE
        assert resolver.refused == [uri]

    def test_fonts_resolve_to_the_bundled_directory(self):
        assert ResourceResolver([FONTS_DIR]).resolve("DejaVuSans.ttf") == str(FONTS_DIR / "DejaVuSans.ttf")

    def test_symlink_loop_is_refused(self, media_root):
        (media_root / "a.png").symlink_to(media_root / "b.png")
        (media_root / "b.png").symlink_to(media_root / "a.png")

        assert ResourceResolver([media_root]).resolve("a.png") is None

    def test_percent_encoded_traversal_is_refused(self, media_root):
        assert ResourceResolver([media_root]).resolve("%2e%2e/%2e%2e/outside/secret.png") is None


class TestRenderErrors:
    def test_policy_limit_raises_pdf_render_error(self):
        too_deep = "<div>" * 250 + "texte" + "</div>" * 250

        with pytest.raises(PdfRenderError) as caught:
            render_pdf(too_deep, allowed_roots=[])

        assert caught.value.error_count == 1
        assert str(caught.value).startswith(str(PdfRenderError.message))

    def test_roots_are_always_extended_with_the_fonts_directory(self, monkeypatch, tmp_path):
        seen: list[tuple[Path, ...]] = []
        original = portfolio_pdf.ResourceResolver.__init__

        def spy(self, roots):
            original(self, roots)
            seen.append(self.roots)

        monkeypatch.setattr(portfolio_pdf.ResourceResolver, "__init__", spy)

        render_pdf("<p>x</p>", allowed_roots=[tmp_path])

        assert seen == [(FONTS_DIR, tmp_path.resolve())]
