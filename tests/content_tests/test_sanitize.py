"""Lesson rich text is sanitised with nh3, whatever wrote it (editor, raw StreamField JSON, import)."""

import json
from pathlib import Path

import pytest
import yaml

from content.sanitize import sanitize_stored_rich_text
from tests.courses_tests.factories import make_course, make_lesson, make_section

pytestmark = pytest.mark.django_db

PAYLOADS = Path(__file__).resolve().parents[1] / "portfolio_tests" / "xss_payloads.txt"
DEMO_CONTENT = Path(__file__).resolve().parents[2] / "courses" / "demo_content"
DANGEROUS = ("<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "<img", "<style", "srcdoc")


def payloads() -> list[str]:
    return [line for line in PAYLOADS.read_text(encoding="utf-8").splitlines() if line.strip()]


class TestSanitizer:
    def test_the_corpus_holds_enough_payloads(self):
        assert len(payloads()) >= 50

    @pytest.mark.parametrize("payload", payloads())
    def test_no_payload_survives(self, payload):
        cleaned = sanitize_stored_rich_text(f"<p>Avant {payload} après</p>").lower()
        assert not [word for word in DANGEROUS if word in cleaned], cleaned

    def test_what_the_editor_writes_is_kept(self):
        html = (
            '<h2>Titre</h2><p>Un <b>mot</b>, un <i>autre</i>, <a linktype="page" id="3">une page</a>, '
            '<a linktype="document" id="12">un document</a> et <a href="https://www.cnil.fr">la CNIL</a>.</p>'
            "<ul><li>un</li></ul><ol><li>deux</li></ol>"
        )
        assert sanitize_stored_rich_text(html) == html

    def test_the_demo_lessons_lose_no_text_and_no_tag(self):
        import re

        checked = 0
        for path in DEMO_CONTENT.glob("*.yaml"):
            for lesson in yaml.safe_load(path.read_text(encoding="utf-8"))["lessons"]:
                for block in lesson.get("body", []):
                    value = block.get("value")
                    if block.get("type") == "text" and isinstance(value, str):
                        cleaned = sanitize_stored_rich_text(value)
                        assert re.findall(r"<(\w+)", cleaned) == re.findall(r"<(\w+)", value)
                        assert re.sub(r"<[^>]+>", "", cleaned).replace("&amp;", "&") == re.sub(
                            r"<[^>]+>", "", value
                        ).replace("&amp;", "&")
                        checked += 1
        assert checked >= 20


class TestLessonsWrittenAsRawJson:
    def test_hostile_html_stored_through_json_is_neither_kept_nor_served(self, client, site_tree):
        course = make_course(make_section(site_tree[1]), slug="posture", title="Posture")
        body = [
            {"type": "text", "value": '<p>Bonjour<script>alert("x")</script><img src=x onerror=alert(1)></p>'},
            {"type": "text", "value": '<p><a href="javascript:alert(1)">piège</a> <a href="/formations/">ok</a></p>'},
        ]
        lesson = make_lesson(course, slug="piege", title="Piège", body=body)
        html = client.get(lesson.url).content.decode()
        assert "Bonjour" in html and "piège" in html and 'href="/formations/"' in html
        assert "alert" not in html and "onerror" not in html and "javascript:" not in html
        # Saving again stores the clean version.
        lesson.refresh_from_db()
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        stored = json.dumps(lesson.body.get_prep_value())
        assert "script" not in stored and "onerror" not in stored and "javascript" not in stored
