"""seed_scale builds a consistent data set in bulk, of the sizes asked, and is refused in production."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from courses.models import CoursePage, LessonPage
from lms.accounts.models import Organisation, User
from lms.core.scale_bulk import ModelMissing, model_or_missing
from lms.core.scale_people import SCALE_DOMAIN
from lms.core.scale_seed import ALREADY_SEEDED, REFUSED

pytestmark = pytest.mark.django_db

SMALL = ["--learners", "50", "--courses", "3", "--lessons-per-course", "4", "--records", "500", "--organisations", "2"]


def model_available(label: str) -> bool:
    try:
        model_or_missing(label)
    except ModelMissing:
        return False
    return True


@pytest.fixture
def seeded(site_tree):
    call_command("seed_scale", *SMALL)
    return site_tree


class TestSeedScale:
    def test_creates_the_sizes_asked(self, seeded):
        assert User.objects.filter(email__startswith="apprenant", email__endswith=f"@{SCALE_DOMAIN}").count() == 50
        assert Organisation.objects.filter(slug__startswith="charge-").count() == 2
        assert CoursePage.objects.live().count() == 3
        assert LessonPage.objects.live().count() == 12
        learner = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}", departement__gt="").first()
        assert learner.region  # the région follows the département, as User.save would set it
        assert learner.check_password("Tremplin-charge-2026")

    def test_page_tree_is_consistent(self, seeded):
        assert Page.find_problems() == ([], [], [], [], [])
        for course in CoursePage.objects.all():
            lessons = LessonPage.objects.child_of(course)
            assert course.numchild == lessons.count() == 4
            assert all(lesson.url_path.startswith(course.url_path) for lesson in lessons)

    def test_pages_are_served(self, seeded, client):
        course = CoursePage.objects.order_by("path").first()
        lesson = LessonPage.objects.child_of(course).order_by("path").first()
        assert course.title in client.get(course.url).content.decode()
        assert client.get(lesson.url).status_code in (200, 302)  # lessons may ask to log in
        assert course.title in client.get("/formations/").content.decode()

    def test_a_page_can_still_be_added_by_wagtail(self, seeded):
        course = CoursePage.objects.order_by("path").first()
        added = course.add_child(instance=LessonPage(title="Ajoutée", slug="ajoutee", body="[]"))
        assert added.path > LessonPage.objects.child_of(course).exclude(pk=added.pk).order_by("-path")[0].path
        assert Page.find_problems() == ([], [], [], [], [])

    def test_refuses_a_second_run(self, seeded):
        with pytest.raises(CommandError) as error:
            call_command("seed_scale", *SMALL)
        assert str(error.value) == ALREADY_SEEDED.format(count=50 + 2 * 2 + 18, domain=SCALE_DOMAIN)

    def test_refused_when_demo_data_is_off(self, site_tree, settings):
        settings.TREMPLIN_ALLOW_DEMO_DATA = False
        with pytest.raises(CommandError) as error:
            call_command("seed_scale", *SMALL)
        assert str(error.value) == REFUSED
        assert not User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").exists()

    @pytest.mark.skipif(not model_available("learning.Enrolment"), reason="lms.learning has no Enrolment yet")
    def test_learning_rows(self, seeded):
        from lms.learning.models import CourseCompletion, Enrolment, LessonCompletion

        assert Enrolment.objects.count() >= 50
        assert LessonCompletion.objects.count() > 0
        for completion in CourseCompletion.objects.all()[:20]:
            done = LessonCompletion.objects.filter(user=completion.user, course=completion.course).count()
            assert done == 4

    @pytest.mark.skipif(not model_available("records.Statement"), reason="lms.records has no Statement yet")
    def test_statements_match_what_the_ledger_stores(self, seeded):
        from lms.records.models import Statement

        assert Statement.objects.count() == 500
        statement = Statement.objects.order_by("timestamp").first()
        raw = statement.raw if isinstance(statement.raw, dict) else json.loads(statement.raw)
        assert raw["id"] == str(statement.id)
        assert raw["actor"]["account"]["name"] == statement.actor_account == str(statement.user.xapi_account.name)
        assert raw["verb"]["id"] == statement.verb_iri
        assert raw["object"]["id"] == statement.object_id
        assert raw["version"] == "1.0.3"
