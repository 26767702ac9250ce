"""Writes of the badges app, one module per concern, re-exported here (``lms.badges.services.X``)."""

from .awards import (
    AssertionIssueError,
    assertion_award_manual,
    assertion_issue,
    assertions_issue_pending,
    awards_evaluate,
    awards_record,
)
from .issuers import issuer_ensure, issuer_key_rotate, issuer_sign, issuer_signing_key, status_list_refresh
from .revocation import assertion_revoke

__all__ = [
    "AssertionIssueError",
    "assertion_award_manual",
    "assertion_issue",
    "assertion_revoke",
    "assertions_issue_pending",
    "awards_evaluate",
    "awards_record",
    "issuer_ensure",
    "issuer_key_rotate",
    "issuer_sign",
    "issuer_signing_key",
    "status_list_refresh",
]
