"""The demo loader turns every course file's ``assessment:`` section into questions and a page, once."""

import pytest

from assessments.demo import demo_assessments_load
from assessments.models import AssessmentPage, Question
from courses.demo import demo_courses_load
from courses.services import organisation_section_ensure
from tests.accounts_tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_loads_every_course_assessment_idempotently(site_tree):
    organisations = {
        slug: OrganisationFactory(name=name, slug=slug)
        for slug, name in (("ateliers-du-lien", "Ateliers du Lien"), ("reseau-mediation-sud", "Médiation Sud"))
    }
    for organisation in organisations.values():
        organisation_section_ensure(organisation=organisation, catalogue=site_tree[1])
    demo_courses_load(organisations=organisations)

    report = demo_assessments_load()
    assert len(report.created) == 4 and not report.skipped
    pages = list(AssessmentPage.objects.live().select_related())
    assert {page.slug for page in pages} == {"evaluation"}
    counts = (Question.objects.count(), AssessmentPage.objects.count())
    assert counts[0] >= 40
    assert set(Question.objects.values_list("kind", flat=True)) == {
        "single_choice", "multiple_choice", "true_false", "short_answer", "numeric",
        "ordering", "matching", "open_response", "file_assignment",
    }  # fmt: skip
    assert not Question.objects.filter(competencies__isnull=True).exists()
    atelier = AssessmentPage.objects.get(url_path__contains="concevoir-animer-atelier")
    assert (atelier.pass_mark, atelier.attempts_allowed, atelier.time_limit_minutes) == (70, 3, 30)
    assert atelier.question_links.count() == 16
    assert Question.objects.get(code="diversite-des-publics-q01").organisation.slug == "ateliers-du-lien"
    assert Question.objects.filter(kind="numeric", config__unit="").exists()

    again = demo_assessments_load()
    assert len(again.kept) == 4 and not again.created
    assert (Question.objects.count(), AssessmentPage.objects.count()) == counts
