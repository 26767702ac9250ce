from django.core.management.base import BaseCommand

from lms.records.services import statements_forward_pending


class Command(BaseCommand):
    help = "Send the due statements to the LRS now (for deployments without Celery beat, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="At most this many statements (default 100).")

    def handle(self, *args, limit, **options):
        sent = statements_forward_pending(limit=limit)
        self.stdout.write(f"{sent} statement(s) sent to the LRS.")
