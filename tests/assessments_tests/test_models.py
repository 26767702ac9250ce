"""Models: where an assessment page may live, question config validation, database constraints."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from assessments.models import AssessmentPage, Attempt, Question
from courses.models import CoursePage, LessonPage

from .factories import make_question

pytestmark = pytest.mark.django_db


class TestAssessmentPageTree(WagtailTestUtils):
    def test_lives_under_a_course_only_and_has_no_children(self):
        assert AssessmentPage.allowed_parent_page_models() == [CoursePage]
        assert AssessmentPage.allowed_subpage_models() == []
        assert AssessmentPage in CoursePage.allowed_subpage_models()
        assert LessonPage in CoursePage.allowed_subpage_models()


class TestQuestionConfig:
    def test_clean_fills_ids_and_validates(self, quiz):
        question = Question(
            organisation=quiz.organisation,
            kind="ordering",
            prompt="Remettez dans l'ordre.",
            config={"items": ["Accueil", "Bilan"]},
        )
        question.full_clean()
        assert [item["text"] for item in question.config["items"]] == ["Accueil", "Bilan"]
        assert all(len(item["id"]) == 8 for item in question.config["items"])

    def test_invalid_config_is_reported_on_the_field(self, quiz):
        question = Question(
            organisation=quiz.organisation, kind="numeric", prompt="Combien ?", config={"answer": "dix"}
        )
        with pytest.raises(ValidationError) as caught:
            question.full_clean()
        assert caught.value.message_dict == {"config": ["« answer » doit être un nombre."]}

    def test_code_is_unique_within_an_organisation(self, quiz):
        first = make_question(quiz.organisation, code="q-01")
        with pytest.raises(ValidationError):
            make_question(quiz.organisation, code="q-01")
        with pytest.raises(IntegrityError), transaction.atomic():
            Question.objects.create(
                organisation=quiz.organisation, kind=first.kind, prompt="?", config=first.config, code="q-01"
            )
        assert Question.objects.filter(code="q-01").count() == 1


class TestAttemptConstraints:
    def test_one_open_attempt_and_unique_numbers(self, quiz):
        Attempt.objects.create(user=quiz.learner, assessment=quiz.assessment, number=1, started_at=timezone.now())
        with pytest.raises(IntegrityError), transaction.atomic():
            Attempt.objects.create(user=quiz.learner, assessment=quiz.assessment, number=2, started_at=timezone.now())
        with pytest.raises(IntegrityError), transaction.atomic():
            Attempt.objects.create(
                user=quiz.learner, assessment=quiz.assessment, number=1, status="graded", started_at=timezone.now()
            )
        assert Attempt.objects.count() == 1
