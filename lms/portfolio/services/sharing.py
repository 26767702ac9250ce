"""Share a portfolio with named jury members, revoke it, and log every access they make."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lms.accounts.roles import SiteRole

from .. import errors
from ..errors import PortfolioError
from ..models import AccessKind, Portfolio, PortfolioAccessLog, PortfolioShare

#: Long enough for a VAE session to be scheduled, prepared and held; renew it if needed.
SHARE_MAX_DAYS = 180
SHARE_DEFAULT_DAYS = 30


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def jury_member_find(*, email: str):
    """Return the active user with the jury role and this e-mail address, or ``None``."""
    from lms.accounts.roles import SITE_ROLE_GROUPS

    return (
        get_user_model()
        .objects.filter(
            email__iexact=(email or "").strip(), is_active=True, groups__name=SITE_ROLE_GROUPS[SiteRole.JURY]
        )
        .first()
    )


@transaction.atomic
def portfolio_share_create(*, portfolio: Portfolio, jury_email: str, expires_on: date, by) -> PortfolioShare:
    """Share ``portfolio`` with the jury member whose e-mail is ``jury_email`` until the end of ``expires_on``.

    The honour statement must be signed first. Sharing again with the same member while a share is
    live moves its expiry date, so their feedback stays in one place.
    """
    portfolio = Portfolio.objects.select_for_update().get(pk=portfolio.pk)
    if not portfolio.has_honour_statement:
        raise PortfolioError(errors.HONOUR_REQUIRED_TO_SHARE)
    today = timezone.localdate()
    if expires_on < today:
        raise PortfolioError(errors.SHARE_EXPIRY_PAST, field="expires_on")
    if expires_on > today + timedelta(days=SHARE_MAX_DAYS):
        raise PortfolioError(errors.SHARE_EXPIRY_TOO_FAR % {"days": SHARE_MAX_DAYS}, field="expires_on")
    jury_member = jury_member_find(email=jury_email)
    if jury_member is None:
        raise PortfolioError(errors.JURY_UNKNOWN, field="jury_email")
    if jury_member.pk == portfolio.user_id:
        raise PortfolioError(errors.JURY_IS_OWNER, field="jury_email")
    expires_at = _end_of_day(expires_on)
    share = PortfolioShare.objects.filter(portfolio=portfolio, jury_member=jury_member, revoked_at__isnull=True).first()
    if share is not None:
        share.expires_at = expires_at
        share.save(update_fields=["expires_at"])
        return share
    share = PortfolioShare(portfolio=portfolio, jury_member=jury_member, created_by=by, expires_at=expires_at)
    share.full_clean(validate_unique=False, validate_constraints=False)
    share.save()
    return share


def portfolio_share_revoke(*, share: PortfolioShare, by) -> PortfolioShare:
    """Revoke ``share`` now: the jury member loses access at once."""
    updated = PortfolioShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    if not updated:
        raise PortfolioError(errors.SHARE_ALREADY_REVOKED)
    share.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return share


def portfolio_access_log(*, share: PortfolioShare, user, what: str, target: str = "") -> PortfolioAccessLog:
    """Record one access of a jury member (consultation, PDF or file download)."""
    if what not in AccessKind.values:
        raise ValueError(f"Unknown access kind: {what!r}")
    return PortfolioAccessLog.objects.create(share=share, user=user, what=what, target=target[:120])
