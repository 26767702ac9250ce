"""The authors' statistics page: who may see it, the SVG histogram and table, a constant query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.services import answer_save, attempt_start, attempt_submit
from lms.accounts.roles import OrganisationRole
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import make_quiz_setup, member

pytestmark = pytest.mark.django_db


def take(quiz, count: int) -> None:
    for index in range(count):
        learner = UserFactory()
        attempt = attempt_start(user=learner, assessment=quiz.assessment)
        answer_save(
            attempt_id=attempt.pk,
            user=learner,
            question_id=quiz.questions["single_choice"].pk,
            raw="sa" if index % 2 else "sb",
        )
        attempt_submit(attempt_id=attempt.pk, user=learner)


@pytest.fixture
def stats_quiz(site_tree):
    quiz = make_quiz_setup(site_tree[1], kinds=["single_choice", "true_false"])
    take(quiz, 3)
    return quiz


class TestStatisticsView:
    def test_authors_reviewers_trainers_and_staff_only(self, stats_quiz, client):
        url = reverse("assessments:statistics", args=[stats_quiz.assessment.pk])
        allowed = [stats_quiz.author, stats_quiz.trainer, member(stats_quiz.organisation, OrganisationRole.REVIEWER)]
        allowed.append(UserFactory(is_staff=True))
        for user in allowed:
            client.force_login(user)
            assert client.get(url).status_code == 200, user
        for user in (stats_quiz.learner, member(OrganisationFactory(), OrganisationRole.AUTHOR)):
            client.force_login(user)
            assert client.get(url).status_code == 403
        client.logout()
        assert client.get(url).status_code == 302

    def test_renders_an_accessible_svg_histogram_and_its_table(self, stats_quiz, client):
        client.force_login(stats_quiz.author)
        html = client.get(reverse("assessments:statistics", args=[stats_quiz.assessment.pk])).content.decode()
        assert '<svg viewBox="0 0 640 260" role="img" aria-labelledby="histogram-title histogram-desc"' in html
        assert html.count("<rect ") == 10
        assert "<caption>Nombre de tentatives par tranche de score</caption>" in html
        assert "3 tentatives corrigées" in html
        assert "0,33" in html  # p-value of the single choice (1 right of 3)
        # Geometry is never localised ("12,5" would break the SVG).
        rects = re.findall(r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', html)
        assert len(rects) == 10 and all(re.fullmatch(r"\d+(\.\d+)?", value) for rect in rects for value in rect)

    def test_query_count_does_not_grow_with_attempts(self, stats_quiz, client):
        client.force_login(stats_quiz.author)
        url = reverse("assessments:statistics", args=[stats_quiz.assessment.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        take(stats_quiz, 6)
        with CaptureQueriesContext(connection) as large:
            client.get(url)
        assert len(small.captured_queries) == len(large.captured_queries)
