"""« Mes données » : download everything Tremplin holds about oneself, delete one's account."""

import tempfile

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..errors import PortfolioError
from ..forms import AccountDeleteForm
from ..rights import user_account_delete, user_data_export
from .common import form_data, form_error

#: Above this, the zip being built spills from memory to a temporary file on disk.
SPOOL_MAX_BYTES = 8 * 1024 * 1024


@login_required
def my_data(request):
    return render(
        request,
        "portfolio/rights/my_data.html",
        {"can_delete": not (request.user.is_staff or request.user.is_superuser)},
    )


@login_required
@require_POST
def data_export(request):
    # The zip is built in a spooled temporary file, then streamed: never all in memory, never kept.
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)  # FileResponse closes it
    user_data_export(user=request.user, dest=archive)
    archive.seek(0)
    filename = f"tremplin-mes-donnees-{timezone.localdate():%Y%m%d}.zip"
    response = FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(*form_data(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user_account_delete(
                    user=request.user, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
                )
            except PortfolioError as error:
                form_error(form, error)
                status = error.status_code
            else:
                logout(request)
                messages.success(request, _("Votre compte est supprimé. Merci d'avoir utilisé Tremplin."))
                return redirect("/")
        else:
            status = 400
    context = {"form": form, "can_delete": not (request.user.is_staff or request.user.is_superuser)}
    return render(request, "portfolio/rights/account_delete.html", context, status=status)
