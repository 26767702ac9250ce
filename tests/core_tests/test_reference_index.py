"""Learner data stays out of Wagtail's reference index.

Wagtail records, on every save of a model with a foreign key, which objects it points to (for the
"usage" screens of pages, images and snippets). For the rows written on every learner action that is
several extra queries per write and millions of useless index rows; these models opt out.
"""

import pytest
from django.apps import apps
from wagtail.models import ReferenceIndex

LEARNER_DATA = [
    "records.Statement",
    "learning.Enrolment",
    "learning.CohortImport",
    "portfolio.EvidenceItem",
    "portfolio.EvidenceCompetency",
    "portfolio.PortfolioExport",
    "portfolio.PortfolioShare",
    "portfolio.PortfolioAccessLog",
    "portfolio.JuryOpinion",
    "portfolio.JuryOpinionAudit",
    "portfolio.JuryComment",
    "portfolio.Portfolio",
    "portfolio.PracticeExample",
    "badges.Assertion",
    "badges.IssuerKey",
    "assessments.Attempt",
    "assessments.Answer",
    "assessments.AttemptCompetencyScore",
    "assessments.GradeAudit",
    "assessments.CompetencyStatus",
]


@pytest.mark.parametrize("label", LEARNER_DATA)
def test_learner_data_is_not_indexed(label):
    assert ReferenceIndex.model_is_indexable(apps.get_model(label)) is False


@pytest.mark.parametrize(
    "label", ["courses.CoursePage", "courses.LessonPage", "badges.BadgeClass", "assessments.Question"]
)
def test_authored_content_is_still_indexed(label):
    # Authors rely on "where is this used?" for pages, badge classes and questions.
    assert ReferenceIndex.model_is_indexable(apps.get_model(label)) is True
