import pytest

from lms.portfolio.demo import demo_portfolio_load
from lms.portfolio.models import Portfolio, PortfolioShare

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(site_tree):
    """The demo accounts and the bundled frameworks, as ``load_demo`` prepares them."""
    from lms.core.demo import demo_accounts_load, demo_organisations_load

    return demo_accounts_load(organisations=demo_organisations_load())


class TestDemoPortfolio:
    def test_loads_camilles_remn_portfolio_shared_with_the_jury(self, demo_people):
        portfolio = demo_portfolio_load()

        assert portfolio.user.email == "apprenant@tremplin.demo"
        assert portfolio.framework.code == "REMN-2019"
        titles = list(portfolio.examples.order_by("pk").values_list("title", flat=True))
        assert titles == [
            "Atelier collectif « Découvrir les démarches en ligne » au centre social",
            "Accompagnement individuel d'une personne âgée vers l'usage de sa tablette",
        ]
        assert all(example.block.code == "CCP1" for example in portfolio.examples.all())
        assert all(not example.over_budget and example.competencies.exists() for example in portfolio.examples.all())
        assert portfolio.has_honour_statement
        share = PortfolioShare.objects.get(portfolio=portfolio)
        assert share.jury_member.email == "jury@tremplin.demo"
        assert (share.expires_at - share.created_at).days in (29, 30)

    def test_is_idempotent(self, demo_people):
        first = demo_portfolio_load()
        signed_at = first.honour_statement_at

        second = demo_portfolio_load()

        assert second.pk == first.pk
        assert Portfolio.objects.count() == 1
        assert second.examples.count() == 2
        assert PortfolioShare.objects.count() == 1
        second.refresh_from_db()
        assert second.honour_statement_at == signed_at

    def test_refused_when_demo_data_is_off(self, settings, demo_people):
        from django.core.exceptions import ImproperlyConfigured

        settings.TREMPLIN_ALLOW_DEMO_DATA = False

        with pytest.raises(ImproperlyConfigured):
            demo_portfolio_load()
        assert Portfolio.objects.count() == 0
