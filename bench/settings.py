"""The production settings plus the bench's reference view (``/bench/hello/``); for ``make bench`` only."""

from lms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Measure the intended production stack even before the page-cache middleware is listed in base.py.
if "lms.core.page_cache.PageCacheMiddleware" not in MIDDLEWARE:  # noqa: F405
    MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
    MIDDLEWARE.insert(MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "lms.core.page_cache.PageCacheMiddleware")
