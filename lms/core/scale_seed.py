"""Build a load-test data set of any size (``manage.py seed_scale``), step by step, in bulk.

Each step is one function taking the shared ``ScaleContext``; the steps for apps whose models are not
there yet say so and are skipped, so the command works while the platform grows.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection, transaction

from .page_cache import content_version_bump
from .scale_bulk import ModelMissing as StepUnavailable

REFUSED = (
    "seed_scale is refused under these settings (TREMPLIN_ALLOW_DEMO_DATA is off, as in production): "
    "it creates thousands of fictional accounts sharing one password."
)
ALREADY_SEEDED = "A load-test data set is already there ({count} accounts @{domain}); start from an empty database."


@dataclass
class ScaleSizes:
    learners: int = 40_000
    courses: int = 200
    lessons_per_course: int = 10
    records: int = 2_000_000
    organisations: int = 20
    seed: int = 2026


@dataclass
class ScaleContext:
    sizes: ScaleSizes
    rng: random.Random
    people: object = None
    catalogue: object = None
    enrolments: list[tuple[int, int]] = field(default_factory=list)  # (user_id, course_id)
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def ensure_scale_allowed() -> None:
    if not getattr(settings, "TREMPLIN_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured(REFUSED)


def _step_people(ctx: ScaleContext) -> None:
    from lms.accounts.models import User

    from .scale_people import SCALE_DOMAIN, scale_organisations_create, scale_users_create

    existing = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").count()
    if existing:
        raise ImproperlyConfigured(ALREADY_SEEDED.format(count=existing, domain=SCALE_DOMAIN))
    organisations = scale_organisations_create(count=ctx.sizes.organisations)
    ctx.people = scale_users_create(rng=ctx.rng, learners=ctx.sizes.learners, organisations=organisations)
    ctx.counts["organisations"] = len(organisations)
    ctx.counts["learners"] = len(ctx.people.learner_ids)
    ctx.counts["staff"] = len(ctx.people.staff_ids)


def _step_catalogue(ctx: ScaleContext) -> None:
    from .scale_courses import scale_catalogue_create
    from .site_setup import site_setup

    _home, catalogue = site_setup()
    ctx.catalogue = scale_catalogue_create(
        rng=ctx.rng,
        catalogue=catalogue,
        organisations=ctx.people.organisations,
        courses=ctx.sizes.courses,
        lessons_per_course=ctx.sizes.lessons_per_course,
    )
    ctx.counts["courses"] = len(ctx.catalogue.course_ids)
    ctx.counts["lessons"] = sum(len(ids) for ids in ctx.catalogue.lesson_ids_by_course.values())


def _step_search_index(ctx: ScaleContext) -> None:
    from wagtail.search.backends import get_search_backend

    from courses.models import CoursePage

    # Courses only: indexing thousands of lesson bodies would dominate the run, and the catalogue search
    # finds a course by its own text first.
    courses = CoursePage.objects.filter(pk__in=ctx.catalogue.course_ids)
    get_search_backend().add_bulk(CoursePage, list(courses))
    ctx.counts["indexed courses"] = len(ctx.catalogue.course_ids)


def _step_learning(ctx: ScaleContext) -> None:
    from .scale_learning import scale_learning_create

    ctx.counts.update(scale_learning_create(ctx=ctx))


def _step_assessments(ctx: ScaleContext) -> None:
    from .scale_assessments import scale_assessments_create

    ctx.counts.update(scale_assessments_create(ctx=ctx))


def _step_records(ctx: ScaleContext) -> None:
    from .scale_records import scale_records_create

    ctx.counts.update(scale_records_create(ctx=ctx))


def _step_portfolio_badges(ctx: ScaleContext) -> None:
    from .scale_portfolio_badges import scale_portfolio_badges_create

    ctx.counts.update(scale_portfolio_badges_create(ctx=ctx))


STEPS: list[tuple[str, Callable[[ScaleContext], None]]] = [
    ("people", _step_people),
    ("catalogue", _step_catalogue),
    ("search index", _step_search_index),
    ("learning", _step_learning),
    ("assessments", _step_assessments),
    ("records", _step_records),
    ("portfolio and badges", _step_portfolio_badges),
]


def _sqlite_bulk_mode() -> str | None:
    """Give SQLite a large page cache and a rollback journal for the load; return the journal mode to restore.

    In WAL mode every page of a multi-gigabyte load is written twice (to the WAL, then to the database
    at checkpoint); a rollback journal only saves the few pages that existed before. Switching needs
    the database to itself: when another connection holds it, the load simply runs in WAL mode.
    """
    if connection.in_atomic_block:
        return None  # inside a caller's transaction (tests): SQLite refuses these changes there
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -524288")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.execute("PRAGMA journal_mode")
        previous = cursor.fetchone()[0]
        try:
            cursor.execute("PRAGMA journal_mode = DELETE")
        except OperationalError:
            return None
    return previous if previous.lower() != "delete" else None


def scale_seed(*, sizes: ScaleSizes, log: Callable[[str], None] = lambda line: None) -> ScaleContext:
    """Create the data set; return what was created, step timings and skipped steps."""
    ensure_scale_allowed()
    ctx = ScaleContext(sizes=sizes, rng=random.Random(sizes.seed))
    sqlite_journal = _sqlite_bulk_mode() if connection.vendor == "sqlite" else None
    # One transaction for the whole set (a failure leaves nothing behind, and SQLite commits once), with a
    # savepoint per step so that a step whose app is not ready yet leaves no half-written rows.
    with transaction.atomic():
        for name, step in STEPS:
            started = time.monotonic()
            try:
                with transaction.atomic():
                    step(ctx)
            except StepUnavailable as reason:
                ctx.skipped[name] = str(reason)
                log(f"  {name}: skipped ({reason})")
                continue
            ctx.timings[name] = time.monotonic() - started
            log(f"  {name}: {ctx.timings[name]:.1f} s")
    if sqlite_journal:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA journal_mode = {sqlite_journal}")
    # Pages went in without Wagtail's signals: make the anonymous page cache forget what it holds.
    content_version_bump()
    if connection.vendor == "postgresql":
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        ctx.timings["analyze"] = time.monotonic() - started
    return ctx
