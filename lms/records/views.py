"""The learner's own learning records: a paginated page and two downloads (xAPI JSON, CSV)."""

import csv
import io
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import selectors

PAGE_SIZE = 20
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _attachment(response: HttpResponse, extension: str) -> HttpResponse:
    filename = f"traces-apprentissage-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


@login_required
@require_GET
def statement_list(request):
    paginator = Paginator(selectors.statements_for_user(user=request.user, newest_first=True), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "records/statement_list.html", {"page_obj": page})


@login_required
@require_GET
def export_json(request):
    statements = list(selectors.statements_export_raw(user=request.user))
    response = HttpResponse(
        json.dumps(statements, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    return _attachment(response, "json")


@login_required
@require_GET
def export_csv(request):
    buffer = io.StringIO()
    # The BOM makes Excel read UTF-8; ";" is the list separator French Excel expects.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in selectors.statements_export_rows(user=request.user):
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, "csv")
