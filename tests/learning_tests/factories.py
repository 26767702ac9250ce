"""Builders for the learning tests: courses with lessons, staff members, cohorts, live sessions."""

from datetime import timedelta

from django.utils import timezone

from lms.accounts.roles import OrganisationRole
from lms.accounts.services import membership_create
from lms.learning.models import Cohort, Enrolment, LiveSession
from tests.accounts_tests.factories import UserFactory
from tests.courses_tests.factories import make_course, make_lesson, make_section


def make_course_with_lessons(catalogue, *, slug: str = "posture", lessons: int = 3, organisation=None, **fields):
    section = make_section(catalogue, organisation)
    course = make_course(section, slug=slug, title=fields.pop("title", "Posture professionnelle"), **fields)
    for number in range(1, lessons + 1):
        make_lesson(course, slug=f"lecon-{number}", title=f"Leçon {number}")
    return course


def make_staff(organisation, role: str = OrganisationRole.TRAINER, **fields):
    user = UserFactory(**fields)
    membership_create(user=user, organisation=organisation, role=role)
    return user


def enrol(user, course, cohort=None) -> Enrolment:
    """Enrol without going through the service (no e-mail, no statement): a precondition, not the subject."""
    return Enrolment.objects.create(user=user, course=course, cohort=cohort)


def make_cohort(course, *, name: str = "Session de printemps", trainers=()) -> Cohort:
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        organisation=course.organisation,
        course=course,
        name=name,
        starts_on=today,
        ends_on=today + timedelta(days=30),
    )
    cohort.trainers.set(trainers)
    return cohort


def make_session(organisation, *, starts_in: timedelta = timedelta(days=2), **fields) -> LiveSession:
    fields.setdefault("title", "Les jeudis de la médiation")
    fields.setdefault("duration_minutes", 60)
    return LiveSession.objects.create(organisation=organisation, starts_at=timezone.now() + starts_in, **fields)
