"""The cache is an accelerator, never a dependency: read through it, and compute without it when it is down.

Each backend raises its own errors when its server is unreachable (redis.ConnectionError, pymemcache's,
OSError…), hence the broad catches: a cache outage must cost speed, never a page.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

logger = logging.getLogger(__name__)


def cached_or_computed(key: str, compute: Callable[[], T], *, timeout: int, what: str) -> T:
    """Return the value stored under ``key``, or ``compute()`` it and store it for ``timeout`` seconds.

    ``compute`` must not return ``None`` (it would be recomputed on every call). ``what`` names the value
    in the warning logged when the cache is unreachable, in which case the value is computed every time.
    """
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("Cache unreachable: %s computed without it", what, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout)
        except Exception:
            logger.warning("Cache unreachable: %s not stored", what, exc_info=True)
    return value
