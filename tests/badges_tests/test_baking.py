import io
import json
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from lms.badges import baking

ASSERTION_URL = "https://formation.example.fr/ob2/assertions/8c0e7e52"
ASSERTION = json.dumps(
    {
        "@context": "https://w3id.org/openbadges/v2",
        "id": ASSERTION_URL,
        "type": "Assertion",
        "narrative": "Présence ≥ 90 % — et un « ]]> » pour éprouver le CDATA.",
    },
    ensure_ascii=False,
)
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!-- Badge Tremplin -->\n"
    b'<svg xmlns="http://www.w3.org/2000/svg" width="90" height="90" viewBox="0 0 90 90">'
    b'<circle cx="45" cy="45" r="40" fill="#0a5"/></svg>\n'
)


def make_png(info=None):
    buffer = io.BytesIO()
    Image.new("RGBA", (90, 90), (0, 160, 80, 255)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def chunk_types(png):
    types, position = [], len(baking.PNG_SIGNATURE)
    while position < len(png):
        length, chunk_type = struct.unpack(">I4s", png[position : position + 8])
        types.append(chunk_type)
        position += 12 + length
    return types


def count_badge_chunks(png, keyword=baking.OB2_PNG_KEYWORD):
    return png.count(b"iTXt" + keyword.encode() + b"\0")


class TestBakePng:
    def test_round_trip(self):
        baked = baking.bake_png(make_png(), ASSERTION)
        assert baking.unbake_png(baked) == ASSERTION

    def test_other_readers_see_one_uncompressed_chunk_after_ihdr(self):
        baked = baking.bake_png(make_png(), ASSERTION)
        assert chunk_types(baked)[:2] == [b"IHDR", b"iTXt"]
        assert b"iTXtopenbadges\0\0\0\0\0" in baked
        image = Image.open(io.BytesIO(baked))
        image.load()
        assert image.text == {"openbadges": ASSERTION}
        assert image.size == (90, 90)

    def test_baking_again_replaces_the_chunk(self):
        baked = baking.bake_png(baking.bake_png(make_png(), ASSERTION), '{"id": "second"}')
        assert count_badge_chunks(baked) == 1
        assert baking.unbake_png(baked) == '{"id": "second"}'

    def test_replaces_a_legacy_text_chunk_and_keeps_others(self):
        info = PngImagePlugin.PngInfo()
        info.add_text("openbadges", "https://old.example.org/assertion")
        info.add_text("Software", "Inkscape")
        baked = baking.bake_png(make_png(info), ASSERTION)
        assert chunk_types(baked).count(b"tEXt") == 1
        assert Image.open(io.BytesIO(baked)).text == {"openbadges": ASSERTION, "Software": "Inkscape"}

    def test_ob3_keyword(self):
        credential = '{"type": ["VerifiableCredential", "OpenBadgeCredential"]}'
        baked = baking.bake_png(make_png(), credential, keyword=baking.OB3_PNG_KEYWORD)
        assert count_badge_chunks(baked, baking.OB3_PNG_KEYWORD) == 1
        assert baking.unbake_png(baked, keyword=baking.OB3_PNG_KEYWORD) == credential
        with pytest.raises(ValueError) as excinfo:
            baking.unbake_png(baked)
        assert str(excinfo.value) == baking.NOT_BAKED

    def test_refuses_a_non_png(self):
        with pytest.raises(ValueError) as excinfo:
            baking.bake_png(b"GIF89a\x01\x00\x01\x00", ASSERTION)
        assert str(excinfo.value) == baking.NOT_A_PNG

    def test_refuses_an_svg_given_as_png(self):
        with pytest.raises(ValueError) as excinfo:
            baking.unbake_png(SVG)
        assert str(excinfo.value) == baking.NOT_A_PNG

    def test_refuses_a_truncated_png(self):
        with pytest.raises(ValueError) as excinfo:
            baking.bake_png(make_png()[:-6], ASSERTION)
        assert str(excinfo.value) == baking.TRUNCATED_PNG

    def test_refuses_a_corrupt_chunk(self):
        png = bytearray(make_png())
        png[20] ^= 0xFF  # inside the IHDR body: the width
        with pytest.raises(ValueError) as excinfo:
            baking.bake_png(bytes(png), ASSERTION)
        assert str(excinfo.value) == baking.CORRUPT_CHUNK % {"type": "IHDR"}

    def test_unbaking_a_plain_png(self):
        with pytest.raises(ValueError) as excinfo:
            baking.unbake_png(make_png())
        assert str(excinfo.value) == baking.NOT_BAKED

    def test_reads_a_compressed_chunk_from_another_issuer(self):
        info = PngImagePlugin.PngInfo()
        info.add_itxt("openbadges", ASSERTION, zip=True)
        assert baking.unbake_png(make_png(info)) == ASSERTION

    def test_refuses_a_compression_bomb(self):
        body = b"openbadges\0\1\0\0\0" + zlib.compress(b" " * (baking.MAX_TEXT_BYTES + 1))
        chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
        png = make_png()
        bomb = png[:33] + chunk + png[33:]  # right after IHDR
        with pytest.raises(ValueError) as excinfo:
            baking.unbake_png(bomb)
        assert str(excinfo.value) == baking.TEXT_TOO_LONG % {"keyword": "openbadges"}


class TestBakeSvg:
    def test_round_trip(self):
        baked = baking.bake_svg(SVG, text=ASSERTION, verify=ASSERTION_URL)
        assert json.loads(baking.unbake_svg(baked)) == json.loads(ASSERTION)

    def test_element_follows_the_svg_start_tag(self):
        baked = baking.bake_svg(SVG, text='{"id": "x"}', verify=ASSERTION_URL).decode("utf-8")
        assert 'xmlns:openbadges="http://openbadges.org"' in baked
        start_tag_end = baked.index(">", baked.index("<svg")) + 1
        assert baked[start_tag_end:].startswith(
            f'<openbadges:assertion verify="{ASSERTION_URL}"><![CDATA[{{"id": "x"}}]]></openbadges:assertion>'
        )
        assert "<circle" in baked
        assert "<!-- Badge Tremplin -->" in baked

    def test_baking_again_leaves_one_element(self):
        once = baking.bake_svg(SVG, text=ASSERTION, verify=ASSERTION_URL)
        twice = baking.bake_svg(once, text='{"id": "second"}', verify=ASSERTION_URL)
        assert twice.count(b"<openbadges:assertion") == 1
        assert baking.unbake_svg(twice) == '{"id": "second"}'

    def test_signed_badge_is_read_from_verify(self):
        baked = baking.bake_svg(SVG, verify="https://formation.example.fr/ob2/assertions/jws")
        assert baking.unbake_svg(baked) == "https://formation.example.fr/ob2/assertions/jws"

    def test_ob3_credential_element(self):
        credential = '{"type": ["VerifiableCredential", "OpenBadgeCredential"]}'
        options = {"namespace": baking.OB3_SVG_NAMESPACE, "element": baking.OB3_SVG_ELEMENT}
        baked = baking.bake_svg(SVG, text=credential, **options)
        assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
        assert baking.unbake_svg(baked, **options) == credential

    def test_refuses_an_entity_bomb(self):
        bomb = (
            b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n'
            + b"".join(b'<!ENTITY lol%d "%s">\n' % (level, b"&lol%d;" % (level - 1) * 10) for level in range(1, 10))
            + b'<!ENTITY lol0 "&lol;">\n]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>'
        )
        for operation in (lambda: baking.bake_svg(bomb, text=ASSERTION), lambda: baking.unbake_svg(bomb)):
            with pytest.raises(ValueError) as excinfo:
                operation()
            assert str(excinfo.value) == baking.UNSAFE_SVG

    def test_refuses_an_external_entity(self):
        xxe = (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>'
        )
        with pytest.raises(ValueError) as excinfo:
            baking.bake_svg(xxe, text=ASSERTION)
        assert str(excinfo.value) == baking.UNSAFE_SVG

    def test_refuses_malformed_xml(self):
        with pytest.raises(ValueError) as excinfo:
            baking.bake_svg(b"<svg", text=ASSERTION)
        assert str(excinfo.value).startswith(baking.INVALID_SVG.split("%")[0])

    def test_refuses_a_non_svg_document(self):
        with pytest.raises(ValueError) as excinfo:
            baking.bake_svg(b"<html/>", text=ASSERTION)
        assert str(excinfo.value) == baking.NOT_AN_SVG % {"root": "html"}

    def test_refuses_a_taken_prefix(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="urn:other"/>'
        with pytest.raises(ValueError) as excinfo:
            baking.bake_svg(svg, text=ASSERTION)
        assert str(excinfo.value) == baking.PREFIX_TAKEN

    def test_needs_something_to_bake(self):
        with pytest.raises(ValueError) as excinfo:
            baking.bake_svg(SVG)
        assert str(excinfo.value) == baking.EMPTY_SVG_BADGE

    def test_unbaking_a_plain_svg(self):
        with pytest.raises(ValueError) as excinfo:
            baking.unbake_svg(SVG)
        assert str(excinfo.value) == baking.NOT_BAKED
