"""Start an attempt, submit it once, close attempts whose time ran out.

Every function takes ``now`` (default: the current time) so the time limit can be tested by
injecting a datetime instead of sleeping. Submission locks the attempt row (``select_for_update``),
as every answer save does, so a save racing a submission, or two submissions, are applied one after
the other and the status check makes the second a no-op.
"""

import random
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from lms.frameworks.models import Competency

from ..errors import AnswerError, AnswerErrorCode, AssessmentError, AttemptErrorCode
from ..models import (
    Answer,
    AssessmentPage,
    AssessmentQuestion,
    Attempt,
    AttemptCompetencyScore,
    AttemptStatus,
    Question,
)
from ..selectors import attempt_start_refusal, course_id_of, question_competency_ids
from .answers import _check_open, _now, answers_parse, answers_save
from .competencies import competency_statuses_refresh
from .learning_records import course_completion_nudge, record_attempted, record_result
from .scoring import attempt_totals, competency_totals, is_passed

_SCORED_FIELDS = ["points", "max_points", "correct", "needs_grading", "feedback"]


def _lock_with_assessment(*, attempt_id: int, user) -> Attempt:
    """Return the learner's attempt, locked, with its assessment page and course id in the same query."""
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("assessment")
        .annotate(course_id=course_id_of("assessment__path"))
        .get(pk=attempt_id, user=user)
    )
    attempt.user = user  # the statements need the user object: spare a query
    return attempt


def draw_question_ids(*, assessment: AssessmentPage, organisation_id: int, rng: random.Random) -> list[int]:
    """Return the questions of a new attempt: the fixed ones, then those drawn per competency."""
    ids = list(
        dict.fromkeys(
            AssessmentQuestion.objects.filter(page=assessment, question__is_active=True)
            .order_by("sort_order")
            .values_list("question_id", flat=True)
        )
    )
    if assessment.draw_per_competency:
        # From the database, not the page's in-memory cluster: the live page's draw is what counts.
        drawn_competencies = Competency.objects.filter(drawing_assessments=assessment.pk).order_by("pk")
        for competency_id in drawn_competencies.values_list("pk", flat=True):
            candidates = list(
                Question.objects.filter(organisation_id=organisation_id, is_active=True, competencies=competency_id)
                .exclude(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
                .distinct()
            )
            ids += rng.sample(candidates, min(assessment.draw_per_competency, len(candidates)))
    if assessment.shuffle_questions:
        rng.shuffle(ids)
    return ids


def attempt_start(*, user, assessment: AssessmentPage, now: datetime | None = None) -> Attempt:
    """Return the learner's open attempt, or start a new one if the rules allow; raise ``AssessmentError``."""
    now = _now(now)
    if not assessment.live:
        raise AssessmentError.of(AttemptErrorCode.NOT_LIVE)
    # Committed on its own: a refusal below must not reopen an attempt whose time ran out.
    attempt_close_if_overdue(user=user, assessment=assessment, now=now)
    with transaction.atomic():
        # Lock the learner's row so their two tabs start one after the other; others do not wait.
        get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
        attempts = list(Attempt.objects.filter(user=user, assessment=assessment).order_by("number"))
        current = next((attempt for attempt in attempts if attempt.is_open), None)
        if current is not None:
            return current
        refusal = attempt_start_refusal(assessment=assessment, attempts=attempts)
        if refusal is not None:
            raise AssessmentError.of(refusal)
        course = assessment.get_parent().specific
        seed = secrets.randbelow(2**31)
        question_ids = draw_question_ids(
            assessment=assessment,
            organisation_id=course.organisation_id,
            rng=random.Random(seed),  # noqa: S311 - drawing questions, not security
        )
        if not question_ids:
            raise AssessmentError.of(AttemptErrorCode.NO_QUESTIONS)
        attempt = Attempt(
            user=user,
            assessment=assessment,
            number=len(attempts) + 1,
            question_ids=question_ids,
            shuffle_seed=seed,
            started_at=now,
            deadline=now + timedelta(minutes=assessment.time_limit_minutes) if assessment.time_limit_minutes else None,
        )
        attempt.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                attempt.save()
        except IntegrityError:
            # Another request won the race where row locks do not exist (SQLite): resume its attempt.
            return Attempt.objects.get(user=user, assessment=assessment, status=AttemptStatus.IN_PROGRESS)
        record_attempted(attempt=attempt, assessment=assessment, occurred_at=now)
    return attempt


def attempt_submit(
    *,
    attempt_id: int,
    user,
    now: datetime | None = None,
    raws: dict | None = None,
    uploads: dict | None = None,
) -> tuple[Attempt, bool]:
    """Score the attempt once and for all; return it and whether this call submitted it.

    ``raws`` and ``uploads`` are the answers sent with the submission (the form without JavaScript):
    they are validated first (``AnswerError``: nothing stored, nothing submitted) and stored with the
    scores in the same upsert. A second call (double click, second tab, concurrent request) finds the
    attempt no longer open and returns it unchanged. After the deadline, the answers sent with the
    submission are ignored, what was saved in time is graded and the attempt is flagged ``late``.
    """
    now = _now(now)
    raws, uploads = raws or {}, uploads or {}
    with transaction.atomic():
        attempt = _lock_with_assessment(attempt_id=attempt_id, user=user)
        if not attempt.is_open:
            return attempt, False
        assessment = attempt.assessment
        questions = Question.objects.in_bulk(attempt.question_ids)
        fresh = {}
        if raws or uploads:
            try:
                _check_open(attempt, now)
            except AnswerError as error:
                if error.code != AnswerErrorCode.DEADLINE_PASSED:
                    raise
            else:
                fresh = answers_parse(attempt=attempt, questions=questions, raws=raws, uploads=uploads)
                if uploads:
                    # Files go through the answer service (stored, old file removed on commit); rare.
                    answers_save(attempt_id=attempt.pk, user=user, raws={}, uploads=uploads, now=now)
        competencies_of = question_competency_ids(question_ids=attempt.question_ids)
        saved = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
        scored = []
        for question_id in attempt.question_ids:
            question = questions.get(question_id)
            if question is None:
                continue  # deleted from the bank since the attempt started: not asked, not counted
            previous = saved.get(question_id)
            response = previous.response if previous else None
            saved_at = previous.saved_at if previous else now
            if question_id in fresh and (previous is None or previous.response != fresh[question_id]):
                response, saved_at = fresh[question_id], now
            if question.question_type.accepts_upload and not (previous and previous.file):
                response = None
            score = question.question_type.score(question, response)
            scored.append(
                Answer(
                    attempt=attempt,
                    question=question,
                    response=response,
                    saved_at=saved_at,
                    points=score.points,
                    max_points=score.max_points,
                    correct=score.correct,
                    needs_grading=score.needs_grading,
                    feedback=score.feedback,
                )
            )
        # One upsert whatever the number of questions.
        # Saved answers keep their file; the answers sent with the submission replace the saved responses.
        update_fields = [*_SCORED_FIELDS, "response", "saved_at"] if fresh else _SCORED_FIELDS
        Answer.objects.bulk_create(
            scored, update_conflicts=True, unique_fields=["attempt", "question"], update_fields=update_fields
        )

        by_competency = competency_totals(scored, competencies_of)
        AttemptCompetencyScore.objects.bulk_create(
            AttemptCompetencyScore(attempt=attempt, competency_id=competency_id, points=points, max_points=maximum)
            for competency_id, (points, maximum) in by_competency.items()
        )
        points, maximum, pending = attempt_totals(scored)
        attempt.score, attempt.max_score = points, maximum
        attempt.submitted_at = now
        attempt.late = attempt.deadline is not None and now > attempt.deadline
        attempt.status = AttemptStatus.SUBMITTED if pending else AttemptStatus.GRADED
        attempt.passed = None if pending else is_passed(score=points, max_score=maximum, pass_mark=assessment.pass_mark)
        attempt.save(update_fields=["score", "max_score", "submitted_at", "late", "status", "passed"])

        all_competencies = {c for ids in competencies_of.values() for c in ids}
        competency_statuses_refresh(user_id=attempt.user_id, competency_ids=all_competencies)
        record_result(
            attempt=attempt,
            assessment=assessment,
            competency_ids=all_competencies,
            occurred_at=now,
            answers=scored,
            competencies_of=competencies_of,
        )
        if attempt.passed:
            course_completion_nudge(user_id=attempt.user_id, course_id=attempt.course_id)
    return attempt, True


def attempt_close_if_overdue(*, user, assessment: AssessmentPage, now: datetime | None = None) -> Attempt | None:
    """Submit the learner's open attempt on ``assessment`` if its deadline has passed; return it."""
    now = _now(now)
    overdue = (
        Attempt.objects.filter(user=user, assessment=assessment, status=AttemptStatus.IN_PROGRESS, deadline__lt=now)
        .values_list("pk", flat=True)
        .first()
    )
    if overdue is None:
        return None
    attempt, _submitted = attempt_submit(attempt_id=overdue, user=user, now=now)
    return attempt


def attempts_close_overdue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Submit every open attempt whose deadline has passed (periodic sweep); return how many were closed."""
    now = _now(now)
    overdue = list(
        Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=now)
        .select_related("user")
        .order_by("deadline")[:limit]
    )
    closed = 0
    for attempt in overdue:
        _attempt, submitted = attempt_submit(attempt_id=attempt.pk, user=attempt.user, now=now)
        closed += submitted
    return closed
