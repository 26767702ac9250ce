import io

import pytest
from django.core.management import call_command
from PIL import Image

from lms.badges import demo, images
from lms.badges.models import Assertion, BadgeClass, BadgeRule, RuleKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    """Load the demo accounts, courses and learning data (``load_demo`` may already load the badges)."""
    from lms.learning.demo import demo_learning_load

    call_command("load_demo", verbosity=0)
    demo_learning_load()


class TestDemoBadges:
    def test_one_badge_per_course_and_the_participation_badge_idempotent(self, demo_world):
        from courses.models import CoursePage

        report = demo.demo_badges_load()
        courses = CoursePage.objects.count()
        assert len(report.created) + len(report.kept) == courses + 1
        assert BadgeClass.objects.filter(name__startswith="Parcours terminé : ").count() == courses
        counts = (BadgeClass.objects.count(), BadgeRule.objects.count(), Assertion.objects.count())
        again = demo.demo_badges_load()
        assert again.created == []
        assert (BadgeClass.objects.count(), BadgeRule.objects.count(), Assertion.objects.count()) == counts
        participation = BadgeClass.objects.get(name=demo.PARTICIPATION_NAME)
        rule = participation.rules.get(kind=RuleKind.SESSIONS_ATTENDED)
        assert (rule.series.title, rule.sessions_required) == ("Les jeudis de la médiation", 3)
        assert participation.image_kind == "svg"
        course_badge = BadgeClass.objects.filter(name__startswith="Parcours terminé : ").first()
        assert course_badge.rules.get().kind == RuleKind.COURSE_COMPLETED
        assert course_badge.image_alt

    def test_drawn_images_are_valid_badge_images(self):
        png = demo.course_badge_png(title="Posture professionnelle", colour="#1d4e89")
        with Image.open(io.BytesIO(png)) as image:
            assert image.size == (images.SIZE, images.SIZE)
        assert images.clean_badge_image(png)[1] == images.PNG
        assert images.sanitise_svg(demo.PARTICIPATION_SVG.encode()).startswith(b"<svg")
