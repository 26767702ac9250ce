import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lms.portfolio.sanitize import (
    ALLOWED_TAGS,
    LINK_REL,
    THREE_PAGE_BUDGET_CHARS,
    plain_text,
    plain_text_length,
    sanitize_rich_text,
)

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")
XSS_PAYLOADS = [
    line for line in PAYLOADS_FILE.read_text(encoding="utf-8").split("\n") if line.strip() and not line.startswith("# ")
]
# Inside a tag: an event handler attribute, however it is separated from what precedes it.
EVENT_HANDLER_IN_TAG_RE = re.compile(r"<[^>]*[\s/\"']on\w+\s*=", re.IGNORECASE)
DANGEROUS_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|livescript|data):")


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _parse(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_inert(output: str) -> None:
    """Fail unless ``output`` holds only allowlisted tags, with no executable construct."""
    assert "<script" not in output.lower()
    assert "<style" not in output.lower()
    assert not EVENT_HANDLER_IN_TAG_RE.search(output)
    unescaped = unescape(output).lower()
    assert "javascript:" not in unescaped
    assert "vbscript:" not in unescaped
    for tag, attrs in _parse(output):
        assert tag in ALLOWED_TAGS
        names = {name for name, _ in attrs}
        if tag == "a":
            assert names <= {"href", "rel"}
            assert dict(attrs)["rel"] == LINK_REL
        else:
            assert names == set()
        for name, value in attrs:
            assert not name.startswith("on")
            # Browsers ignore whitespace and control characters inside a scheme.
            normalised = re.sub(r"[\x00-\x20]", "", unescape(value or "")).lower()
            assert not DANGEROUS_SCHEME_RE.match(normalised)
            if name == "href":
                assert normalised.split(":", 1)[0] in {"http", "https", "mailto"}


class TestXssCorpus:
    def test_corpus_is_large_enough(self):
        assert len(XSS_PAYLOADS) >= 50

    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_payload_is_neutralised(self, payload):
        output = sanitize_rich_text(payload)

        assert_inert(output)
        assert sanitize_rich_text(output) == output

    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_payload_next_to_benign_formatting(self, payload):
        output = sanitize_rich_text(f"<p>Mon <strong>expérience</strong></p>{payload}")

        assert_inert(output)
        assert output.startswith("<p>Mon <strong>expérience</strong></p>")


class TestInertChecker:
    @pytest.mark.parametrize(
        "raw",
        [
            "<script>alert(1)</script>",
            "<p onclick=alert(1)>x</p>",
            '<a href="jav&#x09;ascript:alert(1)" rel="noopener noreferrer nofollow">x</a>',
            '<a href="data:text/html,x" rel="noopener noreferrer nofollow">x</a>',
            '<img src="https://example.fr/pixel.png">',
            '<p style="color:red">x</p>',
        ],
    )
    def test_checker_rejects_unsanitised_html(self, raw):
        # The corpus tests are only as good as this oracle: it must fail on the raw payloads.
        with pytest.raises(AssertionError):
            assert_inert(raw)


class TestSanitizeRichText:
    def test_benign_formatting_survives_unchanged(self):
        html = (
            "<p>J'ai accompagné <strong>12 usagers</strong> et <em>3 associations</em>.<br>Bilan :</p>"
            "<ul><li>démarches <b>CAF</b></li><li>messagerie <i>sécurisée</i></li></ul>"
            "<ol><li>premier</li></ol>"
        )

        assert sanitize_rich_text(html) == html

    def test_links_keep_href_and_get_rel(self):
        html = '<a href="https://www.service-public.fr/" title="x" target="_blank">Service public</a>'

        assert sanitize_rich_text(html) == (
            '<a href="https://www.service-public.fr/" rel="noopener noreferrer nofollow">Service public</a>'
        )

    @pytest.mark.parametrize(
        "href",
        [
            "http://example.fr/",
            "https://example.fr/a?b=1",
            "mailto:conseil@example.fr",
            "https://www.data.gouv.fr/fr/datasets/",
            "https://example.fr/metadata:schema",
        ],
    )
    def test_allowed_schemes(self, href):
        assert f'href="{href}"' in sanitize_rich_text(f'<a href="{href}">lien</a>').replace("&amp;", "&")

    @pytest.mark.parametrize(
        "href", ["ftp://example.fr/", "tel:0102030405", "/relatif", "page.html", "//example.fr/", "#ancre"]
    )
    def test_other_urls_are_dropped(self, href):
        assert sanitize_rich_text(f'<a href="{href}">lien</a>') == f'<a rel="{LINK_REL}">lien</a>'

    def test_script_and_style_content_is_removed_not_escaped(self):
        output = sanitize_rich_text("<p>avant</p><script>alert('x')</script><style>p{color:red}</style><p>après</p>")

        assert output == "<p>avant</p><p>après</p>"

    def test_disallowed_tags_are_dropped_but_their_text_kept(self):
        assert sanitize_rich_text("<h1>Titre</h1><div><span>texte</span></div>") == "Titretexte"

    def test_comments_are_stripped(self):
        assert sanitize_rich_text("<p>a<!-- secret --></p>") == "<p>a</p>"

    def test_empty_input(self):
        assert sanitize_rich_text("") == ""


class TestPlainTextLength:
    def test_counts_visible_characters_with_entities_decoded(self):
        assert plain_text_length("<p>Caf&eacute; &amp; th&eacute;</p>") == len("Café & thé")

    def test_paragraphs_and_items_are_separated_by_one_space(self):
        html = "<p>un</p><p>deux</p><ul><li>trois</li><li>quatre</li></ul>fin<br>ligne"

        assert plain_text(html) == "un deux trois quatre fin ligne"
        assert plain_text_length(html) == len("un deux trois quatre fin ligne")

    def test_whitespace_runs_count_once(self):
        assert plain_text_length("<p>  a \n\n b  </p>") == 3

    def test_hidden_content_does_not_count(self):
        assert plain_text_length("<p>ok</p><script>var x = 1;</script><style>p {}</style><!-- note -->") == 2

    def test_empty(self):
        assert plain_text_length("") == 0

    def test_three_page_budget(self):
        assert THREE_PAGE_BUDGET_CHARS == 9_000
        assert plain_text_length("<p>" + "a" * THREE_PAGE_BUDGET_CHARS + "</p>") == THREE_PAGE_BUDGET_CHARS
