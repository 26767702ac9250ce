"""Serve pages that are the same for everyone from the cache, to anonymous visitors only.

A page is stored only when nothing about the request or the response can be personal: a GET or HEAD
request without a session, message or authorisation header, answered with a 200 that sets no cookie,
used no CSRF token, touched no session or message, and did not ask to stay private. The key holds the
scheme, host, active language, path and sorted query string; each entry carries the "content version"
it was rendered under, and any publication, unpublication, move or deletion of a page, or any change to
the competency frameworks, bumps that version, which makes every entry stale at once.

``PageCacheMiddleware`` looks the entry up before Wagtail routes the request (a hit costs one cache
round trip and no SQL query) and sets ``Cache-Control``; ``CachedPageMixin`` (for pages) and
``cache_for_anonymous`` (for views) decide what may be stored, and still serve hits on their own when
the middleware is not installed.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import has_vary_header, patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language

VERSION_KEY = "pagecache:version"
KEY_PREFIX = "pagecache:page:"
# Beyond this, a query string is most likely a crawler's or an attacker's: do not fill the cache with it.
MAX_QUERY_STRING = 512
# Only the body's own headers are stored; security headers, Content-Language and Vary are added again by
# the middleware chain on every response, hit or miss.
STORED_HEADERS = ("Content-Type",)
HIT, STORED = "hit", "stored"
_STATE = "_tremplin_page_cache"
_MISS_VERSION = "_tremplin_page_cache_version"
# The version noted on a request when the cache could not be reached: render, store nothing.
_UNAVAILABLE = -1

logger = logging.getLogger(__name__)

# The page cache is an accelerator, never a dependency: when the cache server is down, pages are
# rendered as if it were empty, and nothing is stored. (Each backend raises its own errors:
# redis.ConnectionError, pymemcache's, OSError…, hence the broad catch around cache calls.)


def cache_timeout() -> int:
    """Return how long an entry lives in the server cache, in seconds (a safety net behind invalidation)."""
    return getattr(settings, "TREMPLIN_PAGE_CACHE_SECONDS", 300)


def browser_max_age() -> int:
    """Return the ``max-age`` sent with cached pages: short, because invalidation happens on the server."""
    return getattr(settings, "TREMPLIN_PAGE_CACHE_MAX_AGE", 60)


def _fresh_version() -> int:
    # A clock-based start keeps versions increasing even when the cache lost the key (restart, eviction),
    # so entries stored under an older version can never match again.
    return time.time_ns() // 1000


def content_version_get() -> int:
    """Return the current content version, creating it when the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_version_bump() -> None:
    """Make every cached page stale (call after any change that anonymous pages show).

    When the cache is unreachable the change is saved anyway; entries stored before the outage expire
    after ``cache_timeout()`` at the latest.
    """
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, _fresh_version(), timeout=None)
    except Exception:
        logger.warning("Page cache unreachable: could not invalidate cached pages", exc_info=True)
        # This process, at least, must not keep trusting what it knew under the old version (other
        # processes rebuild theirs within view_restrictions.SNAPSHOT_SECONDS).
        from .view_restrictions import forget

        forget()


def content_changed(**kwargs) -> None:
    """Bump the content version now and again once the current transaction commits.

    The second bump closes the window in which a request could render the not-yet-committed old content
    under the new version.
    """
    content_version_bump()
    transaction.on_commit(content_version_bump)


def _page_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def _alias_saved(sender, instance, **kwargs) -> None:
    # An alias takes its source's view restrictions: lms.core.view_restrictions must know every alias.
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.alias_of_id is not None:
        content_changed()


def connect_receivers() -> None:
    """Connect the invalidation receivers once (``dispatch_uid`` makes a second call harmless)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(content_changed, dispatch_uid="tremplin_page_cache_published")
    page_unpublished.connect(content_changed, dispatch_uid="tremplin_page_cache_unpublished")
    post_page_move.connect(content_changed, dispatch_uid="tremplin_page_cache_moved")
    post_delete.connect(_page_deleted, dispatch_uid="tremplin_page_cache_page_deleted")
    post_save.connect(_alias_saved, dispatch_uid="tremplin_page_cache_alias_saved")
    # A new view restriction must hide a page at once; frameworks, themes and organisation names are
    # shown on anonymous pages (référentiels, catalogue cards) and are edited outside the page tree.
    watched = [PageViewRestriction, apps.get_model("accounts", "Organisation")]
    watched += list(apps.get_app_config("frameworks").get_models())
    for model in watched:
        uid = f"tremplin_page_cache_{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}_deleted")


def request_is_cacheable(request: HttpRequest) -> bool:
    """Return whether the request is anonymous and cookie-less enough to share a response with others."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    # Only the language choice and an unused CSRF cookie may come along; a session or message cookie
    # means the page may show something personal.
    if not set(request.COOKIES) <= {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def cache_key(request: HttpRequest) -> str:
    """Return the entry's key: scheme, host, active language, path and sorted query string."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    raw = "\n".join([request.scheme, request.get_host(), get_language() or "", request.path, query])
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def cached_response(request: HttpRequest) -> HttpResponse | None:
    """Return the stored response for ``request`` when it is current (one cache round trip), else ``None``."""
    key = cache_key(request)
    try:
        values = cache.get_many([VERSION_KEY, key])
        version, entry = values.get(VERSION_KEY), values.get(key)
        if version is None:
            version = content_version_get()
    except Exception:
        logger.warning("Page cache unreachable: rendering without it", exc_info=True)
        setattr(request, _MISS_VERSION, _UNAVAILABLE)
        return None
    if version is not None and entry is not None and entry["version"] == version:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        setattr(response, _STATE, HIT)
        return response
    setattr(request, _MISS_VERSION, version)
    return None


def _response_is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page printed a CSRF token: it is derived from this visitor's secret and must not be shared.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return not has_vary_header(response, "Cookie") and request_is_cacheable(request)


def _store(request: HttpRequest, response: HttpResponse, version: int) -> None:
    if not _response_is_shareable(request, response):
        return
    entry = {
        "version": version,
        "status": response.status_code,
        "content": response.content,
        "headers": [(name, response[name]) for name in STORED_HEADERS if name in response],
    }
    try:
        cache.set(cache_key(request), entry, timeout=cache_timeout())
    except Exception:
        logger.warning("Page cache unreachable: page not stored", exc_info=True)
        return
    setattr(response, _STATE, STORED)


def serve_cached(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """Return the cached response for an anonymous ``request``, or ``render()`` it and store it if shareable."""
    if not request_is_cacheable(request):
        return render()
    version = getattr(request, _MISS_VERSION, None)
    if version is None:
        hit = cached_response(request)
        if hit is not None:
            return hit
        version = getattr(request, _MISS_VERSION)
    if version == _UNAVAILABLE:
        return render()
    # The version was read before rendering: a bump during rendering leaves this entry stale at once.
    response = render()
    if hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(lambda rendered: _store(request, rendered, version))
    else:
        _store(request, response, version)
    return response


class CachedPageMixin:
    """Serve this page type from the anonymous page cache (put it before ``Page`` in the bases)."""

    def serve(self, request, *args, **kwargs):
        return serve_cached(request, lambda: super(CachedPageMixin, self).serve(request, *args, **kwargs))


def cache_for_anonymous(view):
    """Decorate a view whose output is the same for every anonymous visitor."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return serve_cached(request, lambda: view(request, *args, **kwargs))

    return wrapped


class PageCacheMiddleware:
    """Answer anonymous requests from the page cache before routing, and set ``Cache-Control``.

    Place it after ``MessageMiddleware`` (and the CSP middleware, so cached pages get their headers).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        if request_is_cacheable(request):
            response = cached_response(request)
        if response is None:
            response = self.get_response(request)
        if getattr(response, _STATE, None) in (HIT, STORED):
            patch_cache_control(response, public=True, max_age=browser_max_age())
            patch_vary_headers(response, ["Cookie"])
        else:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True)
        return response
