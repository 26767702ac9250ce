"""Fixtures of the portfolio tests: private storage in a temporary directory, people, titles."""

import pytest

from lms.accounts.roles import SiteRole
from lms.accounts.services import user_grant_site_role
from tests.accounts_tests.factories import UserFactory

from .factories import make_titles
from .test_pdf import http_server  # noqa: F401 - the PDF tests' recording HTTP server, shared


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Give every test its own private and public media roots."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def titles(db):
    return make_titles()


@pytest.fixture
def learner(db):
    return UserFactory(first_name="Camille", last_name="Martin", email="camille@exemple.fr")


@pytest.fixture
def other_learner(db):
    return UserFactory(first_name="Nadia", last_name="Benali", email="nadia@exemple.fr")


@pytest.fixture
def jury_member(db):
    user = UserFactory(first_name="Bernard", last_name="Morel", email="bernard.jury@exemple.fr")
    user_grant_site_role(user=user, role=SiteRole.JURY)
    return user


@pytest.fixture
def other_jury_member(db):
    user = UserFactory(first_name="Josiane", last_name="Petit", email="josiane.jury@exemple.fr")
    user_grant_site_role(user=user, role=SiteRole.JURY)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(first_name="Alix", last_name="Admin", email="alix@exemple.fr", is_staff=True)


@pytest.fixture
def portfolio(learner, titles):
    from lms.portfolio.services import portfolio_create

    return portfolio_create(user=learner, framework=titles["REMN"]["framework"])


@pytest.fixture
def site(titles, site_tree):
    """Return the site tree, built after the test titles (``site_setup`` imports the bundled ones otherwise)."""
    return site_tree


@pytest.fixture
def signed_portfolio(portfolio):
    from lms.portfolio.services import portfolio_honour_statement_sign

    return portfolio_honour_statement_sign(portfolio=portfolio, accepted=True)


@pytest.fixture
def share(signed_portfolio, jury_member):
    from datetime import timedelta

    from django.utils import timezone

    from lms.portfolio.services import portfolio_share_create

    return portfolio_share_create(
        portfolio=signed_portfolio,
        jury_email=jury_member.email,
        expires_on=timezone.localdate() + timedelta(days=30),
        by=signed_portfolio.user,
    )
