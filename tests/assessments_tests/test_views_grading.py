"""The trainers' pages: grading queue, rubric form (radio grid), audited regrades."""

import html as html_lib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, GradeAudit
from assessments.services import answer_save, attempt_start, attempt_submit
from lms.accounts.roles import OrganisationRole
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import make_quiz_setup, member

pytestmark = pytest.mark.django_db


def submit_essay(quiz, learner=None):
    learner = learner or UserFactory()
    attempt = attempt_start(user=learner, assessment=quiz.assessment)
    answer_save(
        attempt_id=attempt.pk, user=learner, question_id=quiz.questions["open_response"].pk, raw="Mon analyse détaillée"
    )
    attempt_submit(attempt_id=attempt.pk, user=learner)
    return Answer.objects.get(attempt=attempt, question=quiz.questions["open_response"])


@pytest.fixture
def essay_quiz(site_tree):
    quiz = make_quiz_setup(site_tree[1], kinds=["open_response"])
    quiz.extra["answer"] = submit_essay(quiz, quiz.learner)
    return quiz


class TestGradingQueue:
    def test_trainers_see_their_organisations_answers(self, essay_quiz, client):
        client.force_login(essay_quiz.trainer)
        response = client.get(reverse("assessments:grading_queue"))
        html = html_lib.unescape(response.content.decode())
        assert response.status_code == 200
        assert "1 réponse à corriger" in html and str(essay_quiz.learner) in html
        client.force_login(member(OrganisationFactory(), OrganisationRole.TRAINER))
        html = html_lib.unescape(client.get(reverse("assessments:grading_queue")).content.decode())
        assert "Rien à corriger pour le moment." in html and str(essay_quiz.learner) not in html

    def test_learners_and_authors_are_refused(self, essay_quiz, client):
        for user in (essay_quiz.learner, essay_quiz.author):
            client.force_login(user)
            assert client.get(reverse("assessments:grading_queue")).status_code == 403

    def test_query_count_does_not_grow_with_pending_answers(self, essay_quiz, client):
        client.force_login(essay_quiz.trainer)
        url = reverse("assessments:grading_queue")
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        for _ in range(4):
            submit_essay(essay_quiz)
        with CaptureQueriesContext(connection) as large:
            response = client.get(url)
        assert "5 réponses à corriger" in response.content.decode()
        assert len(small.captured_queries) == len(large.captured_queries)


class TestGradeForm:
    def test_rubric_is_an_accessible_radio_grid(self, essay_quiz, client):
        client.force_login(essay_quiz.trainer)
        html = client.get(reverse("assessments:answer_grade", args=[essay_quiz.extra["answer"].pk])).content.decode()
        assert html.count('<fieldset class="rubric-criterion"') == 2
        assert "<legend>Analyse</legend>" in html
        assert html.count('type="radio"') == 6
        assert 'id="criterion-0-1"' in html and '<label for="criterion-0-1">' in html
        assert "Mon analyse détaillée" in html

    def test_grade_then_regrade_with_a_reason(self, essay_quiz, client):
        client.force_login(essay_quiz.trainer)
        url = reverse("assessments:answer_grade", args=[essay_quiz.extra["answer"].pk])
        response = client.post(url, {"criterion_0": "2", "criterion_1": "1", "feedback": "Bonne analyse."})
        assert response.status_code == 302 and response["Location"] == reverse("assessments:grading_queue")
        answer = Answer.objects.get(pk=essay_quiz.extra["answer"].pk)
        assert (answer.rubric_levels, answer.feedback, answer.graded_by) == (
            [2, 1],
            "Bonne analyse.",
            essay_quiz.trainer,
        )

        response = client.post(url, {"criterion_0": "0", "criterion_1": "0", "feedback": "Revu."})
        assert response.status_code == 400
        assert "Indiquez la raison de la modification" in html_lib.unescape(response.content.decode())
        assert GradeAudit.objects.count() == 1

        response = client.post(
            url, {"criterion_0": "0", "criterion_1": "0", "feedback": "Revu.", "reason": "Erreur de copie"}
        )
        assert response.status_code == 302 and GradeAudit.objects.count() == 2
        html = client.get(url).content.decode()
        assert "Historique des notes" in html and "Erreur de copie" in html

    def test_missing_level_is_refused(self, essay_quiz, client):
        client.force_login(essay_quiz.trainer)
        url = reverse("assessments:answer_grade", args=[essay_quiz.extra["answer"].pk])
        response = client.post(url, {"criterion_0": "2"})
        assert response.status_code == 400
        assert "Choisissez un niveau pour ce critère." in response.content.decode()
        assert not GradeAudit.objects.exists()

    def test_another_organisations_trainer_gets_a_404(self, essay_quiz, client):
        client.force_login(member(OrganisationFactory(), OrganisationRole.TRAINER))
        url = reverse("assessments:answer_grade", args=[essay_quiz.extra["answer"].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"criterion_0": "2", "criterion_1": "2"}).status_code == 404
        assert not GradeAudit.objects.exists()
