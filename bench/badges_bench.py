"""Benchmark badge issuing: 1,000 course completions through Redis and a real Celery worker.

Usage: ``.venv/bin/python bench/badges_bench.py [--awards 1000] [--concurrency 2]``. Needs Redis on
127.0.0.1:6379 and PostgreSQL on 127.0.0.1:5432 (role ``tremplin``, CREATEDB). Not a test: it
prints a Markdown table.

What happens, per mode (OB 3.0 signing on, then off via ``BADGES_SIGN_OB3``):

1. A throwaway database ``tremplin_badges_bench`` is created and migrated once (test settings plus
   the broker); a course with a « course completed » badge class and N learners who completed it
   are seeded for each mode.
2. A worker (``celery -A lms worker``, prefork, ``--concurrency``) is started on a private queue
   so that no other worker on the same Redis takes the tasks.
3. The driver enqueues ``badges.evaluate_awards(user_id)`` for the N learners and waits for every
   result. awards/s = N ÷ (time from the first enqueue to the last result).

Each award is the full production path: rule evaluation, the pending assertion, the signed
OpenBadgeCredential (when on), the xAPI "earned" statement, in one transaction per award.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "tremplin_badges_bench"
DB_URL = f"postgres://tremplin:tremplin@127.0.0.1:5432/{DB_NAME}"
BROKER = "redis://127.0.0.1:6379/0"
QUEUE = "badges-bench"
MODES = (("OB 2.0 hosted + OB 3.0 signed", "1"), ("OB 2.0 hosted only", "0"))

SETTINGS = f"""
import os
from lms.settings.test import *  # noqa: F403
import dj_database_url

DATABASES = {{"default": dj_database_url.parse({DB_URL!r}, conn_max_age=60)}}
CELERY_BROKER_URL = {BROKER!r}
CELERY_RESULT_BACKEND = {BROKER!r}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = {QUEUE!r}
CELERY_RESULT_EXPIRES = 600
BADGES_SIGN_OB3 = os.environ.get("BADGES_SIGN_OB3", "1") == "1"
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
ROOT_URLCONF = "badges_bench_urls"
"""

URLS = """
from django.urls import NoReverseMatch, include, path, reverse
from lms import urls as project_urls

namespaces = {getattr(pattern, "namespace", None) for pattern in project_urls.urlpatterns}
urlpatterns = [] if "badges" in namespaces else [path("badges/", include("lms.badges.urls"))]
if "assessments" not in namespaces:
    urlpatterns.append(path("evaluations/", include("assessments.urls")))
urlpatterns += project_urls.urlpatterns
"""

SEED = """
import django, json, sys
django.setup()
from django.core.files.base import ContentFile
from django.db import transaction
from courses.models import CoursePage
from courses.services import organisation_section_ensure
from lms.accounts.models import Organisation, User
from lms.badges.demo import course_badge_png
from lms.badges.models import BadgeClass, BadgeRule, RuleKind
from lms.badges.services import issuer_ensure
from lms.core.site_setup import site_setup
from lms.frameworks.models import Theme
from lms.learning.models import CourseCompletion

count, tag = int(sys.argv[1]), sys.argv[2]
_home, catalogue = site_setup()
organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Organisme bench",
    "contact_email": "badges@bench.example", "website": "https://bench.example"})
section = organisation_section_ensure(organisation=organisation, catalogue=catalogue)
theme, _ = Theme.objects.get_or_create(code="BENCH", defaults={"title": "Bench"})
course = CoursePage(title=f"Parcours {tag}", slug=f"parcours-{tag}", summary="Bench.", theme=theme)
section.add_child(instance=course)
course.save_revision().publish()
badge = BadgeClass(organisation=organisation, name=f"Parcours terminé : {tag}", description="Bench.",
    criteria_narrative="Terminer le parcours.", image_alt="Badge")
badge.image.save(f"bench-{tag}.png", ContentFile(course_badge_png(title=tag, colour="#1d4e89")), save=False)
badge.save()
BadgeRule.objects.create(badge_class=badge, kind=RuleKind.COURSE_COMPLETED, course=course)
issuer_ensure(organisation=organisation)
with transaction.atomic():
    users = User.objects.bulk_create([User(email=f"bench-{tag}-{n}@bench.example", first_name="Bench",
        last_name=str(n)) for n in range(count)])
    CourseCompletion.objects.bulk_create([CourseCompletion(user=user, course=course) for user in users])
print(json.dumps([user.pk for user in users]))
"""

DRIVE = """
import django, json, sys, time
django.setup()
from lms.badges.tasks import evaluate_awards
from lms.celery import app

ids = json.loads(sys.stdin.read())
deadline = time.monotonic() + 60
while not app.control.inspect(timeout=1).ping():
    if time.monotonic() > deadline:
        sys.exit("no worker answered")
started = time.perf_counter()
results = [evaluate_awards.apply_async(args=[user_id]) for user_id in ids]
enqueued = time.perf_counter() - started
awarded = sum(len(result.get(timeout=1800)) for result in results)
elapsed = time.perf_counter() - started
print(json.dumps({"awarded": awarded, "elapsed": elapsed, "enqueued": enqueued}))
"""

CHECK = """
import django, json, sys
django.setup()
from lms.badges import ob3
from lms.badges.models import Assertion, IssuerKey
tag = sys.argv[1]
issued = Assertion.objects.filter(badge_class__name=f"Parcours terminé : {tag}", status="issued")
sample = issued.filter(credential__isnull=False).first()
verified = None
if sample is not None:
    key = IssuerKey.objects.get(issuer=sample.issuer).public_key_multibase
    verified = ob3.verify_credential(sample.credential, key).ok
print(json.dumps({"issued": issued.count(), "signed": issued.filter(credential__isnull=False).count(), "verified": verified}))
"""


def run(code: str, *args: str, env: dict, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"step failed:\n{result.stderr[-4000:]}")
    return result.stdout.strip().splitlines()[-1]


def recreate_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://tremplin:tremplin@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="badges-bench-"))
    (workdir / "badges_bench_settings.py").write_text(SETTINGS)
    (workdir / "badges_bench_urls.py").write_text(URLS)
    env = {
        **os.environ,
        "PYTHONPATH": f"{workdir}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "badges_bench_settings",
        "BENCH_MEDIA_ROOT": str(workdir / "media"),
    }
    recreate_database()
    print(f"Migrating {DB_NAME}…", file=sys.stderr)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)

    rows = []
    for label, sign in MODES:
        mode_env = {**env, "BADGES_SIGN_OB3": sign}
        tag = f"sign{sign}"
        ids = run(SEED, str(options.awards), tag, env=mode_env)
        worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "lms", "worker", "-Q", QUEUE, "-l", "warning",
                "--pool", "prefork", "--concurrency", str(options.concurrency), "-n", f"badges-bench-{tag}@%h",
                "--without-gossip", "--without-mingle",
            ],
            cwd=ROOT,
            env=mode_env,
            stdout=sys.stderr,  # the worker's banner must not end up in the Markdown report
        )  # fmt: skip
        try:
            print(f"{label}: issuing {options.awards} badges…", file=sys.stderr)
            outcome = json.loads(run(DRIVE, env=mode_env, stdin=ids))
        finally:
            worker.terminate()
            worker.wait(timeout=60)
        check = json.loads(run(CHECK, tag, env=mode_env))
        rows.append((label, outcome, check))

    print(f"\n{options.awards} completions, worker concurrency {options.concurrency}, Redis broker, PostgreSQL\n")
    print("| mode | awards | seconds | awards/s | ms per award per worker process | signed | sample verifies |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, outcome, check in rows:
        rate = outcome["awarded"] / outcome["elapsed"]
        per_award = 1000 * outcome["elapsed"] * options.concurrency / max(outcome["awarded"], 1)
        print(
            f"| {label} | {outcome['awarded']} | {outcome['elapsed']:.1f} | {rate:.1f} | {per_award:.0f} "
            f"| {check['signed']} | {check['verified']} |"
        )
        if check["issued"] != options.awards:
            sys.exit(f"{label}: {check['issued']} badges issued, expected {options.awards}")


if __name__ == "__main__":
    main()
