"""Reads for trainers: the grading queue and one answer to grade with its history."""

from django.db.models import QuerySet

from ..models import Answer
from .access import GRADER_ROLES, is_site_staff, organisation_ids

QUEUE_LIMIT = 200
RECENT_LIMIT = 30


def _gradable_answers(*, user) -> QuerySet[Answer]:
    answers = Answer.objects.select_related("attempt__user", "attempt__assessment", "question", "graded_by")
    if is_site_staff(user):
        return answers
    return answers.filter(question__organisation_id__in=organisation_ids(user=user, roles=GRADER_ROLES))


def grading_queue(*, user) -> dict:
    """Return the answers awaiting a grade (oldest submission first) and the latest graded ones."""
    answers = _gradable_answers(user=user)
    return {
        "pending": list(answers.filter(needs_grading=True).order_by("attempt__submitted_at", "pk")[:QUEUE_LIMIT]),
        "recent": list(answers.filter(graded_at__isnull=False).order_by("-graded_at", "-pk")[:RECENT_LIMIT]),
    }


def answer_for_grading(*, answer_id: int, user) -> Answer:
    """Return the answer if ``user`` may grade it; raise ``Answer.DoesNotExist`` otherwise."""
    return _gradable_answers(user=user).select_related("question__organisation").get(pk=answer_id)


def grade_history(*, answer: Answer) -> list:
    return list(answer.grade_audits.select_related("grader").order_by("at", "pk"))
