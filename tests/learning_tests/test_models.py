from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.learning.models import Cohort, CourseCompletion, Enrolment, LiveSessionRegistration
from tests.accounts_tests.factories import OrganisationFactory

from .factories import enrol, make_session

pytestmark = pytest.mark.django_db


class TestConstraints:
    def test_one_enrolment_and_one_completion_per_course(self, course, learner):
        enrol(learner, course)
        CourseCompletion.objects.create(user=learner, course=course)
        with pytest.raises(IntegrityError), transaction.atomic():
            Enrolment.objects.create(user=learner, course=course)
        with pytest.raises(IntegrityError), transaction.atomic():
            CourseCompletion.objects.create(user=learner, course=course)

    def test_cohort_ends_after_it_starts(self, course):
        with pytest.raises(IntegrityError), transaction.atomic():
            Cohort.objects.create(
                organisation=course.organisation,
                course=course,
                name="X",
                starts_on=date(2026, 5, 2),
                ends_on=date(2026, 5, 1),
            )

    def test_attended_needs_a_time(self, learner):
        session = make_session(OrganisationFactory())
        with pytest.raises(IntegrityError), transaction.atomic():
            LiveSessionRegistration.objects.create(user=learner, session=session, attended=True)
        LiveSessionRegistration.objects.create(user=learner, session=session, attended=True, attended_at=timezone.now())
        with pytest.raises(IntegrityError), transaction.atomic():
            LiveSessionRegistration.objects.create(user=learner, session=session)

    def test_session_code_and_end(self):
        session = make_session(OrganisationFactory(), duration_minutes=90)
        assert len(session.attendance_code) == 6
        assert (session.ends_at - session.starts_at).total_seconds() == 90 * 60
