"""Reads for learners: the assessment page, the questions of an attempt, the results."""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr

from ..errors import AttemptErrorCode
from ..models import (
    Answer,
    AssessmentPage,
    Attempt,
    AttemptCompetencyScore,
    AttemptStatus,
    Question,
    ShowAnswers,
)
from ..question_types import get_type


def question_competency_ids(*, question_ids: list[int]) -> dict[int, list[int]]:
    """Return {question id: [competency ids]} in one query."""
    result: dict[int, list[int]] = {question_id: [] for question_id in question_ids}
    rows = Question.competencies.through.objects.filter(question_id__in=question_ids).values_list(
        "question_id", "competency_id"
    )
    for question_id, competency_id in rows:
        result[question_id].append(competency_id)
    return result


def attempt_start_refusal(*, assessment: AssessmentPage, attempts: list[Attempt]) -> AttemptErrorCode | None:
    """Return why the learner with these ``attempts`` may not start another one, or ``None``."""
    if any(attempt.passed for attempt in attempts):
        return AttemptErrorCode.ALREADY_PASSED
    if any(attempt.status == AttemptStatus.SUBMITTED for attempt in attempts):
        return AttemptErrorCode.AWAITING_GRADING
    if assessment.attempts_allowed and len(attempts) >= assessment.attempts_allowed:
        return AttemptErrorCode.NO_ATTEMPTS_LEFT
    return None


def answers_revealed(*, assessment: AssessmentPage, attempt: Attempt, attempts: list[Attempt]) -> bool:
    """Return whether the results of ``attempt`` may show the correct answers and feedback."""
    if attempt.is_open:
        return False
    policy = assessment.show_answers
    if policy == ShowAnswers.AFTER_ATTEMPT:
        return True
    passed = any(other.passed for other in attempts)
    if policy == ShowAnswers.AFTER_PASS:
        return passed
    if policy == ShowAnswers.AFTER_LAST_ATTEMPT:
        exhausted = bool(assessment.attempts_allowed) and len(attempts) >= assessment.attempts_allowed
        return passed or (exhausted and not any(other.is_open for other in attempts))
    return False


def attempt_items(*, attempt: Attempt, shuffle_choices: bool) -> list[dict]:
    """Return the questions of an open attempt as the quiz shows them, with the saved answers (2 queries).

    Only the prompt and the type's ``public_payload`` leave this function: never the config, the
    explanation or anything that tells a right answer from a wrong one.
    """
    questions = Question.objects.in_bulk(attempt.question_ids)
    answers = {answer.question_id: answer for answer in Answer.objects.filter(attempt=attempt)}
    items = []
    asked = [question_id for question_id in attempt.question_ids if question_id in questions]
    for number, question_id in enumerate(asked, start=1):
        question = questions[question_id]
        question_type = get_type(question.kind)
        answer = answers.get(question_id)
        items.append(
            {
                "number": number,
                "question_id": question_id,
                "kind": question.kind,
                "prompt": question.prompt,
                "template": question_type.input_template,
                "payload": question_type.public_payload(question, attempt.shuffle_seed if shuffle_choices else None),
                "response": answer.response if answer else None,
                "field": f"q-{question_id}",
                "id_prefix": f"q{question_id}",
            }
        )
    return items


def assessment_page_context(*, assessment: AssessmentPage, user) -> dict:
    """Return what the assessment page shows: rules, past attempts, and the open attempt's questions."""
    context = {
        "course": assessment.get_parent(),
    }
    if not user.is_authenticated or not assessment.pk:
        return context  # anonymous visitor, or an editor's preview of a page not saved yet
    attempts = list(Attempt.objects.filter(user=user, assessment=assessment).order_by("number"))
    current = next((attempt for attempt in attempts if attempt.is_open), None)
    refusal = attempt_start_refusal(assessment=assessment, attempts=attempts)
    context.update(
        {
            "attempts": [attempt for attempt in attempts if not attempt.is_open],
            "current_attempt": current,
            "items": attempt_items(attempt=current, shuffle_choices=assessment.shuffle_choices) if current else [],
            "refusal": refusal.label if refusal and not current else "",
            "can_start": current is None and refusal is None,
            "attempts_left": (
                max(assessment.attempts_allowed - len(attempts), 0) if assessment.attempts_allowed else None
            ),
        }
    )
    return context


def attempt_results(*, attempt: Attempt) -> dict:
    """Return the results page of a submitted attempt: score, per competency, per question."""
    assessment = AssessmentPage.objects.get(pk=attempt.assessment_id)
    attempts = list(Attempt.objects.filter(user_id=attempt.user_id, assessment=assessment).order_by("number"))
    reveal = answers_revealed(assessment=assessment, attempt=attempt, attempts=attempts)
    questions = Question.objects.in_bulk(attempt.question_ids)
    answers = {answer.question_id: answer for answer in Answer.objects.filter(attempt=attempt)}
    items = []
    asked = [question_id for question_id in attempt.question_ids if question_id in questions]
    for number, question_id in enumerate(asked, start=1):
        question = questions[question_id]
        question_type = get_type(question.kind)
        answer = answers.get(question_id)
        response = answer.response if answer else None
        items.append(
            {
                "number": number,
                "prompt": question.prompt,
                "kind_label": question_type.label,
                "manual": question_type.manual,
                "answer": answer,
                "review": question_type.review_payload(question, response, reveal=reveal),
                "explanation": question.explanation if reveal else "",
                # A trainer's comment is the learner's own grade: always shown. Automatic feedback follows the policy.
                "feedback": answer.feedback if answer and (question_type.manual or reveal) else "",
                "rubric_levels": _chosen_levels(question, answer) if question_type.manual else [],
            }
        )
    competency_scores = list(
        AttemptCompetencyScore.objects.filter(attempt=attempt)
        .select_related("competency__framework", "competency__block")
        .order_by("competency__framework__sort_order", "competency__block__sort_order", "competency__sort_order")
    )
    return {
        "assessment": assessment,
        "attempt": attempt,
        "reveal": reveal,
        "items": items,
        "competency_scores": competency_scores,
        "can_retry": attempt_start_refusal(assessment=assessment, attempts=attempts) is None,
    }


def _chosen_levels(question: Question, answer: Answer | None) -> list[dict]:
    if answer is None or not answer.rubric_levels:
        return []
    criteria = question.config["rubric"]["criteria"]
    return [
        {"criterion": criterion["title"], "level": criterion["levels"][index]}
        for criterion, index in zip(criteria, answer.rubric_levels, strict=False)
        if 0 <= index < len(criterion["levels"])
    ]


def course_id_of(path_field: str) -> Subquery:
    """Return an expression for the id of the parent page of the page whose path is ``path_field``."""
    from wagtail.models import Page

    parent_path = Substr(OuterRef(path_field), 1, Length(OuterRef(path_field)) - Page.steplen)
    return Subquery(Page.objects.filter(path=parent_path).values("pk")[:1])


def _course_path(course_id: int) -> tuple[str, int] | None:
    from wagtail.models import Page

    row = Page.objects.filter(pk=course_id).values_list("path", "depth").first()
    return row


def passed_assessment_ids(*, user_id: int, course_id: int) -> set[int]:
    """Return the ids of the assessments under the course that the learner has passed."""
    course = _course_path(course_id)
    if course is None:
        return set()
    path, depth = course
    return set(
        Attempt.objects.filter(
            Q(assessment__path__startswith=path) & Q(assessment__depth=depth + 1),
            user_id=user_id,
            passed=True,
        )
        .values_list("assessment_id", flat=True)
        .distinct()
    )


def required_assessment_ids(*, course_id: int) -> set[int]:
    """Return the ids of the live assessments under the course whose pass is required to complete it."""
    course = _course_path(course_id)
    if course is None:
        return set()
    path, depth = course
    return set(
        AssessmentPage.objects.live()
        .filter(path__startswith=path, depth=depth + 1, required_for_completion=True)
        .values_list("pk", flat=True)
    )
