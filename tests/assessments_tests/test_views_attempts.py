"""The learner's pages: quiz without solutions, autosave and its refusals, form fallback, results."""

import html as html_lib
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Attempt, AttemptStatus, ShowAnswers
from assessments.services import attempt_start
from tests.accounts_tests.factories import UserFactory

from .factories import CONFIGS, RIGHT_ANSWERS, make_assessment, make_question, make_quiz_setup

pytestmark = pytest.mark.django_db


def autosave(client, attempt, body, **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(
        reverse("assessments:answer_autosave", args=[attempt.pk]), data, content_type="application/json", **extra
    )


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def snapshot():
    return (
        list(Attempt.objects.order_by("pk").values_list("pk", "status", "score")),
        list(Answer.objects.order_by("pk").values_list("pk", "response", "saved_at")),
    )


@pytest.fixture
def started(quiz, client):
    client.force_login(quiz.learner)
    quiz.extra["attempt"] = attempt_start(user=quiz.learner, assessment=quiz.assessment)
    return quiz


class TestAssessmentPage:
    def test_the_course_page_links_its_assessment(self, quiz, client):
        client.force_login(quiz.learner)
        html = text(client.get(quiz.course.url))
        assert f'href="{quiz.assessment.url}"' in html
        assert "exigée pour terminer la formation" in html
        quiz.assessment.unpublish()
        assert f'href="{quiz.assessment.url}"' not in text(client.get(quiz.course.url))

    def test_anonymous_visitor_is_asked_to_log_in(self, quiz, client):
        html = text(client.get(quiz.assessment.url))
        assert "Connectez-vous pour passer l'évaluation" in html
        assert "Seuil de réussite : 70 %" in html

    def test_start_then_the_page_shows_the_questions(self, quiz, client):
        client.force_login(quiz.learner)
        html = text(client.get(quiz.assessment.url))
        assert "Commencer l'évaluation" in html
        response = client.post(reverse("assessments:attempt_start", args=[quiz.assessment.pk]))
        assert response.status_code == 302 and response["Location"].endswith("#questions")
        response = client.get(quiz.assessment.url)
        html = text(response)
        assert html.count("<fieldset>") == 7 and html.count("<legend>") == 7
        assert "Question 1 sur 7" in html
        assert response["Cache-Control"] == "private, no-store"
        assert 'src="/static/assessments/quiz.js"' in html

    def test_the_page_never_contains_a_solution_before_submission(self, started, client):
        html = text(client.get(started.assessment.url))
        for marker in ("correct", "FEEDBACK", "EXPLANATION", "right_id", "Facile à lire et à comprendre", "feedback"):
            assert marker not in html, marker
        # Every proposition is shown, none is flagged; the choice id is only a value.
        assert html.count('value="sa"') == 1 and "data-correct" not in html
        # Ordering items and matching options are not shown in the solution order.
        ordering, matching = started.questions["ordering"].pk, started.questions["matching"].pk
        assert re.findall(rf'name="q-{ordering}-(o\d)"', html) != ["o1", "o2", "o3", "o4"]
        assert re.findall(r'<option value="(r\d)"', html)[:4] != ["r1", "r2", "r3", "r9"]
        assert f'name="q-{matching}-l1"' in html

    def test_reopening_the_page_shows_the_saved_answers(self, started, client):
        attempt, questions = started.extra["attempt"], started.questions
        for kind in ("single_choice", "multiple_choice", "numeric", "ordering", "matching", "short_answer"):
            assert (
                autosave(client, attempt, {"question": questions[kind].pk, "response": RIGHT_ANSWERS[kind]}).status_code
                == 200
            )
        html = text(client.get(started.assessment.url))
        sc = questions["single_choice"].pk
        assert f'id="q{sc}-sa" name="q-{sc}" value="sa" checked' in html
        assert f'id="q{sc}-sb" name="q-{sc}" value="sb">' in html
        assert html.count(" checked") == 4  # one radio + three boxes
        assert 'value="42"' in html and 'value="facile a LIRE et a comprendre"' in html
        assert html.count("selected>") == 7  # 4 positions + 3 matches


class TestAutosave:
    def test_saves_one_answer(self, started, client):
        attempt, question = started.extra["attempt"], started.questions["single_choice"]
        response = autosave(client, attempt, {"question": question.pk, "response": "sb"})
        assert response.status_code == 200
        assert response.json()["message"].startswith("Réponse enregistrée à ")
        assert Answer.objects.get().response == "sb"

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({"question": 999_999, "response": "sa"}, "Cette question ne fait pas partie de votre évaluation."),
            (
                {"question": "single_choice", "response": "zz"},
                "Cette réponse ne fait pas partie des propositions de la question.",
            ),
            (
                {"question": "short_answer", "response": "x" * 201},
                "Votre réponse dépasse la longueur maximale (200 caractères).",
            ),
            (
                {"question": "numeric", "response": "40"},
                "Le format de la réponse ne correspond pas à ce type de question (un nombre).",
            ),
            (
                {"question": "single_choice", "response": ["sa"]},
                "Le format de la réponse ne correspond pas à ce type de question (l'identifiant d'une proposition).",
            ),
            (
                {"question": "single_choice", "response": "sa", "score": 1},
                "La requête contient des champs inconnus : score.",
            ),
            ({"response": "sa"}, "Indiquez la question à laquelle vous répondez."),
            ('{"question": 1, "response": ', "La requête est illisible : envoyez un objet JSON valide."),
            ('["sa"]', "La requête est illisible : envoyez un objet JSON valide."),
            ('{"question": "numeric", "response": NaN}', "La requête est illisible : envoyez un objet JSON valide."),
            ({"question": "short_answer", "response": "HUGE"}, "La requête est trop volumineuse (128 Kio au plus)."),
            (
                {"question": "ordering", "response": {"o1": 1, "o2": 1}},
                "Chaque position ne peut être attribuée qu'à un seul élément.",
            ),
        ],
    )
    def test_tampered_or_malformed_is_refused_and_stores_nothing(self, started, client, body, message):
        attempt, questions = started.extra["attempt"], started.questions
        autosave(client, attempt, {"question": questions["single_choice"].pk, "response": "sb"})
        if isinstance(body, dict) and isinstance(body.get("question"), str):
            body = {**body, "question": questions[body["question"]].pk}
            if body["response"] == "HUGE":
                body["response"] = "x" * (130 * 1024)  # oversized body
        if isinstance(body, str) and "NaN" in body:
            body = body.replace('"numeric"', str(questions["numeric"].pk))
        before = snapshot()
        response = autosave(client, attempt, body)
        assert response.status_code == 400
        assert response.json()["message"] == message
        assert snapshot() == before

    def test_another_learners_attempt_is_not_found(self, started, client):
        client.force_login(UserFactory())
        response = autosave(
            client, started.extra["attempt"], {"question": started.questions["single_choice"].pk, "response": "sa"}
        )
        assert response.status_code == 404 and not Answer.objects.exists()

    def test_file_upload_is_validated_stored_privately_and_downloadable_by_its_owner(self, site_tree, client):
        quiz = make_quiz_setup(site_tree[1], kinds=["file_assignment"])
        client.force_login(quiz.learner)
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment)
        question = quiz.questions["file_assignment"]
        url = reverse("assessments:answer_autosave", args=[attempt.pk])
        from django.core.files.uploadedfile import SimpleUploadedFile

        bad = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
        response = client.post(url, {"question": question.pk, "file": bad})
        assert response.status_code == 400 and response.json()["message"].startswith("Fichier refusé : ")
        assert not Answer.objects.exists()

        pdf = SimpleUploadedFile("Plan atelier.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        assert client.post(url, {"question": question.pk, "file": pdf}).status_code == 200
        answer = Answer.objects.get()
        assert answer.response["filename"] == "Plan_atelier.pdf"
        directory = answer.file.name.split("/")[-2]
        assert answer.file.name.startswith("assessments/devoirs/") and len(directory) >= 32
        download = client.get(reverse("assessments:answer_file", args=[answer.pk]))
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
        client.force_login(UserFactory())
        assert client.get(reverse("assessments:answer_file", args=[answer.pk])).status_code == 404
        client.force_login(quiz.trainer)
        assert client.get(reverse("assessments:answer_file", args=[answer.pk])).status_code == 200


class TestFormWithoutJavaScript:
    def _form(self, quiz, **overrides):
        q = quiz.questions
        data = {
            "action": "save",
            f"q-{q['single_choice'].pk}": "sa",
            f"q-{q['multiple_choice'].pk}": ["ma", "mb", "mc"],
            f"q-{q['true_false'].pk}": "false",
            f"q-{q['short_answer'].pk}": "FALC",
            f"q-{q['numeric'].pk}": "40,5",
            **{f"q-{q['ordering'].pk}-o{i}": str(i) for i in range(1, 5)},
            **{f"q-{q['matching'].pk}-l{i}": f"r{i}" for i in range(1, 4)},
        }
        data.update(overrides)
        return data

    def test_save_then_submit_twice_gives_one_graded_attempt(self, started, client):
        url = reverse("assessments:attempt_form", args=[started.extra["attempt"].pk])
        response = client.post(url, self._form(started))
        assert response.status_code == 302 and Answer.objects.count() == 7
        assert Answer.objects.get(question=started.questions["numeric"]).response == 40.5
        first = client.post(url, self._form(started, action="submit"))
        second = client.post(url, self._form(started, action="submit"))
        results = reverse("assessments:attempt_results", args=[started.extra["attempt"].pk])
        assert first["Location"] == second["Location"] == results
        attempt = Attempt.objects.get()
        assert attempt.status == AttemptStatus.GRADED and attempt.score == 7 and attempt.passed

    @pytest.mark.parametrize(
        ("override", "message"),
        [
            ({"q-999999": "sa"}, "Cette question ne fait pas partie de votre évaluation."),
            ({"single_choice": "zz"}, "Cette réponse ne fait pas partie des propositions de la question."),
            (
                {"single_choice": ["sa", "sb"]},
                "Le format de la réponse ne correspond pas à ce type de question (une seule valeur).",
            ),
            ({"ordering-zz": "1"}, "Cette réponse ne fait pas partie des propositions de la question."),
            ({"numeric": "beaucoup"}, "Saisissez un nombre, par exemple 12 ou 12,5."),
            ({"short_answer": "x" * 300}, "Votre réponse dépasse la longueur maximale (200 caractères)."),
            ({"score": "7"}, "La requête contient des champs inconnus : score."),
        ],
    )
    def test_tampered_form_is_refused_and_stores_nothing(self, started, client, override, message):
        q = started.questions
        resolved = {}
        for key, value in override.items():
            kind, _, sub = key.partition("-")
            resolved[f"q-{q[kind].pk}" + (f"-{sub}" if sub else "") if kind in q else key] = value
        before = snapshot()
        response = client.post(
            reverse("assessments:attempt_form", args=[started.extra["attempt"].pk]),
            self._form(started, action="submit", **resolved),
        )
        assert response.status_code == 400
        assert message in text(response)
        assert snapshot() == before


class TestResults:
    def _submitted(self, site_tree, client, show_answers):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "short_answer"], show_answers=show_answers)
        client.force_login(quiz.learner)
        attempt = attempt_start(user=quiz.learner, assessment=quiz.assessment)
        autosave(client, attempt, {"question": quiz.questions["single_choice"].pk, "response": "sb"})
        client.post(
            reverse("assessments:attempt_form", args=[attempt.pk]),
            {"action": "submit", f"q-{quiz.questions['single_choice'].pk}": "sb"},
        )
        return text(client.get(reverse("assessments:attempt_results", args=[attempt.pk])))

    def test_score_and_competencies_without_solutions_when_never(self, site_tree, client):
        html = self._submitted(site_tree, client, ShowAnswers.NEVER)
        assert "0 points sur 2, soit 0\u00a0%" in html and "non réussie" in html
        assert "Résultats par compétence" in html and "REMN-2019/CCP1/CP1" in html
        assert "FEEDBACK" not in html and "EXPLANATION" not in html and "Réponse attendue" not in html
        assert "point(s)" not in html  # per-question points would tell right from wrong

    def test_solutions_after_the_attempt_when_allowed(self, site_tree, client):
        html = self._submitted(site_tree, client, ShowAnswers.AFTER_ATTEMPT)
        assert "Réponse attendue :</strong> Objectif observable" in html
        assert "FEEDBACK-SC-WRONG" in html and "EXPLANATION-single_choice" in html
        assert "0 / 1 point(s)" in html

    def test_results_of_another_learner_are_not_found(self, started, client):
        client.force_login(UserFactory())
        assert client.get(reverse("assessments:attempt_results", args=[started.extra["attempt"].pk])).status_code == 404


class TestSubmissionQueryCount:
    def _queries(self, site_tree, client, size, slug):
        quiz = make_quiz_setup(site_tree[1], kinds=["single_choice"])
        questions = [make_question(quiz.organisation, competencies=[quiz.competencies["CP1"]]) for _ in range(size)]
        page = make_assessment(quiz.course, questions=questions, slug=slug)
        client.force_login(quiz.learner)
        attempt = attempt_start(user=quiz.learner, assessment=page)
        data = {"action": "submit", **{f"q-{q.pk}": "sa" for q in questions}}
        with CaptureQueriesContext(connection) as captured:
            response = client.post(reverse("assessments:attempt_form", args=[attempt.pk]), data)
        assert response.status_code == 302
        return len(captured.captured_queries)

    def test_form_submission_does_not_grow_with_questions(self, site_tree, client):
        small = self._queries(site_tree, client, 10, "dix")
        assert small == self._queries(site_tree, client, 30, "trente")
        # Session and user, the attempt and its questions, one upsert of every answer with its score,
        # competency scores and statuses, two statements (issue 8 budget: 25).
        assert small <= 25


assert CONFIGS  # the factories' fixed ids are what these tests post
