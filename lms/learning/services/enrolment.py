"""Writes for enrolments, cohorts and the learner's profile."""

from datetime import date
from functools import partial

from django.db import IntegrityError, transaction

from courses.models import CoursePage
from lms.accounts.models import Organisation, User
from lms.frameworks.models import Framework

from .. import xapi
from ..errors import COHORT_OTHER_COURSE, COURSE_NOT_AVAILABLE, LearningError
from ..models import Cohort, Enrolment, EnrolmentSource, LearnerProfile


@transaction.atomic
def enrolment_create(
    *, user: User, course: CoursePage, cohort: Cohort | None = None, source: str = EnrolmentSource.SELF
) -> Enrolment:
    """Enrol ``user`` on ``course`` (in ``cohort`` if given); return the existing enrolment if there is one.

    A new enrolment is recorded in the xAPI ledger and confirmed by e-mail once committed (invited
    accounts get their invitation instead). An existing enrolment outside any cohort is attached
    to ``cohort``; one in another cohort is left as it is.
    """
    if not course.live:
        raise LearningError(COURSE_NOT_AVAILABLE)
    if cohort is not None and cohort.course_id != course.pk:
        raise LearningError(COHORT_OTHER_COURSE)
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                user=user, course=course, defaults={"cohort": cohort, "source": source}
            )
    except IntegrityError:
        # Another request enrolled the same person a moment ago.
        enrolment, created = Enrolment.objects.get(user=user, course=course), False
    if not created:
        if cohort is not None and enrolment.cohort_id is None:
            enrolment.cohort = cohort
            enrolment.save(update_fields=["cohort"])
        return enrolment
    xapi.course_registered(user=user, course=course, occurred_at=enrolment.enrolled_at)
    if not user.is_invited:
        from ..tasks import send_enrolment_confirmation

        transaction.on_commit(partial(send_enrolment_confirmation.delay, enrolment.pk))
    if not user.is_invited:
        # Attendance or assessments done before enrolling may already complete the course (an invited
        # account has never logged in, so it has done nothing yet).
        from .completion import course_completion_evaluate

        course_completion_evaluate(user_id=user.pk, course_id=course.pk)
    return enrolment


@transaction.atomic
def cohort_create(
    *,
    organisation: Organisation,
    course: CoursePage,
    name: str,
    starts_on: date,
    ends_on: date,
    trainers: list[User] | tuple = (),
) -> Cohort:
    """Create a session de formation of ``organisation`` on one of its courses."""
    cohort = Cohort(organisation=organisation, course=course, name=name, starts_on=starts_on, ends_on=ends_on)
    cohort.full_clean()
    cohort.save()
    cohort.trainers.set(trainers)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, trainers: list[User] | None = None, **fields) -> Cohort:
    """Change the name, dates or trainers of ``cohort`` (its organisation and course stay)."""
    allowed = {"name", "starts_on", "ends_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable cohort fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(cohort, name, value)
    cohort.full_clean()
    cohort.save()
    if trainers is not None:
        cohort.trainers.set(trainers)
    return cohort


@transaction.atomic
def learner_profile_update(*, user: User, target_framework: Framework | None) -> LearnerProfile:
    """Set the titre professionnel ``user`` aims for (``None`` to clear it)."""
    profile, _created = LearnerProfile.objects.select_for_update().get_or_create(user=user)
    profile.target_framework = target_framework
    profile.full_clean()
    profile.save()
    return profile
