import pytest
from django.test import Client

from lms.learning.errors import NOT_ENROLLED
from lms.learning.models import Enrolment, LessonCompletion

from .factories import enrol

pytestmark = pytest.mark.django_db


class TestEnrolView:
    def test_get_is_refused(self, client, course, learner):
        client.force_login(learner)
        response = client.get(f"/inscription/{course.pk}/")
        assert response.status_code == 405
        assert not Enrolment.objects.exists()

    def test_post_without_csrf_token_is_refused(self, course, learner):
        client = Client(enforce_csrf_checks=True)
        client.force_login(learner)
        response = client.post(f"/inscription/{course.pk}/")
        assert response.status_code == 403
        assert not Enrolment.objects.exists()

    def test_post_with_csrf_token_enrols(self, course, learner):
        client = Client(enforce_csrf_checks=True)
        client.force_login(learner)
        page = client.get(course.url)
        token = page.cookies["csrftoken"].value
        assert f'action="/inscription/{course.pk}/"' in page.content.decode()
        response = client.post(f"/inscription/{course.pk}/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302 and response["Location"] == course.url
        assert Enrolment.objects.filter(user=learner, course=course).exists()

    def test_anonymous_is_sent_to_login(self, client, course):
        response = client.post(f"/inscription/{course.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/?next=")
        assert not Enrolment.objects.exists()


class TestLessonCompleteView:
    def test_marks_the_lesson_done_and_goes_to_the_next(self, client, course, lessons, learner):
        enrol(learner, course)
        client.force_login(learner)
        response = client.post(f"/lecons/{lessons[0].pk}/terminee/")
        assert response.status_code == 302 and response["Location"] == lessons[1].url
        assert LessonCompletion.objects.filter(user=learner, lesson=lessons[0]).exists()
        assert client.get(f"/lecons/{lessons[0].pk}/terminee/").status_code == 405

    def test_refused_with_message_when_not_enrolled(self, client, course, lessons, learner):
        client.force_login(learner)
        response = client.post(f"/lecons/{lessons[0].pk}/terminee/")
        assert response.status_code == 403
        assert str(NOT_ENROLLED) in response.content.decode()
        assert not LessonCompletion.objects.exists()


class TestDashboard:
    def test_requires_login(self, client):
        response = client.get("/mon-parcours/")
        assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")

    def test_shows_progress_and_resume_link(self, client, course, lessons, learner):
        enrol(learner, course)
        LessonCompletion.objects.create(user=learner, lesson=lessons[0], course=course)
        client.force_login(learner)
        html = client.get("/mon-parcours/").content.decode()
        assert "Posture professionnelle" in html
        assert "1 leçon exigée terminée sur 3" in html
        assert '<progress class="learning-progress" max="100" value="33"' in html
        assert f'href="{lessons[1].url}"' in html

    def test_badges_section_has_an_empty_state(self, client, learner):
        client.force_login(learner)
        html = client.get("/mon-parcours/").content.decode()
        assert '<h2 id="badges-title">Mes badges</h2>' in html
        assert "Vous n'avez pas encore de badge" in html


class TestTargetFramework:
    def test_choose_a_title_then_refuse_an_unknown_one(self, client, learner):
        from lms.learning.models import LearnerProfile
        from tests.courses_tests.factories import make_framework

        title = make_framework("MN-2025")["framework"]
        client.force_login(learner)
        assert client.get("/mon-parcours/titre-vise/").status_code == 405
        response = client.post("/mon-parcours/titre-vise/", {"target_framework": title.pk})
        assert response.status_code == 302
        assert LearnerProfile.objects.get(user=learner).target_framework == title
        html = client.get("/mon-parcours/").content.decode()
        assert "<h4>CCP1 — Accompagner</h4>" in html
        response = client.post("/mon-parcours/titre-vise/", {"target_framework": 999999})
        assert response.status_code == 400
        assert "Sélectionnez un choix valide" in response.content.decode()
        assert LearnerProfile.objects.get(user=learner).target_framework == title
