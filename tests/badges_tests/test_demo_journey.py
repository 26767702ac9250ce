"""Open Badges on the demo data (``load_demo``), end to end and over HTTP.

Done when: completing a demo course awards its badge automatically; attending three webinars of the demo
series awards the participation badge; the assertion, class and issuer JSON expand with pyld (bundled
contexts) without dropped terms; the baked PNG yields the assertion back; the revoked assertion answers
410; the OB 3.0 credential verifies and a one-character change breaks it.
"""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.models import AssessmentPage, Attempt, AttemptStatus, Question
from assessments.selectors import required_assessment_ids
from courses.models import CoursePage
from lms.accounts.models import User
from lms.badges import baking, ob3
from lms.badges.demo import COURSE_BADGE_NAME, PARTICIPATION_NAME, SERIES_TITLE, SESSIONS_REQUIRED
from lms.badges.jsonld import expand_strict
from lms.badges.models import Assertion, AssertionStatus, BadgeClass, IssuerKey
from lms.learning.demo import DEMO_COURSE_SLUG
from lms.learning.models import CourseCompletion, LiveSession, LiveSessionRegistration
from lms.learning.selectors.progress import course_lessons_with_rules
from tests.learning_tests.test_demo_journey import (
    LEARNER_EMAIL,
    OTHER_LEARNER_EMAIL,
    RUNNING_SESSION_TITLE,
    TRAINER_EMAIL,
    log_in,
    quiz_form_data,
    top_levels,
)

LD_JSON = "application/ld+json"


def get_json(client: Client, url: str) -> tuple:
    response = client.get(url, HTTP_ACCEPT=LD_JSON)
    return response, json.loads(response.content)


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def expands_without_drops(document: dict) -> list:
    """Expand with the bundled loader (strict: raises on any dropped term), and compare the top-level keys."""
    expanded = expand_strict(document)
    assert len(expanded) == 1
    terms = {key for key in document if key != "@context"}
    # Every top-level term of the document is a distinct property (or keyword) of the expanded node.
    assert len(expanded[0]) == len(terms), (sorted(terms), sorted(expanded[0]))
    return expanded


def badges_of(learner: User, badge_class: BadgeClass):
    return Assertion.objects.filter(recipient=learner, badge_class=badge_class)


@pytest.mark.django_db
def test_demo_badges_journey_over_http(django_capture_on_commit_callbacks):
    call_command("load_demo", verbosity=0)
    course = CoursePage.objects.get(slug=DEMO_COURSE_SLUG)
    learner = User.objects.get(email=LEARNER_EMAIL)
    other = User.objects.get(email=OTHER_LEARNER_EMAIL)
    running = LiveSession.objects.get(title=RUNNING_SESSION_TITLE, course=course)
    course_badge = BadgeClass.objects.get(name=(COURSE_BADGE_NAME % {"title": course.title})[:200])
    participation = BadgeClass.objects.get(name=PARTICIPATION_NAME)
    assert running.series.title == SERIES_TITLE
    assert participation.rules.get(kind="sessions_attended").series_id == running.series_id
    # The demo learner attended the past sessions of the series: one short of the participation badge.
    attended = LiveSessionRegistration.objects.filter(user=learner, session__series=running.series, attended=True)
    assert attended.count() == SESSIONS_REQUIRED - 1
    assert not badges_of(learner, course_badge).exists()
    assert not badges_of(learner, participation).exists()

    learner_client = log_in(LEARNER_EMAIL)
    page = learner_client.get(reverse("badges:my_badges"))
    assert page.status_code == 200
    assert course_badge.name not in page.content.decode()

    # 1. Complete the course's lessons and its assessment (graded by the trainer): still no badge.
    lessons = course_lessons_with_rules(course=course)
    for lesson in lessons:
        with django_capture_on_commit_callbacks(execute=True):
            response = learner_client.post(reverse("learning:lesson_complete", args=[lesson.pk]))
        assert response.status_code == 302, lesson.title
    [assessment_id] = required_assessment_ids(course_id=course.pk)
    assessment = AssessmentPage.objects.get(pk=assessment_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert learner_client.post(reverse("assessments:attempt_start", args=[assessment.pk])).status_code == 302
    attempt = Attempt.objects.get(user=learner, assessment=assessment)
    questions = Question.objects.in_bulk(attempt.question_ids)
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(
            reverse("assessments:attempt_form", args=[attempt.pk]), quiz_form_data(questions)
        )
    assert response.status_code == 302
    trainer_client = log_in(TRAINER_EMAIL)
    for answer in attempt.answers.filter(needs_grading=True).select_related("question"):
        with django_capture_on_commit_callbacks(execute=True):
            response = trainer_client.post(
                reverse("assessments:answer_grade", args=[answer.pk]),
                {**top_levels(answer.question.config["rubric"]), "feedback": "Très bonne posture."},
            )
        assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (AttemptStatus.GRADED, True)
    assert not CourseCompletion.objects.filter(user=learner, course=course).exists()
    assert not badges_of(learner, course_badge).exists(), "course badge before the course is completed"
    assert not badges_of(learner, participation).exists(), "participation badge with two sessions"

    # 2. The attendance code of the running webinar: third session of the series, last rule of the course.
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(
            reverse("learning:session_code", args=[running.pk]), {"code": running.attendance_code}
        )
    assert response.status_code == 302
    assert attended.count() == SESSIONS_REQUIRED
    assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1
    [course_award] = badges_of(learner, course_badge)
    [participation_award] = badges_of(learner, participation)
    for award in (course_award, participation_award):
        assert award.status == AssertionStatus.ISSUED, award.error
        assert (award.recipient_id, award.recipient_email) == (learner.pk, LEARNER_EMAIL)
        assert award.credential
    assert not Assertion.objects.filter(recipient=other, badge_class__in=[course_badge, participation]).exists()

    page = learner_client.get(reverse("badges:my_badges"))
    assert page.status_code == 200
    html = page.content.decode()
    for award in (course_award, participation_award):
        assert award.badge_class.name in html
        assert award.get_absolute_url() in html
    assert [a.pk for a in page.context["assertions"]].count(course_award.pk) == 1

    # 3. Public OB 2.0 documents: JSON-LD that pyld expands with the bundled contexts, no term dropped.
    anonymous = Client()
    for award in (course_award, participation_award):
        response, assertion_doc = get_json(anonymous, reverse("badges:assertion_json", args=[award.uuid]))
        assert response.status_code == 200
        assert response["Content-Type"] == LD_JSON
        assert assertion_doc["id"] == f"http://testserver/badges/assertions/{award.uuid}.json"
        expands_without_drops(assertion_doc)
        response, class_doc = get_json(anonymous, path_of(assertion_doc["badge"]))
        assert response.status_code == 200
        assert response["Content-Type"] == LD_JSON
        assert class_doc["name"] == award.badge_class.name
        expands_without_drops(class_doc)
        response, issuer_doc = get_json(anonymous, path_of(class_doc["issuer"]))
        assert response.status_code == 200
        assert response["Content-Type"] == LD_JSON
        assert issuer_doc["id"] == class_doc["issuer"]
        expands_without_drops(issuer_doc)

    # 4. The baked PNG of the course badge yields the hosted assertion (and the signed credential) back.
    hosted_url = reverse("badges:assertion_json", args=[course_award.uuid])
    _response, hosted = get_json(anonymous, hosted_url)
    response = learner_client.get(reverse("badges:assertion_image", args=[course_award.uuid, "png"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    baked = json.loads(baking.unbake_png(response.content))
    assert baked == hosted
    assert baked["id"].endswith(f"/{course_award.uuid}.json")
    baked_credential = json.loads(baking.unbake_png(response.content, keyword=baking.OB3_PNG_KEYWORD))
    assert baked_credential == course_award.credential

    # 5. The OB 3.0 credential verifies with the key the issuer publishes; one changed character breaks it.
    for award in (course_award, participation_award):
        response = anonymous.get(reverse("badges:assertion_credential", args=[award.uuid]), HTTP_ACCEPT=LD_JSON)
        assert response.status_code == 200
        text = response.content.decode()
        credential = json.loads(text)
        profile_url, _hash, key_id = credential["proof"]["verificationMethod"].partition("#")
        _response, profile = get_json(anonymous, path_of(profile_url))
        [published] = profile["verificationMethod"]
        assert published["publicKeyMultibase"] == key_id
        assert IssuerKey.objects.filter(issuer=award.issuer, public_key_multibase=key_id).exists()
        result = ob3.verify_credential(credential, published["publicKeyMultibase"])
        assert result.ok, result.reason
        # One character of the signed payload (the badge's name, in the served bytes) is changed.
        name = credential["credentialSubject"]["achievement"]["name"]
        changed = name[:-1] + ("X" if name[-1] != "X" else "Y")
        tampered_text = text.replace(json.dumps(name, ensure_ascii=False), json.dumps(changed, ensure_ascii=False), 1)
        assert sum(a != b for a, b in zip(text, tampered_text, strict=True)) == 1
        tampered = json.loads(tampered_text)
        assert tampered != credential and tampered["proof"] == credential["proof"]
        assert not ob3.verify_credential(tampered, published["publicKeyMultibase"]).ok

    # 6. The trainer revokes the participation badge through the revoke page: its documents answer 410.
    revoke_url = reverse("badges:assertion_revoke", args=[participation_award.uuid])
    assert learner_client.post(revoke_url, {"reason": "Non"}).status_code == 403
    assert trainer_client.get(revoke_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(revoke_url, {"reason": "Présence saisie par erreur"})
    assert response.status_code == 302
    participation_award.refresh_from_db()
    assert participation_award.revoked_at is not None
    response, body = get_json(anonymous, reverse("badges:assertion_json", args=[participation_award.uuid]))
    assert response.status_code == 410
    assert body["revoked"] is True
    assert body["revocationReason"] == "Présence saisie par erreur"
    expand_strict(body)
    credential_url = reverse("badges:assertion_credential", args=[participation_award.uuid])
    assert anonymous.get(credential_url).status_code == 410
    assert anonymous.get(reverse("badges:assertion_image", args=[participation_award.uuid, "svg"])).status_code == 410
    _response, revocations = get_json(
        anonymous, reverse("badges:issuer_revocations", args=[participation_award.issuer_id])
    )
    assert [item["id"] for item in revocations["revokedAssertions"]] == [body["id"]]
    # The course badge is untouched.
    assert anonymous.get(hosted_url).status_code == 200
