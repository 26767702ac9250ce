"""Open Badges issuing: issuers and keys, badge classes and rules, assertions.

The models live in one module per concern and are re-exported here (``lms.badges.models.X``).
"""

from .assertions import Assertion, AssertionStatus, Validity
from .classes import AUTOMATIC_KINDS, BadgeClass, BadgeClassTag, BadgeRule, RuleKind
from .issuers import Issuer, IssuerKey

__all__ = [
    "AUTOMATIC_KINDS",
    "Assertion",
    "AssertionStatus",
    "BadgeClass",
    "BadgeClassTag",
    "BadgeRule",
    "Issuer",
    "IssuerKey",
    "RuleKind",
    "Validity",
]
