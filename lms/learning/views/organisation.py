"""Training organisations' screens: statistics, cohorts, CSV enrolment, live sessions.

Only trainers and managers of the organisation (``organisme``) reach them; a cohort's own trainers
reach that cohort.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lms.accounts.models import Organisation

from .. import selectors, services
from ..errors import IMPORT_UNAVAILABLE, LearningError
from ..forms import CohortForm, CohortImportForm, LiveSessionForm
from ..models import CohortImport, LiveSession
from ..services.cohort_import import ImportFileError


def _cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def _managed_organisation(request, organisation_id: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not selectors.can_manage_organisation(user=request.user, organisation_id=organisation.pk):
        raise PermissionDenied
    return organisation


def _managed_cohort(request, cohort_id: int):
    cohort = selectors.cohort_for_manager(user=request.user, cohort_id=cohort_id)
    if cohort is None:
        raise PermissionDenied
    return cohort


@login_required
@require_GET
def organisation_home(request):
    organisations = list(selectors.managed_organisations(user=request.user))
    if not organisations:
        raise PermissionDenied
    sections = [
        {
            "organisation": organisation,
            "statistics": selectors.organisation_statistics(organisation=organisation),
            "sessions": list(selectors.organisation_sessions(organisation_ids=[organisation.pk])[:20]),
        }
        for organisation in organisations
    ]
    return render(request, "learning/organisation/home.html", {"sections": sections})


@login_required
@require_GET
def organisation_export(request, organisation_id: int):
    organisation = _managed_organisation(request, organisation_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistiques-{organisation.slug}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet software then reads the accents right.
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Formation"),
            _("Session de formation"),
            _("Début"),
            _("Fin"),
            _("Inscrits"),
            _("En cours"),
            _("Terminé"),
            _("Durée moyenne pour terminer (jours)"),
        ]
    )
    for course_statistics in selectors.organisation_statistics(organisation=organisation):
        for row in course_statistics.rows:
            writer.writerow(
                [
                    _cell(row.course.title),
                    _cell(row.cohort.name) if row.cohort else _("Inscriptions libres"),
                    row.cohort.starts_on.isoformat() if row.cohort else "",
                    row.cohort.ends_on.isoformat() if row.cohort else "",
                    row.enrolled,
                    row.in_progress,
                    row.completed,
                    "" if row.average_days is None else str(row.average_days).replace(".", ","),
                ]
            )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request, organisation_id: int):
    organisation = _managed_organisation(request, organisation_id)
    form = CohortForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La session « %(name)s » est créée.") % {"name": cohort.name})
            return redirect("learning:cohort_detail", cohort_id=cohort.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "learning/organisation/cohort_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_update(request, cohort_id: int):
    cohort = _managed_cohort(request, cohort_id)
    initial = {
        "name": cohort.name,
        "course": cohort.course_id,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "trainers": list(cohort.trainers.values_list("pk", flat=True)),
    }
    form = CohortForm(request.POST or None, initial=initial, organisation=cohort.organisation)
    form.fields["course"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "course"}
        try:
            services.cohort_update(cohort=cohort, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La session est enregistrée."))
            return redirect("learning:cohort_detail", cohort_id=cohort.pk)
    context = {"form": form, "organisation": cohort.organisation, "cohort": cohort}
    return render(request, "learning/organisation/cohort_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def cohort_detail(request, cohort_id: int):
    cohort = _managed_cohort(request, cohort_id)
    context = {"cohort": cohort, "enrolments": selectors.cohort_learners(cohort=cohort)}
    return render(request, "learning/organisation/cohort_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_import(request, cohort_id: int):
    """Upload a CSV file → dry-run report; confirm → the import runs in a worker, in one transaction."""
    cohort = _managed_cohort(request, cohort_id)
    context = {"cohort": cohort, "form": CohortImportForm()}
    if request.method == "GET":
        return render(request, "learning/organisation/cohort_import.html", context)
    if "import_id" in request.POST:
        try:
            job = services.cohort_import_confirm(job_id=int(request.POST["import_id"]), user=request.user)
        except (LearningError, ValueError):
            context["file_error"] = IMPORT_UNAVAILABLE
            return render(request, "learning/organisation/cohort_import.html", context, status=400)
        return redirect("learning:cohort_import_status", import_id=job.pk)
    form = CohortImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "learning/organisation/cohort_import.html", context, status=400)
    upload = form.cleaned_data["file"]
    try:
        report, job = services.cohort_import_prepare(
            cohort=cohort, user=request.user, data=upload.read(), filename=upload.name
        )
    except ImportFileError as error:
        context["file_error"] = error.message
        return render(request, "learning/organisation/cohort_import.html", context, status=400)
    context.update(report=report, job=job)
    return render(request, "learning/organisation/cohort_import.html", context, status=200 if job else 400)


@login_required
@require_GET
def cohort_import_status(request, import_id: int):
    job = get_object_or_404(CohortImport.objects.select_related("cohort"), pk=import_id)
    _managed_cohort(request, job.cohort_id)
    return render(request, "learning/organisation/cohort_import_status.html", {"job": job, "cohort": job.cohort})


def _live_session_form_save(request, *, organisation, session=None):
    form = LiveSessionForm(request.POST or None, organisation=organisation, initial=_session_initial(session))
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                session = services.live_session_create(organisation=organisation, **form.cleaned_data)
            else:
                session = services.live_session_update(session=session, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La session en direct est enregistrée."))
            return redirect("learning:session_detail", session_id=session.pk)
    context = {"form": form, "organisation": organisation, "session": session}
    return render(request, "learning/organisation/live_session_form.html", context, status=400 if form.errors else 200)


def _session_initial(session: LiveSession | None) -> dict:
    if session is None:
        return {}
    fields = ["title", "description", "starts_at", "duration_minutes", "place", "video_url", "capacity"]
    initial = {name: getattr(session, name) for name in fields}
    initial.update(course=session.course_id, series=session.series_id, trainer=session.trainer_id)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def live_session_create(request, organisation_id: int):
    organisation = _managed_organisation(request, organisation_id)
    return _live_session_form_save(request, organisation=organisation)


@login_required
@require_http_methods(["GET", "POST"])
def live_session_update(request, session_id: int):
    session = get_object_or_404(LiveSession.objects.select_related("organisation"), pk=session_id)
    if not selectors.can_manage_session(user=request.user, session=session):
        raise PermissionDenied
    return _live_session_form_save(request, organisation=session.organisation, session=session)
