"""Trainers' views: the grading queue, the rubric form, and the assignment download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..errors import GradingError
from ..forms import RubricGradeForm
from ..models import Answer
from ..selectors import answer_for_grading, grade_history, grading_queue, is_site_staff, user_can_grade
from ..selectors.access import GRADER_ROLES, organisation_ids
from ..services import answer_grade


def _require_grader(user) -> None:
    if not (is_site_staff(user) or organisation_ids(user=user, roles=GRADER_ROLES)):
        raise PermissionDenied


@login_required
@require_GET
def grading_queue_view(request):
    _require_grader(request.user)
    return render(request, "assessments/grading_queue.html", grading_queue(user=request.user))


@login_required
def answer_grade_view(request, answer_id: int):
    _require_grader(request.user)
    try:
        answer = answer_for_grading(answer_id=answer_id, user=request.user)
    except Answer.DoesNotExist as error:
        raise Http404 from error
    question = answer.question
    if not question.question_type.manual:
        raise Http404
    form = RubricGradeForm(
        request.POST or None,
        rubric=question.config["rubric"],
        initial_levels=answer.rubric_levels,
        initial={"feedback": answer.feedback},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_grade(
                    answer_id=answer.pk,
                    grader=request.user,
                    levels=form.levels(),
                    feedback=form.cleaned_data["feedback"],
                    reason=form.cleaned_data["reason"],
                )
            except GradingError as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                messages.success(request, _("La note est enregistrée."))
                return redirect("assessments:grading_queue")
        else:
            status = 400
    context = {"answer": answer, "question": question, "form": form, "history": grade_history(answer=answer)}
    return render(request, "assessments/grading_form.html", context, status=status)


@login_required
@require_GET
def answer_file_view(request, answer_id: int):
    """Send an assignment file, as an attachment, to its learner, the organisation's trainers or staff."""
    answer = get_object_or_404(Answer.objects.select_related("attempt", "question"), pk=answer_id)
    allowed = answer.attempt.user_id == request.user.pk or user_can_grade(
        user=request.user, organisation_id=answer.question.organisation_id
    )
    if not allowed or not answer.file:
        raise Http404
    info = answer.response or {}
    response = FileResponse(
        answer.file.open("rb"),
        as_attachment=True,
        filename=info.get("filename") or answer.file.name.rsplit("/", 1)[-1],
        content_type=info.get("mime_type") or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
