"""Competency status transitions: non évalué → en cours → démontré, by score (best attempt) or rubric."""

from decimal import Decimal

import pytest

from assessments.models import Answer, CompetencyStatus, CompetencyStatusValue
from assessments.services import answer_grade, answer_save, attempt_start, attempt_submit, competency_statuses_refresh

from .factories import make_quiz_setup

pytestmark = pytest.mark.django_db


def statuses(user) -> dict:
    return {
        s.competency.code: (s.status, s.score)
        for s in CompetencyStatus.objects.filter(user=user).select_related("competency")
    }


def take(quiz, answers: dict):
    attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment)
    for kind, raw in answers.items():
        answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=quiz.questions[kind].pk, raw=raw)
    attempt, _ = attempt_submit(attempt_id=attempt.pk, user=quiz.learner)
    return attempt


class TestCompetencyStatus:
    def test_not_assessed_before_any_result(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"])
        competency_statuses_refresh(user_id=quiz.learner.pk, competency_ids=[quiz.competencies["CP1"].pk])
        assert statuses(quiz.learner) == {"CP1": (CompetencyStatusValue.NOT_ASSESSED, None)}

    def test_in_progress_below_75_then_demonstrated_by_the_best_attempt(self, site_tree):
        # Four questions on CP1; the 2nd and 4th also on CP3.
        quiz = make_quiz_setup(
            site_tree[1], kinds=["single_choice", "true_false", "short_answer", "numeric"], attempts_allowed=3
        )
        take(quiz, {"single_choice": "sa", "true_false": True})
        assert statuses(quiz.learner) == {
            "CP1": (CompetencyStatusValue.IN_PROGRESS, Decimal("25.00")),
            "CP3": (CompetencyStatusValue.IN_PROGRESS, Decimal("0.00")),
        }
        take(quiz, {"single_choice": "sa", "true_false": False, "short_answer": "FALC", "numeric": 99})
        assert statuses(quiz.learner) == {
            "CP1": (CompetencyStatusValue.DEMONSTRATED, Decimal("75.00")),  # exactly 75 % counts
            "CP3": (CompetencyStatusValue.IN_PROGRESS, Decimal("50.00")),
        }

    def test_a_worse_later_attempt_does_not_take_it_back(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "true_false"], pass_mark=100, attempts_allowed=0)
        take(quiz, {"single_choice": "sa", "true_false": True})  # CP1 50 %, failed
        take(quiz, {"single_choice": "sb"})  # CP1 0 %
        assert statuses(quiz.learner)["CP1"] == (CompetencyStatusValue.IN_PROGRESS, Decimal("50.00"))

    def test_a_pending_essay_does_not_count_until_graded_then_rubric_mastery_demonstrates(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "open_response"])
        attempt = take(quiz, {"single_choice": "sb", "open_response": "Mon texte"})
        # CP3 is only on the essay: nothing scored yet.
        assert statuses(quiz.learner) == {
            "CP1": (CompetencyStatusValue.IN_PROGRESS, Decimal("0.00")),
            "CP3": (CompetencyStatusValue.NOT_ASSESSED, None),
        }
        essay = Answer.objects.get(attempt=attempt, question=quiz.questions["open_response"])
        answer_grade(answer_id=essay.pk, grader=quiz.trainer, levels=[1, 1])  # Satisfaisant × 2 = 50 % of points
        assert statuses(quiz.learner) == {
            "CP1": (CompetencyStatusValue.DEMONSTRATED, Decimal("25.00")),  # by the rubric, not the score
            "CP3": (CompetencyStatusValue.DEMONSTRATED, Decimal("50.00")),
        }

    def test_lowering_a_grade_takes_the_status_back(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "open_response"])
        attempt = take(quiz, {"single_choice": "sb", "open_response": "Mon texte"})
        essay = Answer.objects.get(attempt=attempt, question=quiz.questions["open_response"])
        answer_grade(answer_id=essay.pk, grader=quiz.trainer, levels=[1, 1])
        answer_grade(answer_id=essay.pk, grader=quiz.trainer, levels=[1, 0], reason="Proposition absente en relisant.")
        assert statuses(quiz.learner)["CP3"] == (CompetencyStatusValue.IN_PROGRESS, Decimal("25.00"))
