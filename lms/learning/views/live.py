"""Live sessions seen by learners (list, register, enter the code) and by trainers (attendance list)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors, services
from ..errors import ATTENDANCE_LIST_INVALID, LearningError
from ..forms import AttendanceCodeForm
from ..models import LiveSession
from .common import login_then, refused


@require_GET
def session_list(request):
    return render(request, "learning/session_list.html", {"sessions": selectors.upcoming_sessions(user=request.user)})


def _detail_context(request, session_id: int) -> dict:
    context = selectors.session_detail(session_id=session_id, user=request.user)
    if context is None:
        raise Http404
    return context


@require_GET
def session_detail(request, session_id: int):
    context = _detail_context(request, session_id)
    context["code_form"] = AttendanceCodeForm()
    return render(request, "learning/session_detail.html", context)


def _session_url(session_id: int) -> str:
    return reverse("learning:session_detail", args=[session_id])


@require_POST
def session_register(request, session_id: int):
    get_object_or_404(LiveSession, pk=session_id)
    if not request.user.is_authenticated:
        return login_then(request, _session_url(session_id))
    try:
        services.live_session_register(user=request.user, session_id=session_id)
    except LearningError as error:
        return refused(request, error, back_url=_session_url(session_id))
    messages.success(request, _("Votre place est réservée. Vous recevrez un rappel la veille."))
    return redirect(_session_url(session_id))


@login_required
@require_POST
def session_unregister(request, session_id: int):
    get_object_or_404(LiveSession, pk=session_id)
    try:
        services.live_session_unregister(user=request.user, session_id=session_id)
    except LearningError as error:
        return refused(request, error, back_url=_session_url(session_id))
    messages.success(request, _("Votre inscription est annulée."))
    return redirect(_session_url(session_id))


@login_required
@require_POST
def session_code(request, session_id: int):
    form = AttendanceCodeForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, session_id)
        context["code_form"] = form
        return render(request, "learning/session_detail.html", context, status=400)
    try:
        services.live_session_attendance_code_submit(
            user=request.user, session_id=session_id, code=form.cleaned_data["code"]
        )
    except LearningError as error:
        context = _detail_context(request, session_id)
        context["code_form"] = form
        context["code_error"] = error.message
        return render(request, "learning/session_detail.html", context, status=error.status_code)
    messages.success(request, _("Votre présence est enregistrée. Merci !"))
    return redirect(_session_url(session_id))


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request, session_id: int):
    context = _detail_context(request, session_id)
    session = context["session"]
    if not context["can_manage"]:
        raise PermissionDenied
    if request.method == "POST":
        try:
            present = {int(value) for value in request.POST.getlist("present")}
        except ValueError:
            present = None
        if present is None:
            return refused(request, LearningError(ATTENDANCE_LIST_INVALID), back_url=request.path)
        try:
            marked = services.live_session_attendance_record(session=session, user_ids=present)
        except LearningError as error:
            return refused(request, error, back_url=request.path)
        messages.success(request, _("Présences enregistrées : %(count)s de plus.") % {"count": marked})
        return redirect("learning:session_attendance", session_id=session.pk)
    context["registrations"] = selectors.attendance_list(session=session)
    return render(request, "learning/session_attendance.html", context)
