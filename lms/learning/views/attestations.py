"""Attestations: a public verification page behind an unguessable id, and the PDF for its owner.

Anyone holding the link may check that the attestation exists and what it says (name, course, dates,
hours, organisation): that is what the QR code on the PDF is for. The PDF itself is downloaded only
by the learner it was issued to, or by staff.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from ..documents import attestation_pdf, attestation_verification_url
from ..models import Attestation


@require_GET
def verify(request, public_id: str):
    attestation = get_object_or_404(Attestation, public_id=public_id)
    is_owner = request.user.is_authenticated and (request.user.pk == attestation.user_id or request.user.is_staff)
    context = {
        "attestation": attestation,
        "can_download": is_owner,
        "verification_url": attestation_verification_url(attestation),
    }
    return render(request, "learning/attestation_verify.html", context)


@require_GET
def pdf(request, public_id: str):
    attestation = get_object_or_404(Attestation, public_id=public_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.pk != attestation.user_id and not request.user.is_staff:
        raise PermissionDenied
    response = HttpResponse(attestation_pdf(attestation=attestation), content_type="application/pdf")
    filename = f"attestation-{slugify(attestation.course_title)[:60] or 'formation'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
