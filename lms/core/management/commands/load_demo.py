from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from courses.services import organisation_section_ensure
from lms.core.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_accounts_load,
    demo_organisations_load,
    ensure_demo_allowed,
)
from lms.core.site_setup import site_setup


class Command(BaseCommand):
    help = "Load the demo organisations, accounts and content (idempotent; refused in production)."

    def handle(self, *args, **options):
        try:
            ensure_demo_allowed()
            _home, catalogue = site_setup()
            organisations = demo_organisations_load()
            for organisation in organisations.values():
                organisation_section_ensure(organisation=organisation, catalogue=catalogue)
            demo_accounts_load(organisations=organisations)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts (demo only):"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<32} {account.site_role:<14} {DEMO_PASSWORD}")
