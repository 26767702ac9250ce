"""The course and lesson pages with the learning tags: progress, ✓, actions, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.learning.models import Attestation, Enrolment, LessonCompletion
from lms.learning.services import course_completion_evaluate
from tests.courses_tests.factories import make_lesson

from .factories import enrol, make_course_with_lessons, make_session

pytestmark = pytest.mark.django_db


class TestCourseActions:
    def test_anonymous_sees_login_link_and_no_form(self, client, course):
        html = client.get(course.url).content.decode()
        assert "Se connecter pour s'inscrire" in html
        assert f'action="/inscription/{course.pk}/"' not in html

    def test_logged_in_sees_enrol_form_with_csrf(self, client, course, learner):
        client.force_login(learner)
        html = client.get(course.url).content.decode()
        assert f'<form method="post" action="/inscription/{course.pk}/">' in html
        assert 'name="csrfmiddlewaretoken"' in html

    def test_enrolled_sees_progress_and_resume(self, client, course, lessons, learner):
        enrolment = enrol(learner, course)
        LessonCompletion.objects.create(user=learner, lesson=lessons[0], course=course)
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lessons[2])
        make_session(course.organisation, course=course, title="Classe virtuelle d'ouverture")
        client.force_login(learner)
        html = client.get(course.url).content.decode()
        assert "1 leçon exigée terminée sur 3" in html
        assert (
            '<progress class="learning-progress" max="100" value="33" aria-labelledby="course-progress-label">33 %</progress>'
            in html
        )
        # The first required lesson not done wins over the last one visited.
        assert f'<a class="button" href="{lessons[1].url}">Reprendre' in html
        assert "Classe virtuelle d&#x27;ouverture" in html

    def test_resume_goes_to_last_visited_once_everything_is_done(self, client, course, lessons, learner):
        enrol(learner, course)
        client.force_login(learner)
        client.get(lessons[1].url)  # the visit is remembered
        LessonCompletion.objects.bulk_create([LessonCompletion(user=learner, lesson=x, course=course) for x in lessons])
        course.required_live_sessions = 1  # not complete yet: a live session is still required
        course.save_revision().publish()
        html = client.get(course.url).content.decode()
        assert f'<a class="button" href="{lessons[1].url}">Reprendre' in html
        assert "Sessions en direct suivies : 0 sur 1" in html

    def test_completed_shows_attestation_links(self, client, course, lessons, learner):
        enrol(learner, course)
        LessonCompletion.objects.bulk_create([LessonCompletion(user=learner, lesson=x, course=course) for x in lessons])
        course_completion_evaluate(user_id=learner.pk, course_id=course.pk)
        attestation = Attestation.objects.get(user=learner)
        client.force_login(learner)
        html = client.get(course.url).content.decode()
        assert "Formation terminée le" in html
        assert f"/attestations/{attestation.public_id}/pdf/" in html


class TestLessonTags:
    def test_nav_marks_done_lessons_and_offers_completion(self, client, course, lessons, learner):
        enrol(learner, course)
        LessonCompletion.objects.create(user=learner, lesson=lessons[0], course=course)
        client.force_login(learner)
        html = client.get(lessons[1].url).content.decode()
        assert "1 leçon terminée sur 3" in html
        assert (
            f'<li class="is-done"><a href="{lessons[0].url}">Leçon 1</a> <span aria-hidden="true">✓</span>'
            '<span class="visually-hidden">(terminée)</span></li>'
        ) in html
        assert f'<li><a href="{lessons[1].url}" aria-current="page">Leçon 2</a></li>' in html
        assert f'action="/lecons/{lessons[1].pk}/terminee/"' in html
        assert "J'ai terminé cette leçon" in html
        done_page = client.get(lessons[0].url).content.decode()
        assert "Vous avez terminé cette leçon." in done_page

    def test_not_enrolled_is_invited_to_enrol(self, client, course, lessons, learner):
        client.force_login(learner)
        html = client.get(lessons[0].url).content.decode()
        assert "lesson-progress-label" not in html and "✓" not in html
        assert f'<li><a href="{lessons[1].url}">Leçon 2</a></li>' in html
        assert f'action="/inscription/{course.pk}/"' in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


class TestQueryCounts:
    def test_lesson_and_course_pages_do_not_grow_with_lessons(self, client, site_tree, learner):
        course = make_course_with_lessons(site_tree[1], slug="grande", lessons=5)
        enrol(learner, course)
        lessons = list(course.get_children().specific())
        LessonCompletion.objects.bulk_create(
            [LessonCompletion(user=learner, lesson=x, course=course) for x in lessons[:3]]
        )
        client.force_login(learner)
        first = lessons[0].url
        client.get(first)  # warm Wagtail's site-root cache, as any running server has
        small = (_count_queries(client, first), _count_queries(client, course.url))
        for number in range(6, 51):
            lesson = make_lesson(course, slug=f"lecon-{number}", title=f"Leçon {number}")
            LessonCompletion.objects.create(user=learner, lesson=lesson, course=course)
        client.get(first)  # publishing made the cached course outline stale: warm it again
        large = (_count_queries(client, first), _count_queries(client, course.url))
        assert small == large
