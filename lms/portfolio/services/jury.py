"""The jury's feedback on a shared portfolio: opinions per competency (audited), comments, release."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.frameworks.models import Competency

from .. import errors
from ..errors import PortfolioError
from ..models import JuryComment, JuryOpinion, JuryOpinionAudit, JuryOpinionValue, PortfolioShare, PracticeExample

COMMENT_MAX_CHARS = 4_000
NOTES_MAX_CHARS = 10_000


def _check_active(share: PortfolioShare) -> None:
    if not share.is_active():
        raise PortfolioError(errors.SHARE_NOT_ACTIVE, status_code=403)


def _check_competency(share: PortfolioShare, competency: Competency) -> None:
    if competency.framework_id != share.portfolio.framework_id:
        raise PortfolioError(errors.COMPETENCY_OTHER_TITLE, field="competency")


@transaction.atomic
def jury_opinion_set(*, share: PortfolioShare, competency: Competency, value: str, by) -> JuryOpinion:
    """Record the jury member's opinion on ``competency``; every change is audited (who, when, old, new)."""
    _check_active(share)
    _check_competency(share, competency)
    if value not in JuryOpinionValue.values:
        raise PortfolioError(errors.OPINION_UNKNOWN, field="value")
    opinion = JuryOpinion.objects.select_for_update().filter(share=share, competency=competency).first()
    old_value = opinion.value if opinion else ""
    if old_value == value:
        return opinion
    now = timezone.now()
    if opinion is None:
        opinion = JuryOpinion.objects.create(share=share, competency=competency, value=value, updated_at=now)
    else:
        opinion.value, opinion.updated_at = value, now
        opinion.save(update_fields=["value", "updated_at"])
    JuryOpinionAudit.objects.create(
        share=share, competency=competency, changed_by=by, at=now, old_value=old_value, new_value=value
    )
    return opinion


def jury_comment_add(
    *,
    share: PortfolioShare,
    body: str,
    by,
    competency: Competency | None = None,
    example: PracticeExample | None = None,
) -> JuryComment:
    """Add a plain-text comment of the jury member on one competency or one practice example."""
    _check_active(share)
    body = (body or "").strip()
    if not body:
        raise PortfolioError(errors.COMMENT_EMPTY, field="body")
    if len(body) > COMMENT_MAX_CHARS:
        raise PortfolioError(errors.TEXT_TOO_LONG % {"field": _("commentaire"), "max": COMMENT_MAX_CHARS}, field="body")
    if (competency is None) == (example is None):
        raise ValueError("A jury comment targets exactly one competency or one practice example.")
    if competency is not None:
        _check_competency(share, competency)
    if example is not None and example.portfolio_id != share.portfolio_id:
        raise PortfolioError(errors.NOT_ALLOWED, status_code=404)
    comment = JuryComment(share=share, competency=competency, example=example, author=by, body=body)
    comment.full_clean(validate_constraints=False)
    comment.save()
    return comment


def jury_notes_update(*, share: PortfolioShare, notes: str) -> PortfolioShare:
    """Replace the jury member's overall notes on the portfolio."""
    _check_active(share)
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX_CHARS:
        raise PortfolioError(
            errors.TEXT_TOO_LONG % {"field": _("appréciation générale"), "max": NOTES_MAX_CHARS}, field="notes"
        )
    share.overall_notes = notes
    share.save(update_fields=["overall_notes"])
    return share


def jury_feedback_release(*, share: PortfolioShare) -> PortfolioShare:
    """Let the learner see this jury member's opinions, comments and notes (from now on)."""
    _check_active(share)
    updated = PortfolioShare.objects.filter(pk=share.pk, feedback_released_at__isnull=True).update(
        feedback_released_at=timezone.now()
    )
    if not updated:
        raise PortfolioError(errors.FEEDBACK_ALREADY_RELEASED)
    share.refresh_from_db(fields=["feedback_released_at"])
    return share
