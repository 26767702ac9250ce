"""Insert Wagtail pages in bulk, with the tree columns treebeard and Wagtail would have written.

``Page.add_child`` costs several queries per page (it locks and re-reads the parent); a load-test data
set of thousands of lessons needs a few queries per *batch* instead. The base ``wagtailcore_page`` rows
go in with ``bulk_create`` (ids come back on PostgreSQL and SQLite ≥ 3.35), then the specific rows with
the same insert Django uses when saving a multi-table child. ``Page.find_problems()`` finds nothing in a
tree built this way (tested).
"""

import uuid
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

BATCH_SIZE = 1000


def _next_step(parent: Page) -> int:
    last = parent.get_last_child()
    return Page._str2int(last.path[-Page.steplen :]) + 1 if last is not None else 1


def pages_bulk_add(*, parent: Page, pages: Sequence[Page], numchild: int = 0) -> list[Page]:
    """Add unsaved specific ``pages`` (all of one type) as live children of ``parent``; return them saved.

    ``numchild`` is the number of children each new page will receive from a later call, so the parent
    rows are right without an update per page.
    """
    if not pages:
        return []
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    parent = Page.objects.get(pk=parent.pk)
    first_step, depth, now = _next_step(parent), parent.depth + 1, timezone.now()
    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, depth, first_step + offset)
        page.depth, page.numchild = depth, numchild
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.content_type = content_type
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = now
    _insert_rows(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return list(pages)


def pages_bulk_add_under_each(*, parents: Sequence[Page], children: Sequence[Sequence[Page]]) -> int:
    """Add ``children[i]`` under ``parents[i]``, for parents just created by ``pages_bulk_add``.

    The parents have no child yet and already count their future children (``numchild``), so paths are
    computed without reading anything back. Return the number of pages inserted.
    """
    flat: list[Page] = []
    now = timezone.now()
    for parent, kids in zip(parents, children, strict=True):
        for step, page in enumerate(kids, start=1):
            page.path = Page._get_path(parent.path, parent.depth + 1, step)
            page.depth, page.numchild = parent.depth + 1, 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.translation_key = uuid.uuid4()
            page.draft_title = page.title
            page.live, page.has_unpublished_changes = True, False
            page.first_published_at = page.last_published_at = now
            flat.append(page)
    if flat:
        content_type = ContentType.objects.get_for_model(type(flat[0]))
        for page in flat:
            page.content_type = content_type
        _insert_rows(type(flat[0]), flat)
    return len(flat)


def _insert_rows(model: type[Page], pages: Sequence[Page]) -> None:
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    local_fields = list(model._meta.local_concrete_fields)
    for start in range(0, len(pages), BATCH_SIZE):
        batch = pages[start : start + BATCH_SIZE]
        bases = [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in batch]
        Page.objects.bulk_create(bases, batch_size=BATCH_SIZE)
        for page, base in zip(batch, bases, strict=True):
            page.id = page.page_ptr_id = base.pk
            page._state.adding, page._state.db = False, connection.alias
        # The same INSERT Django issues for the child table when saving one multi-table page, batched.
        model._base_manager._insert(batch, fields=local_fields, using=connection.alias)
