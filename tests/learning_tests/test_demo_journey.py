"""The learner's journey, end to end, on the demo data (``load_demo``) and over HTTP.

Done when: the demo learner enrols in a course, completes its lessons, passes its assessment, attends a
live session with a code, sees the course completed, downloads the attestation and their records; the
trainer sees the cohort progress; the coordinator sees counts per département, and no names.
"""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, AssessmentPage, Attempt, AttemptStatus, Question
from assessments.selectors import required_assessment_ids
from courses.models import CoursePage
from lms.accounts.models import User
from lms.core.demo import DEMO_PASSWORD
from lms.learning.demo import DEMO_COHORT_NAME, DEMO_COURSE_SLUG
from lms.learning.models import (
    Attestation,
    Cohort,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
    LiveSession,
    LiveSessionRegistration,
)
from lms.learning.selectors.progress import course_completion_rules, course_lessons_with_rules
from lms.records.verbs import ACTIVITY_TYPES, VERBS

LEARNER_EMAIL = "apprenant@tremplin.demo"
OTHER_LEARNER_EMAIL = "apprenante2@tremplin.demo"
TRAINER_EMAIL = "formatrice@tremplin.demo"
COORDINATOR_EMAIL = "coordination@tremplin.demo"
RUNNING_SESSION_TITLE = "Aidants Connect : vos questions"
OPEN_RESPONSE_TEXT = (
    "Je rassure M. T. sans prendre son mot de passe : il le saisit lui-même, je le guide pas à pas. "
    "Si la démarche ne peut pas aboutir avant 18 h, on appelle la caisse et on fixe un rendez-vous demain ; "
    "je lui propose France Services ou une structure habilitée Aidants Connect s'il souhaite être aidé durablement."
)


def statement_objects(statements: list[dict], verb: str, activity_type: str) -> list[str]:
    """Return the object ids of the exported xAPI ``statements`` with ``verb`` on an ``activity_type``."""
    return [
        statement["object"]["id"]
        for statement in statements
        if statement["verb"]["id"] == VERBS[verb].iri
        and statement["object"].get("definition", {}).get("type") == ACTIVITY_TYPES[activity_type].iri
    ]


def log_in(email: str) -> Client:
    """Log in through the login form, as a person would (django-axes needs the request)."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"login of {email} refused"
    assert "_auth_user_id" in client.session
    return client


def quiz_form_data(questions: dict[int, Question]) -> dict:
    """Return the quiz form (``q-<id>`` fields) with a right answer derived from each question's stored config."""
    data: dict = {"action": "submit"}
    for question_id, question in questions.items():
        name, config = f"q-{question_id}", question.config
        match question.kind:
            case "single_choice":
                data[name] = next(choice["id"] for choice in config["choices"] if choice["correct"])
            case "multiple_choice":
                data[name] = [choice["id"] for choice in config["choices"] if choice["correct"]]
            case "true_false":
                data[name] = "true" if config["answer"] else "false"
            case "short_answer":
                data[name] = config["accepted"][0]
            case "numeric":
                data[name] = str(config["answer"])
            case "ordering":
                for position, item in enumerate(config["items"], start=1):
                    data[f"{name}-{item['id']}"] = str(position)
            case "matching":
                for pair in config["pairs"]:
                    data[f"{name}-{pair['id']}"] = pair["right_id"]
            case "open_response":
                data[name] = OPEN_RESPONSE_TEXT
            case _:
                pytest.fail(f"the demo assessment has a question type this test does not answer: {question.kind}")
    return data


def top_levels(rubric: dict) -> dict:
    """Return the grading form's fields choosing, for each criterion, the level worth the most points."""
    return {
        f"criterion_{index}": str(max(range(len(criterion["levels"])), key=lambda i: criterion["levels"][i]["points"]))
        for index, criterion in enumerate(rubric["criteria"])
    }


def completed(learner: User, course: CoursePage) -> int:
    return CourseCompletion.objects.filter(user=learner, course=course).count()


@pytest.mark.django_db
def test_demo_learner_journey_over_http(django_capture_on_commit_callbacks):
    call_command("load_demo", verbosity=0)
    course = CoursePage.objects.get(slug=DEMO_COURSE_SLUG)
    learner = User.objects.get(email=LEARNER_EMAIL)
    other = User.objects.get(email=OTHER_LEARNER_EMAIL)
    cohort = Cohort.objects.get(name=DEMO_COHORT_NAME, course=course)
    running = LiveSession.objects.get(title=RUNNING_SESSION_TITLE, course=course)
    # The demo gives the learner the past sessions attended (by the trainer's list) and a seat in the running one.
    attended_before = LiveSessionRegistration.objects.filter(
        user=learner, session__course=course, attended=True
    ).count()
    assert attended_before >= 1
    assert LiveSessionRegistration.objects.filter(user=learner, session=running, attended=False).exists()

    # The demo course asks for one more live session than the demo learner attended: the session running
    # now, attended with its code, is the one that completes the course.
    assert course.required_live_sessions == attended_before + 1

    learner_client = log_in(LEARNER_EMAIL)

    # 1. Enrol. The demo cohort already enrolled them: enrolling again over HTTP keeps one enrolment.
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(reverse("learning:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert response["Location"] == course.url
    enrolments = Enrolment.objects.filter(user=learner, course=course)
    assert enrolments.count() == 1
    assert enrolments.get().cohort_id == cohort.pk
    assert learner_client.get(course.url).status_code == 200

    # 2. Complete every lesson.
    lessons = course_lessons_with_rules(course=course)
    required = [lesson for lesson in lessons if lesson.required_for_completion]
    assert required, "the demo course has no required lesson"
    for lesson in lessons:
        with django_capture_on_commit_callbacks(execute=True):
            response = learner_client.post(reverse("learning:lesson_complete", args=[lesson.pk]))
        assert response.status_code == 302, lesson.title
    assert LessonCompletion.objects.filter(user=learner, course=course).count() == len(lessons)
    rules = course_completion_rules(user_id=learner.pk, course=course)
    assert (rules.lessons_done, rules.lessons_required) == (len(required), len(required))
    assert completed(learner, course) == 0, "completed without the assessment and the second session"

    # 3. Take the required assessment through the quiz form (no JavaScript), then the trainer grades it.
    assessment_ids = required_assessment_ids(course_id=course.pk)
    assert len(assessment_ids) == 1
    assessment = AssessmentPage.objects.get(pk=assessment_ids.pop())
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(reverse("assessments:attempt_start", args=[assessment.pk]))
    assert response.status_code == 302
    attempt = Attempt.objects.get(user=learner, assessment=assessment)
    assert attempt.status == AttemptStatus.IN_PROGRESS
    questions = Question.objects.in_bulk(attempt.question_ids)
    assert len(questions) == len(attempt.question_ids) > 0
    page = learner_client.get(assessment.url)
    assert page.status_code == 200
    for question_id in questions:
        assert f'name="q-{question_id}' in page.content.decode(), f"question {question_id} is not in the form"

    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(
            reverse("assessments:attempt_form", args=[attempt.pk]), quiz_form_data(questions)
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:attempt_results", args=[attempt.pk])
    assert learner_client.get(response["Location"]).status_code == 200
    attempt.refresh_from_db()
    auto = [q for q in questions.values() if not q.question_type.manual]
    assert Answer.objects.filter(attempt=attempt, question__in=auto, correct=True).count() == len(auto)
    manual = Answer.objects.filter(attempt=attempt, needs_grading=True)
    if manual.exists():
        # An open response waits for a trainer: no result yet, so no completion.
        assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, None)
        assert completed(learner, course) == 0
        trainer_client = log_in(TRAINER_EMAIL)
        queue = trainer_client.get(reverse("assessments:grading_queue"))
        assert queue.status_code == 200
        for answer in manual.select_related("question"):
            grade_url = reverse("assessments:answer_grade", args=[answer.pk])
            assert grade_url in queue.content.decode()
            with django_capture_on_commit_callbacks(execute=True):
                response = trainer_client.post(
                    grade_url, {**top_levels(answer.question.config["rubric"]), "feedback": "Très bonne posture."}
                )
            assert response.status_code == 302, response.content.decode()[:500]
        attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.passed is True
    assert attempt.score * 100 >= Decimal(assessment.pass_mark) * attempt.max_score
    rules = course_completion_rules(user_id=learner.pk, course=course)
    assert (rules.assessments_passed, rules.sessions_attended) == (1, attended_before)
    assert rules.sessions_required == attended_before + 1
    assert completed(learner, course) == 0, "completed with one live session missing"
    dashboard = learner_client.get(reverse("learning:dashboard"))
    assert dashboard.status_code == 200
    assert "Aucune formation terminée pour l'instant." in dashboard.content.decode()

    # 4. Attend the running session with its code: a wrong code is refused, the right one completes the course.
    code_url = reverse("learning:session_code", args=[running.pk])
    wrong = "ZZZZZZ" if running.attendance_code != "ZZZZZZ" else "YYYYYY"
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(code_url, {"code": wrong})
    assert response.status_code == 400
    assert not LiveSessionRegistration.objects.get(user=learner, session=running).attended
    assert completed(learner, course) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.post(code_url, {"code": running.attendance_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:session_detail", args=[running.pk])
    registration = LiveSessionRegistration.objects.get(user=learner, session=running)
    assert registration.attended and registration.attendance_method == "code"
    assert completed(learner, course) == 1
    assert [message.to for message in mail.outbox] == [[LEARNER_EMAIL]], "one completion e-mail to the learner"
    assert completed(other, course) == 0

    # 5. « Mon parcours » shows the course completed, with the attestation and its verification link.
    dashboard = learner_client.get(reverse("learning:dashboard"))
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert "Aucune formation terminée pour l'instant." not in html
    assert [progress.course.pk for progress in dashboard.context["completed"]] == [course.pk]
    assert course.pk not in [progress.course.pk for progress in dashboard.context["in_progress"]]
    attestation = Attestation.objects.get(completion__user=learner, completion__course=course)
    pdf_url = reverse("learning:attestation_pdf", args=[attestation.public_id])
    verify_url = reverse("learning:attestation_verify", args=[attestation.public_id])
    completed_section = html[html.index('id="completed-title"') :]
    assert course.title in completed_section
    assert f'href="{pdf_url}"' in completed_section
    assert f'href="{verify_url}"' in completed_section

    # 6. The attestation: the PDF for its owner, the public verification page for anyone.
    response = learner_client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = Client().get(verify_url)
    assert response.status_code == 200
    verification = response.content.decode()
    assert learner.get_full_name() == "Camille Martin"
    assert "Camille Martin" in verification
    assert course.title in verification

    # 7. The learner's records: xAPI statements in JSON, and the CSV table.
    response = learner_client.get(reverse("records:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    statements = json.loads(response.content)
    assert all(statement["actor"] and statement["verb"]["id"] for statement in statements)

    lessons_completed = statement_objects(statements, "completed", "lesson")
    assert len(lessons_completed) == len(lessons)
    assert all(any(url.endswith(lesson.url) for url in lessons_completed) for lesson in lessons)
    attended = statement_objects(statements, "attended", "meeting")
    assert len(attended) == attended_before + 1
    assert any(url.endswith(reverse("learning:session_detail", args=[running.pk])) for url in attended)
    courses_completed = statement_objects(statements, "completed", "course")
    assert len(courses_completed) == 1
    assert courses_completed[0].endswith(course.url)
    assert len(statement_objects(statements, "passed", "assessment")) == 1

    response = learner_client.get(reverse("records:export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) >= 5 and not any(cell[:1].isdigit() for cell in header)
    assert len(body) == len(statements)
    names = {row[2] for row in body}
    assert course.title in names and running.title in names and lessons[0].title in names

    # 8. The trainer sees the cohort's progress: the learner done, the other learner not started.
    trainer_client = log_in(TRAINER_EMAIL)
    home = trainer_client.get(reverse("learning:organisation_home"))
    assert home.status_code == 200
    cohort_url = reverse("learning:cohort_detail", args=[cohort.pk])
    assert f'href="{cohort_url}"' in home.content.decode()
    response = trainer_client.get(cohort_url)
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r'<th scope="row">Camille Martin</th>\s*<td>[^<]*</td>\s*<td>(\d+)</td>\s*<td>(\w+)</td>', html)
    assert row is not None, "the learner is not listed in the cohort"
    assert row.groups() == (str(len(lessons)), "oui")
    row = re.search(r'<th scope="row">Nadia Benali</th>\s*<td>[^<]*</td>\s*<td>(\d+)</td>\s*<td>(\w+)</td>', html)
    assert row is not None and row.groups() == ("0", "non")

    # 9. The coordinator sees counts per département (small ones suppressed), never a name or an e-mail.
    coordinator_client = log_in(COORDINATOR_EMAIL)
    response = coordinator_client.get(reverse("learning:coordination"))
    assert response.status_code == 200
    html = response.content.decode()
    departements = {row.code: row for row in response.context["by_departement"]}
    assert {"59", learner.departement} <= set(departements)
    nord = departements[learner.departement]
    assert (nord.learners.value, nord.learners.label) == (None, "< 5")
    assert re.search(rf"<th scope=\"row\">{re.escape(nord.name)}</th><td>&lt; 5</td><td>&lt; 5</td>", html)
    # Not "Martin" alone: the région list rightly contains "Martinique".
    for secret in ("Camille", "Camille Martin", LEARNER_EMAIL, "Nadia", "Benali", OTHER_LEARNER_EMAIL, "Tilleuls"):
        assert secret not in html, f"the coordination page shows {secret!r}"
