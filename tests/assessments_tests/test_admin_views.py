"""The question bank in the Wagtail admin: each organisation's members see and edit their bank only."""

import pytest
from django.urls import reverse

from assessments.models import Question
from lms.accounts.roles import OrganisationRole
from tests.accounts_tests.factories import OrganisationFactory, UserFactory

from .factories import CONFIGS, framework_competencies, make_question, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks(site_tree):
    refs = framework_competencies()
    org_x, org_y = OrganisationFactory(name="Organisme X"), OrganisationFactory(name="Organisme Y")
    return {
        "refs": refs,
        "org_x": org_x,
        "org_y": org_y,
        "q_x": make_question(org_x, prompt="Question de X", competencies=[refs["CP1"]]),
        "q_y": make_question(org_y, prompt="Question de Y", competencies=[refs["CP1"]]),
        "author_x": member(org_x, OrganisationRole.AUTHOR),
    }


def url(name, *args):
    return reverse(f"wagtailsnippets_assessments_question:{name}", args=args)


class TestQuestionBankAdmin:
    def test_listing_shows_only_the_members_organisations(self, banks, client):
        client.force_login(banks["author_x"])
        html = client.get(url("list")).content.decode()
        assert "Question de X" in html and "Question de Y" not in html
        assert "REMN-2019/CCP1/CP1" in html

    def test_another_organisations_question_cannot_be_opened_or_changed(self, banks, client):
        client.force_login(banks["author_x"])
        assert client.get(url("edit", banks["q_y"].pk)).status_code == 404
        response = client.post(url("delete", banks["q_y"].pk))
        assert response.status_code == 404 and Question.objects.filter(pk=banks["q_y"].pk).exists()

    def test_create_with_validated_config_in_own_organisation(self, banks, client):
        client.force_login(banks["author_x"])
        form = client.get(url("add")).content.decode()
        assert "Organisme X" in form and "Organisme Y" not in form
        data = {
            "organisation": banks["org_x"].pk,
            "kind": "true_false",
            "prompt": "Un atelier de 40 minutes vise trois objectifs.",
            "competencies": [banks["refs"]["CP1"].pk],
            "difficulty": 1,
            "points": 1,
            "config": '{"answer": false}',
            "explanation": "Un objectif principal suffit.",
            "code": "",
            "is_active": "on",
        }
        response = client.post(url("add"), data)
        assert response.status_code == 302
        assert Question.objects.get(prompt__startswith="Un atelier").config == {"answer": False}

        refused = client.post(url("add"), {**data, "prompt": "Autre", "config": '{"answer": "non"}'})
        assert refused.status_code == 200 and "« answer » vaut true ou false." in refused.content.decode()
        foreign = client.post(url("add"), {**data, "prompt": "Chez Y", "organisation": banks["org_y"].pk})
        assert foreign.status_code == 200
        assert not Question.objects.filter(prompt__in=["Autre", "Chez Y"]).exists()

    def test_chooser_lists_own_active_questions_only(self, banks, client):
        make_question(banks["org_x"], prompt="Question archivée", is_active=False, config=CONFIGS["single_choice"])
        client.force_login(banks["author_x"])
        html = client.get(reverse("wagtailsnippetchoosers_assessments_question:choose")).content.decode()
        assert "Question de X" in html and "Question de Y" not in html and "Question archivée" not in html
        chosen = reverse("wagtailsnippetchoosers_assessments_question:chosen", args=[banks["q_y"].pk])
        assert client.get(chosen).status_code == 404

    def test_learners_have_no_access(self, banks, client):
        client.force_login(UserFactory())
        assert client.get(url("list")).status_code == 302


class TestAssessmentPageEditor:
    def _data(self, question_ids, **overrides):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

        data = {
            "title": "Évaluation du module",
            "slug": "evaluation",
            "intro": rich_text("<p>Dix questions.</p>"),
            "question_links": inline_formset([{"question": pk} for pk in question_ids]),
            "draw_per_competency": 0,
            "pass_mark": 70,
            "attempts_allowed": 3,
            "time_limit_minutes": 0,
            "show_answers": "after_attempt",
            "shuffle_choices": "on",
            "required_for_completion": "on",
            "comments": inline_formset([]),
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_author_creates_an_assessment_with_own_questions_only(self, banks, client, site_tree):
        from assessments.models import AssessmentPage
        from courses.services import organisation_section_ensure
        from tests.courses_tests.factories import make_course

        section = organisation_section_ensure(organisation=banks["org_x"], catalogue=site_tree[1])
        course = make_course(section, slug="module-x")
        client.force_login(banks["author_x"])
        add_url = reverse("wagtailadmin_pages:add", args=["assessments", "assessmentpage", course.pk])
        assert client.get(add_url).status_code == 200

        refused = client.post(add_url, self._data([banks["q_y"].pk]))
        assert refused.status_code == 200
        assert "n'appartient pas à l'organisme de cette formation" in refused.content.decode().replace("&#x27;", "'")
        no_draw = client.post(add_url, self._data([banks["q_x"].pk], draw_per_competency=2))
        assert "Choisissez les compétences du tirage" in no_draw.content.decode()
        assert not AssessmentPage.objects.exists()

        created = client.post(add_url, self._data([banks["q_x"].pk]))
        assert created.status_code == 302
        page = AssessmentPage.objects.get()
        assert page.get_parent().pk == course.pk
        assert [link.question_id for link in page.get_latest_revision_as_object().question_links.all()] == [
            banks["q_x"].pk
        ]
