"""xAPI statements of the assessments and the course-completion nudge, through the other apps' contracts."""

from collections.abc import Iterable
from datetime import datetime

from ..models import AssessmentPage, Attempt


def _activity(assessment: AssessmentPage) -> dict:
    from lms.records.services import absolute_url

    return {
        "object_url": absolute_url(assessment.url or f"/{assessment.url_path.strip('/')}/"),
        "object_name": assessment.title,
        "object_type": "assessment",
    }


def _result(attempt: Attempt, *, with_success: bool) -> dict:
    maximum = attempt.max_score or 0
    result = {
        "score_raw": float(attempt.score or 0),
        "score_min": 0.0,
        "score_max": float(maximum),
        "score_scaled": float((attempt.score or 0) / maximum) if maximum else 0.0,
        "completion": True,
    }
    if with_success and attempt.passed is not None:
        result["success"] = attempt.passed
    if attempt.submitted_at and attempt.started_at:
        result["duration_seconds"] = max(0, int((attempt.submitted_at - attempt.started_at).total_seconds()))
    return result


def record_attempted(*, attempt: Attempt, assessment: AssessmentPage, occurred_at: datetime) -> None:
    """Record that the learner started an attempt."""
    from lms.records.services import statement_record

    statement_record(user=attempt.user, verb="attempted", occurred_at=occurred_at, **_activity(assessment))


#: The longest question prompt kept as an activity name in the ledger.
QUESTION_NAME_LENGTH = 200


def _answered_items(
    *, attempt: Attempt, activity: dict, answers: Iterable, competencies_of: dict, occurred_at: datetime
) -> list[dict]:
    """Return one "answered" statement per question the learner answered.

    The question is the activity (type ``cmi.interaction``), identified by the assessment's URL and a
    fragment naming the question; an answer waiting for a person's grade carries no score yet.
    """
    items = []
    for answer in answers:
        if answer.response is None and not getattr(answer, "file", None):
            continue
        question = answer.question
        prompt = " ".join(str(question.prompt).split())
        result = {"completion": True}
        if not answer.needs_grading and answer.max_points:
            result.update(
                score_raw=float(answer.points or 0),
                score_min=0.0,
                score_max=float(answer.max_points),
                score_scaled=float((answer.points or 0) / answer.max_points),
                success=bool(answer.correct),
            )
        items.append(
            {
                "user": attempt.user,
                "verb": "answered",
                "object_url": f"{activity['object_url']}#question-{question.pk}",
                "object_name": prompt[:QUESTION_NAME_LENGTH] or f"Question {question.pk}",
                "object_type": "question",
                "result": result,
                "competencies": sorted(competencies_of.get(question.pk, ())),
                "occurred_at": occurred_at,
            }
        )
    return items


def record_result(
    *,
    attempt: Attempt,
    assessment: AssessmentPage,
    competency_ids: Iterable[int],
    occurred_at: datetime,
    answers: Iterable = (),
    competencies_of: dict | None = None,
) -> None:
    """Record the attempt's score and, once nothing awaits grading, whether it passed.

    With ``answers`` (at submission), one "answered" statement per answered question comes first. All
    the statements go in one insert.
    """
    from lms.records.services import statements_record_many

    activity = _activity(assessment)
    items = _answered_items(
        attempt=attempt,
        activity=activity,
        answers=answers,
        competencies_of=competencies_of or {},
        occurred_at=occurred_at,
    )
    items.append(
        {
            "user": attempt.user,
            "verb": "scored",
            "result": _result(attempt, with_success=False),
            "competencies": sorted(set(competency_ids)),
            "occurred_at": occurred_at,
            **activity,
        }
    )
    if attempt.passed is not None:
        items.append(
            {
                "user": attempt.user,
                "verb": "passed" if attempt.passed else "failed",
                "result": _result(attempt, with_success=True),
                "occurred_at": occurred_at,
                **activity,
            }
        )
    statements_record_many(items)


def course_completion_nudge(*, user_id: int, course_id: int) -> None:
    """Ask the learning app to re-evaluate the course after a pass (safe to repeat)."""
    from lms.learning.services import course_completion_evaluate

    course_completion_evaluate(user_id=user_id, course_id=course_id)
