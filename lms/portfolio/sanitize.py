"""Sanitise learner-written rich text for the VAE portfolio, and measure it.

Learner HTML reaches three places: the web page, the assessor's PDF and badge evidence. Every one of
them gets the output of :func:`sanitize_rich_text`, never the raw submission. The sanitiser is nh3
(Rust's Ammonia): bleach is end-of-life since 6.4.0, and Wagtail only filters HTML that comes back
through the Draftail widget, so values written by a form, an API or an import must be cleaned here.
"""

import re
from html import unescape

import nh3

from lms.core.html_safety import CLEAN_CONTENT_TAGS, drop_script_links

#: Formatting a reflective text needs and nothing else. No headings, tables or images: the PDF
#: template owns the structure, and an ``<img>`` would let a learner make the renderer fetch a URL.
ALLOWED_TAGS: frozenset[str] = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"})

#: ``"*": set()`` clears nh3's generic attributes too (it keeps ``title`` and ``lang`` otherwise).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}

ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: ``nofollow`` because learner links are user-generated content that the site does not vouch for.
LINK_REL = "noopener noreferrer nofollow"

#: A dense A4 page of prose at 11 pt with 2 cm margins holds about 3,000 characters, spaces
#: included (the publishing "feuillet" of 1,500 characters assumes a double-spaced typescript).
CHARS_PER_PAGE = 3_000

#: The three-page budget for one practice example, in visible characters (spaces included). It
#: drives an indicator, not a hard limit: the real page count depends on lists and paragraph breaks.
THREE_PAGE_BUDGET_CHARS = 3 * CHARS_PER_PAGE

_BLOCK_END_RE = re.compile(r"</(?:p|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)
_WHITESPACE_RE = re.compile(r"\s+")


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=drop_script_links,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # A relative link means nothing in a PDF or an e-mail, and "//host" would borrow our scheme.
    url_relative="deny",
)

_TEXT_ONLY_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS), attributes={"*": set()})


def sanitize_rich_text(html: str) -> str:
    """Return ``html`` reduced to the portfolio's formatting allowlist.

    Disallowed tags are dropped (their text kept), except the elements in ``CLEAN_CONTENT_TAGS``
    whose content goes too. Only ``href`` survives, on ``<a>``, and only with an http, https or
    mailto URL; every link gets ``rel="noopener noreferrer nofollow"``. The result is stable:
    sanitising it again returns it unchanged, so it is safe to apply both in the form and in
    ``Model.save()``. Limit the input length before calling this (e.g. the form field's
    ``max_length``).
    """
    if not html:
        return ""
    return _CLEANER.clean(html)


def plain_text(html: str) -> str:
    """Return the text a reader sees, one space between paragraphs and list items."""
    if not html:
        return ""
    with_breaks = _BLOCK_END_RE.sub(" ", sanitize_rich_text(html))
    text = unescape(_TEXT_ONLY_CLEANER.clean(with_breaks))
    return _WHITESPACE_RE.sub(" ", text).strip()


def plain_text_length(html: str) -> int:
    """Count the visible characters of ``html``, spaces included, for the page budget."""
    return len(plain_text(html))
