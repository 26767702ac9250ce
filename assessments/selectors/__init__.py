"""Reads of the assessments app, split by audience and re-exported here.

``attempts`` serves learners (and the learning app's contract), ``grading`` trainers,
``statistics`` authors, ``access`` says who may do what.
"""

from .access import (
    is_site_staff,
    question_bank_organisations,
    questions_for_user,
    user_can_grade,
    user_can_view_statistics,
)
from .attempts import (
    answers_revealed,
    assessment_page_context,
    attempt_items,
    attempt_results,
    attempt_start_refusal,
    course_id_of,
    passed_assessment_ids,
    question_competency_ids,
    required_assessment_ids,
)
from .grading import answer_for_grading, grade_history, grading_queue
from .statistics import assessment_statistics

__all__ = [
    "answer_for_grading",
    "answers_revealed",
    "assessment_page_context",
    "assessment_statistics",
    "attempt_items",
    "attempt_results",
    "attempt_start_refusal",
    "course_id_of",
    "grade_history",
    "grading_queue",
    "is_site_staff",
    "passed_assessment_ids",
    "question_bank_organisations",
    "question_competency_ids",
    "questions_for_user",
    "required_assessment_ids",
    "user_can_grade",
    "user_can_view_statistics",
]
