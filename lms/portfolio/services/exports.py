"""Produce the portfolio PDF in the background, store it privately and record its SHA-256."""

import hashlib
import io
import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from .. import errors
from ..errors import PortfolioError
from ..models import ExportStatus, Portfolio, PortfolioExport
from ..pdf import PdfRenderError, render_pdf

logger = logging.getLogger(__name__)

IN_PROGRESS = (ExportStatus.PENDING, ExportStatus.RUNNING)


def _enqueue(export: PortfolioExport) -> None:
    from ..tasks import export_pdf

    transaction.on_commit(partial(export_pdf.delay, export.pk), robust=True)


def _fail(export: PortfolioExport, message) -> None:
    export.status, export.error, export.finished_at = ExportStatus.FAILED, str(message), timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])


@transaction.atomic
def portfolio_export_request(*, portfolio: Portfolio, by) -> PortfolioExport:
    """Queue a PDF export of ``portfolio``; a second request while one is in progress returns that one."""
    portfolio = Portfolio.objects.select_for_update().select_related("user", "framework").get(pk=portfolio.pk)
    current = portfolio.exports.filter(status__in=IN_PROGRESS).first()
    if current is not None:
        if not current.is_stale:
            return current
        _fail(current, errors.EXPORT_INTERRUPTED)
    user = portfolio.user
    export = PortfolioExport(
        portfolio=portfolio,
        learner_name=(user.get_full_name() or user.email)[:300],
        framework_title=f"{portfolio.framework.title} ({portfolio.framework.code})"[:300],
        requested_by=by,
    )
    export.full_clean(validate_unique=False, validate_constraints=False)
    export.save()
    _enqueue(export)
    return export


@transaction.atomic
def portfolio_export_retry(*, export: PortfolioExport) -> PortfolioExport:
    """Queue a failed (or stalled) export again."""
    export = PortfolioExport.objects.select_for_update().get(pk=export.pk)
    if not export.is_failed:
        raise PortfolioError(errors.EXPORT_NOT_FAILED)
    other = export.portfolio.exports.filter(status__in=IN_PROGRESS).exclude(pk=export.pk).first()
    if other is not None and not other.is_stale:
        return other
    if other is not None:
        _fail(other, errors.EXPORT_INTERRUPTED)
    export.status, export.error, export.started_at, export.finished_at = ExportStatus.PENDING, "", None, None
    export.created_at = timezone.now()
    export.save(update_fields=["status", "error", "started_at", "finished_at", "created_at"])
    _enqueue(export)
    return export


def _claim(export_id: int) -> PortfolioExport | None:
    """Mark the export running and return it, or ``None`` if there is nothing to do (done, failed, taken)."""
    with transaction.atomic():
        export = PortfolioExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status in (ExportStatus.DONE, ExportStatus.FAILED):
            return None
        if export.status == ExportStatus.RUNNING and not export.is_stale:
            return None
        export.status, export.started_at = ExportStatus.RUNNING, timezone.now()
        export.attempts += 1
        export.save(update_fields=["status", "started_at", "attempts"])
    return export


def portfolio_export_run(*, export_id: int) -> PortfolioExport | None:
    """Render the export's PDF, store it and its SHA-256; mark it failed with a clear message on a render error.

    Safe to run twice: a done, failed or already running export is left alone. On an ``OSError`` (disk
    full, storage hiccup) the export goes back to pending and the error propagates, so the task retries.
    """
    from ..documents import allowed_roots, portfolio_document_html

    export = _claim(export_id)
    if export is None:
        return None
    portfolio = Portfolio.objects.select_related("user", "framework").get(pk=export.portfolio_id)
    try:
        pdf = render_pdf(
            portfolio_document_html(portfolio=portfolio, export=export),
            allowed_roots=allowed_roots(portfolio=portfolio),
        )
        export.file.save("portfolio.pdf", ContentFile(pdf), save=False)
    except PdfRenderError:
        logger.exception("Portfolio PDF export %s failed", export.pk)
        _fail(export, errors.EXPORT_RENDER_FAILED)
        return export
    except OSError:
        PortfolioExport.objects.filter(pk=export.pk).update(status=ExportStatus.PENDING)
        raise
    export.sha256 = hashlib.sha256(pdf).hexdigest()
    export.size = len(pdf)
    export.pages = len(PdfReader(io.BytesIO(pdf)).pages)
    export.status, export.error, export.finished_at = ExportStatus.DONE, "", timezone.now()
    export.save(update_fields=["file", "sha256", "size", "pages", "status", "error", "finished_at"])
    return export
