import pytest

from lms.frameworks.models import Framework, FrameworkKind
from lms.portfolio.errors import PortfolioError
from lms.portfolio.models import Portfolio
from lms.portfolio.services import portfolio_create, portfolio_honour_statement_sign

pytestmark = pytest.mark.django_db


class TestPortfolioCreate:
    def test_one_portfolio_per_title(self, learner, titles):
        remn = portfolio_create(user=learner, framework=titles["REMN"]["framework"])
        mn = portfolio_create(user=learner, framework=titles["MN"]["framework"])

        assert {remn.framework.code, mn.framework.code} == {"REMN-2019", "MN-2025"}
        assert len(remn.storage_key) == 32 and remn.storage_key != mn.storage_key

    def test_refuses_a_second_portfolio_for_the_same_title(self, portfolio, titles):
        with pytest.raises(PortfolioError) as refused:
            portfolio_create(user=portfolio.user, framework=titles["REMN"]["framework"])

        assert str(refused.value.message) == "Vous avez déjà un portfolio pour ce titre."
        assert Portfolio.objects.count() == 1

    def test_refuses_a_framework_that_is_not_a_title(self, learner):
        pix = Framework.objects.create(code="PIX", title="Pix", kind=FrameworkKind.DIGITAL_SKILLS)

        with pytest.raises(PortfolioError) as refused:
            portfolio_create(user=learner, framework=pix)

        assert str(refused.value.message) == "Choisissez un titre professionnel (REMN-2019 ou MN-2025)."
        assert Portfolio.objects.count() == 0


class TestHonourStatement:
    def test_signing_stores_the_wording_and_the_date(self, portfolio):
        portfolio_honour_statement_sign(portfolio=portfolio, accepted=True)

        portfolio.refresh_from_db()
        assert portfolio.has_honour_statement
        assert portfolio.honour_statement_text.startswith("Je soussigné·e Camille Martin déclare sur l'honneur")
        assert "Responsable d'espace de médiation numérique (REMN-2019)" in portfolio.honour_statement_text

    def test_refused_without_the_box_ticked(self, portfolio):
        with pytest.raises(PortfolioError) as refused:
            portfolio_honour_statement_sign(portfolio=portfolio, accepted=False)

        assert str(refused.value.message) == "Cochez la case pour signer la déclaration sur l'honneur."
        portfolio.refresh_from_db()
        assert portfolio.honour_statement_at is None
