import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from lms.frameworks.models import Framework
from lms.learning.errors import COHORT_OTHER_COURSE, COURSE_NOT_AVAILABLE, LearningError
from lms.learning.models import Cohort, Enrolment, EnrolmentSource, LearnerProfile
from lms.learning.services import cohort_create, cohort_update, enrolment_create, learner_profile_update
from lms.records.models import Statement
from tests.courses_tests.factories import make_framework

from .factories import make_cohort, make_course_with_lessons, make_staff

pytestmark = pytest.mark.django_db


class TestEnrolmentCreate:
    def test_enrols_records_and_confirms_by_email(self, course, learner, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = enrolment_create(user=learner, course=course)
        assert enrolment.source == EnrolmentSource.SELF
        statement = Statement.objects.get(user=learner, verb="registered")
        assert statement.object_type == "course" and statement.object_name == "Posture professionnelle"
        assert [message.subject for message in mail.outbox] == ["Votre inscription à « Posture professionnelle »"]
        assert "http://testserver/mon-parcours/" in mail.outbox[0].body
        assert mail.outbox[0].to == ["camille@exemple.fr"]

    def test_is_idempotent(self, course, learner, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            first = enrolment_create(user=learner, course=course)
            second = enrolment_create(user=learner, course=course)
        assert first == second
        assert Enrolment.objects.count() == 1
        assert Statement.objects.filter(verb="registered").count() == 1
        assert len(mail.outbox) == 1

    def test_attaches_an_existing_enrolment_to_a_cohort(self, course, learner):
        enrolment_create(user=learner, course=course)
        cohort = make_cohort(course)
        enrolment = enrolment_create(user=learner, course=course, cohort=cohort, source=EnrolmentSource.COHORT)
        assert enrolment.cohort == cohort
        assert enrolment.source == EnrolmentSource.SELF  # where it came from first

    def test_refuses_unpublished_course(self, course, learner):
        course.unpublish()
        with pytest.raises(LearningError) as refusal:
            enrolment_create(user=learner, course=course)
        assert refusal.value.message == COURSE_NOT_AVAILABLE
        assert not Enrolment.objects.exists()

    def test_refuses_cohort_of_another_course(self, site_tree, course, learner):
        other = make_course_with_lessons(site_tree[1], slug="autre", organisation=course.organisation)
        with pytest.raises(LearningError) as refusal:
            enrolment_create(user=learner, course=course, cohort=make_cohort(other))
        assert refusal.value.message == COHORT_OTHER_COURSE
        assert not Enrolment.objects.exists()


class TestCohortServices:
    def test_create_and_update(self, course):
        trainer = make_staff(course.organisation)
        cohort = cohort_create(
            organisation=course.organisation,
            course=course,
            name="Printemps",
            starts_on="2026-03-01",
            ends_on="2026-04-30",
            trainers=[trainer],
        )
        assert list(cohort.trainers.all()) == [trainer]
        cohort_update(cohort=cohort, name="Printemps 2026", trainers=[])
        cohort.refresh_from_db()
        assert cohort.name == "Printemps 2026" and not cohort.trainers.exists()

    def test_refuses_end_before_start_and_course_of_another_organisation(self, site_tree, course):
        with pytest.raises(ValidationError) as refusal:
            cohort_create(
                organisation=course.organisation, course=course, name="X", starts_on="2026-04-01", ends_on="2026-03-01"
            )
        assert refusal.value.message_dict["ends_on"] == ["La date de fin doit suivre la date de début."]
        other = make_course_with_lessons(site_tree[1], slug="ailleurs")
        with pytest.raises(ValidationError) as refusal:
            cohort_create(
                organisation=course.organisation, course=other, name="X", starts_on="2026-03-01", ends_on="2026-03-02"
            )
        assert refusal.value.message_dict["course"] == ["Choisissez une formation de cet organisme."]
        assert not Cohort.objects.exists()


class TestLearnerProfileUpdate:
    def test_sets_and_clears_a_title(self, learner):
        title = make_framework("MN-2025")["framework"]
        learner_profile_update(user=learner, target_framework=title)
        assert LearnerProfile.objects.get(user=learner).target_framework == title
        learner_profile_update(user=learner, target_framework=None)
        assert LearnerProfile.objects.get(user=learner).target_framework is None

    def test_refuses_a_framework_that_is_not_a_title(self, learner):
        pix = Framework.objects.create(code="COMPETENCES-TEST", title="Compétences numériques", kind="digital_skills")
        with pytest.raises(ValidationError):
            learner_profile_update(user=learner, target_framework=pix)
        assert not LearnerProfile.objects.filter(target_framework=pix).exists()
