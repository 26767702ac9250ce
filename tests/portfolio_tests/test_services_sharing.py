from datetime import timedelta

import pytest
from django.utils import timezone

from lms.portfolio.errors import PortfolioError
from lms.portfolio.models import PortfolioAccessLog, PortfolioShare
from lms.portfolio.services import portfolio_access_log, portfolio_share_create, portfolio_share_revoke

pytestmark = pytest.mark.django_db


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


class TestShareCreate:
    def test_shares_until_the_end_of_the_chosen_day_with_an_unguessable_token(self, signed_portfolio, jury_member):
        share = portfolio_share_create(
            portfolio=signed_portfolio,
            jury_email="BERNARD.JURY@exemple.fr ",
            expires_on=in_days(30),
            by=signed_portfolio.user,
        )

        assert share.jury_member == jury_member
        assert timezone.localtime(share.expires_at).date() == in_days(30)
        assert timezone.localtime(share.expires_at).strftime("%H:%M") == "23:59"
        assert len(share.token) == 32
        assert share.is_active()

    def test_refused_without_the_honour_statement(self, portfolio, jury_member):
        with pytest.raises(PortfolioError) as refused:
            portfolio_share_create(
                portfolio=portfolio, jury_email=jury_member.email, expires_on=in_days(30), by=portfolio.user
            )

        assert str(refused.value.message) == (
            "Signez d'abord la déclaration sur l'honneur : le portfolio ne peut pas être partagé sans elle."
        )
        assert PortfolioShare.objects.count() == 0

    @pytest.mark.parametrize("email", ["inconnu@exemple.fr", "nadia@exemple.fr"])
    def test_refused_for_anyone_but_a_jury_member(self, signed_portfolio, other_learner, email):
        with pytest.raises(PortfolioError) as refused:
            portfolio_share_create(
                portfolio=signed_portfolio, jury_email=email, expires_on=in_days(30), by=signed_portfolio.user
            )

        assert str(refused.value.message) == "Aucun membre de jury n'est inscrit avec cette adresse e-mail."
        assert PortfolioShare.objects.count() == 0

    @pytest.mark.parametrize(
        ("days", "message"),
        [(-1, "Choisissez une date d'expiration à venir."), (181, "Un partage dure au plus 180 jours.")],
    )
    def test_refused_expiry_dates(self, signed_portfolio, jury_member, days, message):
        with pytest.raises(PortfolioError) as refused:
            portfolio_share_create(
                portfolio=signed_portfolio,
                jury_email=jury_member.email,
                expires_on=in_days(days),
                by=signed_portfolio.user,
            )

        assert str(refused.value.message) == message
        assert PortfolioShare.objects.count() == 0

    def test_sharing_again_moves_the_expiry_of_the_live_share(self, share, jury_member):
        again = portfolio_share_create(
            portfolio=share.portfolio, jury_email=jury_member.email, expires_on=in_days(60), by=share.portfolio.user
        )

        assert again.pk == share.pk
        assert timezone.localtime(again.expires_at).date() == in_days(60)
        assert PortfolioShare.objects.count() == 1

    def test_after_a_revocation_a_new_share_is_created(self, share, jury_member):
        portfolio_share_revoke(share=share, by=share.portfolio.user)

        again = portfolio_share_create(
            portfolio=share.portfolio, jury_email=jury_member.email, expires_on=in_days(10), by=share.portfolio.user
        )

        assert again.pk != share.pk and again.token != share.token
        assert PortfolioShare.objects.count() == 2


class TestShareRevoke:
    def test_revoking_ends_access_at_once(self, share):
        portfolio_share_revoke(share=share, by=share.portfolio.user)

        share.refresh_from_db()
        assert share.revoked_at is not None and share.revoked_by == share.portfolio.user
        assert not share.is_active()

    def test_revoking_twice_is_refused(self, share):
        portfolio_share_revoke(share=share, by=share.portfolio.user)

        with pytest.raises(PortfolioError) as refused:
            portfolio_share_revoke(share=share, by=share.portfolio.user)

        assert str(refused.value.message) == "Ce partage est déjà révoqué."


class TestShareExpiry:
    def test_a_share_past_its_date_is_inactive(self, share):
        assert not share.is_active(now=share.expires_at + timedelta(seconds=1))
        assert share.is_active(now=share.expires_at - timedelta(seconds=1))


class TestAccessLog:
    def test_records_who_what_and_when(self, share, jury_member):
        entry = portfolio_access_log(share=share, user=jury_member, what="file", target="42")

        assert PortfolioAccessLog.objects.get() == entry
        assert (entry.user, entry.what, entry.target) == (jury_member, "file", "42")

    def test_refuses_an_unknown_kind(self, share, jury_member):
        with pytest.raises(ValueError):
            portfolio_access_log(share=share, user=jury_member, what="edit")

        assert PortfolioAccessLog.objects.count() == 0
