from datetime import timedelta

import pytest
from django.utils import timezone

from courses.demo import demo_courses_load
from courses.services import organisation_section_ensure
from lms.core.demo import demo_accounts_load, demo_organisations_load
from lms.learning.demo import DEMO_COHORT_NAME, DEMO_SERIES_TITLE, demo_learning_load
from lms.learning.models import Cohort, Enrolment, LiveSession, LiveSessionRegistration
from lms.records.models import Statement

pytestmark = pytest.mark.django_db


class TestDemoLearningLoad:
    def test_is_part_of_load_demo(self):
        from django.core.management import call_command

        call_command("load_demo", verbosity=0)
        assert Cohort.objects.filter(name=DEMO_COHORT_NAME).exists()
        assert LiveSession.objects.filter(series__title=DEMO_SERIES_TITLE).count() == 4

    def test_cohort_and_webinar_series_idempotently(self, site_tree):
        # The prerequisites only (load_demo itself also runs demo_learning_load).
        organisations = demo_organisations_load()
        for organisation in organisations.values():
            organisation_section_ensure(organisation=organisation, catalogue=site_tree[1])
        demo_accounts_load(organisations=organisations)
        demo_courses_load(organisations=organisations)
        report = demo_learning_load()
        assert DEMO_COHORT_NAME in report.created
        cohort = Cohort.objects.get(name=DEMO_COHORT_NAME)
        assert cohort.course.slug == "posture-professionnelle"
        assert list(cohort.trainers.values_list("email", flat=True)) == ["formatrice@tremplin.demo"]
        assert set(Enrolment.objects.filter(cohort=cohort).values_list("user__email", flat=True)) == {
            "apprenant@tremplin.demo",
            "apprenante2@tremplin.demo",
        }
        sessions = list(LiveSession.objects.filter(series__title=DEMO_SERIES_TITLE).order_by("starts_at"))
        now = timezone.now()
        assert len(sessions) == 4
        assert [session.starts_at < now for session in sessions] == [True, True, True, False]
        assert sessions[2].starts_at <= now <= sessions[2].ends_at  # running: the code can be tried
        assert sessions[3].starts_at - now < timedelta(days=8)
        assert {session.trainer.email for session in sessions} == {"formatrice@tremplin.demo"}
        assert LiveSessionRegistration.objects.filter(attended=True).count() == 2
        counts = (
            Cohort.objects.count(),
            Enrolment.objects.count(),
            LiveSession.objects.count(),
            LiveSessionRegistration.objects.count(),
            Statement.objects.count(),
        )
        again = demo_learning_load()
        assert not again.created
        assert (
            Cohort.objects.count(),
            Enrolment.objects.count(),
            LiveSession.objects.count(),
            LiveSessionRegistration.objects.count(),
            Statement.objects.count(),
        ) == counts

    def test_reloading_another_day_keeps_a_session_running_for_the_code(self):
        from django.core.management import call_command

        call_command("load_demo", verbosity=0)
        running = LiveSession.objects.get(title="Aidants Connect : vos questions")
        LiveSession.objects.filter(pk=running.pk).update(starts_at=running.starts_at - timedelta(days=2))
        past = LiveSession.objects.get(title="Arnaques en ligne : repérer et prévenir")
        call_command("load_demo", verbosity=0)
        running.refresh_from_db()
        assert running.starts_at <= timezone.now() <= running.ends_at
        assert LiveSession.objects.get(pk=past.pk).starts_at == past.starts_at

    def test_demo_learners_prepare_remn_2019_and_keep_their_own_choice(self):
        from django.core.management import call_command

        from lms.frameworks.models import Framework
        from lms.learning.models import LearnerProfile

        call_command("load_demo", verbosity=0)
        profiles = LearnerProfile.objects.filter(
            user__email__in=["apprenant@tremplin.demo", "apprenante2@tremplin.demo"]
        )
        assert {p.target_framework.code for p in profiles} == {"REMN-2019"} and profiles.count() == 2
        other = Framework.objects.get(code="MN-2025")
        profiles.filter(user__email="apprenant@tremplin.demo").update(target_framework=other)
        call_command("load_demo", verbosity=0)
        assert LearnerProfile.objects.get(user__email="apprenant@tremplin.demo").target_framework == other
