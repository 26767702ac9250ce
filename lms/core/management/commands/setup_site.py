from django.core.management.base import BaseCommand

from lms.core.site_setup import site_setup


class Command(BaseCommand):
    help = "Create the home page, the catalogue and the role groups (idempotent)."

    def handle(self, *args, **options):
        home, catalogue = site_setup()
        self.stdout.write(self.style.SUCCESS(f"Site ready: home page #{home.pk}, catalogue #{catalogue.pk}."))
