"""Backfill badges: evaluate every learner who has a completion, a demonstrated competency or an attendance.

Also retries the assertions left ``failed`` (e.g. after fixing a badge class whose data could not be
signed). ``--enqueue`` sends one ``badges.evaluate_awards`` task per learner instead of running here.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q

from lms.badges.services import AssertionIssueError, assertions_issue_pending, awards_evaluate
from lms.badges.tasks import evaluate_awards


def learner_ids() -> list[int]:
    """Return the ids of the users with at least one fact a badge rule can use."""
    from django.contrib.auth import get_user_model

    from assessments.models import CompetencyStatusValue

    return list(
        get_user_model()
        .objects.filter(
            Q(course_completions__isnull=False)
            | Q(competency_statuses__status=CompetencyStatusValue.DEMONSTRATED)
            | Q(live_registrations__attended=True)
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


class Command(BaseCommand):
    help = "Award every badge already earned and retry failed assertions (safe to run any number of times)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Send Celery tasks instead of running inline.")

    def handle(self, *args, enqueue: bool = False, **options):
        ids = learner_ids()
        if enqueue:
            for user_id in ids:
                evaluate_awards.delay(user_id)
            self.stdout.write(f"{len(ids)} evaluation task(s) enqueued.")
            return
        issued, failed = 0, {}
        for user_id in ids:
            try:
                issued += len(awards_evaluate(user_id=user_id))
            except AssertionIssueError as error:
                failed.update(error.failures)
        try:
            issued += len(assertions_issue_pending())
        except AssertionIssueError as error:
            failed.update(error.failures)
        self.stdout.write(f"{len(ids)} learner(s) evaluated, {issued} badge(s) issued, {len(failed)} failure(s).")
        for assertion_id, message in failed.items():
            self.stderr.write(f"assertion {assertion_id}: {message}")
        if failed:
            raise SystemExit(1)
