"""Upload, download and delete evidence files of the owner's portfolio."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..errors import PortfolioError
from ..forms import EvidenceUploadForm
from ..selectors import evidence_for_owner
from ..services import evidence_delete, evidence_upload
from .common import form_data, form_error, managed_portfolio, owned_portfolio, private_file_response, refused


@login_required
@require_http_methods(["GET", "POST"])
def evidence_upload_view(request, pk: int):
    portfolio = owned_portfolio(request, pk)
    form = EvidenceUploadForm(*form_data(request, files=True), portfolio=portfolio)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence_upload(
                    portfolio=portfolio,
                    uploaded_file=data["file"],
                    title=data["title"],
                    evidence_type=data["evidence_type"],
                    description=data["description"],
                    occurred_on=data["occurred_on"],
                    competencies=data["competencies"],
                    people_consent=data["people_consent"],
                )
            except PortfolioError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Justificatif ajouté à votre portfolio."))
                return redirect(portfolio)
        # The other fields are re-rendered from the POST; only the file must be chosen again.
        status = 400
    return render(request, "portfolio/evidence_form.html", {"portfolio": portfolio, "form": form}, status=status)


@login_required
def evidence_file(request, pk: int, evidence_id: int):
    portfolio = managed_portfolio(request, pk)
    item = evidence_for_owner(portfolio=portfolio, pk=evidence_id)
    if item is None or not item.file:
        raise Http404
    return private_file_response(item.file, filename=item.file_name, content_type=item.file_mime)


@login_required
@require_POST
def evidence_delete_view(request, pk: int, evidence_id: int):
    portfolio = owned_portfolio(request, pk)
    item = evidence_for_owner(portfolio=portfolio, pk=evidence_id)
    if item is None:
        raise Http404
    try:
        evidence_delete(evidence=item)
    except PortfolioError as error:
        return refused(request, error, back_url=portfolio.get_absolute_url())
    messages.success(request, _("Justificatif supprimé."))
    return redirect(portfolio)
