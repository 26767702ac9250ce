"""Request the portfolio PDF, follow its progress (JSON for the small script), download it, retry it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..errors import PortfolioError
from ..selectors import export_for_portfolio
from ..services import portfolio_export_request, portfolio_export_retry
from .common import managed_portfolio, private_file_response, refused


def _export_or_404(portfolio, public_id: str):
    export = export_for_portfolio(portfolio=portfolio, public_id=public_id)
    if export is None:
        raise Http404
    return export


@login_required
@require_POST
def export_request(request, pk: int):
    portfolio = managed_portfolio(request, pk)
    export = portfolio_export_request(portfolio=portfolio, by=request.user)
    return redirect(export)


@login_required
def export_detail(request, pk: int, public_id: str):
    portfolio = managed_portfolio(request, pk)
    export = _export_or_404(portfolio, public_id)
    return render(request, "portfolio/export_detail.html", {"portfolio": portfolio, "export": export})


@login_required
def export_status(request, pk: int, public_id: str):
    portfolio = managed_portfolio(request, pk)
    export = _export_or_404(portfolio, public_id)
    response = JsonResponse(
        {
            "status": "failed" if export.is_failed else export.status,
            "label": export.display_status,
            "finished": export.is_finished,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_download(request, pk: int, public_id: str):
    portfolio = managed_portfolio(request, pk)
    export = _export_or_404(portfolio, public_id)
    if not export.is_done:
        raise Http404
    filename = f"portfolio-{portfolio.framework.code.lower()}-{export.finished_at:%Y%m%d}.pdf"
    return private_file_response(export.file, filename=filename, content_type="application/pdf")


@login_required
@require_POST
def export_retry(request, pk: int, public_id: str):
    portfolio = managed_portfolio(request, pk)
    export = _export_or_404(portfolio, public_id)
    try:
        export = portfolio_export_retry(export=export)
    except PortfolioError as error:
        return refused(request, error, back_url=export.get_absolute_url())
    return redirect(export)
