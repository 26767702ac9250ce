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


def record_result(
    *, attempt: Attempt, assessment: AssessmentPage, competency_ids: Iterable[int], occurred_at: datetime
) -> None:
    """Record the attempt's score and, once nothing awaits grading, whether it passed."""
    from lms.frameworks.models import Competency
    from lms.records.services import statement_record

    activity = _activity(assessment)
    competencies = [Competency(pk=pk) for pk in sorted(set(competency_ids))]
    statement_record(
        user=attempt.user,
        verb="scored",
        result=_result(attempt, with_success=False),
        competencies=competencies,
        occurred_at=occurred_at,
        **activity,
    )
    if attempt.passed is not None:
        statement_record(
            user=attempt.user,
            verb="passed" if attempt.passed else "failed",
            result=_result(attempt, with_success=True),
            occurred_at=occurred_at,
            **activity,
        )


def course_completion_nudge(*, user_id: int, course_id: int) -> None:
    """Ask the learning app to re-evaluate the course after a pass (safe to repeat)."""
    from lms.learning.services import course_completion_evaluate

    course_completion_evaluate(user_id=user_id, course_id=course_id)
