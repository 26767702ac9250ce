"""Create portfolios and sign their honour statement."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from lms.frameworks.models import Framework, FrameworkKind

from .. import errors
from ..errors import PortfolioError
from ..models import Portfolio


def honour_statement_text(*, portfolio: Portfolio) -> str:
    """Return the wording of the déclaration sur l'honneur for this learner and title."""
    user = portfolio.user
    return gettext(
        "Je soussigné·e %(name)s déclare sur l'honneur que les informations contenues dans ce dossier sont "
        "exactes, et que je suis l'auteur·e des exemples de pratique professionnelle qu'il présente, réalisés "
        "dans le cadre de mes activités. Titre visé : %(title)s (%(code)s)."
    ) % {
        "name": user.get_full_name() or user.email,
        "title": portfolio.framework.title,
        "code": portfolio.framework.code,
    }


@transaction.atomic
def portfolio_create(*, user, framework: Framework) -> Portfolio:
    """Create the learner's portfolio for ``framework`` (a title); refuse a second one for the same title."""
    if framework.kind != FrameworkKind.TITLE:
        raise PortfolioError(errors.FRAMEWORK_NOT_A_TITLE, field="framework")
    portfolio = Portfolio(user=user, framework=framework)
    portfolio.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            portfolio.save()
    except IntegrityError as error:
        raise PortfolioError(errors.PORTFOLIO_EXISTS, field="framework") from error
    return portfolio


def portfolio_honour_statement_sign(*, portfolio: Portfolio, accepted: bool) -> Portfolio:
    """Record the signed honour statement (its wording and the moment); refuse without the box ticked."""
    if not accepted:
        raise PortfolioError(errors.HONOUR_NOT_ACCEPTED, field="accept")
    portfolio.honour_statement_text = honour_statement_text(portfolio=portfolio)
    portfolio.honour_statement_at = timezone.now()
    portfolio.save(update_fields=["honour_statement_text", "honour_statement_at", "updated_at"])
    return portfolio
