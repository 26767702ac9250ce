"""Skip the two privacy queries Wagtail runs on every page view when no restriction can apply.

Wagtail's ``before_serve_page`` hook asks ``page.get_view_restrictions()``: one query for the ancestors'
``alias_of`` and one for their restrictions, on every view of every page, while a Tremplin site has a
handful of restricted sections at most. This module keeps, per process, the tree paths of the pages
that carry a restriction and of the alias pages (whose restrictions are their source's), tied to the
page-cache content version, which every change of a restriction or of the tree bumps
(``lms.core.page_cache.connect_receivers``). A page none of whose ancestors (itself included) is in
either set has no restriction: the answer is an empty queryset, without a query. Any other page — and
every page while the cache is unreachable — gets Wagtail's own answer.
"""

import logging
import time

from django.db import models
from wagtail.models import Page, PageViewRestriction

from .page_cache import content_version_get

logger = logging.getLogger(__name__)

# A change saved while the cache was unreachable could not bump the version: the snapshot is rebuilt at
# least this often anyway (2 small queries per process and per minute), which bounds how long such a
# change can go unseen once the cache is back with the old version.
SNAPSHOT_SECONDS = 60

# (content version, built at (monotonic), paths of restricted pages, paths of alias pages); replaced
# whole, so threads never see a half-updated value.
_known: tuple[int, float, frozenset[str], frozenset[str]] | None = None


def _paths_to_check() -> tuple[frozenset[str], frozenset[str]]:
    global _known
    version = content_version_get()
    known = _known
    now = time.monotonic()
    if known is None or known[0] != version or now - known[1] > SNAPSHOT_SECONDS:
        restricted = frozenset(PageViewRestriction.objects.order_by().values_list("page__path", flat=True))
        aliases = frozenset(Page.objects.filter(alias_of__isnull=False).order_by().values_list("path", flat=True))
        known = _known = (version, now, restricted, aliases)
    return known[2], known[3]


def forget() -> None:
    """Drop what this process knows (when a version bump failed, and in tests)."""
    global _known
    _known = None


class ViewRestrictionShortcutMixin:
    """For page models: answer ``get_view_restrictions()`` without SQL when nothing restricts the page."""

    def get_view_restrictions(self) -> models.QuerySet:
        if self.alias_of_id is None:
            try:
                restricted, aliases = _paths_to_check()
            except Exception:
                logger.warning("Cache unreachable: page view restrictions read from the database", exc_info=True)
            else:
                steplen = self.steplen
                own_and_ancestors = {self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)}
                if not (own_and_ancestors & restricted or own_and_ancestors & aliases):
                    return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
