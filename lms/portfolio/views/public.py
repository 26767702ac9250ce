"""The public verification page of a portfolio PDF: who, which title, when, and its SHA-256.

Anyone holding the link (printed on the PDF's cover) may read it; a PDF may be uploaded to compare its
SHA-256 with the recorded one. The uploaded file is hashed while it streams in, never stored.
"""

import hashlib

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .. import errors
from ..forms import VerificationForm
from ..selectors import export_public
from .common import form_data

#: A portfolio PDF with a few photos stays far below this; larger uploads are not worth hashing.
VERIFY_MAX_BYTES = 50 * 1024 * 1024


@require_http_methods(["GET", "POST"])
def verification(request, public_id: str):
    export = export_public(public_id=public_id)
    if export is None:
        raise Http404
    form = VerificationForm(*form_data(request, files=True))
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid() and form.cleaned_data["file"].size <= VERIFY_MAX_BYTES:
            digest = hashlib.sha256()
            for chunk in form.cleaned_data["file"].chunks():
                digest.update(chunk)
            result = {"sha256": digest.hexdigest(), "matches": digest.hexdigest() == export.sha256}
        else:
            form.add_error("file", str(errors.VERIFY_FILE_INVALID))
            status = 400
    response = render(
        request, "portfolio/verification.html", {"export": export, "form": form, "result": result}, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
