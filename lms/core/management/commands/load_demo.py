from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from assessments.demo import demo_assessments_load
from courses.demo import demo_courses_load
from courses.services import organisation_section_ensure
from lms.badges.demo import demo_badges_load
from lms.core.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_accounts_load,
    demo_organisations_load,
    ensure_demo_allowed,
)
from lms.core.site_setup import site_setup
from lms.learning.demo import demo_learning_load
from lms.portfolio.demo import demo_portfolio_load


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
            courses = demo_courses_load(organisations=organisations)
            # Order matters: assessments sit in the courses, cohorts and sessions use both,
            # badges reward what learning recorded, the portfolio collects all of it.
            demo_assessments_load()
            demo_learning_load()
            demo_badges_load()
            demo_portfolio_load()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo courses: {len(courses.created)} created, {len(courses.kept)} already there.")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts (demo only):"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<32} {account.site_role:<14} {DEMO_PASSWORD}")
