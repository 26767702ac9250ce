"""Set up one bench phase: the load-test data set, then the pages and users each scenario needs.

Run with the development settings on the bench database (seeding is refused under production
settings); the sessions are signed with the production SECRET_KEY exported by bench/env.sh, so the
production server accepts them.

    python -m bench.fixtures --learners 40000 --records 2000000 --out var/bench/state.json
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import django


def _session_for(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _course_with_lessons(*, section, slug: str, title: str, lessons: int):
    from courses.models import CoursePage, LessonPage
    from lms.core.scale_courses import PARAGRAPH
    from lms.core.scale_pages import pages_bulk_add, pages_bulk_add_under_each

    course = CoursePage(
        title=title,
        slug=slug,
        organisation_id=section.organisation_id,
        summary="Parcours de mesure des performances.",
        modality="online",
        level="beginner",
    )
    pages_bulk_add(parent=section, pages=[course], numchild=lessons)
    body = json.dumps([{"type": "text", "value": f"<h2>Repères</h2>{PARAGRAPH}{PARAGRAPH}"}])
    pages = [
        LessonPage(title=f"Leçon {n} — {title}", slug=f"lecon-{n}", summary="Repères.", body=body)
        for n in range(1, lessons + 1)
    ]
    pages_bulk_add_under_each(parents=[course], children=[pages])
    return CoursePage.objects.get(pk=course.pk), list(LessonPage.objects.child_of(course).order_by("path"))


def _learner_fixtures(*, learner, courses, lessons_5, lessons_50) -> dict[str, str]:
    """Enrol the bench learner on 20 courses, with some progress and 500 records; return the paths."""
    from django.urls import reverse

    from courses.models import CoursePage
    from lms.core.scale_bulk import ModelMissing, model_or_missing

    paths: dict[str, str] = {}
    try:
        model_or_missing("learning.Enrolment")
        from lms.learning.services import enrolment_create, lesson_complete
    except (ModelMissing, ImportError):
        return paths
    others = list(CoursePage.objects.live().exclude(pk__in=[c.pk for c in courses]).order_by("path")[:18])
    for course in [*courses, *others]:
        enrolment_create(user=learner, course=course)
    for lesson in lessons_5[:2] + lessons_50[:10]:
        lesson_complete(user=learner, lesson=lesson)
    paths["dashboard"] = reverse("learning:dashboard")
    try:
        from lms.records.models import Statement
        from lms.records.services import absolute_url, statement_record
    except ImportError:
        return paths
    missing = 500 - Statement.objects.filter(user=learner).count()
    lessons = lessons_50 + lessons_5
    for number in range(max(missing, 0)):
        lesson = lessons[number % len(lessons)]
        statement_record(
            user=learner,
            verb="launched",
            object_url=absolute_url(lesson.url_path.split("/", 2)[-1]),
            object_name=lesson.title,
            object_type="lesson",
        )
    return paths


def _quiz_fixture(*, course) -> dict[str, int]:
    """Add a 10-question true/false quiz (unlimited attempts) to ``course``; return its page id."""
    try:
        from assessments.models import AssessmentPage, AssessmentQuestion, Question
    except ImportError:
        return {}
    questions = [
        Question.objects.create(
            organisation_id=course.organisation_id,
            kind="true_false",
            prompt=f"Affirmation {number} : le médiateur fait à la place de la personne.",
            config={"answer": number % 2 == 0},
        )
        for number in range(1, 11)
    ]
    quiz = AssessmentPage(title="Quiz de mesure", slug="quiz-banc", attempts_allowed=0, pass_mark=50)
    quiz.question_links = [AssessmentQuestion(question=q, sort_order=n) for n, q in enumerate(questions)]
    course.add_child(instance=quiz)
    quiz.save_revision().publish()
    return {"quiz_page_id": quiz.pk}


def bench_fixtures(*, learners: int, records: int, courses: int, lessons_per_course: int) -> dict:
    """Seed the data set and the bench's own pages and users; return the state the measuring steps read."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.urls import NoReverseMatch, reverse

    from courses.models import OrganisationSectionPage
    from lms.accounts.models import User
    from lms.accounts.roles import SITE_ROLE_GROUPS, SiteRole
    from lms.core.page_cache import content_version_bump
    from lms.core.site_setup import site_setup

    timings = {}
    started = time.monotonic()
    home, _catalogue = site_setup()
    call_command(
        "seed_scale",
        learners=learners,
        courses=courses,
        lessons_per_course=lessons_per_course,
        records=records,
        organisations=20,
    )
    timings["seed_scale_s"] = round(time.monotonic() - started, 1)
    section = OrganisationSectionPage.objects.order_by("path").first()
    course_5, lessons_5 = _course_with_lessons(section=section, slug="bench-5", title="Banc 5 leçons", lessons=5)
    course_50, lessons_50 = _course_with_lessons(section=section, slug="bench-50", title="Banc 50 leçons", lessons=50)
    learner = User.objects.create_user(
        email="banc.apprenant@bench.tremplin.test", first_name="Banc", last_name="Mesure"
    )
    learner.groups.add(Group.objects.get(name=SITE_ROLE_GROUPS[SiteRole.LEARNER]))
    coordinator = User.objects.create_user(email="banc.coordination@bench.tremplin.test", first_name="Banc")
    coordinator.groups.add(Group.objects.get(name=SITE_ROLE_GROUPS[SiteRole.COORDINATOR]))
    paths = {
        "hello": "/bench/hello/",
        "wagtail": home.url,
        "catalogue": "/formations/",
        "catalogue_filtered": "/formations/?modality=online&level=beginner",
        "course": course_5.url,
        "lesson_5": lessons_5[2].url,
        "lesson_50": lessons_50[25].url,
    }
    paths.update(
        _learner_fixtures(learner=learner, courses=[course_5, course_50], lessons_5=lessons_5, lessons_50=lessons_50)
    )
    ids = _quiz_fixture(course=course_5)
    try:
        paths["coordination"] = reverse("learning:coordination")
    except NoReverseMatch:  # the view does not exist yet
        pass
    content_version_bump()
    timings["fixtures_s"] = round(time.monotonic() - started, 1)
    return {
        "paths": paths,
        "sessions": {"learner": _session_for(learner), "coordinator": _session_for(coordinator)},
        "ids": ids,
        "sizes": {
            "learners": learners,
            "records": records,
            "courses": courses,
            "lessons_per_course": lessons_per_course,
        },
        "timings": timings,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, required=True)
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--lessons-per-course", type=int, default=10)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    django.setup()
    state = bench_fixtures(
        learners=args.learners, records=args.records, courses=args.courses, lessons_per_course=args.lessons_per_course
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(state, indent=2))
    print(json.dumps(state["timings"]))


if __name__ == "__main__":
    main(sys.argv[1:])
