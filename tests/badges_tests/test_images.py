import io

import pytest
from PIL import Image

from lms.badges import images

from .factories import SVG, png_bytes


class TestPng:
    def test_normalised_to_a_clean_square(self):
        data = images.normalise_png(png_bytes(size=(400, 200)))
        with Image.open(io.BytesIO(data)) as image:
            assert (image.format, image.size, image.mode) == ("PNG", (images.SIZE, images.SIZE), "RGBA")
            assert image.text == {}

    def test_metadata_and_old_badge_data_are_dropped(self):
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_itxt("openbadges", '{"id": "https://ailleurs.example/"}')
        buffer = io.BytesIO()
        Image.new("RGBA", (90, 90)).save(buffer, "PNG", pnginfo=info)
        assert b"openbadges" not in images.normalise_png(buffer.getvalue())


class TestTypeByContent:
    @pytest.mark.parametrize(
        "data",
        [b"<html><script>alert(1)</script></html>", b"GIF89a\x01\x00", b"", b"\x89PNG\r\n\x1a\nnot really"],
        ids=["html", "gif", "empty", "truncated png"],
    )
    def test_refused(self, data):
        with pytest.raises(images.BadgeImageError) as excinfo:
            images.clean_badge_image(data)
        assert str(excinfo.value) in (images.NOT_AN_IMAGE, images.BROKEN_PNG)

    def test_too_large(self):
        with pytest.raises(images.BadgeImageError) as excinfo:
            images.clean_badge_image(b"\x89PNG\r\n\x1a\n" + b"0" * images.MAX_UPLOAD_BYTES)
        assert str(excinfo.value) == images.TOO_LARGE

    def test_kinds(self):
        assert images.clean_badge_image(png_bytes())[1] == images.PNG
        assert images.clean_badge_image(SVG)[1] == images.SVG


class TestSvgSanitising:
    HOSTILE = (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'onload="alert(1)" width="10" height="10">'
        b"<script>alert(2)</script>"
        b'<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>'
        b'<a href="javascript:alert(3)"><circle r="4" onclick="alert(4)" fill="url(https://evil.example/x)"/></a>'
        b'<image href="https://evil.example/track.png"/>'
        b'<use xlink:href="#shape"/><rect id="shape" width="2" height="2" fill="url(#grad)"/>'
        b"<style>@import url(https://evil.example/a.css);</style>"
        b"</svg>"
    )

    def test_active_content_is_removed(self):
        clean = images.sanitise_svg(self.HOSTILE).decode()
        for needle in ("script", "onload", "onclick", "foreignObject", "iframe", "javascript", "evil.example", "style"):
            assert needle not in clean, needle
        assert 'fill="url(#grad)"' in clean
        assert 'xlink:href="#shape"' in clean

    def test_entities_are_refused(self):
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
        )
        with pytest.raises(images.BadgeImageError) as excinfo:
            images.sanitise_svg(bomb)
        assert str(excinfo.value) == images.UNSAFE_SVG

    def test_not_svg_root_is_refused(self):
        with pytest.raises(images.BadgeImageError) as excinfo:
            images.sanitise_svg(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>')
        assert str(excinfo.value) == images.NOT_AN_IMAGE

    def test_png_wrapper_is_an_svg(self):
        wrapped = images.svg_wrapping_png(png_bytes(), title="Badge <b>")
        assert images.sanitise_svg(wrapped).startswith(b"<svg")
        assert b"Badge &lt;b&gt;" in wrapped
