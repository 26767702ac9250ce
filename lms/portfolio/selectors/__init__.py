"""Reads of the portfolio app: the learner's portfolios, their DP-shaped overview and coverage, jury access.

One module per concern, re-exported here (``lms.portfolio.selectors.X``).
"""

from .coverage import BlockRow, CompetencyRow, PortfolioOverview, portfolio_overview
from .jury import JuryAccess, jury_feedback_for_learner, jury_feedback_for_share, share_for_jury, shares_for_jury
from .portfolios import (
    evidence_for_owner,
    example_for_owner,
    export_for_portfolio,
    export_public,
    portfolio_access_logs,
    portfolio_exports,
    portfolio_for_manager,
    portfolio_for_owner,
    portfolio_shares,
    portfolios_for_staff,
    portfolios_for_user,
    title_frameworks,
)

__all__ = [
    "BlockRow",
    "CompetencyRow",
    "JuryAccess",
    "PortfolioOverview",
    "evidence_for_owner",
    "example_for_owner",
    "export_for_portfolio",
    "export_public",
    "jury_feedback_for_learner",
    "jury_feedback_for_share",
    "portfolio_access_logs",
    "portfolio_exports",
    "portfolio_for_manager",
    "portfolio_for_owner",
    "portfolio_overview",
    "portfolio_shares",
    "portfolios_for_staff",
    "portfolios_for_user",
    "share_for_jury",
    "shares_for_jury",
    "title_frameworks",
]
