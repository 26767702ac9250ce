"""Helpers shared by the portfolio views: refusals, private file responses, form errors."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from ..errors import PortfolioError
from ..selectors import portfolio_for_manager, portfolio_for_owner

#: Files are data, never pages: a browser must neither sniff, frame nor run them.
FILE_CSP = "default-src 'none'; sandbox"


def refused(request, error: PortfolioError, *, back_url: str = ""):
    """Render the refusal message of ``error`` with its status code (4xx); nothing was stored."""
    return render(
        request, "portfolio/refused.html", {"message": error.message, "back_url": back_url}, status=error.status_code
    )


def owned_portfolio(request, pk: int):
    """Return the portfolio ``pk`` of the signed-in owner, or raise 404 (others never learn it exists)."""
    portfolio = portfolio_for_owner(user=request.user, pk=pk)
    if portfolio is None:
        raise Http404
    return portfolio


def managed_portfolio(request, pk: int):
    """Return the portfolio ``pk`` if the signed-in person owns it or is staff, or raise 404."""
    portfolio = portfolio_for_manager(user=request.user, pk=pk)
    if portfolio is None:
        raise Http404
    return portfolio


def form_error(form, error: PortfolioError) -> None:
    """Attach a service refusal to the form field it concerns (or to the whole form)."""
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def private_file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Stream a private file as a download with its detected type, never sniffed nor cached."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_CSP
    return response


def form_data(request, *, files: bool = False) -> tuple:
    """Return the arguments that bind a form on POST (even an empty one) and leave it unbound on GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)
