import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lms.core.scale_seed import ScaleSizes, scale_seed


class Command(BaseCommand):
    help = (
        "Build a load-test data set in bulk: organisations, learners across France, courses and lessons, "
        "then enrolments, progress, attempts, learning records, portfolios and badges where those apps "
        "have models (refused when TREMPLIN_ALLOW_DEMO_DATA is off, as in production)."
    )

    def add_arguments(self, parser):
        defaults = ScaleSizes()
        parser.add_argument("--learners", type=int, default=defaults.learners)
        parser.add_argument("--courses", type=int, default=defaults.courses)
        parser.add_argument("--lessons-per-course", type=int, default=defaults.lessons_per_course)
        parser.add_argument("--records", type=int, default=defaults.records, help="xAPI statements in total.")
        parser.add_argument("--organisations", type=int, default=defaults.organisations)
        parser.add_argument("--seed", type=int, default=defaults.seed, help="Random seed (same seed, same data).")

    def handle(self, *args, **options):
        sizes = ScaleSizes(
            learners=options["learners"],
            courses=options["courses"],
            lessons_per_course=options["lessons_per_course"],
            records=options["records"],
            organisations=options["organisations"],
            seed=options["seed"],
        )
        for name in ("learners", "courses", "lessons_per_course", "records", "organisations"):
            if getattr(sizes, name) < (1 if name in ("organisations", "courses", "lessons_per_course") else 0):
                raise CommandError(f"--{name.replace('_', '-')} is too small: {getattr(sizes, name)}.")
        self.stdout.write(f"Seeding on {connection.vendor}: {sizes}")
        started = time.monotonic()
        try:
            ctx = scale_seed(sizes=sizes, log=self.stdout.write)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        for name, count in ctx.counts.items():
            self.stdout.write(f"  {name:<24} {count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Load-test data set ready in {time.monotonic() - started:.1f} s."))
