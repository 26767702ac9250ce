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
            assert lessons.count() == 4
            assert course.numchild == 5  # the lessons and the course's quiz
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


class TestSeededAssessments:
    def test_every_course_has_a_live_quiz_of_its_organisations_questions(self, seeded):
        from assessments.models import AssessmentPage

        for course in CoursePage.objects.all():
            quiz = AssessmentPage.objects.child_of(course).live().get()
            links = list(quiz.question_links.select_related("question"))
            assert len(links) == 10
            assert {link.question.organisation_id for link in links} == {course.organisation_id}
            assert all(link.question.competencies.exists() for link in links)

    def test_each_completion_has_a_passed_attempt_with_scored_answers(self, seeded):
        from assessments.models import AssessmentPage, Attempt, AttemptStatus
        from lms.learning.models import CourseCompletion

        completions = list(CourseCompletion.objects.all())
        assert completions
        for completion in completions:
            quiz = AssessmentPage.objects.child_of(completion.course).get()
            attempts = list(Attempt.objects.filter(user_id=completion.user_id, assessment=quiz).order_by("number"))
            assert attempts[-1].passed is True
            assert attempts[-1].submitted_at <= completion.completed_at
            assert all(a.passed is False for a in attempts[:-1])
        assert not Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS).exists()
        for attempt in Attempt.objects.prefetch_related("answers__question")[:50]:
            answers = list(attempt.answers.all())
            assert sorted(a.question_id for a in answers) == sorted(attempt.question_ids)
            assert attempt.score == sum(a.points for a in answers) == sum(1 for a in answers if a.correct)
            assert attempt.passed == (attempt.score * 100 / attempt.max_score >= 70)
            for answer in answers:
                assert answer.correct == (answer.response == answer.question.config["answer"])

    def test_a_learner_can_start_a_new_attempt_after_seeding(self, seeded):
        from assessments.models import AssessmentPage, Attempt
        from assessments.services import attempt_start

        quiz = AssessmentPage.objects.order_by("path").first()
        learner = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").exclude(assessment_attempts__assessment=quiz)[
            0
        ]
        attempt = attempt_start(user=learner, assessment=quiz)
        assert attempt.pk > Attempt.objects.exclude(pk=attempt.pk).order_by("-pk")[0].pk
        assert len(attempt.question_ids) == 10


@pytest.mark.skipif(not model_available("badges.Assertion"), reason="lms.badges has no Assertion yet")
class TestSeedScalePortfolioBadges:
    def test_one_issued_assertion_per_completion_of_a_badged_course(self, seeded):
        from lms.badges.models import Assertion, AssertionStatus, BadgeRule, RuleKind
        from lms.learning.models import CourseCompletion

        badged = dict(
            BadgeRule.objects.filter(kind=RuleKind.COURSE_COMPLETED).values_list("course_id", "badge_class_id")
        )
        assert badged
        completions = {
            (user_id, badged[course_id]): completed_at
            for user_id, course_id, completed_at in CourseCompletion.objects.filter(course_id__in=badged).values_list(
                "user_id", "course_id", "completed_at"
            )
        }
        assertions = list(Assertion.objects.select_related("badge_class__organisation", "issuer", "recipient"))
        assert completions
        assert {(a.recipient_id, a.badge_class_id): a.issued_on for a in assertions} == completions
        assert len(assertions) == len(completions)
        for assertion in assertions:
            assert assertion.status == AssertionStatus.ISSUED
            assert assertion.award_key == "auto:1" and assertion.once_only
            assert assertion.issuer.organisation_id == assertion.badge_class.organisation_id
            assert assertion.recipient_email == assertion.recipient.email
            assert len(assertion.salt) >= 16
            assert assertion.credential is None
        assert len({a.uuid for a in assertions}) == len(assertions)

    def test_portfolios_hold_their_learners_completions(self, seeded):
        from lms.learning.models import CourseCompletion
        from lms.portfolio.models import EvidenceCompetency, EvidenceItem, EvidenceSource, Portfolio, PracticeExample

        finishers = set(CourseCompletion.objects.values_list("user_id", flat=True))
        portfolios = list(Portfolio.objects.select_related("framework"))
        assert portfolios
        assert {p.framework.code for p in portfolios} == {"REMN-2019"}
        assert {p.user_id for p in portfolios} <= finishers
        assert len({p.storage_key for p in portfolios}) == len(portfolios)
        completions = {str(c.pk): c for c in CourseCompletion.objects.all()}
        items = list(EvidenceItem.objects.select_related("portfolio"))
        course_items = [item for item in items if item.source_type == EvidenceSource.COURSE_COMPLETION]
        assert course_items
        for item in course_items:
            completion = completions[item.source_id]
            assert completion.user_id == item.portfolio.user_id
            assert item.snapshot["title"] == completion.course.title
            assert item.snapshot["schema"] == 1
        mine = CourseCompletion.objects.filter(user_id__in=[p.user_id for p in portfolios]).count()
        assert len(course_items) == mine
        for link in EvidenceCompetency.objects.select_related("competency__framework", "evidence__portfolio"):
            assert link.competency.framework_id == link.evidence.portfolio.framework_id
        examples = list(PracticeExample.objects.prefetch_related("competencies", "evidence"))
        per_portfolio = {p.pk: 0 for p in portfolios}
        for example in examples:
            per_portfolio[example.portfolio_id] += 1
            assert example.block.framework_id == example.portfolio.framework_id
            assert example.text_length > 0
            assert all(item.portfolio_id == example.portfolio_id for item in example.evidence.all())
            assert all(c.block_id == example.block_id for c in example.competencies.all())
        assert set(per_portfolio.values()) <= {1, 2}

    def test_counts_are_reported(self, site_tree):
        from io import StringIO

        out = StringIO()
        call_command("seed_scale", *SMALL, stdout=out)
        text = out.getvalue()
        assert "badge assertions" in text and "portfolios" in text and "practice examples" in text

    def test_pages_work_on_seeded_data(self, seeded, client):
        from django.utils.html import escape

        from lms.badges.models import Assertion
        from lms.portfolio.models import Portfolio

        holders = set(Assertion.objects.values_list("recipient_id", flat=True))
        portfolio = Portfolio.objects.filter(user_id__in=holders).select_related("user", "framework").first()
        assert portfolio is not None
        client.force_login(portfolio.user)
        response = client.get("/portfolio/")
        assert response.status_code == 200
        assert escape(portfolio.framework.title) in response.content.decode()
        detail = client.get(portfolio.get_absolute_url())
        assert detail.status_code == 200
        item = portfolio.evidence_items.first()
        assert escape(item.title) in detail.content.decode()
        response = client.get("/badges/mes-badges/")
        assert response.status_code == 200
        assertion = Assertion.objects.filter(recipient=portfolio.user).select_related("badge_class").first()
        assert escape(assertion.badge_class.name) in response.content.decode()
