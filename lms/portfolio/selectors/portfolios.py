"""Which portfolio (and which of its parts) a person may read or change."""

from django.db.models import Q, QuerySet

from lms.frameworks.models import Framework, FrameworkKind

from ..models import EvidenceItem, Portfolio, PortfolioAccessLog, PortfolioExport, PortfolioShare, PracticeExample


def title_frameworks() -> QuerySet[Framework]:
    """Return the titles a portfolio may target (REMN-2019, MN-2025…)."""
    return Framework.objects.filter(kind=FrameworkKind.TITLE).order_by("sort_order", "code")


def portfolios_for_user(*, user) -> QuerySet[Portfolio]:
    return Portfolio.objects.filter(user=user).select_related("framework").order_by("framework__sort_order", "pk")


def portfolio_for_owner(*, user, pk: int) -> Portfolio | None:
    """Return the portfolio ``pk`` if ``user`` owns it (the only one who may change it), else ``None``."""
    if not user.is_authenticated:
        return None
    return Portfolio.objects.select_related("framework", "user").filter(pk=pk, user=user).first()


def portfolio_for_manager(*, user, pk: int) -> Portfolio | None:
    """Return the portfolio ``pk`` if ``user`` owns it or is staff (who may read it and share it), else ``None``."""
    if not user.is_authenticated:
        return None
    portfolios = Portfolio.objects.select_related("framework", "user").filter(pk=pk)
    if not user.is_staff:
        portfolios = portfolios.filter(user=user)
    return portfolios.first()


STAFF_SEARCH_MIN_CHARS = 3
STAFF_SEARCH_LIMIT = 50


def portfolios_for_staff(*, query: str) -> list[Portfolio]:
    """Return the portfolios of learners whose e-mail or name contains ``query`` (3 characters at least)."""
    query = (query or "").strip()
    if len(query) < STAFF_SEARCH_MIN_CHARS:
        return []
    return list(
        Portfolio.objects.filter(
            Q(user__email__icontains=query) | Q(user__last_name__icontains=query) | Q(user__first_name__icontains=query)
        )
        .select_related("user", "framework")
        .order_by("user__last_name", "user__first_name", "framework__sort_order")[:STAFF_SEARCH_LIMIT]
    )


def example_for_owner(*, portfolio: Portfolio, pk: int) -> PracticeExample | None:
    return (
        PracticeExample.objects.select_related("block")
        .prefetch_related("competencies", "evidence")
        .filter(pk=pk, portfolio=portfolio)
        .first()
    )


def evidence_for_owner(*, portfolio: Portfolio, pk: int) -> EvidenceItem | None:
    return EvidenceItem.objects.filter(pk=pk, portfolio=portfolio).first()


def portfolio_shares(*, portfolio: Portfolio) -> QuerySet[PortfolioShare]:
    return portfolio.shares.select_related("jury_member").order_by("-created_at", "-pk")


def portfolio_access_logs(*, portfolio: Portfolio, limit: int = 100) -> QuerySet[PortfolioAccessLog]:
    """Return the latest accesses of jury members to the portfolio, for the learner to see."""
    return (
        PortfolioAccessLog.objects.filter(share__portfolio=portfolio)
        .select_related("user", "share")
        .order_by("-at", "-pk")[:limit]
    )


def portfolio_exports(*, portfolio: Portfolio, limit: int = 10) -> QuerySet[PortfolioExport]:
    return portfolio.exports.order_by("-created_at", "-pk")[:limit]


def export_for_portfolio(*, portfolio: Portfolio, public_id: str) -> PortfolioExport | None:
    return PortfolioExport.objects.filter(portfolio=portfolio, public_id=public_id).first()


def export_public(*, public_id: str) -> PortfolioExport | None:
    """Return the finished export with this public id, for the verification page, or ``None``."""
    return PortfolioExport.objects.filter(public_id=public_id, status="done").first()
