"""Assessments for load tests: a quiz under every course, and the attempts learners made on them.

Each organisation gets a bank of true/false questions (scored without a trainer), each aligned to one
competency; each course gets a published 10-question quiz drawn from its organisation's bank. Every course
completion comes with a passed attempt (a quarter of them after a failed one, as the quiz is required
for completion), and one learner in ten still on the way has a failed attempt. Each submitted attempt
holds its ten scored answers. Attempts and answers go in as plain rows (explicit attempt ids, so the
answers can point at them without reading anything back).
"""

import json
import random
from datetime import timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from .scale_bulk import db_datetime, indexes_postponed, model_or_missing, rows_insert
from .scale_pages import pages_bulk_add

QUESTIONS_PER_QUIZ = 10
QUESTIONS_PER_ORGANISATION = 30
PASS_MARK = 70
FAILED_FIRST = 0.25  # share of completions whose passed attempt came after a failed one
TRYING = 0.10  # share of unfinished enrolments with a failed attempt
STATEMENTS = [
    "Le médiateur fait les démarches à la place de la personne pour gagner du temps.",
    "Un mot de passe robuste peut être noté sur un post-it collé à l'écran.",
    "Vérifier la source d'une information fait partie de l'accompagnement.",
    "La personne accompagnée garde la main sur le clavier autant que possible.",
    "Un atelier collectif se prépare avec des objectifs observables.",
    "Orienter vers une autre structure est un échec de l'accompagnement.",
]


def _bank_create(*, rng: random.Random, organisation_ids: list[int]) -> dict[int, list[int]]:
    """Create each organisation's true/false questions; return their ids by organisation."""
    question_model = model_or_missing("assessments.Question")
    competency_model = model_or_missing("frameworks.Competency")
    competency_ids = list(competency_model.objects.values_list("pk", flat=True))
    questions = [
        question_model(
            organisation_id=organisation_id,
            kind="true_false",
            prompt=f"{STATEMENTS[number % len(STATEMENTS)]} (n° {number})",
            config={"answer": rng.random() < 0.5},
        )
        for organisation_id in organisation_ids
        for number in range(1, QUESTIONS_PER_ORGANISATION + 1)
    ]
    question_model.objects.bulk_create(questions, batch_size=1000)
    if competency_ids:
        through = question_model.competencies.through
        through.objects.bulk_create(
            [through(question_id=q.pk, competency_id=rng.choice(competency_ids)) for q in questions], batch_size=1000
        )
    bank: dict[int, list[int]] = {organisation_id: [] for organisation_id in organisation_ids}
    for question in questions:
        bank[question.organisation_id].append(question.pk)
    return bank


def _quizzes_create(*, rng: random.Random, catalogue, bank: dict[int, list[int]]) -> dict[int, tuple[int, list[int]]]:
    """Add a live quiz under every course; return ``course_id → (quiz_id, question_ids)``."""
    page_model = model_or_missing("assessments.AssessmentPage")
    link_model = model_or_missing("assessments.AssessmentQuestion")
    course_model = model_or_missing("courses.CoursePage")
    quizzes: dict[int, tuple[int, list[int]]] = {}
    links = []
    for course in course_model.objects.filter(pk__in=catalogue.course_ids).only("id", "path", "title", "url_path"):
        quiz = page_model(
            title=f"Évaluation — {course.title}"[:255], slug="evaluation", pass_mark=PASS_MARK, attempts_allowed=3
        )
        pages_bulk_add(parent=course, pages=[quiz])
        question_ids = rng.sample(bank[catalogue.organisation_by_course[course.pk]], QUESTIONS_PER_QUIZ)
        links += [link_model(page_id=quiz.pk, question_id=q, sort_order=n) for n, q in enumerate(question_ids)]
        quizzes[course.pk] = (quiz.pk, question_ids)
    link_model.objects.bulk_create(links, batch_size=1000)
    return quizzes


def _attempt_rows(*, rng, quizzes, answers_key, completions, unfinished, now):
    """Yield ``(attempt_row, answer_rows)`` for the completions and a sample of the unfinished enrolments."""
    plans = [(user_id, course_id, at, True) for user_id, course_id, at in completions]
    plans += [(user_id, course_id, None, False) for user_id, course_id in unfinished if rng.random() < TRYING]
    needed = -(-QUESTIONS_PER_QUIZ * PASS_MARK // 100)  # right answers needed to pass (rounded up)
    for user_id, course_id, completed_at, completed in plans:
        quiz_id, question_ids = quizzes[course_id]
        ends = completed_at or now - timedelta(days=rng.randint(1, 90))
        if completed:
            outcomes = ([False] if rng.random() < FAILED_FIRST else []) + [True]
        else:
            outcomes = [False]
        for number, passed in enumerate(outcomes, start=1):
            right = rng.randint(needed, QUESTIONS_PER_QUIZ) if passed else rng.randint(0, needed - 1)
            correct_set = set(rng.sample(question_ids, right))
            submitted = ends - timedelta(days=len(outcomes) - number, minutes=rng.randint(1, 60))
            started = submitted - timedelta(minutes=rng.randint(3, 25))
            attempt = (user_id, quiz_id, number, json.dumps(question_ids), rng.randint(0, 2**31 - 1),
                       db_datetime(started), db_datetime(submitted), "graded", Decimal(right),
                       Decimal(QUESTIONS_PER_QUIZ), passed, False)  # fmt: skip
            answers = [
                (json.dumps(answers_key[q] if q in correct_set else not answers_key[q]), db_datetime(submitted),
                 Decimal(1 if q in correct_set else 0), Decimal(1), q in correct_set, False, "", "", q)
                for q in question_ids
            ]  # fmt: skip
            yield attempt, answers


def scale_assessments_create(*, ctx) -> dict[str, int]:
    """Create the question banks, one quiz per course, and the learners' graded attempts with answers."""
    attempt_model = model_or_missing("assessments.Attempt")
    answer_model = model_or_missing("assessments.Answer")
    question_model = model_or_missing("assessments.Question")
    completion_model = model_or_missing("learning.CourseCompletion")
    rng, catalogue, now = ctx.rng, ctx.catalogue, timezone.now()
    bank = _bank_create(rng=rng, organisation_ids=sorted(set(catalogue.organisation_by_course.values())))
    quizzes = _quizzes_create(rng=rng, catalogue=catalogue, bank=bank)
    answers_key = {
        pk: config["answer"]
        for pk, config in question_model.objects.filter(pk__in=[q for ids in bank.values() for q in ids]).values_list(
            "pk", "config"
        )
    }
    completions = list(
        completion_model.objects.filter(course_id__in=quizzes).values_list("user_id", "course_id", "completed_at")
    )
    completed = {(user_id, course_id) for user_id, course_id, _at in completions}
    unfinished = [pair for pair in ctx.enrolments if pair not in completed and pair[1] in quizzes]
    next_id = (attempt_model.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    attempts, answers = [], []
    for attempt, attempt_answers in _attempt_rows(
        rng=rng, quizzes=quizzes, answers_key=answers_key, completions=completions, unfinished=unfinished, now=now
    ):
        attempts.append((next_id, *attempt))
        answers += [(next_id, *answer) for answer in attempt_answers]
        next_id += 1
    attempt_fields = ["id", "user", "assessment", "number", "question_ids", "shuffle_seed", "started_at",
                      "submitted_at", "status", "score", "max_score", "passed", "late"]  # fmt: skip
    answer_fields = ["attempt", "response", "saved_at", "points", "max_points", "correct", "needs_grading",
                     "feedback", "file", "question"]  # fmt: skip
    with indexes_postponed(attempt_model, answer_model):
        counts = {
            "quizzes": len(quizzes),
            "bank questions": sum(len(ids) for ids in bank.values()),
            "attempts": rows_insert(attempt_model, attempt_fields, attempts),
            "answers": rows_insert(answer_model, answer_fields, answers),
        }
    # Explicit ids leave PostgreSQL's sequence behind: the next attempt made on the site would collide.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [attempt_model]):
            cursor.execute(statement)
    return counts
