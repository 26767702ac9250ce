"""Trainers grade open responses and assignments with the rubric; every change is audited."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..errors import GradingError, GradingErrorCode
from ..forms import FEEDBACK_MAX_LENGTH
from ..models import Answer, Attempt, AttemptCompetencyScore, AttemptStatus, GradeAudit
from ..question_types.rubric import mastery_reached
from ..selectors import course_id_of, question_competency_ids, user_can_grade
from .competencies import competency_statuses_refresh
from .learning_records import course_completion_nudge, record_result
from .scoring import attempt_totals, competency_totals, is_passed


def answer_grade(
    *,
    answer_id: int,
    grader,
    levels: list[int],
    feedback: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> Answer:
    """Grade (or regrade) an answer with one rubric level per criterion; raise ``GradingError`` if refused.

    Regrading needs a ``reason``. The attempt's score, pass/fail, per-competency scores and the
    learner's competency statuses are recomputed in the same transaction.
    """
    now = now or timezone.now()
    feedback, reason = (feedback or "").strip(), (reason or "").strip()
    if len(feedback) > FEEDBACK_MAX_LENGTH:
        raise GradingError.of(GradingErrorCode.FEEDBACK_TOO_LONG, max=FEEDBACK_MAX_LENGTH)
    with transaction.atomic():
        attempt_id = Answer.objects.filter(pk=answer_id).values_list("attempt_id", flat=True).get()
        # Attempt first, then answer: the order submission uses, so the two never deadlock.
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("assessment", "user")
            .annotate(course_id=course_id_of("assessment__path"))
            .get(pk=attempt_id)
        )
        answer = Answer.objects.select_for_update().select_related("question").get(pk=answer_id)
        question = answer.question
        if not user_can_grade(user=grader, organisation_id=question.organisation_id):
            raise GradingError.of(GradingErrorCode.FORBIDDEN)
        if not question.question_type.manual:
            raise GradingError.of(GradingErrorCode.NOT_GRADABLE)
        if attempt.status == AttemptStatus.IN_PROGRESS:
            raise GradingError.of(GradingErrorCode.NOT_SUBMITTED)
        new_points = question.question_type.grade_points(question, levels)
        regrade = answer.graded_at is not None
        if regrade and (new_points, feedback, levels) == (answer.points, answer.feedback, answer.rubric_levels):
            return answer
        if regrade and not reason:
            raise GradingError.of(GradingErrorCode.REASON_REQUIRED)

        GradeAudit.objects.create(
            answer=answer,
            grader=grader,
            at=now,
            old_points=answer.points if regrade else None,
            new_points=new_points,
            old_feedback=answer.feedback if regrade else "",
            new_feedback=feedback,
            old_levels=answer.rubric_levels if regrade else None,
            new_levels=levels,
            reason=reason,
        )
        answer.points, answer.feedback, answer.rubric_levels = new_points, feedback, levels
        answer.correct = new_points == answer.max_points
        answer.mastery = mastery_reached(question.config["rubric"], levels)
        answer.needs_grading, answer.graded_by, answer.graded_at = False, grader, now
        answer.save()
        _attempt_rescore(attempt=attempt, now=now)
    return answer


def _attempt_rescore(*, attempt: Attempt, now: datetime) -> None:
    """Recompute the attempt's totals and competency scores after a grade; record and nudge on a result."""
    assessment = attempt.assessment
    answers = list(Answer.objects.filter(attempt=attempt))
    competencies_of = question_competency_ids(question_ids=attempt.question_ids)
    points, maximum, pending = attempt_totals(answers)
    was_passed = attempt.passed
    attempt.score, attempt.max_score = points, maximum
    attempt.status = AttemptStatus.SUBMITTED if pending else AttemptStatus.GRADED
    attempt.passed = None if pending else is_passed(score=points, max_score=maximum, pass_mark=assessment.pass_mark)
    attempt.save(update_fields=["score", "max_score", "status", "passed"])

    AttemptCompetencyScore.objects.filter(attempt=attempt).delete()
    AttemptCompetencyScore.objects.bulk_create(
        AttemptCompetencyScore(attempt=attempt, competency_id=competency_id, points=p, max_points=m)
        for competency_id, (p, m) in competency_totals(answers, competencies_of).items()
    )
    all_competencies = {c for ids in competencies_of.values() for c in ids}
    competency_statuses_refresh(user_id=attempt.user_id, competency_ids=all_competencies)
    if not pending:
        record_result(attempt=attempt, assessment=assessment, competency_ids=all_competencies, occurred_at=now)
        if attempt.passed and not was_passed:
            course_completion_nudge(user_id=attempt.user_id, course_id=attempt.course_id)
