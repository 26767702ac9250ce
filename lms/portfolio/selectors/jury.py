"""What a jury member may open, and the jury's feedback as the jury member and the learner see it."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .. import errors
from ..models import JuryComment, JuryOpinion, Portfolio, PortfolioShare


@dataclass
class JuryAccess:
    """The outcome of a jury member's request: the share, or the status code and message to answer."""

    share: PortfolioShare | None
    status_code: int = 200
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.share is not None and self.status_code == 200


def share_for_jury(*, user, token: str) -> JuryAccess:
    """Return the share behind ``token`` if ``user`` is its jury member and it is live.

    Anyone else gets a 404, as if the share did not exist. The named jury member gets a 403 with a
    clear message once the share has expired or been revoked, or if they no longer hold the jury role.
    """
    from lms.accounts.roles import SiteRole
    from lms.accounts.selectors import user_has_site_role

    if not user.is_authenticated:
        return JuryAccess(share=None, status_code=404)
    share = (
        PortfolioShare.objects.select_related("portfolio__framework", "portfolio__user", "jury_member")
        .filter(token=token, jury_member=user)
        .first()
    )
    if share is None:
        return JuryAccess(share=None, status_code=404)
    if not share.is_active() or not user_has_site_role(user=user, role=SiteRole.JURY):
        return JuryAccess(share=None, status_code=403, message=str(errors.SHARE_NOT_ACTIVE))
    return JuryAccess(share=share)


def shares_for_jury(*, user) -> QuerySet[PortfolioShare]:
    """Return the live shares addressed to ``user``, soonest expiry first; none once the jury role is gone.

    The list shows learners' names: a person whose jury role was withdrawn must not keep seeing it, as
    ``share_for_jury`` already refuses each share to them.
    """
    from lms.accounts.roles import SiteRole
    from lms.accounts.selectors import user_has_site_role

    if not user.is_authenticated or not user_has_site_role(user=user, role=SiteRole.JURY):
        return PortfolioShare.objects.none()
    return (
        PortfolioShare.objects.filter(jury_member=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("portfolio__framework", "portfolio__user")
        .order_by("expires_at", "pk")
    )


@dataclass
class ShareFeedback:
    """One jury member's feedback, indexed for templates."""

    share: PortfolioShare
    opinions: dict[int, JuryOpinion] = field(default_factory=dict)
    competency_comments: dict[int, list[JuryComment]] = field(default_factory=dict)
    example_comments: dict[int, list[JuryComment]] = field(default_factory=dict)


def _feedback(share: PortfolioShare) -> ShareFeedback:
    feedback = ShareFeedback(share=share)
    for opinion in share.opinions.all():
        feedback.opinions[opinion.competency_id] = opinion
    for comment in share.comments.all():
        if comment.competency_id:
            feedback.competency_comments.setdefault(comment.competency_id, []).append(comment)
        else:
            feedback.example_comments.setdefault(comment.example_id, []).append(comment)
    return feedback


def _with_feedback(shares: QuerySet[PortfolioShare]) -> QuerySet[PortfolioShare]:
    opinions = JuryOpinion.objects.select_related("competency__framework", "competency__block")
    return shares.prefetch_related(
        Prefetch("opinions", queryset=opinions),
        Prefetch("comments", queryset=JuryComment.objects.select_related("author").order_by("created_at", "pk")),
    )


def jury_feedback_for_share(*, share: PortfolioShare) -> ShareFeedback:
    """Return the feedback of ``share`` for its jury member (released or not), in two queries."""
    share = _with_feedback(PortfolioShare.objects.filter(pk=share.pk).select_related("jury_member")).get()
    return _feedback(share)


def jury_feedback_for_learner(*, portfolio: Portfolio) -> list[ShareFeedback]:
    """Return the feedback the jury members released to the learner; unreleased feedback stays hidden."""
    shares = _with_feedback(
        portfolio.shares.filter(feedback_released_at__isnull=False).select_related("jury_member")
    ).order_by("feedback_released_at", "pk")
    return [_feedback(share) for share in shares]
