"""Rich text of lessons reduced to what Wagtail's editor can produce, with nh3.

Draftail only ever stores a few tags, and links in Wagtail's database format (``<a linktype="page"
id="3">``, ``<a linktype="document" id="1">``) or with an ``href``. Rich text can also arrive as raw
StreamField JSON (imports, the API, a script), which Wagtail stores and renders as is. Every lesson
block therefore passes its HTML through this allowlist when it is read and when it is saved: a
``<script>``, an event handler or a ``javascript:`` link never reaches a page, whatever wrote it.
(bleach is end-of-life; nh3 is the maintained sanitiser, see the README.)
"""

import nh3

from lms.core.html_safety import CLEAN_CONTENT_TAGS, drop_script_links

ALLOWED_TAGS: frozenset[str] = frozenset({"p", "br", "h2", "h3", "h4", "b", "i", "strong", "em", "ul", "ol", "li", "a"})
#: ``linktype`` and ``id`` are Wagtail's internal links; ``"*": set()`` drops nh3's generic attributes.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "linktype", "id"}, "*": set()}
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    url_schemes=set(ALLOWED_URL_SCHEMES),
    attribute_filter=drop_script_links,
    strip_comments=True,
    # Wagtail's own format carries no rel; the rendering adds what external links need.
    link_rel=None,
)


def sanitize_stored_rich_text(html: str) -> str:
    """Return ``html`` (Wagtail's database format) reduced to the tags and links the editor produces."""
    if not html:
        return html or ""
    return _CLEANER.clean(html)
