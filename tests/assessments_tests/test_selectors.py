"""Selectors: the learning app's contract (passed / required assessments) and the answer-reveal policy."""

import pytest

from assessments.models import Attempt, AttemptStatus, ShowAnswers
from assessments.selectors import answers_revealed, passed_assessment_ids, required_assessment_ids
from assessments.services import answer_save, attempt_start, attempt_submit
from tests.accounts_tests.factories import UserFactory

from .factories import make_assessment, make_quiz_setup

pytestmark = pytest.mark.django_db


class TestContractSelectors:
    def test_required_and_passed_assessment_ids(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"])
        optional = make_assessment(
            quiz.course, questions=list(quiz.questions.values()), slug="bonus", required_for_completion=False
        )
        draft = make_assessment(quiz.course, questions=list(quiz.questions.values()), slug="brouillon")
        draft.unpublish()
        assert required_assessment_ids(course_id=quiz.course.pk) == {quiz.assessment.pk}
        assert passed_assessment_ids(user_id=quiz.learner.pk, course_id=quiz.course.pk) == set()

        for page in (quiz.assessment, optional):
            attempt = attempt_start(user=quiz.learner, assessment=page)
            answer_save(
                attempt_id=attempt.pk, user=quiz.learner, question_id=quiz.questions["single_choice"].pk, raw="sa"
            )
            attempt_submit(attempt_id=attempt.pk, user=quiz.learner)
        assert passed_assessment_ids(user_id=quiz.learner.pk, course_id=quiz.course.pk) == {
            quiz.assessment.pk,
            optional.pk,
        }
        assert passed_assessment_ids(user_id=UserFactory().pk, course_id=quiz.course.pk) == set()
        assert required_assessment_ids(course_id=999_999) == set()


class TestAnswersRevealed:
    def _attempts(self, *outcomes):
        return [
            Attempt(number=n, status=AttemptStatus.GRADED, passed=passed) for n, passed in enumerate(outcomes, start=1)
        ]

    @pytest.mark.parametrize(
        ("policy", "outcomes", "allowed", "expected"),
        [
            (ShowAnswers.NEVER, (True,), 3, False),
            (ShowAnswers.AFTER_ATTEMPT, (False,), 3, True),
            (ShowAnswers.AFTER_PASS, (False,), 3, False),
            (ShowAnswers.AFTER_PASS, (False, True), 3, True),
            (ShowAnswers.AFTER_LAST_ATTEMPT, (False,), 2, False),
            (ShowAnswers.AFTER_LAST_ATTEMPT, (False, False), 2, True),
            (ShowAnswers.AFTER_LAST_ATTEMPT, (True,), 2, True),
            (ShowAnswers.AFTER_LAST_ATTEMPT, (False, False), 0, False),
        ],
    )
    def test_policy(self, policy, outcomes, allowed, expected):
        assessment = type("Page", (), {"show_answers": policy, "attempts_allowed": allowed})()
        attempts = self._attempts(*outcomes)
        assert answers_revealed(assessment=assessment, attempt=attempts[0], attempts=attempts) is expected

    def test_never_while_the_attempt_is_open(self):
        assessment = type("Page", (), {"show_answers": ShowAnswers.AFTER_ATTEMPT, "attempts_allowed": 3})()
        attempt = Attempt(number=1, status=AttemptStatus.IN_PROGRESS)
        assert answers_revealed(assessment=assessment, attempt=attempt, attempts=[attempt]) is False
