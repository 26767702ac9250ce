"""Enrolments, lesson and course completions, live sessions and attendance for load tests (plain rows)."""

import random
from datetime import timedelta

from django.utils import timezone

from .scale_bulk import db_datetime, indexes_postponed, model_or_missing, rows_insert

# How many courses a learner follows (weights of 1, 2, 3, 5, 8 courses).
COURSES_PER_LEARNER = ([1, 2, 3, 5, 8], [30, 25, 20, 15, 10])
LIVE_SESSIONS_PER_ORGANISATION = 5
SEATS_PER_LIVE_SESSION = 30


def _enrolments_draw(*, rng: random.Random, learner_ids: list[int], course_ids: list[int]) -> list[tuple[int, int]]:
    sizes, weights = COURSES_PER_LEARNER
    pairs = []
    for user_id in learner_ids:
        count = min(rng.choices(sizes, weights)[0], len(course_ids))
        pairs += [(user_id, course_id) for course_id in rng.sample(course_ids, count)]
    return pairs


def scale_learning_create(*, ctx) -> dict[str, int]:
    """Enrol every learner on 1–8 courses, mark lessons done, record completions and live attendance."""
    enrolment_model = model_or_missing("learning.Enrolment")
    lesson_completion = model_or_missing("learning.LessonCompletion")
    course_completion = model_or_missing("learning.CourseCompletion")
    rng, catalogue, now = ctx.rng, ctx.catalogue, timezone.now()
    ctx.enrolments = _enrolments_draw(rng=rng, learner_ids=ctx.people.learner_ids, course_ids=catalogue.course_ids)
    enrolments, lessons_done, completions = [], [], []
    for user_id, course_id in ctx.enrolments:
        lessons = catalogue.lesson_ids_by_course[course_id]
        # A third finish the course; the others stop somewhere along the way.
        done = len(lessons) if rng.random() < 0.33 else rng.randint(0, len(lessons) - 1)
        enrolled_at = now - timedelta(days=rng.randint(10, 360))
        for position, lesson_id in enumerate(lessons[:done]):
            lessons_done.append((user_id, lesson_id, course_id, db_datetime(enrolled_at + timedelta(days=position))))
        last_lesson = lessons[done - 1] if done else None
        enrolments.append((user_id, course_id, "self", db_datetime(enrolled_at), last_lesson))
        if done == len(lessons):
            completions.append((user_id, course_id, db_datetime(enrolled_at + timedelta(days=done))))
    with indexes_postponed(enrolment_model, lesson_completion, course_completion):
        counts = {
            "enrolments": rows_insert(
                enrolment_model, ["user", "course", "source", "enrolled_at", "last_lesson"], enrolments
            ),
            "lesson completions": rows_insert(
                lesson_completion, ["user", "lesson", "course", "completed_at"], lessons_done
            ),
            "course completions": rows_insert(course_completion, ["user", "course", "completed_at"], completions),
        }
    counts.update(_live_sessions_create(ctx=ctx, now=now))
    return counts


def _live_sessions_create(*, ctx, now) -> dict[str, int]:
    try:
        session_model = model_or_missing("learning.LiveSession")
        registration_model = model_or_missing("learning.LiveSessionRegistration")
    except LookupError:
        return {}
    rng = ctx.rng
    courses_by_organisation: dict[int, list[int]] = {}
    for course_id, organisation_id in ctx.catalogue.organisation_by_course.items():
        courses_by_organisation.setdefault(organisation_id, []).append(course_id)
    sessions = []
    for organisation in ctx.people.organisations:
        for number in range(1, LIVE_SESSIONS_PER_ORGANISATION + 1):
            sessions.append(
                session_model(
                    organisation=organisation,
                    course_id=rng.choice(courses_by_organisation.get(organisation.pk, [None])),
                    title=f"Classe virtuelle {number} — {organisation.name}",
                    starts_at=now + timedelta(days=rng.randint(-120, 60), hours=rng.randint(0, 8)),
                    duration_minutes=90,
                    place="en ligne",
                    capacity=SEATS_PER_LIVE_SESSION,
                )
            )
    session_model.objects.bulk_create(sessions, batch_size=1000)
    registrations = []
    for session in sessions:
        past = session.starts_at < now
        for user_id in rng.sample(ctx.people.learner_ids, min(SEATS_PER_LIVE_SESSION, len(ctx.people.learner_ids))):
            attended = past and rng.random() < 0.8
            registrations.append(
                (
                    user_id,
                    session.pk,
                    db_datetime(session.starts_at - timedelta(days=7)),
                    attended,
                    db_datetime(session.ends_at) if attended else None,
                    "list" if attended else "",
                )
            )
    fields = ["user", "session", "registered_at", "attended", "attended_at", "attendance_method"]
    return {
        "live sessions": len(sessions),
        "live registrations": rows_insert(registration_model, fields, registrations),
    }
