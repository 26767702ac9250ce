"""Offline JSON-LD processing for Open Badges: bundled contexts, strict expansion, canonicalisation.

Contexts are never fetched from the network: the loader serves the W3C VC 2.0 context that pyld
bundles, plus the Open Badges 2.0 and 3.0.3 contexts vendored in ``contexts/``. Any other URL fails.

A property that no context defines is silently dropped by JSON-LD expansion, so a signature would not
cover it. ``expand_strict`` turns that silence into ``DroppedTermError`` (standards.md §2.8).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pyld import BUNDLED_CONTEXTS, ContextResolver, FrozenDocumentLoader, RemoteDocument, jsonld

VC2_CONTEXT_URL = "https://www.w3.org/ns/credentials/v2"
OB2_CONTEXT_URL = "https://w3id.org/openbadges/v2"
OB3_CONTEXT_URL = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
BUNDLED_DOCUMENTS: dict[str, Path] = {
    VC2_CONTEXT_URL: BUNDLED_CONTEXTS[VC2_CONTEXT_URL],
    OB2_CONTEXT_URL: CONTEXTS_DIR / "openbadges-v2.jsonld",
    OB3_CONTEXT_URL: CONTEXTS_DIR / "openbadges-3.0.3.jsonld",
}

CONTEXT_NOT_BUNDLED = (
    "JSON-LD context %(url)r is not bundled with Tremplin; contexts are never fetched from the network."
)
DROPPED_TERMS = (
    "JSON-LD expansion dropped or could not define: %(terms)s. Define them in a bundled context or remove them."
)
NOT_AN_ABSOLUTE_IRI = "%(field)s must be an absolute IRI (https://… or urn:…), got %(value)r."

# Blank node identifiers are the only non-absolute identifiers that survive canonicalisation.
_BLANK_NODE_PREFIX = "_:"
_CONTEXT_CACHE_SIZE = 64


class ContextNotBundledError(LookupError):
    """Raised when a document refers to a JSON-LD context that is not bundled."""

    def __init__(self, url: str) -> None:
        super().__init__(CONTEXT_NOT_BUNDLED % {"url": url})
        self.url = url


class DroppedTermError(ValueError):
    """Raised when expansion drops a property or leaves a type or identifier undefined."""

    def __init__(self, terms: list[str]) -> None:
        super().__init__(DROPPED_TERMS % {"terms": ", ".join(terms)})
        self.terms = tuple(terms)


class BundledContextLoader(FrozenDocumentLoader):
    """Serve the bundled contexts only, and refuse every other URL with ``ContextNotBundledError``."""

    def __init__(self) -> None:
        super().__init__(documents=BUNDLED_DOCUMENTS)

    def __call__(self, url: str, options: dict) -> RemoteDocument:
        if url not in self.documents:
            raise ContextNotBundledError(url)
        document = super().__call__(url, options)
        # Bundled contexts never change, so the resolver may cache them across operations; without
        # the tag every expansion would process the 14 kB OB 3.0 context again.
        document["tag"] = "static"
        return document


class _BoundedCache(dict):
    """Hold resolved contexts, emptied when full so inline contexts in hostile input stay bounded."""

    def __setitem__(self, key: str, value: Any) -> None:
        if len(self) >= _CONTEXT_CACHE_SIZE and key not in self:
            self.clear()
        super().__setitem__(key, value)


_LOADER = BundledContextLoader()
# A private cache rather than pyld's process-wide one, so that no context resolved by another loader
# can ever stand in for a bundled one.
_CONTEXT_CACHE = _BoundedCache()


def document_loader() -> BundledContextLoader:
    """Return the shared loader that serves only the bundled contexts."""
    return _LOADER


def require_absolute_iri(value: str, *, field: str) -> str:
    """Return ``value`` if it is an absolute IRI; a relative one would be rebased onto a dummy base."""
    if not isinstance(value, str) or not urlsplit(value).scheme:
        raise ValueError(NOT_AN_ABSOLUTE_IRI % {"field": field, "value": value})
    return value


def _options() -> dict[str, Any]:
    # base=None keeps relative IRIs relative, so that _undefined_names can report them instead of
    # pyld resolving them against http://example.org/base/.
    return {
        "base": None,
        "documentLoader": _LOADER,
        "contextResolver": ContextResolver(_CONTEXT_CACHE, _LOADER),
    }


def _raise_bundling_error(error: jsonld.JsonLdError) -> None:
    """Raise ``ContextNotBundledError`` again if pyld wrapped one in ``error``."""
    cause = error.__cause__
    while cause is not None:
        if isinstance(cause, ContextNotBundledError):
            # A fresh exception: re-raising the wrapped one from its wrapper would chain in a loop.
            raise ContextNotBundledError(cause.url) from error
        cause = cause.__cause__


def _null_keys(node: Any) -> Iterator[str]:
    """Yield the keys whose value is null; expansion drops them without calling the handler."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if value is None:
                yield f"{key} (null)"
            else:
                yield from _null_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _null_keys(item)


def _is_relative(iri: str) -> bool:
    # Keywords such as @json stand for themselves; blank nodes are local by design.
    return not (urlsplit(iri).scheme or iri.startswith(("@", _BLANK_NODE_PREFIX)))


def _undefined_names(node: Any) -> Iterator[str]:
    """Yield the types and identifiers that expansion left as relative IRIs (undefined terms)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                yield from (name for name in (value if isinstance(value, list) else [value]) if _is_relative(name))
            elif key == "@id" and _is_relative(value):
                yield f"{value} (relative @id)"
            else:
                yield from _undefined_names(value)
    elif isinstance(node, list):
        for item in node:
            yield from _undefined_names(item)


def expand_strict(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand ``doc`` and raise ``DroppedTermError`` naming every term that did not survive."""
    dropped: list[str] = []

    def on_property_dropped(term: str | None) -> None:
        # pyld passes None when a context maps the term to null on purpose.
        dropped.append(term if term is not None else "(a term mapped to null)")

    try:
        expanded = jsonld.expand(doc, _options(), on_property_dropped=on_property_dropped)
    except jsonld.JsonLdError as error:
        _raise_bundling_error(error)
        raise
    dropped.extend(_null_keys(doc))
    dropped.extend(_undefined_names(expanded))
    if dropped:
        raise DroppedTermError(list(dict.fromkeys(dropped)))
    return expanded


def canonize(doc: dict[str, Any]) -> str:
    """Return the RDFC-1.0 canonical N-Quads of ``doc`` after a strict expansion."""
    expanded = expand_strict(doc)
    options = _options() | {"algorithm": "URDNA2015", "format": "application/n-quads"}
    # pyld calls RDFC-1.0 by its draft name; the output is identical for these documents (§2.8).
    return jsonld.normalize(expanded, options)
