"""Writes of the portfolio app, one module per concern, re-exported here (``lms.portfolio.services.X``)."""

from .collect import portfolio_collect_evidence, portfolio_evidence_refresh_enqueue, portfolios_collect_for_user
from .evidence import evidence_delete, evidence_upload
from .examples import practice_example_create, practice_example_delete, practice_example_update, rich_text_clean
from .exports import portfolio_export_request, portfolio_export_retry, portfolio_export_run
from .jury import jury_comment_add, jury_feedback_release, jury_notes_update, jury_opinion_set
from .portfolios import honour_statement_text, portfolio_create, portfolio_honour_statement_sign
from .sharing import portfolio_access_log, portfolio_share_create, portfolio_share_revoke

__all__ = [
    "evidence_delete",
    "evidence_upload",
    "honour_statement_text",
    "jury_comment_add",
    "jury_feedback_release",
    "jury_notes_update",
    "jury_opinion_set",
    "portfolio_access_log",
    "portfolio_collect_evidence",
    "portfolio_create",
    "portfolio_evidence_refresh_enqueue",
    "portfolio_export_request",
    "portfolio_export_retry",
    "portfolio_export_run",
    "portfolio_honour_statement_sign",
    "portfolio_share_create",
    "portfolio_share_revoke",
    "portfolios_collect_for_user",
    "practice_example_create",
    "practice_example_delete",
    "practice_example_update",
    "rich_text_clean",
]
