"""What a jury member sees of a shared portfolio, and their feedback; every access is logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.frameworks.models import Competency

from .. import errors
from ..errors import PortfolioError
from ..forms import JuryCommentForm, JuryCompetencyForm, JuryNotesForm
from ..models import AccessKind, EvidenceItem, ExportStatus, PracticeExample
from ..selectors import jury_feedback_for_share, portfolio_overview, share_for_jury, shares_for_jury
from ..services import (
    jury_comment_add,
    jury_feedback_release,
    jury_notes_update,
    jury_opinion_set,
    portfolio_access_log,
)
from .common import private_file_response, refused


def _share_or_refuse(request, token: str):
    """Return ``(share, None)`` when the jury member may proceed, else ``(None, response)``."""
    access = share_for_jury(user=request.user, token=token)
    if access.status_code == 404:
        raise Http404
    if not access.allowed:
        return None, refused(request, PortfolioError(access.message, status_code=access.status_code))
    return access.share, None


@login_required
def jury_home(request):
    return render(request, "portfolio/jury/home.html", {"shares": shares_for_jury(user=request.user)})


@login_required
def jury_portfolio(request, token: str):
    share, refusal = _share_or_refuse(request, token)
    if refusal:
        return refusal
    portfolio_access_log(share=share, user=request.user, what=AccessKind.VIEW)
    portfolio = share.portfolio
    context = {
        "share": share,
        "portfolio": portfolio,
        "overview": portfolio_overview(portfolio=portfolio),
        "feedback": jury_feedback_for_share(share=share),
        "has_pdf": portfolio.exports.filter(status=ExportStatus.DONE).exists(),
        "competency_form": JuryCompetencyForm(),
        "comment_form": JuryCommentForm(),
        "notes_form": JuryNotesForm(initial={"notes": share.overall_notes}),
    }
    return render(request, "portfolio/jury/portfolio.html", context)


@login_required
def jury_pdf(request, token: str):
    share, refusal = _share_or_refuse(request, token)
    if refusal:
        return refusal
    export = share.portfolio.exports.filter(status=ExportStatus.DONE).order_by("-finished_at", "-pk").first()
    if export is None:
        return refused(request, PortfolioError(errors.NO_PDF_YET, status_code=404))
    portfolio_access_log(share=share, user=request.user, what=AccessKind.PDF, target=export.public_id)
    return private_file_response(export.file, filename="portfolio-vae.pdf", content_type="application/pdf")


@login_required
def jury_file(request, token: str, evidence_id: int):
    share, refusal = _share_or_refuse(request, token)
    if refusal:
        return refusal
    item = EvidenceItem.objects.filter(pk=evidence_id, portfolio_id=share.portfolio_id).exclude(file="").first()
    if item is None:
        raise Http404
    portfolio_access_log(share=share, user=request.user, what=AccessKind.FILE, target=str(item.pk))
    return private_file_response(item.file, filename=item.file_name, content_type=item.file_mime)


def _back(share):
    return redirect("portfolio:jury_portfolio", token=share.token)


@login_required
@require_POST
def jury_competency(request, token: str, competency_id: int):
    share, refusal = _share_or_refuse(request, token)
    if refusal:
        return refusal
    competency = Competency.objects.filter(pk=competency_id, framework_id=share.portfolio.framework_id).first()
    if competency is None:
        raise Http404
    form = JuryCompetencyForm(request.POST)
    if not form.is_valid() or not (form.cleaned_data["value"] or form.cleaned_data["comment"].strip()):
        return refused(request, PortfolioError(errors.OPINION_UNKNOWN), back_url=_back(share).url)
    try:
        if form.cleaned_data["value"]:
            jury_opinion_set(share=share, competency=competency, value=form.cleaned_data["value"], by=request.user)
        if form.cleaned_data["comment"].strip():
            jury_comment_add(share=share, competency=competency, body=form.cleaned_data["comment"], by=request.user)
    except PortfolioError as error:
        return refused(request, error, back_url=_back(share).url)
    messages.success(request, _("Avis enregistré pour %(code)s.") % {"code": competency.code})
    return _back(share)


@login_required
@require_POST
def jury_example_comment(request, token: str, example_id: int):
    share, refusal = _share_or_refuse(request, token)
    if refusal:
        return refusal
    example = PracticeExample.objects.filter(pk=example_id, portfolio_id=share.portfolio_id).first()
    if example is None:
        raise Http404
    try:
        # The service checks emptiness and length, with the messages the person needs.
        jury_comment_add(share=share, example=example, body=request.POST.get("body", ""), by=request.user)
    except PortfolioError as error:
        return refused(request, error, back_url=_back(share).url)
    messages.success(request, _("Commentaire enregistré."))
    return _back(share)


@login_required
@require_POST
def jury_notes(request, token: str):
    share, refusal = _share_or_refuse(request, token)
    if refusal:
        return refusal
    try:
        jury_notes_update(share=share, notes=request.POST.get("notes", ""))
    except PortfolioError as error:
        return refused(request, error, back_url=_back(share).url)
    messages.success(request, _("Appréciation générale enregistrée."))
    return _back(share)


@login_required
@require_POST
def jury_release(request, token: str):
    share, refusal = _share_or_refuse(request, token)
    if refusal:
        return refusal
    try:
        jury_feedback_release(share=share)
    except PortfolioError as error:
        return refused(request, error, back_url=_back(share).url)
    messages.success(request, _("Vos avis sont désormais visibles par la personne candidate."))
    return _back(share)
