"""Share the portfolio with named jury members, see who accessed it, revoke a share (owner or staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..errors import PortfolioError
from ..forms import ShareForm
from ..models import PortfolioShare
from ..selectors import portfolio_access_logs, portfolio_shares
from ..services import portfolio_share_create, portfolio_share_revoke
from .common import form_data, form_error, managed_portfolio, refused


@login_required
@require_http_methods(["GET", "POST"])
def shares(request, pk: int):
    portfolio = managed_portfolio(request, pk)
    form = ShareForm(*form_data(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                share = portfolio_share_create(
                    portfolio=portfolio,
                    jury_email=form.cleaned_data["jury_email"],
                    expires_on=form.cleaned_data["expires_on"],
                    by=request.user,
                )
            except PortfolioError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("Portfolio partagé avec %(name)s.")
                    % {"name": share.jury_member.get_full_name() or share.jury_member.email},
                )
                return redirect("portfolio:shares", pk=portfolio.pk)
        status = 400
    context = {
        "portfolio": portfolio,
        "form": form,
        "shares": portfolio_shares(portfolio=portfolio),
        "access_logs": portfolio_access_logs(portfolio=portfolio),
    }
    return render(request, "portfolio/shares.html", context, status=status)


@login_required
@require_POST
def share_revoke(request, pk: int, share_id: int):
    portfolio = managed_portfolio(request, pk)
    share = PortfolioShare.objects.filter(pk=share_id, portfolio=portfolio).select_related("jury_member").first()
    if share is None:
        raise Http404
    try:
        portfolio_share_revoke(share=share, by=request.user)
    except PortfolioError as error:
        return refused(request, error, back_url=portfolio.get_absolute_url())
    messages.success(request, _("Partage révoqué : le membre du jury n'a plus accès au portfolio."))
    return redirect("portfolio:shares", pk=portfolio.pk)
