"""Learners' views: start an attempt, autosave an answer, save or submit the form, read the results."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..errors import AnswerError, AnswerErrorCode, AssessmentError
from ..models import AssessmentPage, Attempt
from ..quiz_form import parse_quiz_post
from ..selectors import attempt_results
from ..services import answer_save, answer_upload, answers_save, attempt_start, attempt_submit

#: An open response of 20,000 characters fits, even with every character escaped.
MAX_JSON_BODY = 128 * 1024
AUTOSAVE_KEYS = {"question", "response"}
UPLOAD_KEYS = {"question", "csrfmiddlewaretoken"}


def _error_json(error: AssessmentError) -> JsonResponse:
    return JsonResponse({"error": error.code, "message": error.message}, status=error.status_code)


def _reject_constant(name: str) -> Any:
    # json.loads accepts NaN and Infinity by default; they are not JSON.
    raise ValueError(name)


def _own_attempt(request, attempt_id: int) -> Attempt:
    return get_object_or_404(Attempt.objects.select_related("assessment"), pk=attempt_id, user=request.user)


@login_required
@require_POST
def attempt_start_view(request, page_id: int):
    assessment = get_object_or_404(AssessmentPage.objects.live(), pk=page_id)
    try:
        attempt_start(user=request.user, assessment=assessment)
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect(assessment.url)
    return redirect(f"{assessment.url}#questions")


def _parse_json_body(request) -> tuple[Any, Any]:
    """Return (question id, raw response) from the autosave body, or raise ``AnswerError``."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_JSON_BODY or len(request.body) > MAX_JSON_BODY:
        raise AnswerError.of(AnswerErrorCode.BODY_TOO_LARGE, max_kib=MAX_JSON_BODY // 1024)
    try:
        data = json.loads(request.body.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise AnswerError.of(AnswerErrorCode.MALFORMED) from error
    if not isinstance(data, dict):
        raise AnswerError.of(AnswerErrorCode.MALFORMED)
    unknown = sorted(data.keys() - AUTOSAVE_KEYS)
    if unknown:
        raise AnswerError.of(AnswerErrorCode.UNKNOWN_KEYS, keys=", ".join(unknown[:5]))
    if "question" not in data:
        raise AnswerError.of(AnswerErrorCode.MISSING_QUESTION)
    return data["question"], data.get("response")


def _upload_question_id(request) -> int:
    unknown = sorted((request.POST.keys() - UPLOAD_KEYS) | (request.FILES.keys() - {"file"}))
    if unknown:
        raise AnswerError.of(AnswerErrorCode.UNKNOWN_KEYS, keys=", ".join(unknown[:5]))
    value = request.POST.get("question", "")
    if not value.isdigit() or "file" not in request.FILES:
        raise AnswerError.of(AnswerErrorCode.MISSING_QUESTION)
    return int(value)


@login_required
@require_POST
def answer_autosave_view(request, attempt_id: int):
    """Save one answer as the learner goes: JSON ``{"question", "response"}``, or multipart for a file."""
    try:
        if request.content_type == "multipart/form-data":
            answer = answer_upload(
                attempt_id=attempt_id,
                user=request.user,
                question_id=_upload_question_id(request),
                uploaded_file=request.FILES["file"],
            )
        else:
            question_id, raw = _parse_json_body(request)
            answer = answer_save(attempt_id=attempt_id, user=request.user, question_id=question_id, raw=raw)
    except Attempt.DoesNotExist as error:
        raise Http404 from error
    except AssessmentError as error:
        return _error_json(error)
    saved_at = timezone.localtime(answer.saved_at)
    return JsonResponse(
        {
            "saved": True,
            "saved_at": saved_at.isoformat(),
            "message": _("Réponse enregistrée à %(time)s.") % {"time": formats.time_format(saved_at, "H:i:s")},
        }
    )


@login_required
@require_POST
def attempt_form_view(request, attempt_id: int):
    """Save every answer of the form (works without JavaScript) and, if asked, submit the attempt."""
    attempt = _own_attempt(request, attempt_id)
    submit = request.POST.get("action") == "submit"
    if not attempt.is_open:
        # A second click or a second tab: the attempt is already submitted, show its results.
        return redirect("assessments:attempt_results", attempt_id=attempt.pk)
    try:
        raws, uploads = parse_quiz_post(attempt=attempt, data=request.POST, files=request.FILES)
        if submit:
            # One transaction: the answers of the form are stored with their scores.
            attempt, _submitted = attempt_submit(attempt_id=attempt.pk, user=request.user, raws=raws, uploads=uploads)
        else:
            answers_save(attempt_id=attempt.pk, user=request.user, raws=raws, uploads=uploads)
    except AnswerError as error:
        return render(
            request,
            "assessments/answer_refused.html",
            {"message": error.message, "assessment": attempt.assessment},
            status=error.status_code,
        )
    if submit:
        if attempt.late:
            messages.warning(request, _("Le temps était écoulé : seules les réponses enregistrées à temps comptent."))
        return redirect("assessments:attempt_results", attempt_id=attempt.pk)
    messages.success(request, _("Vos réponses sont enregistrées. Vous pouvez reprendre plus tard."))
    return redirect(f"{attempt.assessment.url}#questions")


@login_required
@require_GET
def attempt_results_view(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_open:
        return redirect(f"{attempt.assessment.url}#questions")
    response = render(request, "assessments/attempt_results.html", attempt_results(attempt=attempt))
    response["Cache-Control"] = "private, no-store"
    return response
