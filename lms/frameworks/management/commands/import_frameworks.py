"""Import competency frameworks from a YAML data file (``manage.py import_frameworks FILE``)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.frameworks.readers import FrameworkDataError
from lms.frameworks.services import BUNDLED_FILE, frameworks_import_file


class Command(BaseCommand):
    help = "Create or update the competency frameworks, themes, evidence types and crosswalks of a YAML file."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(BUNDLED_FILE),
            help="YAML data file (default: the file bundled with the app).",
        )

    def handle(self, *args, **options):
        try:
            report = frameworks_import_file(options["file"])
        except OSError as exc:
            raise CommandError(
                _("Lecture impossible de %(file)s : %(error)s")
                % {"file": options["file"], "error": exc.strerror or exc}
            ) from exc
        except FrameworkDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.summary_lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                _("Import terminé : %(created)d création(s), %(updated)d mise(s) à jour.")
                % {"created": report.created, "updated": report.updated}
            )
        )
