from django.core.management.base import BaseCommand

from lms.records.services import outbox_entries_retry_failed


class Command(BaseCommand):
    help = "Give statements that failed to reach the LRS a fresh series of delivery attempts."

    def add_arguments(self, parser):
        parser.add_argument("--entry", type=int, action="append", dest="entry_ids", help="Only this outbox entry id.")

    def handle(self, *args, entry_ids=None, **options):
        count = outbox_entries_retry_failed(entry_ids=entry_ids)
        self.stdout.write(f"{count} failed statement(s) queued again for the LRS.")
