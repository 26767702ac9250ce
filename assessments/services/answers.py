"""Save answers as the learner goes: one at a time (autosave), a file, or the whole form at once.

Every write locks the attempt row first, so a save racing a submission waits for it and then finds
the attempt closed. ``now`` can be injected to test the time limit without sleeping.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..errors import AnswerError, AnswerErrorCode
from ..models import Answer, Attempt, AttemptStatus, Question


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _lock(*, attempt_id: int, user) -> Attempt:
    """Return the learner's attempt, locked; raise ``Attempt.DoesNotExist`` for anyone else's."""
    return Attempt.objects.select_for_update().get(pk=attempt_id, user=user)


def _check_open(attempt: Attempt, now: datetime) -> None:
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise AnswerError.of(AnswerErrorCode.ATTEMPT_CLOSED)
    if attempt.deadline is not None and now > attempt.deadline:
        raise AnswerError.of(AnswerErrorCode.DEADLINE_PASSED)


def _question_in(attempt: Attempt, question_id: Any, questions: dict[int, Question] | None = None) -> Question:
    if isinstance(question_id, bool) or not isinstance(question_id, int) or question_id not in attempt.question_ids:
        raise AnswerError.of(AnswerErrorCode.QUESTION_NOT_IN_ATTEMPT)
    question = questions.get(question_id) if questions is not None else Question.objects.filter(pk=question_id).first()
    if question is None:  # deleted from the bank since the attempt started
        raise AnswerError.of(AnswerErrorCode.QUESTION_NOT_IN_ATTEMPT)
    return question


def answer_save(*, attempt_id: int, user, question_id: Any, raw: Any, now: datetime | None = None) -> Answer:
    """Validate and store one answer of an open attempt; raise ``AnswerError`` and store nothing if refused."""
    now = _now(now)
    with transaction.atomic():
        attempt = _lock(attempt_id=attempt_id, user=user)
        _check_open(attempt, now)
        question = _question_in(attempt, question_id)
        if question.question_type.accepts_upload:
            raise AnswerError.of(AnswerErrorCode.UPLOAD_REQUIRED)
        value = question.question_type.parse_answer(question, raw)
        answer, _created = Answer.objects.update_or_create(
            attempt=attempt, question=question, defaults={"response": value, "saved_at": now}
        )
    return answer


def answer_upload(*, attempt_id: int, user, question_id: Any, uploaded_file, now: datetime | None = None) -> Answer:
    """Validate and store the file of an assignment question; replace the previous file, if any."""
    now = _now(now)
    with transaction.atomic():
        attempt = _lock(attempt_id=attempt_id, user=user)
        _check_open(attempt, now)
        question = _question_in(attempt, question_id)
        answer = _store_upload(attempt=attempt, question=question, uploaded_file=uploaded_file, now=now)
    return answer


def _store_upload(*, attempt: Attempt, question: Question, uploaded_file, now: datetime) -> Answer:
    question_type = question.question_type
    if not question_type.accepts_upload:
        raise AnswerError.of(AnswerErrorCode.UPLOAD_NOT_EXPECTED)
    info = question_type.parse_upload(question, uploaded_file)
    answer = Answer.objects.filter(attempt=attempt, question=question).first() or Answer(
        attempt=attempt, question=question
    )
    previous = answer.file.name if answer.file else ""
    answer.file.save(info.filename, uploaded_file, save=False)
    answer.response = {"filename": info.filename, "mime_type": info.mime_type, "size": info.size}
    answer.saved_at = now
    answer.save()
    if previous:
        storage = answer.file.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return answer


def answers_parse(
    *, attempt: Attempt, questions: dict[int, Question], raws: dict[int, Any], uploads: dict
) -> dict[int, Any]:
    """Return the normalised answers of ``raws`` (files are checked, not stored); raise ``AnswerError``."""
    values = {}
    for question_id, raw in raws.items():
        question = _question_in(attempt, question_id, questions)
        if question.question_type.accepts_upload:
            continue
        values[question_id] = question.question_type.parse_answer(question, raw)
    for question_id, uploaded_file in uploads.items():
        question = _question_in(attempt, question_id, questions)
        if not question.question_type.accepts_upload:
            raise AnswerError.of(AnswerErrorCode.UPLOAD_NOT_EXPECTED)
        question.question_type.parse_upload(question, uploaded_file)
    return values


def answers_save(
    *, attempt_id: int, user, raws: dict[int, Any], uploads: dict | None = None, now: datetime | None = None
) -> list[Answer]:
    """Store several answers at once (the form without JavaScript): all are valid, or none is stored."""
    now = _now(now)
    uploads = uploads or {}
    with transaction.atomic():
        attempt = _lock(attempt_id=attempt_id, user=user)
        _check_open(attempt, now)
        questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
        values = answers_parse(attempt=attempt, questions=questions, raws=raws, uploads=uploads)
        existing = {a.question_id: a for a in Answer.objects.filter(attempt=attempt, question_id__in=values)}
        to_create, to_update = [], []
        for question_id, value in values.items():
            answer = existing.get(question_id)
            if answer is None:
                to_create.append(Answer(attempt=attempt, question_id=question_id, response=value, saved_at=now))
            elif answer.response != value:
                answer.response, answer.saved_at = value, now
                to_update.append(answer)
        Answer.objects.bulk_create(to_create)
        Answer.objects.bulk_update(to_update, ["response", "saved_at"])
        stored = [*to_create, *to_update]
        for question_id, uploaded_file in uploads.items():
            stored.append(
                _store_upload(attempt=attempt, question=questions[question_id], uploaded_file=uploaded_file, now=now)
            )
    return stored
