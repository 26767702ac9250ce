"""The VAE portfolio: portfolios and practice examples, evidence, jury sharing, PDF exports.

The models live in one module per concern and are re-exported here (``lms.portfolio.models.X``).
"""

from .evidence import EvidenceCompetency, EvidenceItem, EvidenceSource
from .exports import ExportStatus, PortfolioExport
from .jury import (
    AccessKind,
    JuryComment,
    JuryOpinion,
    JuryOpinionAudit,
    JuryOpinionValue,
    PortfolioAccessLog,
    PortfolioShare,
)
from .portfolio import Portfolio, PracticeExample

__all__ = [
    "AccessKind",
    "EvidenceCompetency",
    "EvidenceItem",
    "EvidenceSource",
    "ExportStatus",
    "JuryComment",
    "JuryOpinion",
    "JuryOpinionAudit",
    "JuryOpinionValue",
    "Portfolio",
    "PortfolioAccessLog",
    "PortfolioExport",
    "PortfolioShare",
    "PracticeExample",
]
