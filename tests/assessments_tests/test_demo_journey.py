"""The assessments journey, end to end, on the demo data (``load_demo``) and over HTTP.

Done when: the demo learner takes and passes a quiz, fails another and retries within the allowed
attempts, submits the assignment; the demo trainer grades it with the rubric; the learner's
competency statuses change accordingly.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from assessments.errors import AttemptErrorCode
from assessments.models import (
    Answer,
    AssessmentPage,
    Attempt,
    AttemptStatus,
    CompetencyStatus,
    CompetencyStatusValue,
    GradeAudit,
    Question,
)
from assessments.selectors import question_competency_ids
from courses.models import CoursePage
from lms.accounts.models import User
from lms.learning.selectors import target_frameworks
from lms.records.models import Statement
from tests.learning_tests.test_demo_journey import log_in, quiz_form_data, top_levels

LEARNER_EMAIL = "apprenant@tremplin.demo"
TRAINER_EMAIL = "formatrice@tremplin.demo"
# Three demo courses of the trainer's organisation (« Les ateliers du lien ») and one of another one.
PASS_COURSE = "posture-professionnelle"
RETRY_COURSE = "diversite-des-publics"
ASSIGNMENT_COURSE = "concevoir-animer-atelier"
EXHAUST_COURSE = "desinformation-esprit-critique"
ASSIGNMENT_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
MANUAL_KINDS = {"open_response", "file_assignment"}


def assessment_of(course_slug: str) -> AssessmentPage:
    return AssessmentPage.objects.child_of(CoursePage.objects.get(slug=course_slug)).live().get().specific


def wrong_form_data(questions: dict[int, Question]) -> dict:
    """Return the quiz form with a wrong answer to every automatic question; manual ones are left blank."""
    data: dict = {"action": "submit"}
    for question_id, question in questions.items():
        name, config = f"q-{question_id}", question.config
        match question.kind:
            case "single_choice":
                data[name] = next(choice["id"] for choice in config["choices"] if not choice["correct"])
            case "multiple_choice":
                data[name] = [choice["id"] for choice in config["choices"] if not choice["correct"]]
            case "true_false":
                data[name] = "false" if config["answer"] else "true"
            case "short_answer":
                data[name] = "réponse sans rapport"
            case "numeric":
                data[name] = str(Decimal(str(config["answer"])) + 1000)
            case "ordering":
                for position, item in enumerate(reversed(config["items"]), start=1):
                    data[f"{name}-{item['id']}"] = str(position)
            case "matching":
                rights = [pair["right_id"] for pair in config["pairs"]]
                for pair, right in zip(config["pairs"], rights[1:] + rights[:1], strict=True):
                    data[f"{name}-{pair['id']}"] = right
            case kind if kind in MANUAL_KINDS:
                pass
            case _:
                pytest.fail(f"the demo assessment has a question type this test does not answer: {question.kind}")
    return data


def right_form_data(questions: dict[int, Question], *, manual: bool) -> dict:
    """Return right answers to the automatic questions and, if ``manual``, an open response (no file here)."""
    auto = {pk: q for pk, q in questions.items() if q.kind not in MANUAL_KINDS}
    data = quiz_form_data(auto)
    if manual:
        opens = {pk: q for pk, q in questions.items() if q.kind == "open_response"}
        data.update({key: value for key, value in quiz_form_data(opens).items() if key != "action"})
    return data


def start(client: Client, assessment: AssessmentPage, user: User, capture) -> Attempt:
    before = Attempt.objects.filter(user=user, assessment=assessment).count()
    with capture(execute=True):
        response = client.post(reverse("assessments:attempt_start", args=[assessment.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{assessment.url}#questions"
    assert Attempt.objects.filter(user=user, assessment=assessment).count() == before + 1
    attempt = Attempt.objects.get(user=user, assessment=assessment, status=AttemptStatus.IN_PROGRESS)
    assert attempt.number == before + 1
    page = client.get(assessment.url)
    assert page.status_code == 200
    for question_id in attempt.question_ids:
        assert f'name="q-{question_id}' in page.content.decode(), f"question {question_id} is not in the form"
    return attempt


def submit(client: Client, attempt: Attempt, data: dict, capture) -> Attempt:
    with capture(execute=True):
        response = client.post(reverse("assessments:attempt_form", args=[attempt.pk]), data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("assessments:attempt_results", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status != AttemptStatus.IN_PROGRESS
    return attempt


def questions_of(attempt: Attempt) -> dict[int, Question]:
    questions = Question.objects.in_bulk(attempt.question_ids)
    assert len(questions) == len(attempt.question_ids) > 0
    return questions


def competencies_of(questions) -> set[int]:
    ids = question_competency_ids(question_ids=[q.pk for q in questions])
    return {competency for per_question in ids.values() for competency in per_question}


def statuses(user: User, competency_ids: set[int]) -> dict[int, tuple[str, Decimal | None]]:
    """Return the learner's (status, score) per competency; « non évalué » when no row exists yet."""
    rows = CompetencyStatus.objects.filter(user=user, competency_id__in=competency_ids)
    found = {row.competency_id: (row.status, row.score) for row in rows}
    return {pk: found.get(pk, (CompetencyStatusValue.NOT_ASSESSED, None)) for pk in competency_ids}


def passes(attempt: Attempt) -> bool:
    """The pass rule, computed from the stored score and the page's pass mark."""
    return attempt.score * 100 >= Decimal(attempt.assessment.pass_mark) * attempt.max_score


def grade(client: Client, answer: Answer, trainer: User, capture) -> list[int]:
    """Grade ``answer`` through the queue and the rubric form at the top level; return the levels posted."""
    audits = GradeAudit.objects.filter(answer=answer).count()
    grade_url = reverse("assessments:answer_grade", args=[answer.pk])
    queue = client.get(reverse("assessments:grading_queue"))
    assert queue.status_code == 200
    assert grade_url in queue.content.decode(), "the answer is not in the trainer's grading queue"
    form = client.get(grade_url)
    assert form.status_code == 200
    rubric = answer.question.config["rubric"]
    for criterion in rubric["criteria"]:
        assert escape(criterion["title"]) in form.content.decode()
    fields = top_levels(rubric)
    with capture(execute=True):
        response = client.post(grade_url, {**fields, "feedback": "Travail solide, bien argumenté."})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("assessments:grading_queue")
    levels = [int(fields[f"criterion_{index}"]) for index in range(len(rubric["criteria"]))]
    assert GradeAudit.objects.filter(answer=answer).count() == audits + 1
    audit = GradeAudit.objects.filter(answer=answer).latest("at")
    answer.refresh_from_db()
    assert (audit.grader_id, audit.old_points, audit.new_levels) == (trainer.pk, None, levels)
    assert audit.new_points == answer.points == answer.max_points
    assert (answer.needs_grading, answer.graded_by_id, answer.mastery) == (False, trainer.pk, True)
    return levels


def statements(user: User, verb: str, assessment: AssessmentPage) -> int:
    return Statement.objects.filter(user=user, verb=verb, object_name=assessment.title).count()


def dashboard_statuses(client: Client) -> dict[int, str]:
    response = client.get(reverse("learning:dashboard"))
    assert response.status_code == 200
    return {
        competency.pk: label
        for block in response.context["competency_blocks"]
        for competency, label in block.competencies
    }


@pytest.mark.django_db
def test_demo_assessments_journey_over_http(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    call_command("load_demo", verbosity=0)
    learner = User.objects.get(email=LEARNER_EMAIL)
    trainer = User.objects.get(email=TRAINER_EMAIL)
    quiz, retried, assignment, exhausted = (
        assessment_of(slug) for slug in (PASS_COURSE, RETRY_COURSE, ASSIGNMENT_COURSE, EXHAUST_COURSE)
    )
    assert not Attempt.objects.filter(user=learner).exists(), "the demo already has attempts for the learner"
    learner_client = log_in(LEARNER_EMAIL)
    trainer_client = log_in(TRAINER_EMAIL)
    # The demo gives the learner a target title (REMN-2019): « Mon parcours » follows its competencies at once.
    assert dashboard_statuses(learner_client), "the demo learner has no target title"
    asked = Question.objects.filter(assessment_links__page__in=[quiz, retried, assignment]).values("competencies")
    framework = max(target_frameworks(), key=lambda f: f.competencies.filter(pk__in=asked).count())
    response = learner_client.post(reverse("learning:target_framework"), {"target_framework": framework.pk})
    assert response.status_code == 302
    dashboard_before = dashboard_statuses(learner_client)
    assert dashboard_before, "« Mon parcours » shows no competency of the target title"

    # 1. Pass a quiz: right answers and an open response, which the trainer grades with the rubric.
    attempt = start(learner_client, quiz, learner, capture)
    questions = questions_of(attempt)
    quiz_competencies = competencies_of(questions.values())
    before = statuses(learner, quiz_competencies)
    attempt = submit(learner_client, attempt, right_form_data(questions, manual=True), capture)
    manual = list(Answer.objects.filter(attempt=attempt, needs_grading=True).select_related("question"))
    assert [answer.question.kind for answer in manual] == ["open_response"]
    assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, None), "graded before the trainer did"
    assert statements(learner, "passed", quiz) == 0
    grade(trainer_client, manual[0], trainer, capture)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.score == attempt.max_score == sum(Decimal(q.points) for q in questions.values())
    assert attempt.passed is True and passes(attempt)
    after = statuses(learner, quiz_competencies)
    assert all(after[pk] != before[pk] for pk in quiz_competencies), "a competency of the quiz did not move"
    assert {status for status, _score in after.values()} == {CompetencyStatusValue.DEMONSTRATED}
    assert statements(learner, "passed", quiz) == 1
    assert statements(learner, "failed", quiz) == 0
    results = learner_client.get(reverse("assessments:attempt_results", args=[attempt.pk]))
    assert results.status_code == 200
    assert results.context["can_retry"] is False, "a passed assessment offers a retry"

    # 2. Fail another assessment with wrong answers: the page offers a retry and counts the attempts left.
    attempt = start(learner_client, retried, learner, capture)
    questions = questions_of(attempt)
    retry_competencies = competencies_of(questions.values())
    before = statuses(learner, retry_competencies)
    attempt = submit(learner_client, attempt, wrong_form_data(questions), capture)
    auto = [q for q in questions.values() if q.kind not in MANUAL_KINDS]
    assert not Answer.objects.filter(attempt=attempt, question__in=auto, correct=True).exists()
    assert not Answer.objects.filter(attempt=attempt, needs_grading=True).exists(), "a blank essay awaits grading"
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.passed is False and not passes(attempt)
    assert statements(learner, "failed", retried) == 1
    assert statements(learner, "passed", retried) == 0
    results = learner_client.get(reverse("assessments:attempt_results", args=[attempt.pk]))
    assert results.status_code == 200
    assert results.context["can_retry"] is True
    assert "Faire une nouvelle tentative" in results.content.decode()
    page = learner_client.get(retried.url)
    assert page.status_code == 200
    left = retried.attempts_allowed - 1
    assert left >= 1, "the demo allows no retry"
    assert page.context["attempts_left"] == left and page.context["can_start"] is True
    assert f"Il vous reste {left} tentative" in page.content.decode()
    assert "Commencer une nouvelle tentative" in page.content.decode()
    after_failure = statuses(learner, retry_competencies)
    for pk in retry_competencies:
        if before[pk][0] == CompetencyStatusValue.NOT_ASSESSED:
            assert after_failure[pk][0] == CompetencyStatusValue.IN_PROGRESS, "a failed item left it unassessed"
        else:
            assert after_failure[pk] == before[pk], "a failure lowered a competency already shown"
    assert after_failure != before

    # 3. Retry within the allowed attempts and pass: right answers, the essay graded by the trainer.
    attempt = start(learner_client, retried, learner, capture)
    assert attempt.number == 2
    questions = questions_of(attempt)
    attempt = submit(learner_client, attempt, right_form_data(questions, manual=True), capture)
    assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, None)
    # While the essay awaits the trainer, no third attempt starts.
    with capture(execute=True):
        response = learner_client.post(reverse("assessments:attempt_start", args=[retried.pk]), follow=True)
    assert escape(str(AttemptErrorCode.AWAITING_GRADING.label)) in response.content.decode()
    assert Attempt.objects.filter(user=learner, assessment=retried).count() == 2
    for answer in Answer.objects.filter(attempt=attempt, needs_grading=True).select_related("question"):
        grade(trainer_client, answer, trainer, capture)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert attempt.score == attempt.max_score == sum(Decimal(q.points) for q in questions.values())
    assert attempt.passed is True and passes(attempt)
    assert statements(learner, "passed", retried) == 1
    assert statements(learner, "failed", retried) == 1
    after_pass = statuses(learner, retry_competencies)
    assert after_pass != after_failure
    order = [CompetencyStatusValue.NOT_ASSESSED, CompetencyStatusValue.IN_PROGRESS, CompetencyStatusValue.DEMONSTRATED]
    for pk in retry_competencies:
        assert order.index(after_pass[pk][0]) >= order.index(after_failure[pk][0]), "a pass lowered a status"
    assert any(
        after_failure[pk][0] != CompetencyStatusValue.DEMONSTRATED == after_pass[pk][0] for pk in retry_competencies
    )
    # Passed: no further attempt.
    with capture(execute=True):
        response = learner_client.post(reverse("assessments:attempt_start", args=[retried.pk]), follow=True)
    assert escape(str(AttemptErrorCode.ALREADY_PASSED.label)) in response.content.decode()
    assert Attempt.objects.filter(user=learner, assessment=retried).count() == 2

    # 4. Hand in the assignment alone (a PDF through the quiz form); the trainer grades it with the rubric.
    # The other questions are left blank, so the competencies move on the rubric's word only.
    attempt = start(learner_client, assignment, learner, capture)
    questions = questions_of(attempt)
    files = [q for q in questions.values() if q.kind == "file_assignment"]
    assert len(files) == 1, "the demo has no assignment to hand in"
    file_question = files[0]
    file_competencies = competencies_of([file_question])
    before_submission = statuses(learner, file_competencies)
    upload = SimpleUploadedFile("deroule-atelier.pdf", ASSIGNMENT_PDF, "application/pdf")
    attempt = submit(learner_client, attempt, {"action": "submit", f"q-{file_question.pk}": upload}, capture)
    assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, None)
    handed_in = Answer.objects.select_related("question").get(attempt=attempt, question=file_question)
    try:
        assert handed_in.needs_grading and handed_in.file
        assert handed_in.response["mime_type"] == "application/pdf"
        assert list(Answer.objects.filter(attempt=attempt, needs_grading=True)) == [handed_in]
        before_grading = statuses(learner, file_competencies)
        for pk in file_competencies:
            # An assignment awaiting correction does not count; the blank questions may lower nothing shown.
            if before_submission[pk][0] == CompetencyStatusValue.DEMONSTRATED:
                assert before_grading[pk][0] == CompetencyStatusValue.DEMONSTRATED
        download = trainer_client.get(reverse("assessments:answer_file", args=[handed_in.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == ASSIGNMENT_PDF
        audits = GradeAudit.objects.count()
        levels = grade(trainer_client, handed_in, trainer, capture)
        assert GradeAudit.objects.count() == audits + 1
        assert GradeAudit.objects.get(answer=handed_in).new_levels == levels
        attempt.refresh_from_db()
        assert attempt.status == AttemptStatus.GRADED
        assert attempt.score == handed_in.max_points
        assert attempt.passed is passes(attempt)
        assert statements(learner, "passed" if attempt.passed else "failed", assignment) == 1
        after_grading = statuses(learner, file_competencies)
        # A mastered assignment demonstrates every competency aligned to it, whatever the rest of the attempt.
        assert {status for status, _score in after_grading.values()} == {CompetencyStatusValue.DEMONSTRATED}
        moved = [pk for pk in file_competencies if before_grading[pk][0] != CompetencyStatusValue.DEMONSTRATED]
        assert moved, "every competency of the assignment was already demonstrated: grading changed nothing"
    finally:
        handed_in.refresh_from_db()
        handed_in.file.delete(save=False)

    # 5. Attempts beyond ``attempts_allowed`` are refused (another assessment, failed each time).
    for number in range(1, exhausted.attempts_allowed + 1):
        attempt = start(learner_client, exhausted, learner, capture)
        attempt = submit(learner_client, attempt, wrong_form_data(questions_of(attempt)), capture)
        assert attempt.passed is False and not passes(attempt)
        can_retry = learner_client.get(reverse("assessments:attempt_results", args=[attempt.pk])).context["can_retry"]
        assert can_retry is (number < exhausted.attempts_allowed)
    assert statements(learner, "failed", exhausted) == exhausted.attempts_allowed
    with capture(execute=True):
        response = learner_client.post(reverse("assessments:attempt_start", args=[exhausted.pk]), follow=True)
    assert response.status_code == 200
    assert Attempt.objects.filter(user=learner, assessment=exhausted).count() == exhausted.attempts_allowed
    html = response.content.decode()
    assert escape(str(AttemptErrorCode.NO_ATTEMPTS_LEFT.label)) in html
    assert response.context["attempts_left"] == 0 and response.context["can_start"] is False
    assert "Commencer une nouvelle tentative" not in html

    # 6. « Mon parcours » shows the competencies the assessments demonstrated.
    dashboard_after = dashboard_statuses(learner_client)
    demonstrated = set(
        CompetencyStatus.objects.filter(user=learner, status=CompetencyStatusValue.DEMONSTRATED).values_list(
            "competency_id", flat=True
        )
    )
    shown = {pk for pk, label in dashboard_after.items() if label == "demonstrated"}
    assert shown == demonstrated & set(dashboard_after)
    assert shown, "no demonstrated competency of the learner's target framework"
    assert all(dashboard_before[pk] != "demonstrated" for pk in shown)
