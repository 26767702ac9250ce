"""Background jobs of the portfolio: ids in, one service call, safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from .models import Portfolio
from .services import portfolio_collect_evidence, portfolio_export_run, portfolios_collect_for_user

RETRY = {"autoretry_for": (OSError, OperationalError), "retry_backoff": 30, "retry_kwargs": {"max_retries": 5}}


@shared_task(name="portfolio.export_pdf", **RETRY)
def export_pdf(export_id: int) -> str | None:
    """Render the PDF of export ``export_id``; return its final status (``None``: nothing to do)."""
    export = portfolio_export_run(export_id=export_id)
    return export.status if export else None


@shared_task(name="portfolio.collect_evidence", **RETRY)
def collect_evidence(portfolio_id: int) -> int:
    """Collect the evidence of one portfolio; return how many items were added."""
    portfolio = Portfolio.objects.select_related("user", "framework").filter(pk=portfolio_id).first()
    return portfolio_collect_evidence(portfolio=portfolio) if portfolio else 0


@shared_task(name="portfolio.collect_evidence_for_user", **RETRY)
def collect_evidence_for_user(user_id: int) -> int:
    """Collect the evidence of every portfolio of ``user_id`` (queued after a learning event)."""
    return portfolios_collect_for_user(user_id=user_id)


@shared_task(name="portfolio.collect_all_evidence", **RETRY)
def collect_all_evidence() -> int:
    """Queue a collection for every portfolio (nightly safety net for events that queued none)."""
    ids = list(Portfolio.objects.filter(user__is_active=True).values_list("pk", flat=True).order_by("pk"))
    for portfolio_id in ids:
        collect_evidence.delay(portfolio_id)
    return len(ids)
