"""Trainers' rubric grades: permission, audit of every change, reason on regrade, rescoring."""

from decimal import Decimal

import pytest

from assessments.errors import GradingError
from assessments.models import Answer, AttemptCompetencyScore, AttemptStatus, GradeAudit
from assessments.services import answer_grade, answer_save, attempt_start, attempt_submit
from lms.accounts.roles import OrganisationRole
from lms.records.models import Statement
from tests.accounts_tests.factories import OrganisationFactory

from .factories import make_quiz_setup, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay(site_tree):
    """A submitted attempt with a right single choice and an open response awaiting a grade."""
    quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "open_response"])
    attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment)
    answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=quiz.questions["single_choice"].pk, raw="sa")
    answer_save(
        attempt_id=attempt.pk, user=quiz.learner, question_id=quiz.questions["open_response"].pk, raw="Mon analyse"
    )
    attempt, _ = attempt_submit(attempt_id=attempt.pk, user=quiz.learner)
    quiz.extra["attempt"] = attempt
    quiz.extra["answer"] = Answer.objects.get(attempt=attempt, question=quiz.questions["open_response"])
    return quiz


class TestAnswerGrade:
    def test_submission_waits_for_the_trainer(self, essay):
        attempt, answer = essay.extra["attempt"], essay.extra["answer"]
        assert attempt.status == AttemptStatus.SUBMITTED and attempt.passed is None
        assert answer.needs_grading and answer.points is None
        assert not Statement.objects.filter(verb__in=["passed", "failed"]).exists()

    def test_first_grade_is_audited_and_completes_the_attempt(self, essay):
        answer = answer_grade(
            answer_id=essay.extra["answer"].pk, grader=essay.trainer, levels=[2, 1], feedback="Bien vu."
        )
        assert answer.points == Decimal("0.75") and answer.mastery is True and not answer.needs_grading
        audit = GradeAudit.objects.get()
        assert (audit.grader, audit.old_points, audit.new_points, audit.new_feedback, audit.reason) == (
            essay.trainer,
            None,
            Decimal("0.75"),
            "Bien vu.",
            "",
        )
        attempt = essay.extra["attempt"]
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.GRADED
        assert attempt.score == Decimal("1.75") and attempt.passed is True  # 87.5 %
        assert Statement.objects.filter(verb="passed").count() == 1
        scores = {s.competency.code: s.points for s in AttemptCompetencyScore.objects.select_related("competency")}
        assert scores == {"CP1": Decimal("1.75"), "CP3": Decimal("0.75")}

    def test_regrade_needs_a_reason_and_is_audited(self, essay):
        answer_id = essay.extra["answer"].pk
        answer_grade(answer_id=answer_id, grader=essay.trainer, levels=[2, 2], feedback="Très bien.")
        with pytest.raises(GradingError) as caught:
            answer_grade(answer_id=answer_id, grader=essay.trainer, levels=[0, 0], feedback="Hors sujet.")
        assert caught.value.message == "Indiquez la raison de la modification d'une note déjà attribuée."
        assert GradeAudit.objects.count() == 1 and Answer.objects.get(pk=answer_id).points == Decimal("1.00")

        answer_grade(
            answer_id=answer_id,
            grader=essay.trainer,
            levels=[0, 0],
            feedback="Hors sujet.",
            reason="Relecture : copie hors sujet.",
        )
        audits = list(GradeAudit.objects.order_by("pk"))
        assert len(audits) == 2
        assert (audits[1].old_points, audits[1].new_points, audits[1].old_feedback, audits[1].new_feedback) == (
            Decimal("1.00"),
            Decimal("0.00"),
            "Très bien.",
            "Hors sujet.",
        )
        assert audits[1].old_levels == [2, 2] and audits[1].new_levels == [0, 0]
        assert audits[1].reason == "Relecture : copie hors sujet."
        attempt = essay.extra["attempt"]
        attempt.refresh_from_db()
        assert attempt.score == Decimal("1.00") and attempt.passed is False

    def test_same_grade_again_is_not_a_change(self, essay):
        answer_id = essay.extra["answer"].pk
        answer_grade(answer_id=answer_id, grader=essay.trainer, levels=[1, 1], feedback="Correct.")
        answer_grade(answer_id=answer_id, grader=essay.trainer, levels=[1, 1], feedback="Correct.")
        assert GradeAudit.objects.count() == 1

    @pytest.mark.parametrize("levels", [[1], [1, 3], [1, "2"], "1,1", [True, 1]])
    def test_levels_must_match_the_rubric(self, essay, levels):
        with pytest.raises(GradingError, match="Choisissez un niveau pour chaque critère"):
            answer_grade(answer_id=essay.extra["answer"].pk, grader=essay.trainer, levels=levels)
        assert not GradeAudit.objects.exists()

    def test_only_the_organisations_trainers_grade(self, essay):
        outsider = member(OrganisationFactory(), OrganisationRole.TRAINER)
        for person in (essay.author, essay.learner, outsider):
            with pytest.raises(GradingError) as caught:
                answer_grade(answer_id=essay.extra["answer"].pk, grader=person, levels=[1, 1])
            assert caught.value.status_code == 403
        assert not GradeAudit.objects.exists()
        manager = member(essay.organisation, OrganisationRole.MANAGER)
        answer_grade(answer_id=essay.extra["answer"].pk, grader=manager, levels=[1, 1])
        assert GradeAudit.objects.count() == 1

    def test_automatic_answers_are_not_graded_by_hand(self, essay):
        auto = Answer.objects.get(attempt=essay.extra["attempt"], question=essay.questions["single_choice"])
        with pytest.raises(GradingError, match="corrigée automatiquement"):
            answer_grade(answer_id=auto.pk, grader=essay.trainer, levels=[])
