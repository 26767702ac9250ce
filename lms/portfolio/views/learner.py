"""The learner's portfolio pages: list and creation, the DP-shaped page, coverage, honour statement, jury feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ..errors import PortfolioError
from ..forms import HonourStatementForm, PortfolioCreateForm
from ..sanitize import CHARS_PER_PAGE, THREE_PAGE_BUDGET_CHARS
from ..selectors import (
    jury_feedback_for_learner,
    portfolio_exports,
    portfolio_overview,
    portfolio_shares,
    portfolios_for_staff,
    portfolios_for_user,
)
from ..selectors.portfolios import STAFF_SEARCH_MIN_CHARS
from ..services import (
    honour_statement_text,
    portfolio_collect_evidence,
    portfolio_create,
    portfolio_honour_statement_sign,
)
from .common import form_data, form_error, managed_portfolio, owned_portfolio


def _initial_framework(user):
    profile = getattr(user, "learner_profile", None)
    return profile.target_framework_id if profile is not None else None


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_list(request):
    status = 200
    if request.method == "POST":
        form = PortfolioCreateForm(request.POST)
        if form.is_valid():
            try:
                portfolio = portfolio_create(user=request.user, framework=form.cleaned_data["framework"])
            except PortfolioError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Votre portfolio est créé. Commencez par mettre à jour vos preuves."))
                return redirect(portfolio)
        status = 400
    else:
        form = PortfolioCreateForm(initial={"framework": _initial_framework(request.user)})
    context = {"portfolios": portfolios_for_user(user=request.user), "form": form}
    return render(request, "portfolio/portfolio_list.html", context, status=status)


@login_required
def staff_search(request):
    """Let staff find a learner's portfolio (to read it or share it with a jury)."""
    if not request.user.is_staff:
        raise PermissionDenied
    query = request.GET.get("q", "")
    context = {"query": query, "portfolios": portfolios_for_staff(query=query), "min_chars": STAFF_SEARCH_MIN_CHARS}
    return render(request, "portfolio/staff_search.html", context)


@login_required
def portfolio_detail(request, pk: int):
    portfolio = managed_portfolio(request, pk)
    context = {
        "portfolio": portfolio,
        "overview": portfolio_overview(portfolio=portfolio),
        "is_owner": portfolio.user_id == request.user.pk,
        "shares": list(portfolio_shares(portfolio=portfolio)),
        "exports": list(portfolio_exports(portfolio=portfolio, limit=1)),
        "budget": THREE_PAGE_BUDGET_CHARS,
        "chars_per_page": CHARS_PER_PAGE,
    }
    return render(request, "portfolio/portfolio_detail.html", context)


@login_required
def coverage(request, pk: int):
    portfolio = managed_portfolio(request, pk)
    context = {"portfolio": portfolio, "overview": portfolio_overview(portfolio=portfolio)}
    return render(request, "portfolio/coverage.html", context)


@login_required
@require_POST
def collect(request, pk: int):
    portfolio = owned_portfolio(request, pk)
    created = portfolio_collect_evidence(portfolio=portfolio)
    if created:
        messages.success(
            request,
            ngettext("%(count)d nouvelle preuve ajoutée.", "%(count)d nouvelles preuves ajoutées.", created)
            % {"count": created},
        )
    else:
        messages.info(request, _("Aucune nouvelle preuve : votre portfolio est à jour."))
    return redirect(portfolio)


@login_required
@require_http_methods(["GET", "POST"])
def honour_statement(request, pk: int):
    portfolio = owned_portfolio(request, pk)
    status = 200
    form = HonourStatementForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            portfolio_honour_statement_sign(portfolio=portfolio, accepted=form.cleaned_data["accept"])
        except PortfolioError as error:
            form_error(form, error)
            status = 400
        else:
            messages.success(request, _("Déclaration sur l'honneur signée."))
            return redirect(portfolio)
    context = {"portfolio": portfolio, "form": form, "statement": honour_statement_text(portfolio=portfolio)}
    return render(request, "portfolio/honour_statement.html", context, status=status)


@login_required
def feedback(request, pk: int):
    portfolio = owned_portfolio(request, pk)
    context = {
        "portfolio": portfolio,
        "overview": portfolio_overview(portfolio=portfolio),
        "feedbacks": jury_feedback_for_learner(portfolio=portfolio),
    }
    return render(request, "portfolio/feedback.html", context)
