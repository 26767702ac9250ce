"""Attempts: start, autosave, submit once, time limit, attempts allowed, draws, query budget."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.errors import AnswerError, AssessmentError
from assessments.models import Answer, Attempt, AttemptCompetencyScore, AttemptStatus, CompetencyStatus
from assessments.services import (
    answer_save,
    answers_save,
    attempt_close_if_overdue,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
)
from lms.records.models import Statement
from tests.accounts_tests.factories import UserFactory

from .factories import RIGHT_ANSWERS, make_assessment, make_question, make_quiz_setup

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


def answer_all(quiz, attempt, answers=None, now=T0):
    for kind, question in quiz.questions.items():
        raw = (answers or RIGHT_ANSWERS).get(kind)
        if raw is not None:
            answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=question.pk, raw=raw, now=now)


def counts():
    return Attempt.objects.count(), Answer.objects.count(), list(Answer.objects.values_list("response", flat=True))


class TestAttemptStart:
    def test_freezes_questions_and_records_attempted(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        assert attempt.number == 1 and attempt.status == AttemptStatus.IN_PROGRESS
        assert attempt.question_ids == [q.pk for q in quiz.questions.values()]
        assert attempt.deadline is None and attempt.started_at == T0
        assert Statement.objects.filter(user=quiz.learner, verb="attempted").count() == 1

    def test_second_tab_resumes_the_open_attempt(self, quiz):
        first = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        again = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0 + timedelta(minutes=5))
        assert again.pk == first.pk and Attempt.objects.count() == 1

    def test_time_limit_sets_the_deadline(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"], time_limit_minutes=20)
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        assert attempt.deadline == T0 + timedelta(minutes=20)

    def test_attempts_allowed_is_enforced(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"], attempts_allowed=2)
        for _number in range(2):
            attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
            attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)  # unanswered: failed
        with pytest.raises(AssessmentError) as caught:
            attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        assert caught.value.message == "Vous avez utilisé toutes les tentatives autorisées pour cette évaluation."
        assert Attempt.objects.count() == 2

    def test_no_new_attempt_after_a_pass(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        answer_all(quiz, attempt)
        attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        with pytest.raises(AssessmentError, match="déjà réussi"):
            attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        assert Attempt.objects.count() == 1

    def test_no_new_attempt_while_one_awaits_grading(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "open_response"])
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        answer_save(
            attempt_id=attempt.pk,
            user=quiz.learner,
            question_id=quiz.questions["open_response"].pk,
            raw="Texte",
            now=T0,
        )
        attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        with pytest.raises(AssessmentError, match="attend la correction"):
            attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)

    def test_draws_n_active_questions_per_competency_from_the_organisation_bank(self, quiz):
        cp1, cp3 = quiz.competencies["CP1"], quiz.competencies["CP3"]
        bank_cp3 = [make_question(quiz.organisation, competencies=[cp3]) for _ in range(4)]
        make_question(quiz.organisation, competencies=[cp3], is_active=False)
        from tests.accounts_tests.factories import OrganisationFactory

        make_question(OrganisationFactory(), competencies=[cp3])  # another organisation's bank
        page = make_assessment(quiz.course, slug="tirage", draw_per_competency=2, shuffle_questions=True)
        page.competencies.set([cp1, cp3])
        page.save_revision().publish()
        page.refresh_from_db()
        attempt = attempt_start(user=quiz.learner, assessment=page, now=T0)
        drawn = attempt.question_ids
        assert len(drawn) == 4 and len(set(drawn)) == 4
        allowed = {q.pk for q in quiz.questions.values()} | {q.pk for q in bank_cp3}
        assert set(drawn) <= allowed


class TestAnswerSave:
    def test_saves_and_overwrites(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        q = quiz.questions["single_choice"]
        answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=q.pk, raw="sb", now=T0)
        answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=q.pk, raw="sa", now=T0 + timedelta(seconds=5))
        answer = Answer.objects.get()
        assert answer.response == "sa" and answer.saved_at == T0 + timedelta(seconds=5)
        assert answer.points is None  # scored on submission only

    @pytest.mark.parametrize(
        ("kind", "raw", "message"),
        [
            ("single_choice", "zz", "Cette réponse ne fait pas partie des propositions de la question."),
            (
                "single_choice",
                ["sa"],
                "Le format de la réponse ne correspond pas à ce type de question (l'identifiant d'une proposition).",
            ),
            ("numeric", "40", "Le format de la réponse ne correspond pas à ce type de question (un nombre)."),
            ("short_answer", "x" * 201, "Votre réponse dépasse la longueur maximale (200 caractères)."),
        ],
    )
    def test_refusals_store_nothing(self, quiz, kind, raw, message):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        answer_save(
            attempt_id=attempt.pk,
            user=quiz.learner,
            question_id=quiz.questions[kind].pk,
            raw=RIGHT_ANSWERS[kind],
            now=T0,
        )
        before = counts()
        with pytest.raises(AnswerError) as caught:
            answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=quiz.questions[kind].pk, raw=raw, now=T0)
        assert caught.value.message == message
        assert counts() == before

    def test_question_outside_the_attempt_is_refused(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        stranger = make_question(quiz.organisation)
        with pytest.raises(AnswerError, match="ne fait pas partie de votre évaluation"):
            answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=stranger.pk, raw="sa", now=T0)
        assert Answer.objects.count() == 0

    def test_someone_elses_attempt_is_not_found(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        with pytest.raises(Attempt.DoesNotExist):
            answer_save(
                attempt_id=attempt.pk, user=UserFactory(), question_id=quiz.questions["single_choice"].pk, raw="sa"
            )
        assert Answer.objects.count() == 0

    def test_answers_save_is_all_or_nothing(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        raws = {quiz.questions["single_choice"].pk: "sa", quiz.questions["numeric"].pk: "quarante"}
        with pytest.raises(AnswerError):
            answers_save(attempt_id=attempt.pk, user=quiz.learner, raws=raws, now=T0)
        assert Answer.objects.count() == 0


class TestTimeLimit:
    @pytest.fixture
    def timed(self, site_tree):
        quiz = make_quiz_setup(site_tree[1], time_limit_minutes=20)
        quiz.extra["attempt"] = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        return quiz

    def test_answer_at_the_deadline_is_accepted_after_it_refused(self, timed):
        attempt, q = timed.extra["attempt"], timed.questions["single_choice"]
        answer_save(
            attempt_id=attempt.pk, user=timed.learner, question_id=q.pk, raw="sa", now=T0 + timedelta(minutes=20)
        )
        with pytest.raises(AnswerError) as caught:
            answer_save(
                attempt_id=attempt.pk, user=timed.learner, question_id=q.pk, raw="sb",
                now=T0 + timedelta(minutes=20, seconds=1),
            )  # fmt: skip
        assert caught.value.message == "Le temps imparti est écoulé : la réponse n'a pas été enregistrée."
        assert Answer.objects.get().response == "sa"

    def test_late_submission_grades_what_was_saved_and_is_flagged(self, timed):
        attempt = timed.extra["attempt"]
        answer_save(
            attempt_id=attempt.pk, user=timed.learner, question_id=timed.questions["single_choice"].pk, raw="sa", now=T0
        )
        attempt, submitted = attempt_submit(attempt_id=attempt.pk, user=timed.learner, now=T0 + timedelta(hours=2))
        assert submitted and attempt.late is True
        assert attempt.score == Decimal("1.00") and attempt.max_score == Decimal("7.00")
        assert attempt.passed is False

    def test_overdue_attempt_is_closed_when_the_page_is_opened_again(self, timed):
        assert (
            attempt_close_if_overdue(user=timed.learner, assessment=timed.assessment, now=T0 + timedelta(minutes=19))
            is None
        )
        closed = attempt_close_if_overdue(
            user=timed.learner, assessment=timed.assessment, now=T0 + timedelta(minutes=21)
        )
        assert closed.status == AttemptStatus.GRADED and closed.late

    def test_periodic_sweep_closes_overdue_attempts_once(self, timed):
        assert attempts_close_overdue(now=T0 + timedelta(minutes=10)) == 0
        assert attempts_close_overdue(now=T0 + timedelta(minutes=30)) == 1
        assert attempts_close_overdue(now=T0 + timedelta(minutes=31)) == 0


class TestAttemptSubmit:
    def test_scores_on_the_server_per_competency_and_records(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        answers = {**RIGHT_ANSWERS, "multiple_choice": ["ma"], "numeric": 46}
        answer_all(quiz, attempt, answers)
        attempt, submitted = attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0 + timedelta(minutes=9))
        assert submitted and attempt.status == AttemptStatus.GRADED
        assert attempt.score == Decimal("5.33") and attempt.max_score == Decimal("7.00")
        assert attempt.passed is True  # 76 % ≥ 70 %
        scores = {
            s.competency.code: (s.points, s.max_points)
            for s in AttemptCompetencyScore.objects.select_related("competency")
        }
        # CP1 on all 7 questions; CP3 on the 2nd, 4th and 6th (multiple choice 0.33, short answer, ordering).
        assert scores == {"CP1": (Decimal("5.33"), Decimal("7.00")), "CP3": (Decimal("2.33"), Decimal("3.00"))}
        verbs = sorted(Statement.objects.filter(user=quiz.learner).values_list("verb", flat=True))
        assert verbs == ["answered"] * 7 + ["attempted", "passed", "scored"]
        assert Answer.objects.filter(attempt=attempt).count() == 7

    def test_each_answer_is_an_answered_statement_on_its_question(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        answers = {**RIGHT_ANSWERS, "multiple_choice": ["ma"], "numeric": 46}
        answer_all(quiz, attempt, answers)
        attempt, _ = attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0 + timedelta(minutes=9))
        answered = {s.object_id: s for s in Statement.objects.filter(user=quiz.learner, verb="answered")}
        by_question = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
        assert len(answered) == len(by_question) == 7
        for question_id, answer in by_question.items():
            statement = next(s for url, s in answered.items() if url.endswith(f"#question-{question_id}"))
            assert statement.object_type == "question"
            assert (
                statement.raw["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
            )
            score = statement.raw["result"]["score"]
            assert Decimal(str(score["raw"])) == answer.points and Decimal(str(score["max"])) == answer.max_points
            assert statement.raw["result"]["success"] is bool(answer.correct)
            # Aligned to the question's competencies (CP1 on every question of the quiz).
            alignments = statement.raw["context"]["extensions"]["https://tremplin.local/xapi/extensions/competencies"]
            codes = {alignment["competency"] for alignment in alignments}
            assert "CP1" in codes

    def test_unanswered_questions_make_no_answered_statement(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        assert not Statement.objects.filter(user=quiz.learner, verb="answered").exists()

    def test_unanswered_questions_get_zero(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        attempt, _ = attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        assert attempt.score == 0 and attempt.passed is False
        assert set(Answer.objects.values_list("points", flat=True)) == {Decimal("0.00")}
        assert Statement.objects.filter(verb="failed").count() == 1

    def test_second_submission_changes_nothing(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        answer_all(quiz, attempt)
        attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        before = (
            counts(),
            AttemptCompetencyScore.objects.count(),
            Statement.objects.count(),
            CompetencyStatus.objects.count(),
        )
        again, submitted = attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0 + timedelta(minutes=1))
        assert submitted is False and again.submitted_at == T0
        after = (
            counts(),
            AttemptCompetencyScore.objects.count(),
            Statement.objects.count(),
            CompetencyStatus.objects.count(),
        )
        assert after == before

    def test_answers_after_submission_are_refused(self, quiz):
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        with pytest.raises(AnswerError, match="Cette tentative est terminée"):
            answer_save(
                attempt_id=attempt.pk, user=quiz.learner, question_id=quiz.questions["single_choice"].pk, raw="sa"
            )

    def test_a_question_deleted_from_the_bank_meanwhile_is_left_out(self, quiz):
        from assessments.models import AssessmentQuestion

        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        gone = quiz.questions["matching"]
        AssessmentQuestion.objects.filter(question=gone).delete()
        gone.delete()
        with pytest.raises(AnswerError, match="ne fait pas partie de votre évaluation"):
            answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=gone.pk, raw={"l1": "r1"}, now=T0)
        attempt, _ = attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        assert attempt.max_score == Decimal("6.00") and Answer.objects.count() == 6

    def test_pass_nudges_course_completion(self, quiz):
        from lms.learning.models import CourseCompletion
        from lms.learning.services import enrolment_create

        enrolment_create(user=quiz.learner, course=quiz.course)
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment, now=T0)
        answer_all(quiz, attempt)
        attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        # The course has no lessons: the passed required assessment completes it.
        assert CourseCompletion.objects.filter(user=quiz.learner, course=quiz.course).exists()


class TestSubmissionQueryBudget:
    def _submit_queries(self, site_tree, size: int, slug: str) -> int:
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"])
        questions = [make_question(quiz.organisation, competencies=[quiz.competencies["CP1"]]) for _ in range(size)]
        page = make_assessment(quiz.course, questions=questions, slug=slug)
        attempt = attempt_start(user=quiz.learner, assessment=page, now=T0)
        for question in questions[::2]:
            answer_save(attempt_id=attempt.pk, user=quiz.learner, question_id=question.pk, raw="sa", now=T0)
        with CaptureQueriesContext(connection) as captured:
            attempt_submit(attempt_id=attempt.pk, user=quiz.learner, now=T0)
        return len(captured.captured_queries)

    def test_same_bounded_count_for_10_and_30_questions(self, site_tree):
        small = self._submit_queries(site_tree, 10, "petite")
        large = self._submit_queries(site_tree, 30, "grande")
        assert small == large
        assert small <= 25
