"""Template helpers: saved-answer lookups, French percentages, and the course's assessment links."""

import pytest
from django.template import Context, Template

from assessments.templatetags.assessments_tags import lookup, percent, ratio

from .factories import make_assessment


class TestFilters:
    def test_lookup(self):
        assert lookup({"o1": 2}, "o1") == 2
        assert lookup({"o1": 2}, "o2") is None and lookup(None, "o1") is None

    def test_percent_and_ratio(self):
        assert percent(66.666, 1) == "66,7\u00a0%"
        assert percent(None) == ""
        assert ratio(0.5) == "0,50" and ratio(None) == "—"


@pytest.mark.django_db
def test_course_assessments_lists_live_assessments(quiz):
    draft = make_assessment(quiz.course, slug="brouillon", title="Évaluation en préparation")
    draft.unpublish()
    html = Template("{% load assessments_tags %}{% course_assessments course %}").render(
        Context({"course": quiz.course})
    )
    assert f'href="{quiz.assessment.url}"' in html and "Évaluation finale" in html
    assert "Évaluation en préparation" not in html
    assert "exigée pour terminer la formation" in html
