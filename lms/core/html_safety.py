"""What every nh3 allowlist of Tremplin shares (portfolio texts, lesson rich text).

Each app keeps its own allowlist of tags and attributes; these two rules hold for all of them.
"""

import re

#: Elements whose *content* is dropped along with the tag. Left as text, the body of a ``<script>``
#: or ``<style>`` would show up as code on the page; the others hold markup or raw text that means
#: nothing once the element itself is gone.
CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "template",
        "iframe",
        "object",
        "noscript",
        "noembed",
        "noframes",
        "xmp",
        "svg",
        "math",
        "title",
        "textarea",
        "select",
    }
)

#: Scheme names that never belong inside a link, wherever they appear. nh3 already checks the
#: scheme itself; this also drops ``mailto:javascript:…`` and the like, because some consumers
#: (mail clients, PDF viewers) decode a URL a second time.
SCRIPT_SCHEME_RE = re.compile(r"\b(?:(?:java|vb|live)script|data)\s*:", re.IGNORECASE)


def drop_script_links(tag: str, attribute: str, value: str) -> str | None:
    """nh3 ``attribute_filter``: drop a link whose URL mentions a script or data scheme anywhere."""
    if tag == "a" and attribute == "href" and SCRIPT_SCHEME_RE.search(value):
        return None
    return value
