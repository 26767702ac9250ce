"""Millions of xAPI statements for load tests, written as text templates filled in per row.

Building each statement with ``lms.records.xapi.build_statement`` and ``json.dumps`` costs more than the
insert itself at two million rows. The statement of one verb on one activity is serialised once with
placeholders; each row only fills in its id, actor and timestamp. The result is the same JSON that
``statement_record`` stores (checked by the test on a sample).
"""

import json
import os
import uuid
from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone

from .scale_bulk import db_datetime, db_uuid, indexes_postponed, model_or_missing, rows_insert

PLACEHOLDERS = ("@@ID@@", "@@ACCOUNT@@", "@@TIMESTAMP@@")
# What a learner's trace looks like on a lesson: open it, come back, finish it.
LESSON_VERBS = [("launched", {}), ("launched", {}), ("completed", {"completion": True})]


def uuid7(moment_ms: int) -> uuid.UUID:
    """Return a version 7 UUID (RFC 9562): time-ordered, so the primary-key index is appended to, not split."""
    random_bits = int.from_bytes(os.urandom(10))
    value = (moment_ms & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | (random_bits >> 68) << 64 | 0b10 << 62
    return uuid.UUID(int=value | random_bits & 0x3FFF_FFFF_FFFF_FFFF)


def _template(*, verb: str, object_url: str, object_name: str, result: dict) -> tuple:
    """Return the row values shared by every statement of ``verb`` on one lesson, and the raw JSON split
    around the id, the actor's account name and the timestamp."""
    from lms.records.services import PLATFORM
    from lms.records.verbs import VERBS
    from lms.records.xapi import build_context, build_result, build_statement

    built_result = build_result(result)
    context = build_context(alignments=[], extensions={}, registration=None, platform=PLATFORM)
    raw = build_statement(
        statement_id=uuid.UUID(int=0),
        home_page=settings.SITE_URL,
        account_name=PLACEHOLDERS[1],
        verb=verb,
        object_url=object_url,
        object_name=object_name,
        object_type="lesson",
        result=built_result,
        context=context,
        timestamp=timezone.now(),
    )
    raw["id"], raw["timestamp"] = PLACEHOLDERS[0], PLACEHOLDERS[2]
    text = json.dumps(raw, ensure_ascii=False)
    for placeholder in PLACEHOLDERS:
        text = text.replace(f'"{placeholder}"', "\x00")
    parts = tuple(text.split("\x00"))
    shared = (
        verb,
        VERBS[verb].iri,
        object_url,
        "lesson",
        object_name[:255],
        json.dumps(built_result),
        json.dumps(context),
    )
    return shared, parts


def scale_records_create(*, ctx) -> dict[str, int]:
    """Write ``ctx.sizes.records`` lesson statements over the learners' enrolments, oldest first."""
    statement_model = model_or_missing("records.Statement")
    account_model = model_or_missing("records.ActorAccount")
    from courses.models import LessonPage

    accounts = {user_id: str(uuid.uuid4()) for user_id in ctx.people.learner_ids}
    rows_insert(account_model, ["user", "name"], ((u, db_uuid(uuid.UUID(name))) for u, name in accounts.items()))
    total = ctx.sizes.records
    if not total or not accounts:
        return {"xapi accounts": len(accounts)}
    pairs = ctx.enrolments or [(user_id, ctx.rng.choice(ctx.catalogue.course_ids)) for user_id in accounts]
    all_lessons = [pk for ids in ctx.catalogue.lesson_ids_by_course.values() for pk in ids]
    lessons = {
        page.pk: (page.url_path, page.title)
        for page in LessonPage.objects.filter(pk__in=all_lessons).defer_streamfields().only("id", "url_path", "title")
    }
    site_root = settings.SITE_URL.rstrip("/")
    templates: dict[tuple[int, int], tuple] = {}
    start = timezone.now() - timedelta(days=365)
    step = timedelta(days=365) / total

    def rows():
        for number in range(total):
            user_id, course_id = pairs[number % len(pairs)]
            lesson_ids = ctx.catalogue.lesson_ids_by_course[course_id]
            # Each pass over the enrolments moves every learner one trace further along their course.
            round_number = number // len(pairs)
            lesson_id = lesson_ids[(round_number // len(LESSON_VERBS)) % len(lesson_ids)]
            key = (lesson_id, round_number % len(LESSON_VERBS))
            if key not in templates:
                url_path, title = lessons[lesson_id]
                verb, result = LESSON_VERBS[key[1]]
                # url_path starts with the site root page ("/accueil/…"), which public URLs leave out.
                public_path = url_path.split("/", 2)[-1]
                templates[key] = _template(
                    verb=verb, object_url=f"{site_root}/{public_path}", object_name=title, result=result
                )
            shared, (p0, p1, p2, p3) = templates[key]
            moment = (start + step * number).replace(microsecond=0)
            statement_id, account = uuid7(int(moment.timestamp() * 1000)), accounts[user_id]
            stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            raw = f'{p0}"{statement_id}"{p1}"{account}"{p2}"{stamp}"{p3}'
            when = db_datetime(moment)
            yield (db_uuid(statement_id), user_id, account, *shared, when, when, raw)

    fields = [
        "id", "user", "actor_account", "verb", "verb_iri", "object_id", "object_type", "object_name",
        "result", "context", "timestamp", "stored", "raw",
    ]  # fmt: skip
    with indexes_postponed(statement_model):
        count = rows_insert(statement_model, fields, rows())
    return {"xapi accounts": len(accounts), "xapi statements": count}
