"""Writes of the assessments app, split by concern and re-exported here.

``answers`` saves answers as the learner goes, ``attempts`` starts, submits and closes attempts, ``grading`` the
trainers' rubric grades, ``competencies`` the stored competency statuses (and their rule).
"""

from .answers import answer_save, answer_upload, answers_save
from .attempts import (
    attempt_close_if_overdue,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
    draw_question_ids,
)
from .competencies import competency_statuses_refresh
from .grading import answer_grade

__all__ = [
    "answer_grade",
    "answer_save",
    "answer_upload",
    "answers_save",
    "attempt_close_if_overdue",
    "attempt_start",
    "attempt_submit",
    "attempts_close_overdue",
    "competency_statuses_refresh",
    "draw_question_ids",
]
